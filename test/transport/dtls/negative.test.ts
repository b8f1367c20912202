/** Refusals: each handshake failure and each dropped record is refused and explained in the trace. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { Trace } from '../../../src/trace/trace';
import { createDtlsClient, createDtlsServer, DtlsEndpoint, DtlsError } from '../../../src/transport/dtls';
import { encodeRecord, parseDatagram } from '../../../src/transport/dtls/record';
import { encodeFragment } from '../../../src/transport/dtls/handshake-framing';
import { encodeClientHello } from '../../../src/transport/dtls/messages';
import { PSK, UdpRelay, key, nextDatagram, nextEvent, traceEntry } from './helpers';

const endpoints: DtlsEndpoint[] = [];
const relays: UdpRelay[] = [];
after(async () => {
  for (const e of endpoints) await e.close();
  for (const r of relays) await r.close();
});
const timers = { initialRetransmitMs: 100, maxRetransmitMs: 400, maxRetransmissions: 3 };

async function setup(server: Parameters<typeof createDtlsServer>[0], client: Parameters<typeof createDtlsClient>[0]) {
  const trace = new Trace();
  const s = await createDtlsServer({ host: '127.0.0.1', timers, trace, ...server });
  const c = await createDtlsClient({ host: '127.0.0.1', timers, trace, ...client });
  endpoints.push(s, c);
  return { s, c, trace };
}

const problems = (t: Trace) => t.entries.filter((e) => e.problem).map((e) => e.problem!);

async function refused(server: Parameters<typeof createDtlsServer>[0], client: Parameters<typeof createDtlsClient>[0]) {
  const { s, c, trace } = await setup(server, client);
  // The server's verdict, or undefined if it has none within the deadline (e.g. the client refused first).
  const serverFailure = new Promise<DtlsError | undefined>((resolve) => {
    const deadline = setTimeout(resolve, 2000, undefined);
    s.once('handshakeFailed', (f) => {
      clearTimeout(deadline);
      resolve(f.error);
    });
  });
  const clientError = await c.send(s.local, Buffer.from('x')).then(
    () => assert.fail('the handshake should have failed'),
    (e: DtlsError) => e,
  );
  return { clientError, serverError: await serverFailure, trace };
}

test('wrong PSK: the server cannot authenticate the Finished record, alerts decrypt_error, and says why', async () => {
  const { clientError, serverError, trace } = await refused(
    { psk: () => PSK },
    { pskIdentity: 'dev1', pskKey: PSK, faults: { wrongPsk: true } },
  );
  assert.equal(serverError?.reason, 'decrypt-error');
  assert.equal(clientError.reason, 'alert-received');
  assert.equal(clientError.alert, 'decrypt_error');
  assert.ok(problems(trace).some((p) => /failed authentication \(bad MAC\)/.test(p)));
  assert.ok(problems(trace).some((p) => /wrong PSK/.test(p)));
});

test('fault acceptUnverifiedFinished: the server answers a wrong-key Finished with its own, which the client cannot authenticate', async () => {
  const { s, c } = await setup(
    { psk: () => PSK, faults: { acceptUnverifiedFinished: true } },
    { pskIdentity: 'dev1', pskKey: Buffer.from(PSK.map((b) => b ^ 0xa5)) },
  );
  const serverDone = nextEvent(s, 'handshake');
  const clientError = await c.send(s.local, Buffer.from('x')).then(
    () => assert.fail('the client should not accept a Finished made with another key'),
    (e: DtlsError) => e,
  );
  await serverDone;
  assert.equal(clientError.reason, 'decrypt-error');
  assert.match(clientError.message, /Finished/);
});

test('unknown PSK identity: refused with unknown_psk_identity', async () => {
  const { clientError, serverError, trace } = await refused(
    { psk: (id) => (id === 'known' ? PSK : undefined) },
    { pskIdentity: 'stranger', pskKey: PSK },
  );
  assert.equal(serverError?.reason, 'unknown-psk-identity');
  assert.equal(clientError.alert, 'unknown_psk_identity');
  assert.ok(problems(trace).some((p) => p.includes('unknown PSK identity "stranger"')));
});

test('server certificate for another host: the client refuses it', async () => {
  const { clientError, serverError, trace } = await refused(
    { certificate: { chain: key('wronghost.crt'), key: key('wronghost.key') } },
    { trustAnchors: [key('ca.crt')] },
  );
  assert.equal(clientError.reason, 'hostname-mismatch');
  // What a Test Server sees when a DUT client refuses its certificate (int-403).
  assert.equal(serverError?.reason, 'alert-received');
  assert.equal(serverError?.alert, 'bad_certificate');
  assert.match(clientError.message, /other\.example\.net.* is not valid for host 127\.0\.0\.1/);
  assert.ok(trace.entries.some((e) => /alert fatal bad_certificate/.test(e.summary)));
});

test('expired server certificate: refused with certificate_expired', async () => {
  const { clientError } = await refused(
    { certificate: { chain: key('expired.crt'), key: key('expired.key') } },
    { trustAnchors: [key('ca.crt')] },
  );
  assert.equal(clientError.reason, 'certificate-expired');
  assert.match(clientError.message, /expired on/);
});

test('expired client certificate: the server refuses it', async () => {
  const { serverError, clientError } = await refused(
    { certificate: { chain: key('server.crt'), key: key('server.key') }, trustAnchors: [key('ca.crt')], requireClientCertificate: true },
    { certificate: { chain: key('expired.crt'), key: key('expired.key') }, trustAnchors: [key('ca.crt')] },
  );
  assert.equal(serverError?.reason, 'certificate-expired');
  assert.equal(clientError.alert, 'certificate_expired');
});

test('certificate from an unknown CA, and a missing client certificate, are refused', async () => {
  const unknown = await refused(
    { certificate: { chain: key('server.crt'), key: key('server.key') } },
    { trustAnchors: [key('client.crt')] },
  );
  assert.equal(unknown.clientError.reason, 'unknown-ca');
  const missing = await refused(
    { certificate: { chain: key('server.crt'), key: key('server.key') }, trustAnchors: [key('ca.crt')], requireClientCertificate: true },
    { trustAnchors: [key('ca.crt')] },
  );
  assert.equal(missing.serverError?.reason, 'bad-certificate');
  assert.match(missing.serverError!.message, /no certificate/);
});

test('untrusted raw public key is refused', async () => {
  const { clientError } = await refused(
    { rawPublicKey: { key: key('rpk-server.key') } },
    { rawPublicKey: { key: key('rpk-client.key'), trustedPeerKeys: [key('rpk-client.spki.der')] } },
  );
  assert.equal(clientError.reason, 'untrusted-key');
});

test('no cipher suite in common: handshake_failure naming both lists', async () => {
  const { serverError, clientError } = await refused(
    { psk: () => PSK, cipherSuites: ['TLS_PSK_WITH_AES_128_CBC_SHA256'] },
    { pskIdentity: 'a', pskKey: PSK, cipherSuites: ['TLS_PSK_WITH_AES_128_CCM_8'] },
  );
  assert.equal(serverError?.reason, 'no-common-cipher-suite');
  assert.match(serverError!.message, /client offers \[TLS_PSK_WITH_AES_128_CCM_8.*server allows \[TLS_PSK_WITH_AES_128_CBC_SHA256\]/);
  assert.equal(clientError.alert, 'handshake_failure');
});

test('a silent server: the client gives up after the configured retransmissions', async () => {
  const silent = createSocket('udp4');
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
  const trace = new Trace();
  const c = await createDtlsClient({ host: '127.0.0.1', timers, trace, pskIdentity: 'a', pskKey: PSK });
  endpoints.push(c);
  await assert.rejects(
    c.send({ host: '127.0.0.1', port: silent.address().port }, Buffer.from('x')),
    (e: DtlsError) => e.reason === 'timeout' && /after 3 retransmissions/.test(e.message),
  );
  assert.equal(trace.entries.filter((e) => /flight 1, retransmission/.test(e.summary)).length, 3);
  silent.close();
});

test('tampered and replayed records are dropped and explained; the session carries on', async () => {
  const trace = new Trace();
  const s = await createDtlsServer({ host: '127.0.0.1', timers, trace, psk: () => PSK });
  const relay = await UdpRelay.open(s.local);
  const c = await createDtlsClient({ host: '127.0.0.1', timers, pskIdentity: 'dev1', pskKey: PSK });
  endpoints.push(s, c);
  relays.push(relay);
  const first = nextDatagram(s);
  await c.send(relay.address, Buffer.from('one'));
  assert.equal((await first).data.toString(), 'one');

  let mode: 'tamper' | 'replay' | 'pass' = 'tamper';
  relay.tamper = (d) => {
    const isAppData = parseDatagram(d, 0).records.some((r) => r.type === 23);
    if (!isAppData || mode === 'pass') return [d];
    if (mode === 'tamper') {
      const bad = Buffer.from(d);
      bad[bad.length - 1] ^= 0x01; // inside the CCM tag
      return [bad];
    }
    return [d, d]; // the second copy is a replay
  };
  const got: string[] = [];
  const afterArrived = new Promise<void>((resolve) =>
    s.onDatagram((data) => {
      got.push(data.toString());
      if (data.toString() === 'after') resolve();
    }),
  );
  await c.send(relay.address, Buffer.from('tampered'));
  await traceEntry(trace, (e) => /bad MAC/.test(e.problem ?? ''));
  mode = 'replay';
  await c.send(relay.address, Buffer.from('twice'));
  await traceEntry(trace, (e) => /replayed record .* anti-replay window/.test(e.problem ?? ''));
  mode = 'pass';
  await c.send(relay.address, Buffer.from('after'));
  await afterArrived;
  assert.deepEqual(got, ['twice', 'after']);
});

test('garbage and truncated datagrams never crash the server and are traced with their offset', async () => {
  const trace = new Trace();
  const s = await createDtlsServer({ host: '127.0.0.1', timers, trace, psk: () => PSK });
  endpoints.push(s);
  const raw = createSocket('udp4');
  await new Promise<void>((r) => raw.bind(0, '127.0.0.1', () => r()));
  const junk = [
    Buffer.from('hello world'),
    Buffer.from('16fefd00000000000000000005010000', 'hex'), // truncated record
    Buffer.from('16fefd000000000000000000040100ffff', 'hex'), // handshake length beyond the record
    Buffer.from('17fefd00010000000000010010' + '00'.repeat(16), 'hex'), // epoch 1 data, no session
  ];
  for (const j of junk) raw.send(j, s.local.port, '127.0.0.1');
  await traceEntry(trace, () => trace.entries.filter((e) => e.problem).length >= junk.length);
  assert.ok(problems(trace).some((p) => /record content type at offset 0/.test(p)));
  assert.ok(problems(trace).some((p) => /no DTLS session with this peer/.test(p)));
  raw.close();
  // Still serving.
  const c = await createDtlsClient({ host: '127.0.0.1', timers, pskIdentity: 'a', pskKey: PSK });
  endpoints.push(c);
  const got = nextDatagram(s);
  await c.send(s.local, Buffer.from('still alive'));
  assert.equal((await got).data.toString(), 'still alive');
});

/** A PSK server and client with a NAT-like relay between them, after a first datagram went through. */
async function relayedSession(serverCid: boolean) {
  const trace = new Trace();
  const s = await createDtlsServer({ host: '127.0.0.1', timers, trace, psk: () => PSK, connectionId: serverCid });
  const relay = await UdpRelay.open(s.local);
  const c = await createDtlsClient({ host: '127.0.0.1', timers, pskIdentity: 'dev1', pskKey: PSK, connectionId: true });
  endpoints.push(s, c);
  relays.push(relay);
  const first = nextDatagram(s);
  await c.send(relay.address, Buffer.from('before'));
  return { s, c, relay, trace, before: await first };
}

