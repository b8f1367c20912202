#!/usr/bin/env node
'use strict';
// Runs the compiled CLI from dist/ while it is fresh (see compiled.js), else the TypeScript sources.
const fs = require('node:fs');
const path = require('node:path');
const { compiledIsFresh } = require('./compiled');

const root = path.join(__dirname, '..');
const argv = process.argv.slice(2);
const bundle = path.join(root, 'dist', 'reference-client.js');
let main;
if (!compiledIsFresh(root)) {
  require('tsx/cjs');
  main = require('../src/cli/main.ts').main;
} else if (argv[0] === 'reference-client' && fs.existsSync(bundle)) {
  // Launched once per test case: its own bundle starts in about half the time (scripts/build.js).
  const { referenceClientMain } = require('./code-cache').loadCached(bundle).exports;
  main = (args) => referenceClientMain(args.slice(1));
} else {
  main = require('../dist/src/cli/main.js').main;
}
main(argv).then((code) => {
  if (typeof code === 'number') process.exitCode = code;
});
