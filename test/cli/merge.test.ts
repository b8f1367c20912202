import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRuns, MergeError, type ShardResults } from '../../src/report';
import type { CaseResult, RunResult } from '../../src/conformance/results';

const c = (id: string): CaseResult => ({
  id,
  title: id,
  interface: 'Registration',
  verdict: 'PASS',
  durationMs: 1,
  tags: [],
  steps: [],
  trace: [],
});

function shard(index: number, count: number, ids: string[], edit: (r: RunResult) => void = () => undefined): ShardResults {
  const run: RunResult = {
    tool: { name: 'lwm2m-conformance', version: '0.1.0' },
    startedAt: `2026-12-01T10:00:0${index}.000Z`,
    finishedAt: `2026-12-01T10:01:0${index}.000Z`,
    interrupted: false,
    dut: { name: 'd', role: 'client', lwm2mVersion: '1.1', launch: 'x', ics: [] },
    profile: { sha256: 'aa', text: 'name: d' },
    timing: 'fast',
    timers: { lifetime: 30 },
    shard: { index, count },
    cases: ids.map(c),
  };
  edit(run);
  return { file: `s${index}/results.json`, run };
}

test('shards merge into one run: every case once, in the given order, the run spanning all shards', () => {
  const order = (cases: CaseResult[]) => [...cases].sort((a, b) => a.id.localeCompare(b.id));
  const m = mergeRuns([shard(2, 2, ['b', 'd']), shard(1, 2, ['a', 'c'], (r) => (r.interrupted = true))], order);
  assert.deepEqual(
    m.cases.map((x) => x.id),
    ['a', 'b', 'c', 'd'],
  );
  assert.equal(m.startedAt, '2026-12-01T10:00:01.000Z');
  assert.equal(m.finishedAt, '2026-12-01T10:01:02.000Z');
  assert.equal(m.interrupted, true);
  assert.equal(m.shard, undefined);
  assert.equal(m.profile?.sha256, 'aa');
  assert.equal(m.timing, 'fast');
});

test('results of different harness versions, profiles or tag expressions are refused, naming the files', () => {
  const refuse = (inputs: ShardResults[], re: RegExp) =>
    assert.throws(
      () => mergeRuns(inputs),
      (e: Error) => e instanceof MergeError && re.test(e.message),
    );
  refuse(
    [shard(1, 2, ['a']), shard(2, 2, ['b'], (r) => (r.tool.version = '0.2.0'))],
    /different harness versions: s1\/results.json has lwm2m-conformance 0.1.0, s2\/results.json has lwm2m-conformance 0.2.0/,
  );
  refuse([shard(1, 2, ['a']), shard(2, 2, ['b'], (r) => (r.profile = { sha256: 'bb', text: '' }))], /different DUT profiles/);
  refuse([shard(1, 2, ['a']), shard(2, 2, ['b'], (r) => delete r.profile)], /no DUT profile fingerprint/);
  refuse([shard(1, 2, ['a']), shard(2, 2, ['b'], (r) => (r.tagExpression = '@registration'))], /different tag expressions/);
  refuse([shard(1, 2, ['a']), shard(2, 2, ['b'], (r) => (r.timing = 'ets'))], /different timing modes/);
  refuse([shard(1, 2, ['a']), shard(2, 3, ['b'])], /different shard counts/);
});

test('a missing shard, a shard given twice, or overlapping shards are refused', () => {
  assert.throws(() => mergeRuns([shard(1, 3, ['a']), shard(3, 3, ['c'])]), /shard 2\/3 missing/);
  assert.throws(() => mergeRuns([shard(1, 2, ['a']), shard(1, 2, ['b']), shard(2, 2, ['c'])]), /shard 1\/2 is given twice/);
  assert.throws(() => mergeRuns([shard(1, 2, ['a']), shard(2, 2, ['a'])]), /a is in s1\/results.json and in s2\/results.json/);
  assert.throws(() => mergeRuns([]), /no results/);
});
