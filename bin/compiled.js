'use strict';
// Whether dist/ (built by `npm ci` through the prepare script) may run: it exists and is at least
// as new as every source; otherwise the TypeScript sources run through tsx, so that a checkout
// being edited never runs stale code. LWM2M_CONFORMANCE_TSX=1 forces the sources.
const fs = require('node:fs');
const path = require('node:path');

function newestSourceMtime(root) {
  let newest = 0;
  // Every launch pays for this walk, so it is hand-written: readdirSync's recursive option and
  // path.join cost it twice as much. Directories count too: adding or deleting a file changes its folder's time.
  const walk = (dir) => {
    newest = Math.max(newest, fs.statSync(dir).mtimeMs);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(file);
      else newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  };
  for (const dir of ['src', 'steps']) walk(`${root}/${dir}`);
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
