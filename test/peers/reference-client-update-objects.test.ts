/**
 * The reference client's Update carries the object list exactly when objects or instances changed
 * since its last Register or Update (TS Core §6.2.2), over UDP against the Test Server, in process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoapEndpoint, type IncomingResponse } from '../../src/coap/endpoint';
import { Method } from '../../src/coap/message';
import { createUdpTransport } from '../../src/transport/udp';
import { TestServer, type RdEvent } from '../../src/peers/test-server';
import { ReferenceClient } from '../../src/peers/reference-client/client';
import { encodeContent } from '../../src/lwm2m/content';
import { LwM2MPath } from '../../src/lwm2m/path';
import { ObjectRegistry } from '../../src/lwm2m/model';

const registry = ObjectRegistry.bundled();
const TLV = 11542;

test('an Update lists the objects only after an instance was created or deleted, and once', async () => {
  const server = new TestServer(new CoapEndpoint({ transport: await createUdpTransport({ host: '127.0.0.1', port: 0 }) }), {
    lifetimeGraceMs: 100,
    responseTimeoutMs: 2000,
  });
  const { host, port } = server.endpoint.local;
  const client = new ReferenceClient({ server: { host, port }, endpoint: 'upd-dev', lifetime: 60, lwm2mVersion: '1.1' });
  try {
    await client.start();
    const register = await server.events.waitFor((e) => e.kind === 'register', { after: 0, timeoutMs: 5000, what: 'Register' });
    const reg = register.registration!;
    const triggered = async (): Promise<RdEvent> => {
      const after = server.events.cursor();
      assert.equal((await server.execute(reg, '/1/0/8')).message.code, '2.04');
      return server.events.waitFor((e) => e.kind === 'update', { after, timeoutMs: 3000, what: 'Update' });
    };
    const listed = (e: RdEvent) => e.request!.message.payload.toString();

    assert.equal(listed(await triggered()), '', 'nothing changed since the Register');
    const instance = LwM2MPath.of(11, 1);
    const records = [
      { path: LwM2MPath.of(11, 1, 0), type: 'string' as const, value: 'second' },
      { path: LwM2MPath.of(11, 1, 4), type: 'integer' as const, value: 0n },
    ];
    const created: IncomingResponse = await server.send(reg, {
      method: Method.POST,
      path: '/11',
      contentFormat: TLV,
      payload: encodeContent(TLV, LwM2MPath.of(11), records, registry),
    });
    assert.equal(created.message.code, '2.01');
    assert.match(listed(await triggered()), /<\/11\/0>,<\/11\/1>/);
    assert.equal(listed(await triggered()), '', 'the list was announced already');
    assert.equal((await server.send(reg, { method: Method.DELETE, path: String(instance) })).message.code, '2.02');
    const afterDelete = listed(await triggered());
    assert.match(afterDelete, /<\/11\/0>/);
    assert.doesNotMatch(afterDelete, /<\/11\/1>/);
  } finally {
    await client.stop(false);
    await server.close();
  }
});
