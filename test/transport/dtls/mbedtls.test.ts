/**
 * Interoperability with mbedTLS, the stack inside many LwM2M devices (Anjay, Zephyr): a small peer
 * of ours (peers/mbedtls-peer.c) is compiled for the run, both roles, against Debian's mbedTLS 2.28
 * (libmbedtls-dev) and, for RFC 9146 Connection IDs, against mbedTLS 3.6 built from source
 * (MBEDTLS3_DIR: a tree with include/ and library/*.a; without it those tests are skipped, not passed).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Trace } from '../../../src/trace/trace';
import { createDtlsClient, createDtlsServer, DtlsEndpoint, DtlsSessionInfo } from '../../../src/transport/dtls';
import type { DtlsClientOptions, DtlsServerOptions } from '../../../src/transport/dtls';
import { KEYS, PSK, PSK_HEX, Peer, UdpRelay, freeUdpPort, key, nextDatagram, nextEvent } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'dtls-mbedtls-'));
const binary = join(dir, 'mbedtls-peer');
const binary3 = join(dir, 'mbedtls3-peer');
const MBEDTLS3 = process.env.MBEDTLS3_DIR ?? '/tmp/mbedtls-3.6';
const skip3 = existsSync(join(MBEDTLS3, 'library/libmbedtls.a')) ? false : `no mbedTLS 3 build at ${MBEDTLS3} (set MBEDTLS3_DIR)`;
const cleanup: (() => unknown)[] = [];
before(() => {
  const source = join(__dirname, 'peers/mbedtls-peer.c');
  execFileSync('gcc', ['-O1', '-o', binary, source, '-lmbedtls', '-lmbedx509', '-lmbedcrypto']);
  if (!skip3) {
    const lib = (n: string) => join(MBEDTLS3, 'library', `lib${n}.a`);
    execFileSync('gcc', [
      '-O1',
      '-I',
      join(MBEDTLS3, 'include'),
      '-o',
      binary3,
      source,
      lib('mbedtls'),
      lib('mbedx509'),
      lib('mbedcrypto'),
    ]);
  }
});
after(async () => {
  for (const c of cleanup) await c();
  rmSync(dir, { recursive: true, force: true });
});

async function run(options: DtlsServerOptions, args: (port: number) => string[]) {
  const trace = new Trace();
  const server: DtlsEndpoint = await createDtlsServer({ host: '127.0.0.1', trace, ...options });
  cleanup.push(() => server.close());
  const session = nextEvent<DtlsSessionInfo>(server, 'handshake');
  const got = nextDatagram(server);
  const client = new Peer(binary, ['client', ...args(server.local.port)]);
  cleanup.push(() => client.kill());
  const info = await session;
  const { data, peer } = await got;
  assert.equal(data.toString(), 'hello from mbedtls');
  await server.send(peer, Buffer.from('hello from the harness'));
  await client.waitFor(/GOT hello from the harness/);
  assert.equal(await client.exit(), 0, client.output);
  return { info, trace };
}

test('mbedTLS client with default settings (DTLS 1.0 record version on its first ClientHello), PSK-CCM8', async () => {
  const { info, trace } = await run({ psk: (id) => (id === 'mbed' ? PSK : undefined) }, (port) => [
    '127.0.0.1',
    String(port),
    'psk',
    'mbed',
    PSK_HEX,
  ]);
  assert.equal(info.identity, 'mbed');
  assert.equal(info.cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');
  const firstHello = trace.entries.find((e) => e.direction === 'in' && e.summary.startsWith('client_hello'));
  assert.match(firstHello!.summary, /record version DTLS 1\.0/, 'the trace shows the record version RFC 6347 §4.1 allows here');
});

test('mbedTLS client pinned to DTLS 1.2, ECDHE-ECDSA-CCM8 with certificates both ways', async () => {
  const { info } = await run(
    { certificate: { chain: key('server.crt'), key: key('server.key') }, trustAnchors: [key('ca.crt')], requireClientCertificate: true },
    (port) => [
      '127.0.0.1',
      String(port),
      'x509',
      join(KEYS, 'ca.crt'),
      join(KEYS, 'client.crt'),
      join(KEYS, 'client.key'),
      'server.example.com',
      'pin12',
    ],
  );
  assert.equal(info.cipherSuite, 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8');
  assert.equal(info.identity, 'CN=urn:imei:490154203237518');
});

/** Our client against the mbedTLS server: data to it, its answer back. */
async function toServer(serverArgs: string[], options: DtlsClientOptions) {
  const port = await freeUdpPort();
  const server = new Peer(binary, ['server', '127.0.0.1', String(port), ...serverArgs]);
  cleanup.push(() => server.kill());
  await server.waitFor(/LISTENING/);
  const client: DtlsEndpoint = await createDtlsClient({ host: '127.0.0.1', timers: { initialRetransmitMs: 200 }, ...options });
  cleanup.push(() => client.close());
  const session = nextEvent<DtlsSessionInfo>(client, 'handshake');
  const answer = nextDatagram(client);
  await client.send({ host: '127.0.0.1', port }, Buffer.from('hello from the harness'));
  await server.waitFor(/GOT hello from the harness/);
  assert.equal((await answer).data.toString(), 'hello from mbedtls');
  assert.equal(await server.exit(), 0, server.output);
  return session;
}

