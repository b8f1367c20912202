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