test('Connection ID: the session follows the client to a new address (NAT rebinding)', async () => {
  const { s, c, relay, trace, before } = await relayedSession(true);
  assert.deepEqual(before.peer, relay.outsideAddress);
  assert.ok(c.sessions()[0].connectionId?.out, 'the client sends a CID');
  assert.ok(
    trace.entries.some((e) => e.direction === 'in' && e.hex?.startsWith('19fefd')),
    'tls12_cid records on the wire',
  );

  await relay.rebind();
  const moved = nextEvent<{ from: unknown; to: unknown }>(s, 'peerMoved');
  const second = nextDatagram(s);
  await c.send(relay.address, Buffer.from('after'));
  const after = await second;
  await moved;
  assert.deepEqual(after.peer, relay.outsideAddress);
  assert.notDeepEqual(after.peer, before.peer);
  assert.equal(after.info?.sessionKey, before.info?.sessionKey);
  const reply = nextDatagram(c);
  await s.send(after.peer, Buffer.from('found you'));
  assert.equal((await reply).data.toString(), 'found you');
});

test('without a Connection ID a rebound client is a stranger to the server', async () => {
  const { c, relay, trace } = await relayedSession(false);
  assert.equal(c.sessions()[0].connectionId, undefined, 'server did not agree to a CID');
  await relay.rebind();
  await c.send(relay.address, Buffer.from('after'));
  await traceEntry(trace, (e) => e.problem === 'no DTLS session with this peer');
});

