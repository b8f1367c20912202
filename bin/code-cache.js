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

/**
 * Runs file as require() would, through its code cache (none with ignoreCache). writeCache()
 * (re)writes the cache: it holds every function compiled until then, so the later the better.
 */
function loadCached(file, { ignoreCache = false } = {}) {
  const script = new vm.Script(wrap(fs.readFileSync(file, 'utf8')), {
    filename: file,
    cachedData: ignoreCache ? undefined : readCache(file),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = { id: file, filename: file, exports: {}, loaded: false };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return { exports: mod.exports, writeCache: () => fs.writeFileSync(`${file}.cache`, script.createCachedData()) };
}

module.exports = { loadCached };
