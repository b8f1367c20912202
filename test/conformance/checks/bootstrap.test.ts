import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bootstrapRequests,
  checkAccountRegister,
  checkNoBootstrapWhileRegistered,
  checkPackRequest,
  checkRegisteredBeforeBootstrap,
} from '../../../src/conformance/checks/bootstrap';
import type { BsEvent } from '../../../src/peers/test-bootstrap-server';

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

// ---- int-6 Bootstrap Sequence ----
const bsEvent = (kind: BsEvent['kind'], at: number) => ({ kind, at, endpoint: 'ep-1', responseCode: '2.04' }) as unknown as BsEvent;

test('int-6: a Register accepted before any Bootstrap-Request passes; a Bootstrap-Request first is named with the clause', () => {
  assert.deepEqual(checkRegisteredBeforeBootstrap({ at: 1500, responseCode: '2.01' }, [bsEvent('bootstrap-request', 1600)], 1000), []);
  assert.match(
    checkRegisteredBeforeBootstrap({ at: 1500, responseCode: '2.01' }, [bsEvent('bootstrap-request', 1200)], 1000).join(),
    /Bootstrap-Request 200 ms after power-on, before any Register .*TS 1\.1 §6\.1/,
  );
  assert.match(
    checkRegisteredBeforeBootstrap({ at: 1500, responseCode: '2.01' }, [bsEvent('pack-request', 1100)], 1000).join(),
    /\(GET \/bspack\) 100 ms/,
  );
});

test('int-6: no Register, or a refused one, is named (with the Bootstrap-Request that came instead)', () => {
  const none = checkRegisteredBeforeBootstrap(
    { missing: 'no Register request within 10000 ms' },
    [bsEvent('bootstrap-request', 1030)],
    1000,
  );
  assert.equal(none.length, 2);
  assert.match(
    none.join(),
    /30 ms after power-on, before any Register.*no Register reached the Test Server: no Register request within 10000 ms/,
  );
  assert.match(
    checkRegisteredBeforeBootstrap({ at: 1500, responseCode: '4.00', problem: 'no ep' }, [], 1000).join(),
    /answered the Register 4\.00 \(no ep\)/,
  );
});

test('int-6: a Bootstrap-Request while registered fails the must-not-send half; only requests count', () => {
  assert.deepEqual(checkNoBootstrapWhileRegistered(undefined, 1500, 1000), []);
  assert.match(
    checkNoBootstrapWhileRegistered(bsEvent('bootstrap-request', 1540), 1500, 1000).join(),
    /40 ms after its Register was accepted \(watched 1000 ms\)/,
  );
  assert.deepEqual(
    bootstrapRequests([bsEvent('other', 1), bsEvent('bootstrap-request', 2), bsEvent('pack-request', 3)]).map((e) => e.at),
    [2, 3],
  );
});
