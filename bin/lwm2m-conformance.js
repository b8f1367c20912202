#!/usr/bin/env node
'use strict';
// Runs the compiled CLI from dist/ (built by `npm ci` through the prepare script) when it is at
// least as new as every source; otherwise the TypeScript sources through tsx, so that a checkout
// being edited never runs stale code. LWM2M_CONFORMANCE_TSX=1 forces the sources.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

function newestSourceMtime() {
  let newest = 0;
  for (const dir of ['src', 'steps']) {
    const base = path.join(root, dir);
    // Directories count too: adding or deleting a file changes its folder's time.
    for (const rel of ['.', ...fs.readdirSync(base, { recursive: true })]) {
      const t = fs.statSync(path.join(base, rel)).mtimeMs;
      if (t > newest) newest = t;
    }
  }
  for (const f of ['tsconfig.json', 'tsconfig.build.json']) newest = Math.max(newest, fs.statSync(path.join(root, f)).mtimeMs);
  return newest;
}

function compiledIsFresh() {
  if (process.env.LWM2M_CONFORMANCE_TSX === '1') return false;
  const stamp = fs.statSync(path.join(root, 'dist', '.built'), { throwIfNoEntry: false });
  return stamp !== undefined && stamp.mtimeMs >= newestSourceMtime();
}

let main;
if (compiledIsFresh()) {
  main = require('../dist/src/cli/main.js').main;
} else {
  require('tsx/cjs');
  main = require('../src/cli/main.ts').main;
}
main(process.argv.slice(2)).then((code) => {
  if (typeof code === 'number') process.exitCode = code;
});
