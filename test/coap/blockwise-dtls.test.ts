/** Block-wise transfers run unchanged over the project's DTLS 1.2 transport (PSK): Block1 up, Block2 down. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CoapEndpoint, type IncomingRequest } from '../../src/coap/endpoint';
import { Method } from '../../src/coap/message';
import { createDtlsClient, createDtlsServer } from '../../src/transport/dtls';
import { PSK } from '../transport/dtls/helpers';

test('a block-wise Register and a block-wise Read over one PSK session', async (t) => {
  const serverTransport = await createDtlsServer({ host: '127.0.0.1', psk: (id) => (id === 'urn:dev:bw' ? PSK : undefined) });
  const clientTransport = await createDtlsClient({ host: '127.0.0.1', pskIdentity: 'urn:dev:bw', pskKey: PSK });
  const server = new CoapEndpoint({ transport: serverTransport });
  const client = new CoapEndpoint({ transport: clientTransport });
  t.after(() => Promise.all([server.close(), client.close()]));
  const seen: IncomingRequest[] = [];
  server.onRequest((req) => (seen.push(req), { code: '2.01' }));
  const firmware = randomBytes(5000);
  client.onRequest(() => ({ code: '2.05', payload: firmware }));

  const links = Buffer.from(Array.from({ length: 60 }, (_, i) => `</${3300 + i}/0>`).join(','));
  const reg = await client.request(serverTransport.local, {
    method: Method.POST,
    path: '/rd?ep=bw',
    contentFormat: 40,
    payload: links,
    block1Size: 128,
  });
  assert.equal(reg.message.code, '2.01');
  assert.deepEqual(seen[0].message.payload, links);
  assert.equal(seen[0].blocks, Math.ceil(links.length / 128));
  assert.equal(seen[0].info?.identity, 'urn:dev:bw');

  const read = await server.request(seen[0].peer, { method: Method.GET, path: '/5/0/0', block2Size: 512 });
  assert.deepEqual(read.message.payload, firmware);
  assert.equal(read.blocks, Math.ceil(5000 / 512));
});