test('our client → mbedTLS server, PSK-CCM8', async () => {
  const info = await toServer(['psk', 'mbed', PSK_HEX], { pskIdentity: 'mbed', pskKey: PSK });
  assert.equal(info.cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');
});

test('our client → mbedTLS server, ECDHE-ECDSA-CCM8 with certificates both ways', async () => {
  const info = await toServer(['x509', join(KEYS, 'ca.crt'), join(KEYS, 'server.crt'), join(KEYS, 'server.key'), '-'], {
    certificate: { chain: key('client.crt'), key: key('client.key') },
    trustAnchors: [key('ca.crt')],
    serverName: 'server.example.com',
  });
  assert.equal(info.identity, 'CN=server.example.com');
});

test('mbedTLS 3.6 client with a Connection ID follows through a NAT rebinding to our server', { skip: skip3 }, async () => {
  const trace = new Trace();
  const server: DtlsEndpoint = await createDtlsServer({ host: '127.0.0.1', trace, psk: () => PSK, connectionId: true });
  const relay = await UdpRelay.open(server.local);
  cleanup.push(
    () => server.close(),
    () => relay.close(),
  );
  const session = nextEvent<DtlsSessionInfo>(server, 'handshake');
  const first = nextDatagram(server);
  const client = new Peer(binary3, ['client', '127.0.0.1', String(relay.address.port), 'psk', 'mbed3', PSK_HEX, 'cid']);
  cleanup.push(() => client.kill());
  const info = await session;
  assert.deepEqual(info.connectionId?.out, 'c1d00001', 'we send to the client with its CID');
  assert.ok(info.connectionId?.in, 'we issued our CID');
  const before = await first;
  assert.equal(before.data.toString(), 'hello from mbedtls');
  await server.send(before.peer, Buffer.from('first answer'));
  await client.waitFor(/GOT first answer/);
  await client.waitFor(/CID enabled peer length 6/);

  await relay.rebind();
  const moved = nextEvent(server, 'peerMoved');
  const second = nextDatagram(server);
  client.write('go on\n');
  const after = await second;
  await moved;
  assert.equal(after.data.toString(), 'second hello');
  assert.notDeepEqual(after.peer, before.peer);
  assert.equal(after.info?.sessionKey, before.info?.sessionKey);
  await server.send(after.peer, Buffer.from('second answer'));
  await client.waitFor(/GOT second answer/);
  assert.equal(await client.exit(), 0, client.output);
  assert.ok(
    trace.entries.some((e) => e.direction === 'out' && e.hex?.startsWith('19fefd0001')),
    'tls12_cid records sent',
  );
  assert.ok(
    trace.entries.some((e) => e.direction === 'in' && e.hex?.startsWith('19fefd0001')),
    'tls12_cid records received',
  );
});

test('our client with a Connection ID → mbedTLS 3.6 server', { skip: skip3 }, async () => {
  const port = await freeUdpPort();
  const server = new Peer(binary3, ['server', '127.0.0.1', String(port), 'psk', 'mbed3', PSK_HEX, 'cid']);
  cleanup.push(() => server.kill());
  await server.waitFor(/LISTENING/);
  const trace = new Trace();
  const client: DtlsEndpoint = await createDtlsClient({ host: '127.0.0.1', trace, pskIdentity: 'mbed3', pskKey: PSK, connectionId: true });
  cleanup.push(() => client.close());
  const session = nextEvent<DtlsSessionInfo>(client, 'handshake');
  const answer = nextDatagram(client);
  await client.send({ host: '127.0.0.1', port }, Buffer.from('hello from the harness'));
  assert.equal((await session).connectionId?.out, 'c1d00001', 'we send with the CID the server chose');
  await server.waitFor(/GOT hello from the harness/);
  assert.equal((await answer).data.toString(), 'hello from mbedtls');
  assert.ok(
    trace.entries.some((e) => e.direction === 'out' && e.hex?.startsWith('19fefd0001')),
    'tls12_cid records sent',
  );
});
