'use strict';
// Whether dist/ (built by `npm ci` through the prepare script) may run: it exists and is at least
// as new as every source; otherwise the TypeScript sources run through tsx, so that a checkout
// being edited never runs stale code. LWM2M_CONFORMANCE_TSX=1 forces the sources.
const fs = require('node:fs');
const path = require('node:path');

function newestSourceMtime(root) {
  let newest = 0;
  for (const dir of ['src', 'steps']) {
    const base = path.join(root, dir);
    // Directories count too: adding or deleting a file changes its folder's time.
    for (const rel of ['.', ...fs.readdirSync(base, { recursive: true })]) {
      const t = fs.statSync(path.join(base, rel)).mtimeMs;
      if (t > newest) newest = t;
    }
  }
  for (const f of ['tsconfig.json', 'tsconfig.build.json']) {
    const s = fs.statSync(path.join(root, f), { throwIfNoEntry: false });
    if (s && s.mtimeMs > newest) newest = s.mtimeMs;
  }
  return newest;
}

function compiledIsFresh(root, env = process.env) {
  if (env.LWM2M_CONFORMANCE_TSX === '1') return false;
  const stamp = fs.statSync(path.join(root, 'dist', '.built'), { throwIfNoEntry: false });
  return stamp !== undefined && stamp.mtimeMs >= newestSourceMtime(root);
}

module.exports = { compiledIsFresh };
