/**
 * Interoperability with mbedTLS 2.28 (Debian libmbedtls-dev), the stack inside many LwM2M devices
 * (Anjay, Zephyr): a small peer of ours (peers/mbedtls-peer.c) is compiled for the run, both roles.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Trace } from '../../../src/trace/trace';
import { createDtlsClient, createDtlsServer, DtlsEndpoint, DtlsSessionInfo } from '../../../src/transport/dtls';
import type { DtlsClientOptions, DtlsServerOptions } from '../../../src/transport/dtls';
import { KEYS, PSK, PSK_HEX, Peer, freeUdpPort, key, nextDatagram, nextEvent } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'dtls-mbedtls-'));
const binary = join(dir, 'mbedtls-peer');
const cleanup: (() => unknown)[] = [];
before(() => {
  execFileSync('gcc', ['-O1', '-o', binary, join(__dirname, 'peers/mbedtls-peer.c'), '-lmbedtls', '-lmbedx509', '-lmbedcrypto']);
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
  const { info, trace } = await run({ psk: (id) => (id === 'mbed' ? PSK : undefined) }, (port) => ['127.0.0.1', String(port), 'psk', 'mbed', PSK_HEX]);
  assert.equal(info.identity, 'mbed');
  assert.equal(info.cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');
  const firstHello = trace.entries.find((e) => e.direction === 'in' && e.summary.startsWith('client_hello'));
  assert.match(firstHello!.summary, /record version DTLS 1\.0/, 'the trace shows the record version RFC 6347 §4.1 allows here');
});

test('mbedTLS client pinned to DTLS 1.2, ECDHE-ECDSA-CCM8 with certificates both ways', async () => {
  const { info } = await run(
    { certificate: { chain: key('server.crt'), key: key('server.key') }, trustAnchors: [key('ca.crt')], requireClientCertificate: true },
    (port) => ['127.0.0.1', String(port), 'x509', join(KEYS, 'ca.crt'), join(KEYS, 'client.crt'), join(KEYS, 'client.key'), 'server.example.com', 'pin12'],
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
