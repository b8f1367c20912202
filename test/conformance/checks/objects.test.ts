import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectRegistry } from '../../../src/lwm2m/model';
import { LwM2MPath } from '../../../src/lwm2m/path';
import type { ResourceRecord } from '../../../src/lwm2m/content';
import { checkInstanceAgainstDefinition, checkResourceValue, checkStatisticsCoherent } from '../../../src/conformance/checks/objects';

const registry = ObjectRegistry.bundled();
const rec = (path: string, value: ResourceRecord['value'], type: ResourceRecord['type'] = 'integer'): ResourceRecord => ({
  path: LwM2MPath.parse(path),
  type,
  value,
});
const monitoring = [rec('/4/0/0', 6n), rec('/4/0/1/0', 6n), rec('/4/0/2', -93n), rec('/4/0/4/0', '10.0.0.1', 'string')];

test('a Connectivity Monitoring instance with its mandatory resources passes', () => {
  assert.deepEqual(checkInstanceAgainstDefinition(monitoring, 4, 0, registry), []);
});

test('a missing mandatory resource, a value out of its range and a non-address are each named', () => {
  const bad = [rec('/4/0/0', 51n), rec('/4/0/1/0', 6n), rec('/4/0/4/0', 'example', 'string')];
  const problems = checkInstanceAgainstDefinition(bad, 4, 0, registry);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems.join('\n'), /Radio Signal Strength \(\/4\/0\/2\) is missing/);
  assert.match(problems.join('\n'), /\/4\/0\/0 \(Network Bearer\): value 51 is outside the defined range 0\.\.50/);
  assert.match(problems.join('\n'), /\/4\/0\/4\/0 \(IP Addresses\) is "example", not an IP address/);
});

test('resources the case needs beyond the mandatory ones, and unreadable resources served, are problems', () => {
  const fw = [
    rec('/5/0/1', '', 'string'),
    rec('/5/0/3', 0n),
    rec('/5/0/5', 0n),
    rec('/5/0/9', 2n),
    rec('/5/0/0', Buffer.from('x'), 'opaque'),
  ];
  const problems = checkInstanceAgainstDefinition(fw, 5, 0, registry, [8]);
  assert.match(problems.join('\n'), /Firmware Update Protocol Support \(\/5\/0\/8\) is missing/);
  assert.match(problems.join('\n'), /Package \(\/5\/0\/0\) is served in a Read, but its operations are "W"/);
});

test('Location: degrees outside their range and a Timestamp at 1970 are inadmissible', () => {
  const loc = [rec('/6/0/0', -91.0, 'float'), rec('/6/0/1', 180.0, 'float'), rec('/6/0/5', 0n, 'time')];
  const problems = checkInstanceAgainstDefinition(loc, 6, 0, registry);
  assert.deepEqual(problems.length, 2, problems.join('\n'));
  assert.match(problems[0], /Latitude.*-90\.\.90/);
  assert.match(problems[1], /Timestamp.*after 1970/);
});

test('statistics: an average above the maximum is incoherent; a written value is read back', () => {
  assert.deepEqual(checkStatisticsCoherent([rec('/7/0/4', 100n), rec('/7/0/5', 60n)]), []);
  assert.match(checkStatisticsCoherent([rec('/7/0/4', 100n), rec('/7/0/5', 160n)])[0], /exceeds the Max Message Size/);
  assert.deepEqual(checkResourceValue([rec('/7/0/8', 60n)], '/7/0/8', 'Collection Period', 60n), []);
  assert.match(checkResourceValue([rec('/7/0/8', 0n)], '/7/0/8', 'Collection Period', 60n)[0], /is 0, not the written 60/);
  assert.match(checkResourceValue([], '/7/0/8', 'Collection Period', 60n)[0], /missing/);
});

// ---- observations of objects, Discover of an object (int-710 … 1900) ----

import {
  checkLocationTimestamps,
  checkObjectDiscover,
  checkObservedInstance,
  checkStateNotifiedDownloaded,
  checkStateResponse,
} from '../../../src/conformance/checks/objects';
import type { Notification } from '../../../src/conformance/checks/information-reporting';

