import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize, type RunResult } from '../../src/conformance/results';
import { resultsDocument, resultsJson, toJsonSafe } from '../../src/report/json';
import { HOSTILE_NAME, sampleRun } from './sample-run';

test('results.json holds the DUT, every case with id/title/verdict/reason/durationMs, and the summary', () => {
  const run = sampleRun();
  const doc = JSON.parse(resultsJson(run));
  assert.equal(doc.format, 'lwm2m-conformance/results');
  assert.equal(doc.dut.name, HOSTILE_NAME);
  assert.deepEqual(doc.dut.ics, run.dut.ics);
  assert.equal(doc.cases.length, run.cases.length);
  for (const [i, c] of run.cases.entries()) {
    const out = doc.cases[i];
    assert.equal(out.id, c.id);
    assert.equal(out.title, c.title);
    assert.equal(out.verdict, c.verdict);
    assert.equal(out.reason, c.reason ?? null);
    assert.equal(out.durationMs, c.durationMs);
    assert.equal(out.unfinished, c.unfinished === true);
    assert.equal(out.steps.length, c.steps.length);
    assert.equal(out.trace.length, c.trace.length);
  }
  const fail = doc.cases.find((c: { verdict: string }) => c.verdict === 'FAIL');
  assert.deepEqual(fail.diagnosis, run.cases.find((c) => c.verdict === 'FAIL')!.diagnosis);
  assert.deepEqual(doc.summary, { total: 6, ...summarize(run.cases), unfinished: 1 });
  assert.deepEqual(
    doc.byInterface.map((r: { interface: string; total: number }) => [r.interface, r.total]),
    [
      ['Bootstrap', 1],
      ['Registration', 4],
      ['Device Management & Service Enablement', 1],
    ],
  );
  assert.equal(doc.durationMs, 6480);
  assert.equal(doc.interrupted, true);
  assert.deepEqual(doc.timers, run.timers);
});

test('keys come in a fixed order, and fields added to the model later are kept after them', () => {
  const run = sampleRun();
  (run.cases[0] as unknown as Record<string, unknown>).zExtra = 1;
  (run.cases[0] as unknown as Record<string, unknown>).aExtra = 2;
  const doc = resultsDocument(run);
  assert.deepEqual(Object.keys(doc), [
    'format',
    'formatVersion',
    'tool',
    'startedAt',
    'finishedAt',
    'durationMs',
    'interrupted',
    'tagExpression',
    'dut',
    'timers',
    'summary',
    'standing',
    'byInterface',
    'cases',
  ]);
  const first = (doc.cases as Record<string, unknown>[])[0];
  assert.deepEqual(Object.keys(first), [
    'id',
    'title',
    'interface',
    'verdict',
    'reason',
    'durationMs',
    'unfinished',
    'featureFile',
    'tags',
    'criteria',
    'steps',
    'trace',
    'aExtra',
    'zExtra',
  ]);
  // Same run, same bytes: reports of two runs diff cleanly.
  assert.equal(resultsJson(sampleRun()), resultsJson(sampleRun()));
});

test('bigint, bytes, Maps and other non-JSON values in declared values and trace details survive', () => {
  const run = sampleRun();
  const doc = JSON.parse(resultsJson(run));
  assert.equal(doc.dut.declared.serial, '345000123');
  const failTrace = doc.cases.find((c: { verdict: string }) => c.verdict === 'FAIL').trace;
  assert.equal(failTrace.find((e: { detail?: { extra?: string } }) => e.detail?.extra).detail.extra, '12345678901234567890');
});

test('toJsonSafe turns any value into plain JSON data', () => {
  const circular: Record<string, unknown> = { name: 'loop' };
  circular.self = circular;
  const shared = { x: 1 };
  const value = {
    big: 2n ** 64n,
    bytes: Buffer.from([0xde, 0xad]),
    u8: new Uint8Array([1, 2, 3]).subarray(1),
    intKeys: new Map<number, unknown>([
      [0, 'a'],
      [5, 7n],
    ]),
    objKeys: new Map<unknown, unknown>([[{ k: 1 }, 'v']]),
    set: new Set(['a', 'b']),
    date: new Date('2026-11-27T14:05:03Z'),
    nan: NaN,
    inf: -Infinity,
    gone: undefined,
    fn: () => 1,
    err: new TypeError('boom'),
    circular,
    sharedTwice: [shared, shared],
    sparse: [undefined, 1],
  };
  assert.deepEqual(toJsonSafe(value), {
    big: '18446744073709551616',
    bytes: 'dead',
    u8: '0203',
    intKeys: { '0': 'a', '5': '7' },
    objKeys: [[{ k: 1 }, 'v']],
    set: ['a', 'b'],
    date: '2026-11-27T14:05:03.000Z',
    nan: 'NaN',
    inf: '-Infinity',
    err: { name: 'TypeError', message: 'boom' },
    circular: { name: 'loop', self: '[circular]' },
    sharedTwice: [{ x: 1 }, { x: 1 }],
    sparse: [null, 1],
  });
  assert.equal(toJsonSafe(undefined), null);
  const protoKey = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}');
  assert.equal(JSON.stringify(toJsonSafe(protoKey)), '{"__proto__":{"polluted":true},"ok":1}');
  assert.equal(JSON.stringify(toJsonSafe(new Map([['__proto__', 1]]))), '{"__proto__":1}');
  let deep: unknown = 'bottom';
  for (let i = 0; i < 100; i++) deep = [deep];
  assert.match(JSON.stringify(toJsonSafe(deep)), /\[too deep\]/);
});

test('a run without cases or optional fields still gives a complete document', () => {
  const run: RunResult = { ...sampleRun({ cases: [], interrupted: false }), tagExpression: undefined, finishedAt: 'not a date' };
  const doc = JSON.parse(resultsJson(run));
  assert.deepEqual(doc.cases, []);
  assert.equal(doc.durationMs, null);
  assert.equal('tagExpression' in doc, false);
  assert.equal(doc.summary.total, 0);
});
