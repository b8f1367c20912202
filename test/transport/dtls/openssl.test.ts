/** Interoperability with OpenSSL's DTLS 1.2 (`openssl s_server` / `s_client`), a stack nobody here wrote. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Trace } from '../../../src/trace/trace';
import { createDtlsClient, createDtlsServer, DtlsError, DtlsSessionInfo } from '../../../src/transport/dtls';
import { KEYS, PSK, PSK_HEX, Peer, freeUdpPort, key, nextDatagram, nextEvent, traceEntry, cleanupAfterFile, FAST_TIMERS } from './helpers';

const { peers, endpoints } = cleanupAfterFile(after);
const timers = FAST_TIMERS;
const k = (f: string) => join(KEYS, f);

function start(args: string[]): Peer {
  const p = new Peer('openssl', args);
  peers.push(p);
  return p;
}

async function sServer(extra: string[]): Promise<{ port: number; server: Peer }> {
  const port = await freeUdpPort();
  const server = start(['s_server', '-dtls1_2', '-accept', `127.0.0.1:${port}`, ...extra]);
  await server.waitFor(/ACCEPT/);
  return { port, server };
}

/** Our client talks to s_server: data to it (printed by s_server), data back (typed into s_server). */
async function clientToSServer(server: Peer, port: number, options: Parameters<typeof createDtlsClient>[0]) {
  const client = await createDtlsClient({ host: '127.0.0.1', timers, ...options });
  endpoints.push(client);
  await client.send({ host: '127.0.0.1', port }, Buffer.from('hello from the harness\n'));
  await server.waitFor(/hello from the harness/);
  const back = nextDatagram(client);
  server.write('hello from openssl\n');
  assert.equal((await back).data.toString(), 'hello from openssl\n');
  return client;
}

/** s_client talks to our server: data typed into s_client arrives, our answer is printed by s_client. */
async function sClientToServer(options: Parameters<typeof createDtlsServer>[0], clientArgs: string[]) {
  const trace = new Trace();
  const server = await createDtlsServer({ host: '127.0.0.1', timers, trace, ...options });
  endpoints.push(server);
  const session = nextEvent<DtlsSessionInfo>(server, 'handshake');
  const client = start(['s_client', '-dtls1_2', '-connect', `127.0.0.1:${server.local.port}`, ...clientArgs]);
  const info = await session;
  const got = nextDatagram(server);
  client.write('hello from openssl\n');
  const { data, peer } = await got;
  assert.equal(data.toString(), 'hello from openssl\n');
  await server.send(peer, Buffer.from('hello from the harness\n'));
  await client.waitFor(/hello from the harness/);
  return { info, client, trace };
}

const PSK_ARGS = ['-psk', PSK_HEX, '-cipher', 'PSK-AES128-CCM8'];
const ECDSA_CCM8 = ['-cipher', 'ECDHE-ECDSA-AES128-CCM8'];

