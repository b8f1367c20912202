import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Trace } from '../../../src/trace/trace';
import { createDtlsClient, createDtlsServer, DtlsEndpoint, DtlsError, DtlsSessionInfo, CipherSuiteName } from '../../../src/transport/dtls';
import { PSK, key, nextDatagram, nextEvent } from './helpers';

const open: DtlsEndpoint[] = [];
after(async () => {
  for (const e of open) await e.close();
});
const timers = { initialRetransmitMs: 100, maxRetransmitMs: 400, maxRetransmissions: 4 };

async function pair(server: Parameters<typeof createDtlsServer>[0], client: Parameters<typeof createDtlsClient>[0]) {
  const trace = new Trace();
  const s = await createDtlsServer({ host: '127.0.0.1', timers, trace, ...server });
  const c = await createDtlsClient({ host: '127.0.0.1', timers, trace, ...client });
  open.push(s, c);
  return { s, c, trace };
}

async function exchange(s: DtlsEndpoint, c: DtlsEndpoint) {
  const serverSession = nextEvent<DtlsSessionInfo>(s, 'handshake');
  const got = nextDatagram(s);
  await c.send(s.local, Buffer.from('ping'));
  const { data, peer, info } = await got;
  assert.equal(data.toString(), 'ping');
  const back = nextDatagram(c);
  await s.send(peer, Buffer.from('pong'));
  assert.equal((await back).data.toString(), 'pong');
  return { session: await serverSession, info };
}

for (const suite of ['TLS_PSK_WITH_AES_128_CCM_8', 'TLS_PSK_WITH_AES_128_CBC_SHA256'] as CipherSuiteName[]) {
  test(`own client and server: PSK handshake and data both ways with ${suite}`, async () => {
    const { s, c, trace } = await pair(
      { psk: (id) => (id === 'dev1' ? PSK : undefined), cipherSuites: [suite] },
      { pskIdentity: 'dev1', pskKey: PSK },
    );
    const { session, info } = await exchange(s, c);
    assert.equal(session.identity, 'dev1');
    assert.equal(session.cipherSuite, suite);
    assert.equal(session.extendedMasterSecret, true);
    assert.equal(info?.identity, 'dev1');
    assert.equal(info?.sessionKey, session.sessionKey);
    const names = trace.entries.filter((e) => e.layer === 'dtls').map((e) => e.summary);
    for (const n of [
      'client_hello',
      'hello_verify_request',
      'server_hello',
      'server_hello_done',
      'client_key_exchange',
      'ChangeCipherSpec',
      'finished',
      'application_data 4 bytes',
    ])
      assert.ok(
        names.some((x) => x.includes(n)),
        `trace names ${n}`,
      );
    assert.ok(
      trace.entries.every((e) => !e.problem),
      'no problem recorded',
    );
  });
}

for (const suite of ['TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'] as CipherSuiteName[]) {
  test(`own client and server: X.509 with client certificate, ${suite}`, async () => {
    const { s, c } = await pair(
      {
        certificate: { chain: key('server.crt'), key: key('server.key') },
        trustAnchors: [key('ca.crt')],
        requireClientCertificate: true,
        cipherSuites: [suite],
      },
      {
        certificate: { chain: key('client.crt'), key: key('client.key') },
        trustAnchors: [key('ca.crt')],
        serverName: 'server.example.com',
      },
    );
    const { session } = await exchange(s, c);
    assert.equal(session.cipherSuite, suite);
    assert.equal(session.identity, 'CN=urn:imei:490154203237518');
    assert.equal(c.sessions()[0].identity, 'CN=server.example.com');
  });
}

test('own client and server: raw public keys both ways (RFC 7250)', async () => {
  const { s, c } = await pair(
    { rawPublicKey: { key: key('rpk-server.key'), trustedPeerKeys: [key('rpk-client.spki.der')] }, requireClientCertificate: true },
    { rawPublicKey: { key: key('rpk-client.key'), trustedPeerKeys: [key('rpk-server.spki.der')] } },
  );
  const { session } = await exchange(s, c);
  assert.equal(session.cipherSuite, 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8');
  assert.match(session.identity!, /^sha256:[0-9a-f]{64}$/);
});

test('large certificate flights are fragmented to the MTU and reassembled', async () => {
  const { s, c, trace } = await pair(
    { certificate: { chain: [key('server.crt'), key('ca.crt')], key: key('server.key') }, mtu: 300 },
    { trustAnchors: [key('ca.crt')], mtu: 300 },
  );
  await exchange(s, c);
  assert.ok(
    trace.entries.some((e) => /certificate\(message_seq \d+ fragment/.test(e.summary)),
    'certificate sent in fragments',
  );
});

test('lost and reordered flights are recovered by retransmission', async () => {
  const { s, c, trace } = await pair(
    { psk: () => PSK, faults: { dropFlights: [4], reverseFlights: [6] } },
    { pskIdentity: 'x', pskKey: PSK, faults: { dropFlights: [3], reverseFlights: [5] } },
  );
  await exchange(s, c);
  const summaries = trace.entries.map((e) => e.summary);
  assert.ok(summaries.some((x) => x.includes('fault injected: flight 4 not sent')));
  assert.ok(summaries.some((x) => x.includes('(flight 4, retransmission)')));
  assert.ok(summaries.some((x) => x.includes('fault injected: flight 5 sent in reverse record order')));
});

test('a client that closes its session can start a new one from the same port at once', async () => {
  const { s, c } = await pair({ psk: () => PSK }, { pskIdentity: 'x', pskKey: PSK });
  const closed = nextEvent(s, 'sessionClosed');
  for (let i = 0; i < 5; i++) {
    const info = await c.connect(s.local);
    assert.equal(info.cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');
    c.closeSession(s.local); // the server's close_notify answer races the next ClientHello
  }
  await closed;
  const got = nextDatagram(s);
  await c.send(s.local, Buffer.from('still fine'));
  assert.equal((await got).data.toString(), 'still fine');
});

test('a chain through an intermediate CA verifies; without the intermediate it does not', async () => {
  const { s, c } = await pair(
    { certificate: { chain: [key('chained.crt'), key('intermediate.crt')], key: key('chained.key') } },
    { trustAnchors: [key('ca.crt')] },
  );
  await exchange(s, c);
  assert.equal(c.sessions()[0].identity, 'CN=chained.example.com');
  const broken = await pair({ certificate: { chain: key('chained.crt'), key: key('chained.key') } }, { trustAnchors: [key('ca.crt')] });
  await assert.rejects(
    broken.c.connect(broken.s.local),
    (e: DtlsError) => e.reason === 'unknown-ca' && /no trust anchor issued CN=chained.example.com/.test(e.message),
  );
});

test('IPv6: a session over ::1', async () => {
  const s = await createDtlsServer({ host: '::1', timers, psk: () => PSK });
  const c = await createDtlsClient({ host: '::1', timers, pskIdentity: 'v6', pskKey: PSK });
  open.push(s, c);
  const { session } = await exchange(s, c);
  assert.equal(session.peer.host, '::1');
});
