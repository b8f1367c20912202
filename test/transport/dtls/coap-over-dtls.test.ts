/** The project's CoAP endpoint runs unchanged over DTLS: requests both ways, identity reaches the handler, one trace with both layers. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CoapEndpoint, IncomingRequest } from '../../../src/coap/endpoint';
import { Trace } from '../../../src/trace/trace';
import { createDtlsClient, createDtlsServer, DtlsEndpoint } from '../../../src/transport/dtls';
import { PSK } from './helpers';

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of closers) await c();
});

test('CoAP requests in both directions over one PSK session', async () => {
  const trace = new Trace();
  const serverTransport: DtlsEndpoint = await createDtlsServer({
    host: '127.0.0.1',
    trace,
    psk: (id) => (id === 'urn:dev:1' ? PSK : undefined),
  });
  const clientTransport: DtlsEndpoint = await createDtlsClient({ host: '127.0.0.1', trace, pskIdentity: 'urn:dev:1', pskKey: PSK });
  const server = new CoapEndpoint({ transport: serverTransport, trace });
  const client = new CoapEndpoint({ transport: clientTransport, trace });
  closers.push(
    () => server.close(),
    () => client.close(),
  );
  assert.equal(server.scheme, 'coaps');

  let seen: IncomingRequest | undefined;
  server.onRequest((req) => {
    seen = req;
    return { code: '2.01', payload: Buffer.from('registered') };
  });
  client.onRequest((req) => ({ code: '2.05', payload: Buffer.from(`value of ${req.path}`) }));

  const response = await client.request(serverTransport.local, { method: '0.02', path: '/rd?ep=dev1', payload: Buffer.from('</3/0>') });
  assert.equal(response.message.payload.toString(), 'registered');
  assert.equal(seen?.info?.identity, 'urn:dev:1');
  assert.ok(seen?.info?.sessionKey);

  const read = await server.request(seen!.peer, { method: '0.01', path: '/3/0/0' });
  assert.equal(read.message.payload.toString(), 'value of /3/0/0');

  const layers = new Set(trace.entries.map((e) => e.layer));
  assert.ok(layers.has('dtls') && layers.has('coap'), `trace has both layers: ${[...layers]}`);
});
