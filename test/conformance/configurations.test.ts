import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkInstance, loadConfigurations } from '../../src/conformance/configurations';
import { LwM2MPath } from '../../src/lwm2m/path';
import type { ResourceRecord } from '../../src/lwm2m/content';

const rec = (path: string, value: ResourceRecord['value'], type: ResourceRecord['type'] = 'integer'): ResourceRecord => ({
  path: LwM2MPath.parse(path),
  type,
  value,
});

test('configurations extend each other: C.4 holds the C.1 and C.3 resources and its own', () => {
  const c4 = loadConfigurations().get('C.4')!;
  assert.deepEqual(
    [...c4.instances.get('/1/x')!.keys()].sort((a, b) => a - b),
    [0, 1, 2, 3, 5, 6, 7],
  );
  assert.ok(c4.instances.get('/3/0')!.has(9));
  for (const name of ['C.1', 'C.3', 'C.4', 'C.6', 'C.12']) assert.ok(loadConfigurations().has(name), name);
});

test('an instance holding the configuration passes; a wrong value, a missing resource and another lifetime are named', () => {
  const c3 = loadConfigurations().get('C.3')!.instances.get('/1/x')!;
  const good = [
    rec('/1/0/0', 1n),
    rec('/1/0/1', 30n),
    rec('/1/0/2', 1n),
    rec('/1/0/3', 10n),
    rec('/1/0/5', 86400n),
    rec('/1/0/6', false, 'boolean'),
    rec('/1/0/7', 'U', 'string'),
  ];
  assert.deepEqual(checkInstance('/1/0', c3, good, 30), []);
  const bad = good.filter((r) => r.path.resourceId !== 5).map((r) => (r.path.resourceId === 3 ? rec('/1/0/3', 60n) : r));
  assert.deepEqual(checkInstance('/1/0', c3, bad, 20), [
    '/1/0/1 is 30, the configuration needs 20',
    '/1/0/3 is 60, the configuration needs 10',
    '/1/0/5 is missing',
  ]);
});
