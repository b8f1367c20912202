/** The reference server over CoAP over TCP (RFC 8323), with a Test Client on a real TCP connection. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReferenceServer } from '../../src/peers/reference-server/server';
import type { ServerFaultName } from '../../src/peers/reference-server/faults';
import { TestClient } from '../../src/peers/test-client/test-client';
import { createTcpClient } from '../../src/transport/tcp';
import { SignalCode } from '../../src/coap/signalling';
import { locationPath } from '../../src/coap/message';

async function registerOverTcp(faults: ServerFaultName[] = []) {
  const server = new ReferenceServer({ tcp: true, faults, responseTimeoutMs: 1000 });
  await server.start();
  const client = new TestClient({
    server: server.endpoint.local,
    registration: { endpoint: 'urn:tc:tcp', lifetime: 60, binding: 'T' },
    transport: await createTcpClient(),
  });
  await client.start();
  const res = await client.register();
  const codes = client.endpoint.inbox.all().map((e) => e.message?.code);
  await client.close();
  await server.close();
  return { uri: server.uri, res, codes };
}

test('over TCP the reference server opens its side with a CSM and registers a b=T client', async () => {
  const { uri, res, codes } = await registerOverTcp();
  assert.match(uri, /^coap\+tcp:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(res.message.code, '2.01');
  assert.ok(locationPath(res.message).length > 0);
  assert.deepEqual(codes.slice(0, 2), [SignalCode.CSM, '2.01']);
});

test('tcp-no-csm: the 2.01 comes first; tcp-register-refused: a b=T Register gets 4.00', async () => {
  assert.equal((await registerOverTcp(['tcp-no-csm'])).codes[0], '2.01');
  assert.equal((await registerOverTcp(['tcp-register-refused'])).res.message.code, '4.00');
});
