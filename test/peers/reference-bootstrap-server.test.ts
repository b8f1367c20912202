/** The reference bootstrap server against the Test Client's bootstrap part, over real UDP on loopback. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReferenceBootstrapServer, type BootstrapScript } from '../../src/peers/reference-server/bootstrap-server';
import type { BootstrapServerFaultName } from '../../src/peers/reference-server/bootstrap-faults';
import { TestBootstrapClient, configurationProblem } from '../../src/peers/test-client/bootstrap-client';
import { describeRequest } from '../../src/conformance/checks/bootstrap-server';

async function bootstrap(script: BootstrapScript, faults: BootstrapServerFaultName[] = [], pct = 11542) {
  const server = new ReferenceBootstrapServer({ endpoints: { 'urn:dev:x': script }, faults, ackTimeoutMs: 200, responseTimeoutMs: 1000 });
  await server.start();
  const port = Number(/:(\d+)$/.exec(server.uri)![1]);
  const client = new TestBootstrapClient({
    server: { host: '127.0.0.1', port },
    lwm2mVersion: '1.1',
    formats: [pct, 112],
    ackTimeoutMs: 200,
  });
  await client.start();
  try {
    const res = await client.requestBootstrap('urn:dev:x');
    const finish = await client.requests
      .waitFor((r) => r.operation === 'finish', { timeoutMs: 3000, what: 'Bootstrap-Finish' })
      .catch(() => undefined);
    return { code: res.message.code, sent: client.requests.all().map(describeRequest), finish, client };
  } finally {
    await client.close();
    await server.close();
  }
}

test('provision: writes /0/0 and /1/0 in the pct format, Discovers / and finishes; the client takes the account', async () => {
  const r = await bootstrap('provision');
  assert.equal(r.code, '2.04');
  assert.deepEqual(r.sent, ['PUT /0/0', 'PUT /1/0', 'GET /', 'POST /bs']);
  assert.ok(r.client.requests.all().every((x) => x.responseCode.startsWith('2.')));
  assert.equal(configurationProblem(r.client.store), undefined);
  assert.equal(r.client.store.get(0, 1, 1), true, 'the Bootstrap-Server account is kept');
});

test('read and delete follow their ETS procedures', async () => {
  assert.deepEqual((await bootstrap('read')).sent, ['PUT /0/0', 'PUT /1/0', 'PUT /2/0', 'GET /1', 'GET /2', 'POST /bs']);
  const d = await bootstrap('delete', [], 112);
  assert.deepEqual(d.sent, [
    'PUT /0/0',
    'PUT /1/0',
    'GET /',
    'GET /1',
    'DELETE /0',
    'DELETE /1',
    'GET /',
    'GET /1',
    'PUT /0/0',
    'PUT /1/0',
    'POST /bs',
  ]);
  assert.equal(d.finish?.responseCode, '2.04');
});

test('an unknown endpoint is answered 4.00 and nothing follows; a fault changes only its own rule', async () => {
  const server = new ReferenceBootstrapServer({ endpoints: {} });
  await server.start();
  const client = new TestBootstrapClient({
    server: { host: '127.0.0.1', port: Number(/:(\d+)$/.exec(server.uri)![1]) },
    lwm2mVersion: '1.0',
    formats: [11542],
  });
  await client.start();
  try {
    assert.equal((await client.requestBootstrap('urn:dev:nobody')).message.code, '4.00');
  } finally {
    await client.close();
    await server.close();
  }
  const f = await bootstrap('provision', ['bs-finish-omitted']);
  assert.deepEqual(f.sent, ['PUT /0/0', 'PUT /1/0', 'GET /']);
  assert.equal(f.finish, undefined);
});
