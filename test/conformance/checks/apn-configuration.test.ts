/** The rules of ETS CONMGMT-int-1250: the Update announcing a created instance, and the objlnk list read back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LwM2MPath } from '../../../src/lwm2m/path';
import type { ResourceRecord } from '../../../src/lwm2m/content';
import type { RdEvent } from '../../../src/peers/test-server';
import { OptionNumber } from '../../../src/coap/message';
import { checkObjectLinkListed } from '../../../src/conformance/checks/objects';
import { checkUpdateListsInstance } from '../../../src/conformance/checks/registration';

/** An Update as the Test Server logs it: its payload, and Content-Format 40 when it has one. */
function update(payload = '', format: number | undefined = payload ? 40 : undefined): RdEvent {
  const options = format === undefined ? [] : [{ number: OptionNumber.ContentFormat, value: Buffer.from([format]) }];
  return { kind: 'update', at: 0, request: { message: { code: '0.02', options, payload: Buffer.from(payload) } } } as unknown as RdEvent;
}

test('an Update whose object list holds the created instance passes; the newest list counts', () => {
  assert.deepEqual(checkUpdateListsInstance([update('</1/0>,</3/0>,</11/0>,</11/1>')], 11, 1), []);
  assert.deepEqual(checkUpdateListsInstance([update('</1/0>,</11/0>,</11/1>'), update()], 11, 1), []);
  const stale = checkUpdateListsInstance([update('</1/0>,</11/0>,</11/1>'), update('</1/0>,</11/0>')], 11, 1);
  assert.match(stale.join('\n'), /lacks <\/11\/1>; for \/11 it lists <\/11\/0>/);
});

test('Updates without an object list, a list without the instance, or a list that is not link format are named', () => {
  assert.match(checkUpdateListsInstance([update()], 11, 1).join(''), /the Update after the Create carries no object list/);
  assert.match(checkUpdateListsInstance([update(), update()], 11, 1).join(''), /the 2 Updates after the Create carry no object list/);
  assert.match(checkUpdateListsInstance([update('</1/0>,</3/0>')], 11, 1).join(''), /lacks <\/11\/1>; for \/11 it lists nothing/);
  assert.match(checkUpdateListsInstance([update('</1/0>,</11/1>', 0)], 11, 1).join(''), /Content-Format 0, not 40/);
  assert.match(checkUpdateListsInstance([update('</1/0>,</11/1')], 11, 1).join(''), /not valid link format/);
  const refused = { ...update('</1/0>,</11/1'), kind: 'rejected', problem: 'the object list is not valid: …' } as RdEvent;
  assert.match(
    checkUpdateListsInstance([update(), refused], 11, 1).join(''),
    /the Test Server refused the object list of the Update: the object list is not valid/,
  );
});

const link = (path: string, objectId: number, instanceId: number): ResourceRecord => ({
  path: LwM2MPath.parse(path),
  type: 'objlnk',
  value: { objectId, instanceId },
});

test('Activated Profile Names must hold the object link to the enabled profile', () => {
  const name = 'Activated Profile Names';
  assert.deepEqual(
    checkObjectLinkListed([link('/10/0/11/0', 11, 0), link('/10/0/11/1', 11, 1)], '/10/0/11', name, { objectId: 11, instanceId: 1 }),
    [],
  );
  assert.match(
    checkObjectLinkListed([link('/10/0/11/0', 11, 0)], '/10/0/11', name, { objectId: 11, instanceId: 1 }).join(''),
    /Activated Profile Names \(\/10\/0\/11\) holds no object link 11:1; it holds 11:0/,
  );
  assert.match(checkObjectLinkListed([], '/10/0/11', name, { objectId: 11, instanceId: 1 }).join(''), /it holds no link at all/);
});