const T0 = 1_800_000_000_000;
const msg = (at: number, records: ResourceRecord[], code = '2.05'): Notification => ({
  at: T0 + at,
  observe: at,
  type: 'NON',
  code,
  messageId: at,
  token: 'aa',
  records,
});
const fix = (at: number, ts: bigint) => msg(at, [rec('/6/0/0', 48.8, 'float'), rec('/6/0/1', 2.3, 'float'), rec('/6/0/5', ts, 'time')]);

test('Location Timestamps: in the past and rising pass; one ahead of its message or going back is named', () => {
  const s = BigInt(T0 / 1000);
  assert.deepEqual(checkLocationTimestamps([fix(0, s), fix(2000, s + 2n)], 500), []);
  const problems = checkLocationTimestamps([fix(0, s), fix(2000, s + 3600n), fix(4000, s + 1n)], 500).join('\n');
  assert.match(problems, /the notification at 2000 ms \(Observe 2000\): Timestamp \(\/6\/0\/5\) \d+ is 3598 s after its arrival/);
  assert.match(problems, /the notification at 4000 ms .* is earlier than the \d+ notified before/);
});

test('an observed instance or resource is judged by its definition, message by message', () => {
  assert.deepEqual(checkObservedInstance([msg(0, monitoring), msg(1000, monitoring)], 4, 0, registry, 'notifications'), []);
  const out = checkObservedInstance([msg(0, monitoring), msg(1000, [rec('/4/0/0', 51n)])], 4, 0, registry, 'notifications');
  assert.match(out.join('\n'), /the notification at 1000 ms .*Radio Signal Strength .* is missing/);
  assert.deepEqual(checkObservedInstance([msg(0, [rec('/10/0/13', 1n, 'unsignedInteger')])], 10, 0, registry, 'response', 13), []);
  assert.match(checkObservedInstance([msg(0, [], '4.05')], 4, 0, registry, 'response').join(''), /is 4\.05, not 2\.05 Content/);
});

test('State notified during a delivery: Idle first, then Downloaded by allowed moves', () => {
  const st = (at: number, v: bigint) => msg(at, [rec('/5/0/3', v)]);
  assert.deepEqual(checkStateResponse([st(0, 0n)]), []);
  assert.match(checkStateResponse([st(0, 1n)]).join(''), /State Downloading \(1\), not Idle/);
  assert.deepEqual(checkStateNotifiedDownloaded([st(0, 0n), st(2000, 1n), st(4000, 2n)]), []);
  assert.match(
    checkStateNotifiedDownloaded([st(0, 0n), st(2000, 1n)]).join(''),
    /no notification showed Downloaded \(2\); the notified States were 1/,
  );
  assert.match(checkStateNotifiedDownloaded([st(0, 0n), st(2000, 3n), st(4000, 2n)]).join(''), /a move the delivery does not allow/);
});

test('a Discover of an object: its version (absent is 1.0) and the links a case needs', () => {
  const body = (s: string) => Buffer.from(s);
  assert.deepEqual(checkObjectDiscover('2.05', body('</10>;ver=1.1,</10/0>,</10/0/11>'), 10, '1.1', ['/10/0/11']), []);
  assert.deepEqual(checkObjectDiscover('2.05', body('</10>;ver="1.1",</10/0>'), 10, '1.1'), []);
  assert.match(checkObjectDiscover('2.05', body('</10>,</10/0>'), 10, '1.1').join(''), /shows version none \(1\.0\), not 1\.1/);
  assert.deepEqual(checkObjectDiscover('2.05', body('</19>,</19/0>'), 19, '1.0'), []);
  assert.match(checkObjectDiscover('2.05', body('</10>'), 10, undefined, ['/10/0/8']).join(''), /no link <\/10\/0\/8>/);
  assert.match(checkObjectDiscover('4.04', Buffer.alloc(0), 10, '1.1').join(''), /answered 4\.04/);
  assert.match(checkObjectDiscover('2.05', body('</10'), 10, '1.1').join(''), /not link-format/);
});
