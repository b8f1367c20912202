import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShard, shareOf } from '../../src/cli/shard';

test('--shard i/n is checked', () => {
  assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
  for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '1/2/3', '-1/2']) assert.throws(() => parseShard(bad), /--shard: expected i\/n/, bad);
});

test('the shares of n shards hold every case exactly once, the same way every time', () => {
  const items = Array.from({ length: 17 }, (_x, i) => i);
  for (const n of [1, 2, 3, 5, 17, 20]) {
    const shares = Array.from({ length: n }, (_x, k) => shareOf(items, { index: k + 1, count: n }));
    assert.deepEqual(
      shares.flat().sort((a, b) => a - b),
      items,
      `n=${n}`,
    );
    const sizes = shares.map((s) => s.length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `balanced for n=${n}: ${sizes}`);
    assert.deepEqual(shareOf(items, { index: 1, count: n }), shares[0]);
  }
  assert.deepEqual(shareOf(items, undefined), items);
});