test('our client → openssl s_server, PSK-AES128-CCM8', async () => {
  const { port, server } = await sServer([...PSK_ARGS, '-psk_identity', 'dev1', '-nocert']);
  const client = await clientToSServer(server, port, { pskIdentity: 'dev1', pskKey: PSK });
  assert.equal(client.sessions()[0].cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');
  assert.match(server.output, /CIPHER is PSK-AES128-CCM8/);
});

test('openssl s_client → our server, PSK-AES128-CCM8', async () => {
  const { info } = await sClientToServer({ psk: (id) => (id === 'dev1' ? PSK : undefined) }, [...PSK_ARGS, '-psk_identity', 'dev1']);
  assert.equal(info.identity, 'dev1');
  assert.equal(info.cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');
  assert.equal(info.extendedMasterSecret, true);
});

test('our client ↔ openssl, PSK-AES128-CBC-SHA256 both directions', async () => {
  const args = ['-psk', PSK_HEX, '-cipher', 'PSK-AES128-CBC-SHA256'];
  const { port, server } = await sServer([...args, '-psk_identity', 'dev1', '-nocert']);
  const client = await clientToSServer(server, port, {
    pskIdentity: 'dev1',
    pskKey: PSK,
    cipherSuites: ['TLS_PSK_WITH_AES_128_CBC_SHA256'],
  });
  assert.equal(client.sessions()[0].cipherSuite, 'TLS_PSK_WITH_AES_128_CBC_SHA256');
  const { info } = await sClientToServer({ psk: () => PSK, cipherSuites: ['TLS_PSK_WITH_AES_128_CBC_SHA256'] }, [
    ...args,
    '-psk_identity',
    'dev1',
  ]);
  assert.equal(info.cipherSuite, 'TLS_PSK_WITH_AES_128_CBC_SHA256');
});

test('our client → openssl s_server, ECDHE-ECDSA-AES128-CCM8 with an X.509 chain and a client certificate', async () => {
  const { port, server } = await sServer([
    ...ECDSA_CCM8,
    '-cert',
    k('server.crt'),
    '-key',
    k('server.key'),
    '-CAfile',
    k('ca.crt'),
    '-Verify',
    '1',
  ]);
  const client = await clientToSServer(server, port, {
    certificate: { chain: key('client.crt'), key: key('client.key') },
    trustAnchors: [key('ca.crt')],
    serverName: 'server.example.com',
  });
  assert.equal(client.sessions()[0].identity, 'CN=server.example.com');
  assert.match(server.output, /subject=CN ?= ?urn:imei:490154203237518/);
});

test('our client → openssl s_server, ECDHE-ECDSA-AES128-GCM-SHA256', async () => {
  const { port, server } = await sServer(['-cipher', 'ECDHE-ECDSA-AES128-GCM-SHA256', '-cert', k('server.crt'), '-key', k('server.key')]);
  const client = await clientToSServer(server, port, {
    trustAnchors: [key('ca.crt')],
    cipherSuites: ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
  });
  assert.equal(client.sessions()[0].cipherSuite, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
});

test('openssl s_client → our server, ECDHE-ECDSA (CCM8 and GCM) with client certificate required', async () => {
  const options = {
    certificate: { chain: key('server.crt'), key: key('server.key') },
    trustAnchors: [key('ca.crt')],
    requireClientCertificate: true,
  };
  const clientArgs = [
    '-cert',
    k('client.crt'),
    '-key',
    k('client.key'),
    '-CAfile',
    k('ca.crt'),
    '-verify_return_error',
    '-verify_hostname',
    'server.example.com',
  ];
  const ccm = await sClientToServer(options, [...ECDSA_CCM8, ...clientArgs]);
  assert.equal(ccm.info.identity, 'CN=urn:imei:490154203237518');
  assert.match(ccm.client.output, /Verification: OK/);
  const gcm = await sClientToServer(options, ['-cipher', 'ECDHE-ECDSA-AES128-GCM-SHA256', ...clientArgs]);
  assert.equal(gcm.info.cipherSuite, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
});

test('certificate chains through an intermediate CA, both directions with openssl', async () => {
  const { port, server } = await sServer([
    ...ECDSA_CCM8,
    '-cert',
    k('chained.crt'),
    '-cert_chain',
    k('intermediate.crt'),
    '-key',
    k('chained.key'),
  ]);
  const client = await clientToSServer(server, port, { trustAnchors: [key('ca.crt')], serverName: 'chained.example.com' });
  assert.equal(client.sessions()[0].identity, 'CN=chained.example.com');
  const { client: sClient } = await sClientToServer(
    { certificate: { chain: [key('chained.crt'), key('intermediate.crt')], key: key('chained.key') } },
    [...ECDSA_CCM8, '-CAfile', k('ca.crt'), '-verify_return_error', '-verify_hostname', 'chained.example.com'],
  );
  assert.match(sClient.output, /Verification: OK/);
  assert.match(sClient.output, /depth=2 CN ?= ?lwm2m-conformance test CA/);
});

test('our client refuses an openssl server whose certificate names another host', async () => {
  const { port } = await sServer([...ECDSA_CCM8, '-cert', k('wronghost.crt'), '-key', k('wronghost.key')]);
  const trace = new Trace();
  const client = await createDtlsClient({
    host: '127.0.0.1',
    timers,
    trace,
    trustAnchors: [key('ca.crt')],
    serverName: 'server.example.com',
  });
  endpoints.push(client);
  await assert.rejects(
    client.send({ host: '127.0.0.1', port }, Buffer.from('x')),
    (e: DtlsError) => e.reason === 'hostname-mismatch' && /not valid for host server.example.com/.test(e.message),
  );
  assert.ok(
    trace.entries.some((e) => /alert fatal bad_certificate/.test(e.summary)),
    'the refusal is sent as an alert and traced',
  );
});

test('our server refuses openssl s_client with the wrong PSK, and explains it', async () => {
  const trace = new Trace();
  const server = await createDtlsServer({ host: '127.0.0.1', timers, trace, psk: () => PSK });
  endpoints.push(server);
  const failed = nextEvent<{ reason: string }>(server, 'handshakeFailed');
  const client = start([
    's_client',
    '-dtls1_2',
    '-connect',
    `127.0.0.1:${server.local.port}`,
    '-psk',
    '00112233',
    '-psk_identity',
    'dev1',
    '-cipher',
    'PSK-AES128-CCM8',
  ]);
  assert.equal((await failed).reason, 'decrypt-error');
  await client.waitFor(/alert (decrypt error|bad record mac)|SSL alert number 51/i);
  assert.ok(trace.entries.some((e) => e.problem && /failed authentication \(bad MAC\)/.test(e.problem)));
  assert.ok(trace.entries.some((e) => e.problem && /wrong PSK/.test(e.problem)));
});

test('renegotiation asked by openssl s_client is refused with a no_renegotiation warning', async () => {
  const { client, trace } = await sClientToServer({ psk: () => PSK }, [...PSK_ARGS, '-psk_identity', 'dev1']);
  client.write('R\n');
  await client.waitFor(/RENEGOTIATING/);
  await traceEntry(trace, (e) => e.summary === 'renegotiation refused');
  await traceEntry(trace, (e) => /alert warning no_renegotiation/.test(e.summary));
});

test('renegotiation asked by openssl s_server (HelloRequest) is refused by our client', async () => {
  const { port, server } = await sServer([...PSK_ARGS, '-psk_identity', 'dev1', '-nocert']);
  const trace = new Trace();
  await clientToSServer(server, port, { pskIdentity: 'dev1', pskKey: PSK, trace });
  server.write('R\n');
  await traceEntry(trace, (e) => e.summary === 'renegotiation refused' && /hello_request/.test(e.problem ?? ''));
  await traceEntry(trace, (e) => /alert warning no_renegotiation/.test(e.summary));
});
