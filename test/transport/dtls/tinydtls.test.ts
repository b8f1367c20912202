/**
 * Interoperability with tinydtls, through Eclipse Wakaama's example LwM2M client built locally with
 * it (not in Debian, never committed). Set LWM2M_WAKAAMA_TINYDTLS to the lwm2mclient_tinydtls
 * binary; without it the test is reported as skipped, not passed.
 * The client registers over DTLS (PSK); the harness answers 2.01 and then reads /3/0/0 through the session.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CoapEndpoint } from '../../../src/coap/endpoint';
import { TestServer } from '../../../src/peers/test-server';
import { Trace } from '../../../src/trace/trace';
import { createDtlsServer, DtlsEndpoint, DtlsSessionInfo } from '../../../src/transport/dtls';
import { Peer, nextDatagram, nextEvent } from './helpers';

const BINARY = process.env.LWM2M_WAKAAMA_TINYDTLS ?? '/tmp/wakaama/build-dtls/lwm2mclient_tinydtls';
const skip = existsSync(BINARY) ? false : `no tinydtls Wakaama client at ${BINARY} (set LWM2M_WAKAAMA_TINYDTLS)`;
const KEY = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex');

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanup) await c();
});

test('Wakaama over tinydtls registers through our DTLS server and answers a Read in the same session', { skip }, async () => {
  const server: DtlsEndpoint = await createDtlsServer({ host: '127.0.0.1', psk: (id) => (id === 'wakaama-psk' ? KEY : undefined) });
  cleanup.push(() => server.close());
  const session = nextEvent<DtlsSessionInfo>(server, 'handshake', 10000);
  const register = nextDatagram(server, 10000);
  const client = new Peer(BINARY, [
    '-4',
    '-h',
    '127.0.0.1',
    '-p',
    String(server.local.port),
    '-n',
    'tinydtls-ep',
    '-l',
    '0',
    '-i',
    'wakaama-psk',
    '-s',
    KEY.toString('hex'),
    '-t',
    '60',
  ]);
  cleanup.push(() => client.kill());
  const info = await session;
  assert.equal(info.identity, 'wakaama-psk');
  assert.equal(info.cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');

  const { data, peer } = await register;
  assert.equal(data[1], 0x02, 'a POST');
  assert.match(data.toString('latin1'), /ep=tinydtls-ep/);
  const tkl = data[0] & 0x0f;
  // ACK 2.01 Created, same MID and token, Location-Path "rd" "5".
  await server.send(
    peer,
    Buffer.concat([
      Buffer.from([0x60 | tkl, 0x41]),
      data.subarray(2, 4 + tkl),
      Buffer.from([0x82]),
      Buffer.from('rd'),
      Buffer.from([0x01]),
      Buffer.from('5'),
    ]),
  );

  const answer = nextDatagram(server, 10000);
  // CON GET /3/0/0, MID 0x7001, token 0xbeef.
  await server.send(peer, Buffer.from([0x42, 0x01, 0x70, 0x01, 0xbe, 0xef, 0xb1, 0x33, 0x01, 0x30, 0x01, 0x30]));
  const read = await answer;
  assert.equal(read.data[1], 0x45, '2.05 Content');
  assert.deepEqual(read.data.subarray(2, 6), Buffer.from('7001beef', 'hex'));
  assert.match(read.data.toString('latin1'), /Open Mobile Alliance/);
  assert.equal(read.info?.sessionKey, info.sessionKey);
});

test('Wakaama over tinydtls registers with the Test Server over coaps:// and answers a Read (the int-401 flow)', { skip }, async () => {
  const trace = new Trace();
  const transport = await createDtlsServer({ host: '127.0.0.1', trace, psk: (id) => (id === 'wakaama-psk' ? KEY : undefined) });
  const server = new TestServer(new CoapEndpoint({ transport, trace }), { lifetimeGraceMs: 1000, responseTimeoutMs: 5000 }, trace);
  cleanup.push(() => server.close());
  assert.match(server.uri, /^coaps:\/\/127\.0\.0\.1:\d+$/);
  const client = new Peer(BINARY, [
    '-4',
    '-h',
    '127.0.0.1',
    '-p',
    String(transport.local.port),
    '-n',
    'int401-ep',
    '-l',
    '0',
    '-i',
    'wakaama-psk',
    '-s',
    KEY.toString('hex'),
    '-t',
    '60',
  ]);
  cleanup.push(() => client.kill());
  const registered = await server.events.waitFor((e) => e.kind === 'register', { timeoutMs: 10000, what: 'Register over DTLS' });
  assert.equal(registered.registration?.endpoint, 'int401-ep');
  assert.equal(registered.request?.info?.identity, 'wakaama-psk');
  const read = await server.read(registered.registration!, '/3/0/0');
  assert.equal(read.message.code, '2.05');
  assert.match(read.message.payload.toString(), /Open Mobile Alliance/);
  const layers = new Set(trace.entries.map((e) => e.layer));
  assert.ok(layers.has('dtls') && layers.has('coap'));
});
