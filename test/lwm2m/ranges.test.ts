import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRanges } from '../../src/lwm2m/ranges';
import { LwM2MPath } from '../../src/lwm2m/path';
import { registry } from './arbitraries';

const P = LwM2MPath.parse;

test('values and lengths outside the DDF range are named; values inside pass', () => {
  const problems = checkRanges(
    [
      { path: P('/3/0/9'), type: 'integer', value: 100n },
      { path: P('/3/0/9'), type: 'integer', value: 101n },
      { path: P('/0/0/7'), type: 'opaque', value: Buffer.alloc(6) },
      { path: P('/0/0/7'), type: 'opaque', value: Buffer.alloc(5) },
      { path: P('/0/0/8'), type: 'opaque', value: Buffer.alloc(32) },
      { path: P('/0/0/0'), type: 'string', value: 'x'.repeat(256) },
      { path: P('/3/0/0'), type: 'string', value: 'no range defined' },
    ],
    registry,
  );
  assert.deepEqual(
    problems.map((p) => p.message),
    [
      '/3/0/9 (Battery Level): value 101 is outside the defined range 0..100',
      '/0/0/7 (SMS Binding Key Parameters): length in bytes 5 is outside the defined range 6',
      '/0/0/0 (LWM2M Server URI): length in bytes 256 is outside the defined range 0..255',
    ],
  );
});
