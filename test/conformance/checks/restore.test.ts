/** int-215/220 C: what a restore of /1/x is judged on (found with AVSystem Anjay 3.14). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectRegistry } from '../../../src/lwm2m/model';
import { LwM2MPath } from '../../../src/lwm2m/path';
import type { ResourceRecord } from '../../../src/lwm2m/content';
import { checkRecordsHold, restorableRecords, writableRecords } from '../../../src/conformance/checks/values';

const registry = ObjectRegistry.bundled();
const rec = (path: string, value: bigint): ResourceRecord => ({ path: LwM2MPath.parse(path), type: 'integer', value });

test('a restore is judged on the resources with a server operation: Anjay clears /1/1/14 and /1/1/17, which the harness does not write back', () => {
  const saved = [rec('/1/1/0', 1n), rec('/1/1/1', 30n), rec('/1/1/2', 1n), rec('/1/1/14', 0n), rec('/1/1/17', 5n)];
  assert.deepEqual(
    writableRecords(saved, registry).map((r) => String(r.path)),
    ['/1/1/1', '/1/1/2'],
  );
  const afterReplace = saved.slice(0, 3);
  assert.match(checkRecordsHold(afterReplace, saved, 'was saved').join(), /\/1\/1\/14 is missing/);
  assert.deepEqual(checkRecordsHold(afterReplace, restorableRecords(saved, registry), 'was saved'), []);
  assert.match(
    checkRecordsHold([rec('/1/1/0', 1n), rec('/1/1/1', 30n), rec('/1/1/2', 5n)], restorableRecords(saved, registry), 'was saved').join(),
    /\/1\/1\/2 is 5/,
  );
});
