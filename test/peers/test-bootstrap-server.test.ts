import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoapEndpoint } from '../../src/coap/endpoint';
import { createUdpTransport } from '../../src/transport/udp';
import { TestBootstrapServer, securityRecords, serverRecords, type ServerAccount } from '../../src/peers/test-bootstrap-server';
import { TestServer } from '../../src/peers/test-server';
import { ReferenceClient } from '../../src/peers/reference-client/client';
import { encodeContent, decodeContent } from '../../src/lwm2m/content';
import { LwM2MPath } from '../../src/lwm2m/path';
import { parseLinkFormatBytes } from '../../src/lwm2m/link-format';
import { ObjectRegistry } from '../../src/lwm2m/model';
import { Method } from '../../src/coap/message';
import {
  checkBootstrapDiscover,
  checkDeleted,
  bootstrapAccountLinks,
  checkBootstrapAccountKept,
} from '../../src/conformance/checks/bootstrap';

const registry = ObjectRegistry.bundled();
const TLV = 11542;

async function bootstrapServer() {
  return new TestBootstrapServer(new CoapEndpoint({ transport: await createUdpTransport(), timers: { ackTimeoutMs: 200 } }), {
    responseTimeoutMs: 2000,
  });
}

test('answers Bootstrap-Request 2.04 (4.00 without ep), Pack-Request 4.04 until a pack is set, and can stay silent', async () => {
  const bs = await bootstrapServer();
  const client = new CoapEndpoint({ transport: await createUdpTransport(), timers: { ackTimeoutMs: 100 } });
  try {
    const ok = await client.request(bs.endpoint.local, { method: Method.POST, path: '/bs?ep=dev&pct=112' });
    assert.equal(ok.message.code, '2.04');
    assert.equal((await client.request(bs.endpoint.local, { method: Method.POST, path: '/bs' })).message.code, '4.00');
    assert.equal((await client.request(bs.endpoint.local, { method: Method.GET, path: '/bspack?ep=dev' })).message.code, '4.04');
    bs.servePack(() => ({ format: 112, payload: Buffer.from([0x80]) }));
    const pack = await client.request(bs.endpoint.local, { method: Method.GET, path: '/bspack?ep=dev' });
    assert.equal(pack.message.code, '2.05');
    bs.answerNext('bootstrap-request', 'no-answer');
    await assert.rejects(client.request(bs.endpoint.local, { method: Method.POST, path: '/bs?ep=dev', timeoutMs: 300 }), /no response/);
    const events = bs.events.all();
    assert.deepEqual(
      events.map((e) => [e.kind, e.responseCode]),
      [
        ['bootstrap-request', '2.04'],
        ['bootstrap-request', '4.00'],
        ['pack-request', '4.04'],
        ['pack-request', '2.05'],
        ['bootstrap-request', undefined],
      ],
    );
    assert.equal(events[0].endpoint, 'dev');
    assert.equal(events[0].preferredFormat, '112');
  } finally {
    await client.close();
    await bs.close();
  }
});

test('bootstraps the reference client over UDP: write, discover, read, delete, finish, then it registers', async () => {
  const bs = await bootstrapServer();
  const server = new TestServer(new CoapEndpoint({ transport: await createUdpTransport() }), {
    lifetimeGraceMs: 100,
    responseTimeoutMs: 2000,
  });
  const client = new ReferenceClient({
    endpoint: 'dev',
    lifetime: 30,
    lwm2mVersion: '1.1',
    bootstrap: { server: bs.endpoint.local, holdOffSeconds: 0 },
  });
  try {
    await client.start();
    await bs.events.waitFor((e) => e.kind === 'bootstrap-request', { timeoutMs: 3000, what: 'Bootstrap-Request' });
    const account: ServerAccount = {
      securityInstance: 0,
      serverInstance: 0,
      uri: server.uri,
      shortServerId: 1,
      lifetime: 30,
      mode: 'nosec',
    };
    const put = (path: string, records: Parameters<typeof encodeContent>[2]) =>
      bs.write(path, encodeContent(TLV, LwM2MPath.parse(path), records, registry), TLV);
    assert.equal((await put('/0', securityRecords(account))).message.code, '2.04');
    assert.equal((await put('/1', serverRecords(account))).message.code, '2.04');

    const discover = await bs.discover('/');
    assert.equal(discover.message.code, '2.05');
    const links = parseLinkFormatBytes(discover.message.payload);
    assert.deepEqual(checkBootstrapDiscover(links, account), []);

    const read = await bs.read('/1', TLV);
    assert.equal(read.message.code, '2.05');
    const records = decodeContent(TLV, LwM2MPath.parse('/1'), read.message.payload, registry);
    assert.equal(records.find((r) => r.path.toString() === '/1/0/1')?.value, 30n);
    assert.equal((await bs.read('/3')).message.code, '4.00', 'Bootstrap-Read is for /1 and /2 only');

    const kept = bootstrapAccountLinks(links);
    assert.equal((await bs.delete('/0')).message.code, '2.02');
    assert.equal((await bs.delete('/1')).message.code, '2.02');
    const after = parseLinkFormatBytes((await bs.discover('/')).message.payload);
    assert.deepEqual(checkBootstrapAccountKept(kept, after), []);
    assert.deepEqual(checkDeleted(after, kept, await bs.read('/1'), registry), []);
    assert.equal((await bs.finish()).message.code, '4.06', 'nothing usable is left: Finish is refused');

    await put('/0', securityRecords(account));
    await put('/1', serverRecords(account));
    assert.equal((await bs.finish()).message.code, '2.04');
    const reg = await server.events.waitFor((e) => e.kind === 'register', { timeoutMs: 3000, what: 'Register' });
    assert.equal(reg.registration?.endpoint, 'dev');
  } finally {
    await client.stop(false);
    await server.close();
    await bs.close();
  }
});

test('checks name what a Bootstrap-Discover lacks', () => {
  const account = { securityInstance: 0, serverInstance: 0, shortServerId: 1 };
  const links = parseLinkFormatBytes(Buffer.from('</0>,</1>,</3/0>'));
  const problems = checkBootstrapDiscover(links, account).join('; ');
  assert.match(problems, /lwm2m=/);
  assert.match(problems, /missing the link <\/0\/0>;ssid=1/);
  assert.match(problems, /Bootstrap-Server account/);
  assert.deepEqual(checkBootstrapAccountKept(['/0/1'], links), [
    'the Bootstrap-Server account </0/1> is gone after the Bootstrap-Delete (TS 1.1 §5.2.7.6 keeps it)',
  ]);
});
