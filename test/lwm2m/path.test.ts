import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LwM2MPath } from '../../src/lwm2m/path';
import { DecodeError } from '../../src/lwm2m/errors';

test('parses every path level', () => {
  assert.equal(LwM2MPath.parse('/').level, 'root');
  assert.equal(LwM2MPath.parse('/3').level, 'object');
  assert.equal(LwM2MPath.parse('/3/0').level, 'instance');
  assert.equal(LwM2MPath.parse('/3/0/7').level, 'resource');
  const ri = LwM2MPath.parse('/3/0/7/1');
  assert.equal(ri.level, 'resourceInstance');
  assert.deepEqual([...ri.ids], [3, 0, 7, 1]);
  assert.equal(ri.toString(), '/3/0/7/1');
  assert.equal(LwM2MPath.parse('/65535/65535').toString(), '/65535/65535');
});

test('parent, child, startsWith, equals, compare', () => {
  const p = LwM2MPath.parse('/3/0/7');
  assert.equal(p.parent().toString(), '/3/0');
  assert.equal(LwM2MPath.root.parent().toString(), '/');
  assert.equal(p.child(2).toString(), '/3/0/7/2');
  assert.ok(p.startsWith(LwM2MPath.parse('/3')));
  assert.ok(p.startsWith(LwM2MPath.root));
  assert.ok(p.startsWith(p));
  assert.ok(!p.startsWith(LwM2MPath.parse('/3/1')));
  assert.ok(!LwM2MPath.parse('/3').startsWith(p));
  assert.ok(p.equals(LwM2MPath.of(3, 0, 7)));
  const sorted = ['/3/0/7', '/3', '/1/0', '/3/0/10', '/3/0'].map(LwM2MPath.parse).sort(LwM2MPath.compare);
  assert.deepEqual(sorted.map(String), ['/1/0', '/3', '/3/0', '/3/0/7', '/3/0/10']);
});

const bad: Array<[string, number, RegExp]> = [
  ['', 0, /empty path/],
  ['3/0', 0, /"\/" at the start/],
  ['/3//0', 3, /empty segment/],
  ['/3/0/', 5, /trailing/],
  ['/03', 1, /leading zeros/],
  ['/65536', 1, /0\.\.65535/],
  ['/3/a', 3, /decimal id/],
  ['/1/2/3/4/5', 9, /at most 4/],
  ['/-1', 1, /decimal id/],
];
for (const [text, offset, why] of bad) {
  test(`rejects path ${JSON.stringify(text)}`, () => {
    assert.throws(
      () => LwM2MPath.parse(text),
      (e: unknown) => e instanceof DecodeError && e.offset === offset && why.test(e.message),
    );
  });
}

test('of() validates ids', () => {
  assert.throws(() => LwM2MPath.of(70000), DecodeError);
  assert.throws(() => LwM2MPath.of(1, 2, 3, 4, 5), DecodeError);
  assert.throws(() => LwM2MPath.of(1.5), DecodeError);
});