test('a wrong Finished is refused on either side with decrypt_error', async () => {
  const fromServer = await refused({ psk: () => PSK, faults: { corruptFinished: true } }, { pskIdentity: 'a', pskKey: PSK });
  assert.equal(fromServer.clientError.reason, 'decrypt-error');
  assert.match(fromServer.clientError.message, /server Finished verify_data does not match/);
  const fromClient = await refused({ psk: () => PSK }, { pskIdentity: 'a', pskKey: PSK, faults: { corruptFinished: true } });
  assert.equal(fromClient.serverError?.reason, 'decrypt-error');
  assert.match(fromClient.serverError!.message, /client Finished verify_data does not match/);
  assert.equal(fromClient.clientError.alert, 'decrypt_error');
});

test('a ClientHello with a forged cookie gets a fresh HelloVerifyRequest, not a session', async () => {
  const trace = new Trace();
  const s = await createDtlsServer({ host: '127.0.0.1', timers, trace, psk: () => PSK });
  endpoints.push(s);
  const raw = createSocket('udp4');
  await new Promise<void>((r) => raw.bind(0, '127.0.0.1', () => r()));
  const hello = encodeClientHello({
    version: 0xfefd,
    random: Buffer.alloc(32, 1),
    sessionId: Buffer.alloc(0),
    cookie: Buffer.alloc(16, 0xab),
    cipherSuites: [0xc0a8],
    compressionMethods: [0],
    extensions: [],
  });
  const reply = new Promise<Buffer>((resolve) => raw.once('message', resolve));
  raw.send(encodeRecord(22, 0xfefd, 0, 7, encodeFragment(1, hello.length, 1, 0, hello)), s.local.port, '127.0.0.1');
  const answer = parseDatagram(await reply, 0).records[0];
  assert.equal(answer.fragment[0], 3, 'hello_verify_request');
  assert.equal(answer.seq, 7, 'same record sequence number as the ClientHello');
  assert.ok(trace.entries.some((e) => e.problem === 'cookie does not verify'));
  assert.equal(s.sessions().length, 0);
  raw.close();
});
