/** Parallel cases and shards change nothing in the report: same cases, order, verdicts and criteria. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunResult } from '../../src/conformance/results';
import { ROOT, runHarness } from './harness';

const BIN = path.join(ROOT, 'bin', 'lwm2m-conformance.js');

/** What must not depend on how the run was spread: which cases, in which order, judged how. */
const judged = (run: RunResult | undefined) =>
  run!.cases.map((c) => ({
    id: c.id,
    verdict: c.verdict,
    criterion: c.diagnosis?.criterion,
    reason: c.reason,
    steps: c.steps.map((s) => `${s.status} ${s.text}`),
  }));

// A sample across every client interface, with the cases that lean most on protocol timers
// (lifetimes, pmin/pmax, Send, firmware): the whole suite three times over would cost CI minutes
// and prove no more about isolation between cases.
const SAMPLE = [0, 4, 101, 102, 104, 105, 201, 203, 215, 222, 235, 260, 301, 302, 304, 306, 401, 680, 701, 751, 770]
  .map((n) => `@LightweightM2M-1.1-int-${n}`)
  .join(' or ');
const sample = ['--tags', `(${SAMPLE}) and @dut-client`];

test('a sample of the suite with --workers 1 and --workers 4: identical verdicts and criteria, in the same order', async () => {
  const [one, four] = await Promise.all([runHarness(['--workers', '1', '--quiet', ...sample]), runHarness(['--workers', '4', ...sample])]);
  assert.equal(one.exitCode, 0, one.stderr);
  assert.equal(four.exitCode, 0, four.stderr);
  assert.match(four.stdout, /, 4 at once/);
  assert.ok(one.run!.cases.filter((c) => c.verdict === 'PASS').length >= 15, 'enough cases judged to mean something');
  assert.deepEqual(judged(four.run), judged(one.run));
  // Every case ran with its own Test Server: no two cases share a port.
  const ports = four.run!.cases.flatMap((c) => c.trace.filter((e) => /Test Server listening on/.test(e.summary)).map((e) => e.summary));
  assert.ok(ports.length >= 5, `Test Server notes found: ${ports.length}`);
  assert.equal(new Set(ports).size, ports.length);

  // The same suite in three shards, merged: the single run's report.
  const shards = await Promise.all([1, 2, 3].map((i) => runHarness(['--shard', `${i}/3`, '--quiet', ...sample])));
  for (const s of shards) assert.equal(s.exitCode, 0, s.stderr);
  const sizes = shards.map((s) => s.run!.cases.length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 2, `shares are even: ${sizes}`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'merged-'));
  const merge = spawnSync(process.execPath, [BIN, 'report', 'merge', ...shards.map((s) => s.reportDir), '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(merge.status, 0, merge.stderr + merge.stdout);
  const merged = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResult;
  assert.deepEqual(judged(merged), judged(one.run));
  assert.match(fs.readFileSync(path.join(out, 'junit.xml'), 'utf8'), /<testcase [^>]*name="LightweightM2M-1\.1-int-101/);
  assert.ok(fs.statSync(path.join(out, 'report.html')).size > 1000);

  // Shards of another DUT profile are refused.
  const other = await runHarness([
    '--dut',
    path.join(ROOT, 'fixtures/duts/reference-client-1.0.yaml'),
    '--shard',
    '3/3',
    '--quiet',
    ...sample,
  ]);
  const refused = spawnSync(process.execPath, [BIN, 'report', 'merge', shards[0].reportDir, shards[1].reportDir, other.reportDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /cannot merge results of different DUT profiles/);
});
