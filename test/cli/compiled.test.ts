/** The compiled form (dist/, built by `npm ci`) finds the project's files and is used only while fresh. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { wrap } from 'node:module';
import * as vm from 'node:vm';

const ROOT = path.join(__dirname, '..', '..');
const { compiledIsFresh } = require('../../bin/compiled.js') as { compiledIsFresh: (root: string, env: NodeJS.ProcessEnv) => boolean };

test('no module under src/ or steps/ finds project files relative to its own folder (dist/ would break it)', () => {
  const offenders: string[] = [];
  for (const dir of ['src', 'steps'])
    for (const rel of fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]) {
      if (!rel.endsWith('.ts') || rel === path.join('util', 'package-root.ts')) continue;
      const text = fs.readFileSync(path.join(ROOT, dir, rel), 'utf8');
      if (/__dirname/.test(text.replace(/\/\/.*$/gm, ''))) offenders.push(`${dir}/${rel}`);
    }
  assert.deepEqual(offenders, [], 'use PACKAGE_ROOT from src/util/package-root.ts');
});

test('the bin runs the compiled CLI only while dist/ is newer than every source', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-'));
  for (const d of ['src/cli', 'steps', 'dist']) fs.mkdirSync(path.join(root, d), { recursive: true });
  fs.writeFileSync(path.join(root, 'src/cli/main.ts'), '');
  fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}');
  const at = (file: string, s: number) => fs.utimesSync(path.join(root, file), s, s);
  for (const f of ['src', 'src/cli', 'src/cli/main.ts', 'steps', 'tsconfig.json']) at(f, 1000);
  assert.equal(compiledIsFresh(root, {}), false, 'no build yet');
  fs.writeFileSync(path.join(root, 'dist/.built'), '');
  at('dist/.built', 2000);
  assert.equal(compiledIsFresh(root, {}), true);
  assert.equal(compiledIsFresh(root, { LWM2M_CONFORMANCE_TSX: '1' }), false, 'forced to the sources');
  at('src/cli/main.ts', 3000);
  assert.equal(compiledIsFresh(root, {}), false, 'an edited source');
  at('src/cli/main.ts', 1000);
  fs.writeFileSync(path.join(root, 'steps/new.steps.ts'), '');
  at('steps/new.steps.ts', 1000);
  assert.equal(compiledIsFresh(root, {}), false, 'a new file changes its folder');
});

const { loadCached } = require('../../bin/code-cache.js') as {
  loadCached: (file: string, opts?: { ignoreCache?: boolean }) => { exports: Record<string, unknown>; writeCache: () => void };
};

test('a module runs the same through the code cache, with a fresh cache, none, or one V8 rejects', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
  const file = path.join(dir, 'm.js');
  fs.writeFileSync(file, "exports.answer = () => 6 * 7; exports.dir = __dirname; exports.path = require('node:path').sep;");
  const check = (what: string, m: Record<string, unknown>) => {
    assert.equal((m.answer as () => number)(), 42, what);
    assert.equal(m.dir, dir, what);
    assert.equal(m.path, path.sep, what);
  };
  const first = loadCached(file);
  check('no cache yet', first.exports);
  first.writeCache();
  assert.ok(fs.statSync(`${file}.cache`).size > 0, 'a cache written');
  check('with the cache', loadCached(file).exports);
  check('ignoring the cache', loadCached(file, { ignoreCache: true }).exports);
  fs.writeFileSync(`${file}.cache`, 'not a V8 code cache');
  check('a cache V8 rejects', loadCached(file).exports);
});

test(
  'a fresh build has the bundle the reference client starts from, and it answers as the sources do',
  { skip: !compiledIsFresh(ROOT, process.env) && 'dist/ is not fresh' },
  () => {
    const bundle = path.join(ROOT, 'dist', 'reference-client.js');
    const script = new vm.Script(wrap(fs.readFileSync(bundle, 'utf8')), {
      filename: bundle,
      cachedData: fs.readFileSync(`${bundle}.cache`),
    });
    assert.equal(script.cachedDataRejected, false, 'V8 takes the code cache the build wrote');
    const bin = path.join(ROOT, 'bin', 'lwm2m-conformance.js');
    const args = [bin, 'reference-client', '--server', 'coap://127.0.0.1:1', '--endpoint', 'x', '--lifetime', '0'];
    const compiled = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const sources = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, LWM2M_CONFORMANCE_TSX: '1' } });
    assert.equal(compiled.status, 2, compiled.stderr);
    assert.match(compiled.stderr, /--lifetime: expected a positive integer/);
    assert.deepEqual([compiled.status, compiled.stdout, compiled.stderr], [sources.status, sources.stdout, sources.stderr]);
  },
);
