import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributeError, AttributeStore, formatAttributes } from '../../src/peers/reference-client/attributes';
import { LwM2MPath } from '../../src/lwm2m/path';

const P = (s: string) => LwM2MPath.parse(s);
const q = (s: string) => new Map(s.split('&').map((kv) => [kv.split('=')[0], kv.split('=')[1] ?? ''] as [string, string]));

test('attributes are kept per server and path, and inherited from the object down', () => {
  const store = new AttributeStore();
  store.write(1, P('/3'), q('pmax=60'));
  store.write(1, P('/3/0'), q('pmin=2'));
  store.write(1, P('/3/0/7'), q('pmax=15&gt=4000.5'));
  store.write(2, P('/3/0/7'), q('pmin=9'));
  assert.deepEqual(store.at(1, P('/3/0/7')), { pmax: 15, gt: 4000.5 });
  assert.deepEqual(store.effective(1, P('/3/0/7'), { pmin: 1, pmax: 10 }), { pmin: 2, pmax: 15, gt: 4000.5 });
  assert.deepEqual(store.effective(1, P('/3/0/8'), { pmin: 1, pmax: 10 }), { pmin: 2, pmax: 60 });
  assert.deepEqual(store.effective(1, P('/3/0/7/1')), { pmin: 2, pmax: 15, gt: 4000.5 }, 'a resource instance inherits from its resource');
  assert.deepEqual(store.effective(2, P('/3/0/7')), { pmin: 9 }, 'another server sees only its own');
  assert.deepEqual(formatAttributes({ st: 1, pmin: 2 }), { pmin: 2, st: 1 });
});

test('an empty value removes an attribute; bad names, values and pmax < pmin are refused before anything changes', () => {
  const store = new AttributeStore();
  store.write(1, P('/3/0/7'), q('pmin=5&pmax=15'));
  store.write(1, P('/3/0/7'), q('pmin'));
  assert.deepEqual(store.at(1, P('/3/0/7')), { pmax: 15 });
  assert.throws(() => store.write(1, P('/3/0/7'), q('pmin=1&colour=red')), AttributeError);
  assert.throws(() => store.write(1, P('/3/0/7'), q('pmin=soon')), /not a number/);
  assert.throws(() => store.write(1, P('/3/0/7'), q('pmin=20')), /pmax 15 is less than pmin 20/);
  store.write(1, P('/3'), q('pmin=30'));
  assert.throws(() => store.write(1, P('/3/0/7'), q('st=1')), /pmax 15 is less than pmin 30/, 'inherited pmin counts');
  assert.deepEqual(store.at(1, P('/3/0/7')), { pmax: 15 }, 'nothing changed');
});

test('clearing below a path forgets it and everything under it only', () => {
  const store = new AttributeStore();
  store.write(1, P('/16/1'), q('pmax=5'));
  store.write(1, P('/16/1/0'), q('pmin=1'));
  store.write(1, P('/16/10'), q('pmax=7'));
  store.clearBelow(P('/16/1'));
  assert.deepEqual(store.at(1, P('/16/1')), {});
  assert.deepEqual(store.at(1, P('/16/1/0')), {});
  assert.deepEqual(store.at(1, P('/16/10')), { pmax: 7 });
});
