import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccountRegister, checkPackRequest } from '../../../src/conformance/checks/bootstrap';

const account = { shortServerId: 2, lifetime: 40 };
const register = (endpoint: string, lifetime: number, responseCode = '2.01') => ({
  kind: 'register',
  responseCode,
  registration: { endpoint, lifetime },
});

test('a Register for the server’s own account passes', () => {
  assert.deepEqual(checkAccountRegister(register('ep-1', 40), account, 'ep-1', 'Test Server 2'), []);
});

test('another lifetime, another endpoint name and a refused Register are each named', () => {
  assert.match(
    checkAccountRegister(register('ep-1', 30), account, 'ep-1', 'Test Server 2').join(),
    /lt=30, not the lifetime 40 of its own account \(SSID 2/,
  );
  assert.match(checkAccountRegister(register('ep-2', 40), account, 'ep-1', 'Test Server 2').join(), /ep="ep-2", not "ep-1"/);
  const refused = { kind: 'rejected', responseCode: '4.00', problem: 'no ep parameter' };
  assert.match(
    checkAccountRegister(refused, account, 'ep-1', 'Test Server 2').join(),
    /Test Server 2 refused the Register \(4\.00\): no ep parameter/,
  );
});

test('a Bootstrap-Pack-Request: the endpoint name, an Accept a pack can be given in, and the 2.05 taken', () => {
  const event = (ep: string | undefined, acceptFormat: number | undefined, responseCode = '2.05') =>
    ({
      kind: 'pack-request',
      at: 0,
      endpoint: ep,
      responseCode,
      request: {
        message: {
          options: acceptFormat === undefined ? [] : [{ number: 17, value: Buffer.from([acceptFormat >> 8, acceptFormat & 0xff]) }],
        },
      },
    }) as never;
  assert.deepEqual(checkPackRequest(event('ep-1', 112), 'ep-1', [112, 110, 11544]), []);
  assert.deepEqual(checkPackRequest(event('ep-1', undefined), 'ep-1', [112, 110, 11544]), []);
  assert.match(
    checkPackRequest(event('ep-1', 11542, '4.06'), 'ep-1', [112, 110, 11544]).join(),
    /accepts Content-Format 11542.*answered it 4\.06/,
  );
  assert.match(checkPackRequest(event(undefined, 112), 'ep-1', [112]).join(), /no "ep"/);
});
