'use strict';
// Runs a CommonJS file with V8's code cache (FILE.cache, written by scripts/build.js), sparing
// the compile of the reference client's bundle at every launch: Node 20 has no compile cache of
// its own (module.enableCompileCache is 22.1+). V8 rejects a cache of another Node version or
// other V8 flags, and this skips one older than its file: either only costs the compile.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, wrap } = require('node:module');

function readCache(file) {
  const cache = fs.statSync(`${file}.cache`, { throwIfNoEntry: false });
  if (!cache || cache.mtimeMs < fs.statSync(file).mtimeMs) return undefined;
  return fs.readFileSync(`${file}.cache`);
}

/** require(file) through the code cache; with writeCache, (re)writes the cache after running it. */
function requireCached(file, { writeCache = false } = {}) {
  const script = new vm.Script(wrap(fs.readFileSync(file, 'utf8')), {
    filename: file,
    cachedData: writeCache ? undefined : readCache(file),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = { id: file, filename: file, exports: {}, loaded: false };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  // After running, the cache holds the functions that ran too, not only the top level.
  if (writeCache) fs.writeFileSync(`${file}.cache`, script.createCachedData());
  return mod.exports;
}

module.exports = { requireCached };
