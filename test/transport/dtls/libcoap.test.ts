/**
 * Interoperability with libcoap's command-line tools (Debian libcoap3-bin) over DTLS:
 * the GnuTLS build (PSK, X.509, raw public keys) and the OpenSSL build (PSK, X.509), both roles.
 * CoAP here is just bytes: a GET in, a piggybacked 2.05 out.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createDtlsClient, createDtlsServer, DtlsSessionInfo } from '../../../src/transport/dtls';
import { Trace } from '../../../src/trace/trace';
import { KEYS, Peer, freeUdpPort, key, nextDatagram, nextEvent, cleanupAfterFile, FAST_TIMERS } from './helpers';

const { peers, endpoints } = cleanupAfterFile(after);
const timers = FAST_TIMERS;
const k = (f: string) => join(KEYS, f);
/** libcoap takes the PSK as text; these are the bytes of helpers' PSK. */
const PSK_TEXT = 'secretPSK!';

function start(cmd: string, args: string[]): Peer {
  const p = new Peer(cmd, args);
  peers.push(p);
  return p;
}

/** A confirmable GET with the given path, message ID and token. */
function coapGet(path: string, mid: number, token: Buffer): Buffer {
  const opts = path ? Buffer.concat([Buffer.from([0xb0 | path.length]), Buffer.from(path)]) : Buffer.alloc(0);
  return Buffer.concat([Buffer.from([0x40 | token.length, 0x01, mid >> 8, mid & 0xff]), token, opts]);
}

/** A piggybacked ACK 2.05 answering `request`, with a text payload. */
function coapContent(request: Buffer, text: string): Buffer {
  const tkl = request[0] & 0x0f;
  return Buffer.concat([Buffer.from([0x60 | tkl, 0x45]), request.subarray(2, 4 + tkl), Buffer.from([0xff]), Buffer.from(text)]);
}

/** coap-client-* sends a GET to our server; we answer; the client prints our payload. */
async function libcoapClientToServer(tool: string, toolArgs: string[], options: Parameters<typeof createDtlsServer>[0]) {
  const server = await createDtlsServer({ host: '127.0.0.1', timers, ...options });
  endpoints.push(server);
  const session = nextEvent<DtlsSessionInfo>(server, 'handshake');
  const request = nextDatagram(server);
  const client = start(tool, ['-m', 'get', '-B', '5', ...toolArgs, `coaps://127.0.0.1:${server.local.port}/conformance`]);
  const { data, peer, info } = await request;
  assert.equal(data[1], 0x01, 'a GET');
  assert.ok(data.includes(Buffer.from('conformance')), 'Uri-Path conformance');
  await server.send(peer, coapContent(data, 'answer from the harness'));
  await client.waitFor(/answer from the harness/);
  assert.equal(await client.exit(), 0);
  return { session: await session, info };
}

/** Our client sends a GET / to coap-server-*; the answer is libcoap's default text. */
async function clientToLibcoapServer(tool: string, toolArgs: string[], options: Parameters<typeof createDtlsClient>[0]) {
  const port = await freeUdpPort();
  const server = start(tool, ['-A', '127.0.0.1', '-p', String(port - 1), '-v', '7', ...toolArgs]);
  await server.waitFor(/created DTLS\s+endpoint/);
  const trace = new Trace();
  const client = await createDtlsClient({ host: '127.0.0.1', timers, trace, ...options });
  endpoints.push(client);
  const answer = nextDatagram(client);
  await client.send({ host: '127.0.0.1', port }, coapGet('', 0x1234, Buffer.from('cafe', 'hex')));
  const { data } = await answer;
  assert.equal(data[1], 0x45, '2.05 Content');
  assert.deepEqual(data.subarray(2, 6), Buffer.from('1234cafe', 'hex'), 'same MID and token');
  assert.match(data.toString('latin1'), /libcoap/);
  const certificateRequested = trace.entries.some((e) => e.summary.startsWith('certificate_request'));
  return { ...client.sessions()[0], certificateRequested };
}

for (const build of ['gnutls', 'openssl']) {
  test(`coap-client-${build} → our server, PSK`, async () => {
    const { session, info } = await libcoapClientToServer(`coap-client-${build}`, ['-k', PSK_TEXT, '-u', 'dev1'], {
      psk: (id) => (id === 'dev1' ? Buffer.from(PSK_TEXT) : undefined),
    });
    assert.equal(session.identity, 'dev1');
    assert.equal(info?.identity, 'dev1');
    assert.equal(session.cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');
  });

  test(`coap-client-${build} → our server, X.509 both ways`, async () => {
    const { session } = await libcoapClientToServer(
      `coap-client-${build}`,
      ['-c', k('client.crt'), '-j', k('client.key'), '-C', k('ca.crt')],
      {
        certificate: { chain: key('server.crt'), key: key('server.key') },
        trustAnchors: [key('ca.crt')],
        requireClientCertificate: true,
      },
    );
    assert.equal(session.identity, 'CN=urn:imei:490154203237518');
  });

  test(`our client → coap-server-${build}, PSK`, async () => {
    const session = await clientToLibcoapServer(`coap-server-${build}`, ['-k', PSK_TEXT], {
      pskIdentity: 'dev1',
      pskKey: Buffer.from(PSK_TEXT),
    });
    assert.equal(session.cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');
  });

  test(`our client → coap-server-${build}, X.509 both ways`, async () => {
    const session = await clientToLibcoapServer(`coap-server-${build}`, ['-c', k('server.crt'), '-j', k('server.key'), '-C', k('ca.crt')], {
      certificate: { chain: key('client.crt'), key: key('client.key') },
      trustAnchors: [key('ca.crt')],
    });
    assert.equal(session.identity, 'CN=server.example.com');
    assert.ok(session.certificateRequested, 'libcoap asked for our certificate');
  });
}

test('coap-client-gnutls → our server, raw public keys (RFC 7250)', async () => {
  const clientSpki = key('rpk-client.spki.der');
  const { session } = await libcoapClientToServer('coap-client-gnutls', ['-M', k('rpk-client.sec1.pem')], {
    rawPublicKey: { key: key('rpk-server.key'), trustedPeerKeys: [clientSpki] },
    requireClientCertificate: true,
  });
  assert.match(session.identity!, /^sha256:/);
});

test('our client → coap-server-gnutls, raw public keys (RFC 7250)', async () => {
  const session = await clientToLibcoapServer('coap-server-gnutls', ['-M', k('rpk-server.sec1.pem')], {
    rawPublicKey: { key: key('rpk-client.key'), trustedPeerKeys: [key('rpk-server.spki.der')] },
  });
  assert.match(session.identity!, /^sha256:/);
  assert.ok(session.certificateRequested, 'libcoap asked for our raw public key');
});
