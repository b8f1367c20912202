import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, runHarness } from './harness';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin/lwm2m-conformance.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

test('list prints the catalogue, and with --dut says what applies and why not', () => {
  const plain = cli('list');
  assert.equal(plain.status, 0);
  assert.match(plain.stdout, /LightweightM2M-1\.1-int-101\s+Initial Registration/);
  const forOld = cli('list', '--dut', 'fixtures/duts/reference-client-1.0.yaml');
  assert.match(forOld.stdout, /LightweightM2M-1\.0-int-101 .* applicable/);
  assert.match(forOld.stdout, /LightweightM2M-1\.1-int-105 .* N\/A: Introduced in LwM2M 1\.1/);
});

test('bad usage is exit code 2 with a message', () => {
  const r = cli('frobnicate');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command "frobnicate"/);
  const badTags = cli('run', '--tags', '@a and (');
  assert.equal(badTags.status, 2);
  assert.match(badTags.stderr, /--tags/);
});

test('report writes report.html and junit.xml again from a results.json', async () => {
  const run = await runHarness(['--tags', '@LightweightM2M-1.1-int-101', '--quiet']);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'regen-'));
  const r = cli('report', path.join(run.reportDir, 'latest', 'results.json'), '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(html, /LightweightM2M-1\.1-int-101/);
  assert.match(fs.readFileSync(path.join(out, 'junit.xml'), 'utf8'), /<testcase [^>]*name="LightweightM2M-1\.1-int-101/);
});

test('the reference client refuses bad flags with exit code 2', () => {
  const r = cli('reference-client', '--server', 'coaps://127.0.0.1:5684', '--endpoint', 'x');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /coaps:\/\/ server needs credentials/);
  const f = cli('reference-client', '--server', 'coap://127.0.0.1:5683', '--endpoint', 'x', '--fault', 'nope');
  assert.equal(f.status, 2);
  assert.match(f.stderr, /unknown fault nope/);
});
