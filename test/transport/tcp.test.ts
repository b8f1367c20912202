import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTcpClient, createTcpServer } from '../../src/transport/tcp';
import type { PeerAddress, PeerInfo, StreamTransport } from '../../src/transport/types';
import { EventLog } from '../../src/util/event-log';
import { PACKAGE_ROOT } from '../../src/util/package-root';

const key = (f: string) => fs.readFileSync(path.join(PACKAGE_ROOT, 'fixtures', 'keys', f));
const GET = Buffer.from('4101aab1330130', 'hex');
const PSK = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');

function received(t: StreamTransport) {
  const log = new EventLog<{ data: Buffer; peer: PeerAddress; info?: PeerInfo }>();
  t.onDatagram((data, peer, info) => log.push({ data, peer, info }));
  return log;
}

async function roundTrip(server: StreamTransport, client: StreamTransport) {
  const atServer = received(server);
  const atClient = received(client);
  server.onDatagram((data, peer, info) => {
    atServer.push({ data, peer, info });
    void server.send(peer, data); // echo
  });
  await client.send(server.local, GET);
  const got = await atServer.waitFor(() => true, { after: 0, timeoutMs: 3000, what: 'a frame' });
  assert.deepEqual(got.data, GET);
  assert.deepEqual((await atClient.waitFor(() => true, { after: 0, timeoutMs: 3000, what: 'a frame' })).data, GET);
  return got;
}

test('TCP: frames both ways, the opener written first on each side', async () => {
  const server = await createTcpServer();
  const client = await createTcpClient();
  const SERVER_CSM = Buffer.from('00e1', 'hex');
  const CLIENT_CSM = Buffer.from('10e140', 'hex'); // CSM with Block-Wise-Transfer
  server.onConnection(() => SERVER_CSM);
  client.onConnection(() => CLIENT_CSM);
  const atServer = received(server);
  const atClient = received(client);
  try {
    assert.equal(server.scheme, 'coap+tcp');
    await client.send(server.local, GET);
    assert.deepEqual((await atServer.waitFor(() => true, { after: 0, timeoutMs: 3000, what: 'a frame' })).data, CLIENT_CSM);
    const second = await atServer.waitFor((e) => e.data.equals(GET), { after: 0, timeoutMs: 3000, what: 'a frame' });
    assert.equal(second.peer.port, client.local.port, 'the peer is the client connection address');
    assert.deepEqual((await atClient.waitFor(() => true, { after: 0, timeoutMs: 3000, what: 'a frame' })).data, SERVER_CSM);
  } finally {
    await client.close();
    await server.close();
  }
});

test('TCP: a stream that is not CoAP frames closes the connection with the reason', async () => {
  const server = await createTcpServer({ maxFrameBytes: 64 });
  const client = await createTcpClient();
  const errors = new EventLog<Error>();
  server.onStreamError((_p, e) => errors.push(e));
  try {
    await client.send(server.local, Buffer.from('d0ff01', 'hex')); // Len 13: 268 bytes announced
    const e = await errors.waitFor(() => true, { after: 0, timeoutMs: 3000, what: 'a frame' });
    assert.match(e.message, /a frame of 271 bytes is announced; the limit is 64 bytes/);
  } finally {
    await client.close();
    await server.close();
  }
});

test('TLS with certificates: the server name is checked, the client certificate identifies it', async () => {
  const server = await createTcpServer({
    tls: {
      certificate: { chain: [key('server.crt')], key: key('server.key') },
      trustAnchors: [key('ca.crt')],
      requireClientCertificate: true,
    },
  });
  const tlsClient = (serverName: string) =>
    createTcpClient({
      connectTimeoutMs: 3000,
      tls: { certificate: { chain: [key('client.crt')], key: key('client.key') }, trustAnchors: [key('ca.crt')], serverName },
    });
  try {
    assert.equal(server.scheme, 'coaps+tcp');
    const cn = new (await import('node:crypto')).X509Certificate(key('server.crt')).subject.match(/CN=([^\n]+)/)![1];
    const good = await tlsClient(cn);
    const got = await roundTrip(server, good);
    assert.match(got.info?.identity ?? '', /\S/, 'the client certificate CN is the identity');
    await good.close();
    const wrong = await tlsClient('not-the-server.example');
    await assert.rejects(wrong.send(server.local, GET), /TLS handshake .* failed/);
    await wrong.close();
  } finally {
    await server.close();
  }
});

test('TLS with DER credentials as bootstrap provisions them: the server certificate pinned, a different one refused, the name still checked', async () => {
  const { X509Certificate, createPrivateKey } = await import('node:crypto');
  const der = (f: string) => new X509Certificate(key(f)).raw;
  const derKey = (f: string) => createPrivateKey(key(f)).export({ format: 'der', type: 'pkcs8' });
  const server = await createTcpServer({
    tls: {
      certificate: { chain: [key('server.crt')], key: key('server.key') },
      trustAnchors: [key('ca.crt')],
      requireClientCertificate: true,
    },
  });
  // /0/x/3 client certificate, /0/x/5 its key, /0/x/4 the server's own (end-entity) certificate, all DER.
  const pinnedClient = (pinned: Buffer, serverName?: string) =>
    createTcpClient({
      connectTimeoutMs: 3000,
      tls: { certificate: { chain: [der('client.crt')], key: derKey('client.key') }, trustAnchors: [pinned], serverName },
    });
  try {
    const cn = new X509Certificate(key('server.crt')).subject.match(/CN=([^\n]+)/)![1];
    const good = await pinnedClient(der('server.crt'), cn);
    const got = await roundTrip(server, good);
    assert.match(got.info?.identity ?? '', /\S/, 'the client certificate (from DER) identifies the client');
    await good.close();
    const other = await pinnedClient(der('wronghost.crt'), cn);
    await assert.rejects(other.send(server.local, GET), /neither issued by a trusted CA .* nor the pinned one/);
    await other.close();
    const misnamed = await pinnedClient(der('server.crt'), 'not-the-server.example');
    await assert.rejects(misnamed.send(server.local, GET), /not-the-server\.example/);
    await misnamed.close();
  } finally {
    await server.close();
  }
});

test('TLS-PSK (TLS 1.2 PSK suites): the identity reaches the receiver; a wrong key fails the handshake', async () => {
  const server = await createTcpServer({ tls: { psk: (id) => (id === 'dev1' ? PSK : undefined) } });
  try {
    const client = await createTcpClient({ tls: { pskIdentity: 'dev1', pskKey: PSK } });
    const got = await roundTrip(server, client);
    assert.equal(got.info?.identity, 'dev1');
    await client.close();
    const wrongKey = await createTcpClient({ connectTimeoutMs: 3000, tls: { pskIdentity: 'dev1', pskKey: Buffer.alloc(16, 1) } });
    await assert.rejects(wrongKey.send(server.local, GET), /TLS handshake .* failed/);
    await wrongKey.close();
    const unknown = await createTcpClient({ connectTimeoutMs: 3000, tls: { pskIdentity: 'nobody', pskKey: PSK } });
    await assert.rejects(unknown.send(server.local, GET), /TLS handshake .* failed/);
    await unknown.close();
  } finally {
    await server.close();
  }
});
