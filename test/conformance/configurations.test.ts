import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkInstance, loadConfigurations, missingFromRead, valuesToSet } from '../../src/conformance/configurations';
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

test('valuesToSet: the fixed values a Server instance lacks or holds otherwise (as AVSystem Anjay ships: Notification Storing true, no default pmin/pmax or Disable Timeout); never "present" or the lifetime', () => {
  const c3 = loadConfigurations().get('C.3')!.instances.get('/1/x')!;
  const anjay = [rec('/1/1/0', 1n), rec('/1/1/1', 30n), rec('/1/1/6', true, 'boolean'), rec('/1/1/7', 'U', 'string')];
  assert.deepEqual(
    valuesToSet(c3, anjay).sort((a, b) => a.resourceId - b.resourceId),
    [
      { resourceId: 2, value: 1 },
      { resourceId: 3, value: 10 },
      { resourceId: 5, value: 86400 },
      { resourceId: 6, value: false },
    ],
  );
  const held = [
    ...anjay.filter((r) => r.path.resourceId !== 6),
    rec('/1/1/2', 1n),
    rec('/1/1/3', 10n),
    rec('/1/1/5', 86400n),
    rec('/1/1/6', false, 'boolean'),
  ];
  assert.deepEqual(valuesToSet(c3, held), []);
  assert.deepEqual(
    valuesToSet(
      c3,
      held.filter((r) => r.path.resourceId !== 0 && r.path.resourceId !== 1),
    ),
    [],
  );
});

test("missingFromRead: a /7/0 Read without the optional Collection Period (as in Wakaama's example client) means C.9 is not held", () => {
  const wakaama = [rec('/7/0/0', 0n), rec('/7/0/1', 0n), rec('/7/0/2', 10n)];
  assert.match(missingFromRead(wakaama, '/7/0/8', 'C.9') ?? '', /\/7\/0\/8 is not in the Read.*C\.9/);
  assert.equal(missingFromRead([...wakaama, rec('/7/0/8', 60n)], '/7/0/8', 'C.9'), undefined);
});
