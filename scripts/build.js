#!/usr/bin/env node
// Compiles src/ and steps/ to dist/ (npm's `prepare` runs it on `npm ci`), so that the CLI and
// the reference peers start from JavaScript. dist/ is rebuilt from nothing, so a deleted source
// leaves no stale module behind; dist/.built marks a finished build (bin/ compares its time).
'use strict';
const { spawnSync } = require('node:child_process');
const dgram = require('node:dgram');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
// Type errors are npm test's business; the emitted JavaScript is still usable (noEmitOnError is off).
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (!fs.existsSync(path.join(dist, 'src', 'cli', 'main.js'))) {
  console.error('build: tsc wrote no dist/src/cli/main.js; the CLI will run from TypeScript (tsx)');
  process.exit(r.status || 1);
}
// The bundled object definitions, parsed once here rather than by every process at start.
const { loadDdfDirectory } = require(path.join(dist, 'src', 'lwm2m', 'ddf.js'));
const { BUNDLED_OBJECTS_DIR, BUNDLED_SNAPSHOT } = require(path.join(dist, 'src', 'lwm2m', 'model.js'));
const { writeDefinitionsSnapshot } = require(path.join(dist, 'src', 'lwm2m', 'definitions-snapshot.js'));
writeDefinitionsSnapshot(BUNDLED_SNAPSHOT, loadDdfDirectory(BUNDLED_OBJECTS_DIR));
// The profile's JSON Schema compiled to a validator module, so that a run need not load ajv.
const { PRECOMPILED_VALIDATOR, precompiledValidatorSource } = require(path.join(dist, 'src', 'conformance', 'profile-schema.js'));
const { SCHEMA_VOCABULARY } = require(path.join(dist, 'src', 'conformance', 'dut-profile.js'));
fs.writeFileSync(PRECOMPILED_VALIDATOR, precompiledValidatorSource(SCHEMA_VOCABULARY));
// The reference client, launched once per test case, starts from one bundled file: resolving and
// reading its ~100 modules one by one cost about half of its start. Packages stay outside the bundle
// (loaded from node_modules when needed), and lazily required modules stay lazy. Without the bundle
// the bin runs the reference client from dist/src like any other command.
function bundleReferenceClient() {
  const bundle = path.join(dist, 'reference-client.js');
  require('esbuild').buildSync({
    entryPoints: [path.join(dist, 'src', 'cli', 'reference-client-main.js')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  // Its V8 code cache (bin/code-cache.js), taken when the client sends its first Register, so
  // that it holds the functions of the start too: the client runs here once, at a socket of ours.
  const { loadCached } = require(path.join(root, 'bin', 'code-cache.js'));
  const { exports: client, writeCache } = loadCached(bundle, { ignoreCache: true });
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the client sent no Register within 10 s')), 10000);
    socket.once('message', () => {
      clearTimeout(timer);
      writeCache();
      resolve();
    });
    socket.bind(0, '127.0.0.1', () => {
      const server = `coap://127.0.0.1:${socket.address().port}`;
      client.referenceClientMain(['--server', server, '--endpoint', 'build']).catch(reject);
    });
  });
}

bundleReferenceClient()
  .catch((e) => console.error(`build: reference-client bundle or its cache missing (${e.message}); it starts more slowly`))
  .finally(() => {
    fs.writeFileSync(path.join(dist, '.built'), `${new Date().toISOString()}\n`);
    process.exit(0); // the reference client started above is still running
  });
