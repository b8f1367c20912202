/** The reference server with OSCORE (RFC 8613): a protected client is served protected, a plain one in plain CoAP; the --oscore-* flags. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ReferenceServer } from '../../src/peers/reference-server/server';
import { TestClient } from '../../src/peers/test-client/test-client';
import { testClientOscoreLayer, type OscoreMaterial } from '../../src/conformance/oscore';
import { referenceServerCommand } from '../../src/cli/reference-server';
import { UsageError } from '../../src/cli/usage';

const material: OscoreMaterial = {
  masterSecret: randomBytes(16),
  masterSalt: randomBytes(8),
  clientId: Buffer.from('c1', 'hex'),
  serverId: Buffer.from('5e', 'hex'),
};

async function withServer(run: (server: ReferenceServer) => Promise<void>) {
  const server = new ReferenceServer({
    responseTimeoutMs: 2000,
    oscore: {
      masterSecret: material.masterSecret,
      masterSalt: material.masterSalt,
      senderId: material.serverId,
      recipientId: material.clientId,
    },
  });
  await server.start();
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

async function client(server: ReferenceServer, endpoint: string, oscore: boolean): Promise<TestClient> {
  const c = new TestClient({
    server: server.endpoint.local,
    registration: { endpoint, lifetime: 60 },
    oscore: oscore ? testClientOscoreLayer(material) : undefined,
  });
  await c.start();
  return c;
}

test('a client that registers with OSCORE gets a protected 2.01 and protected requests; a plain one is served in plain CoAP', async () => {
  await withServer(async (server) => {
    const secured = await client(server, 'urn:tc:oscore', true);
    const plain = await client(server, 'urn:tc:plain', false);
    try {
      const res = await secured.register();
      assert.equal(res.message.code, '2.01');
      assert.equal(res.oscore?.outer.code, '2.04');
      const read = await server.read('urn:tc:oscore', '/3/0/0', 'text');
      assert.equal(read.code, '2.05');
      assert.equal(read.value, 'Open Mobile Alliance');
      const [get] = secured.requests.all();
      assert.equal(get.request.oscore?.outer.code, '0.02');
      assert.equal(get.request.message.code, '0.01');

      const plainRes = await plain.register();
      assert.equal(plainRes.message.code, '2.01');
      assert.equal(plainRes.oscore, undefined);
      assert.equal((await server.read('urn:tc:plain', '/3/0/0', 'text')).code, '2.05');
      assert.equal(plain.requests.all()[0].request.oscore, undefined);
    } finally {
      await Promise.all([secured.close(), plain.close()]);
    }
  });
});

test('--oscore-* flags: a missing ID or a value that is not hex is a usage error naming the flag', async () => {
  await assert.rejects(
    referenceServerCommand(['--port', '0', '--http-port', '0', '--oscore-master-secret', '00112233', '--oscore-sender-id', '01']),
    (e: Error) => e instanceof UsageError && /--oscore-recipient-id/.test(e.message),
  );
  await assert.rejects(
    referenceServerCommand(['--port', '0', '--oscore-master-secret', 'xyz', '--oscore-sender-id', '01', '--oscore-recipient-id', '02']),
    (e: Error) => e instanceof UsageError && /--oscore-master-secret: expected an even number of hex digits/.test(e.message),
  );
});
