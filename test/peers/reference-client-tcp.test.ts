/**
 * The reference client over CoAP over TLS (RFC 8323) against the harness's own peers, in process:
 * X.509 and PSK channels to a coaps+tcp:// Test Server (Register b=T, a Read over the same
 * connection), and the int-404/406 flow at peer level: a bootstrap over coaps+tcp:// PSK that
 * provisions a coaps+tcp:// server account, then the Register there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { CoapEndpoint } from '../../src/coap/endpoint';
import { SignalCode } from '../../src/coap/signalling';
import { createTcpServer } from '../../src/transport/tcp';
import { TestBootstrapServer, securityRecords, serverRecords, type ServerAccount } from '../../src/peers/test-bootstrap-server';
import { TestServer } from '../../src/peers/test-server';
import { ReferenceClient, type ClientSecurity } from '../../src/peers/reference-client/client';
import { encodeContent } from '../../src/lwm2m/content';
import { LwM2MPath } from '../../src/lwm2m/path';
import { ObjectRegistry } from '../../src/lwm2m/model';
import { PACKAGE_ROOT } from '../../src/util/package-root';

const registry = ObjectRegistry.bundled();
const TLV = 11542;
const key = (f: string) => fs.readFileSync(path.join(PACKAGE_ROOT, 'fixtures', 'keys', f));
const PSK = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex');
const serverCn = () => new X509Certificate(key('server.crt')).subject.match(/CN=([^\n]+)/)![1];

async function registersAndAnswers(server: TestServer, security: ClientSecurity): Promise<void> {
  const { host, port } = server.endpoint.local;
  const client = new ReferenceClient({
    server: { host, port },
    tcp: true,
    security,
    endpoint: 'tls-dev',
    lifetime: 30,
    lwm2mVersion: '1.1',
  });
  try {
    await client.start();
    const event = await server.events.waitFor((e) => e.kind === 'register', { after: 0, timeoutMs: 5000, what: 'Register' });
    assert.equal(event.request!.query.get('b'), 'T');
    assert.equal(event.request!.message.reliable, true);
    assert.equal(server.endpoint.inbox.all()[0].message?.code, SignalCode.CSM);
    const read = await server.read(event.registration!, '/3/0', TLV);
    assert.equal(read.message.code, '2.05');
  } finally {
    await client.stop(false);
  }
}

test('the reference client registers over coaps+tcp:// with X.509 and answers a Read', async () => {
  const transport = await createTcpServer({
    tls: {
      certificate: { chain: [key('server.crt')], key: key('server.key') },
      trustAnchors: [key('ca.crt')],
      requireClientCertificate: true,
    },
  });
  const server = new TestServer(new CoapEndpoint({ transport }), { lifetimeGraceMs: 100, responseTimeoutMs: 2000 });
  try {
    await registersAndAnswers(server, {
      mode: 'x509',
      certificate: key('client.crt'),
      privateKey: key('client.key'),
      trustAnchor: key('ca.crt'),
      serverName: serverCn(),
    });
  } finally {
    await server.close();
  }
});

test('the reference client registers over coaps+tcp:// with a PSK and answers a Read', async () => {
  const transport = await createTcpServer({ tls: { psk: (id) => (id === 'tls-dev' ? PSK : undefined) } });
  const server = new TestServer(new CoapEndpoint({ transport }), { lifetimeGraceMs: 100, responseTimeoutMs: 2000 });
  try {
    await registersAndAnswers(server, { mode: 'psk', identity: 'tls-dev', key: PSK });
  } finally {
    await server.close();
  }
});

test('bootstrap over coaps+tcp:// (PSK) provisions a coaps+tcp:// server, where the client registers with b=T', async () => {
  const psk = (id: string) => (id === 'tls-dev' ? PSK : undefined);
  const bs = new TestBootstrapServer(new CoapEndpoint({ transport: await createTcpServer({ tls: { psk } }) }), { responseTimeoutMs: 2000 });
  const server = new TestServer(new CoapEndpoint({ transport: await createTcpServer({ tls: { psk } }) }), {
    lifetimeGraceMs: 100,
    responseTimeoutMs: 2000,
  });
  const client = new ReferenceClient({
    endpoint: 'tls-dev',
    lifetime: 30,
    lwm2mVersion: '1.1',
    tcp: true,
    security: { mode: 'psk', identity: 'tls-dev', key: PSK },
    bootstrap: { server: bs.endpoint.local, holdOffSeconds: 0 },
  });
  try {
    assert.match(server.uri, /^coaps\+tcp:\/\//);
    await client.start();
    await bs.events.waitFor((e) => e.kind === 'bootstrap-request', { after: 0, timeoutMs: 5000, what: 'Bootstrap-Request' });
    const account: ServerAccount = {
      securityInstance: 0,
      serverInstance: 0,
      uri: server.uri,
      shortServerId: 1,
      lifetime: 30,
      binding: 'T',
      mode: 'psk',
      publicKeyOrIdentity: Buffer.from('tls-dev'),
      secretKey: PSK,
    };
    const put = (p: string, records: Parameters<typeof encodeContent>[2]) =>
      bs.write(p, encodeContent(TLV, LwM2MPath.parse(p), records, registry), TLV);
    assert.equal((await put('/0', securityRecords(account))).message.code, '2.04');
    assert.equal((await put('/1', serverRecords(account))).message.code, '2.04');
    assert.equal((await bs.finish()).message.code, '2.04');
    const reg = await server.events.waitFor((e) => e.kind === 'register', { after: 0, timeoutMs: 5000, what: 'Register' });
    assert.equal(reg.request!.query.get('b'), 'T');
    assert.equal(reg.request!.info?.identity, 'tls-dev');
    assert.equal(bs.endpoint.inbox.all()[0].message?.code, SignalCode.CSM, 'a CSM opens the bootstrap connection too');
  } finally {
    await client.stop(false);
    await server.close();
    await bs.close();
  }
});
