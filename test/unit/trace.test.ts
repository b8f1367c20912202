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
