import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trace } from '../../src/trace/trace';

test('trace slices from a mark and notifies subscribers', () => {
  const trace = new Trace();
  trace.note('harness', 'before');
  const m = trace.mark();
  const seen: string[] = [];
  const off = trace.subscribe((e) => seen.push(e.summary));
  trace.note('harness', 'after');
  off();
  trace.note('harness', 'unseen');
  assert.deepEqual(
    trace.since(m).map((e) => e.summary),
    ['after', 'unseen'],
  );
  assert.deepEqual(seen, ['after']);
});

const datagram = (trace: Trace, i: number, direction: 'in' | 'out' = 'in') =>
  trace.record({ t: 1000 + i, layer: 'coap', direction, hex: '40010001', summary: `datagram ${i}` });

test('a trace under its caps keeps every entry, in order', () => {
  const trace = new Trace();
  for (let i = 0; i < 200; i++) datagram(trace, i);
  trace.note('harness', 'end');
  assert.equal(trace.entries.length, 201);
  assert.deepEqual(trace.dropped(), []);
});

test('a flood of datagrams keeps the first and the last, and one summary counts the rest where they were', () => {
  const trace = new Trace({ datagrams: { first: 10, firstBytes: 1e6, last: 5, matched: 0 } });
  for (let i = 0; i < 100_000; i++) {
    datagram(trace, i, i % 4 === 0 ? 'out' : 'in');
    if (i === 50_000) trace.note('harness', 'a note in the middle of the flood');
  }
  const e = trace.entries;
  assert.equal(e.length, 10 + 1 + 1 + 5);
  assert.deepEqual(
    e.slice(0, 10).map((x) => x.summary),
    Array.from({ length: 10 }, (_, i) => `datagram ${i}`),
  );
  assert.match(
    e[10].summary,
    /^flood: 99985 coap datagrams \(74989 in, 24996 out; 390\.6 KB; .* to .*\) not stored; kept: the first 10 and the last 5$/,
  );
  assert.equal(e[10].t, 1010, 'the summary sits where the first datagram not stored was');
  assert.equal(e[11].summary, 'a note in the middle of the flood');
  assert.deepEqual(
    e.slice(12).map((x) => x.summary),
    ['datagram 99995', 'datagram 99996', 'datagram 99997', 'datagram 99998', 'datagram 99999'],
  );
  assert.deepEqual(trace.dropped(), [
    { bucket: 'datagrams:coap', count: 99985, bytes: 99985 * 4, firstAt: 1010, lastAt: 1000 + 99994, in: 74989, out: 24996 },
  ]);
});

test('each layer has its own datagram bucket: a DTLS flood does not push CoAP messages out', () => {
  const trace = new Trace({ datagrams: { first: 3, firstBytes: 1e6, last: 1, matched: 0 } });
  datagram(trace, 0);
  for (let i = 0; i < 1000; i++) trace.record({ layer: 'dtls', direction: 'in', hex: 'ff', summary: 'garbage' });
  datagram(trace, 1);
  assert.deepEqual(
    trace.entries.filter((x) => x.layer === 'coap').map((x) => x.summary),
    ['datagram 0', 'datagram 1'],
  );
});

test('output lines marked keep survive past the first lines, up to their own cap', () => {
  const trace = new Trace({ output: { first: 2, firstBytes: 1e6, last: 2, matched: 3 } });
  for (let i = 0; i < 1000; i++) {
    const line = i % 100 === 7 ? `ERROR ${i}` : `spin ${i}`;
    trace.record(
      { layer: 'dut', direction: 'note', summary: line, detail: { line } },
      { bucket: 'output', keep: line.startsWith('ERROR') },
    );
  }
  assert.deepEqual(
    trace.entries.map((x) => x.summary.replace(/\(.*\)/, '(…)')),
    [
      'spin 0',
      'spin 1',
      "993 lines of DUT output (…) not stored; kept: the first 2, 3 matching the profile's launch.output.keep and the last 2",
      'ERROR 7',
      'ERROR 107',
      'ERROR 207',
      'spin 998',
      'spin 999',
    ],
  );
});

test('the first entries stop at their byte budget, and an oversized datagram keeps only its first bytes', () => {
  const trace = new Trace({ datagrams: { first: 100, firstBytes: 10, last: 1, matched: 0 }, maxHexBytes: 4 });
  const big = trace.record({ layer: 'udp', direction: 'in', hex: 'aa'.repeat(6), summary: 'big' });
  assert.equal(big.hex, 'aa'.repeat(4));
  assert.equal(big.summary, 'big (first 4 of 6 B kept)');
  for (let i = 0; i < 5; i++) trace.record({ layer: 'udp', direction: 'in', hex: 'bb'.repeat(3), summary: `small ${i}` });
  assert.deepEqual(
    trace.entries.map((x) => x.summary.replace(/\(.*\)/, '(…)')),
    ['big (…)', 'small 0', 'flood: 3 udp datagrams (…) not stored; kept: the first 2 and the last 1', 'small 4'],
  );
});
