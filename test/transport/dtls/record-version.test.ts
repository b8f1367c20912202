/**
 * Record-layer versions on a ClientHello (RFC 6347 §4.1, RFC 5246 Appendix E.1): any {254, XX} is
 * accepted on an initial ClientHello (mbedTLS sends 0xfe00) and named in the trace; elsewhere only
 * DTLS 1.2 / 1.0. Every record the endpoint drops is in its drop log, summarised for a diagnosis.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Trace } from '../../../src/trace/trace';
import { createDtlsClient, createDtlsServer, DtlsEndpoint } from '../../../src/transport/dtls';
import { ContentType, HandshakeType } from '../../../src/transport/dtls/constants';
import { encodeRecord, parseDatagram } from '../../../src/transport/dtls/record';
import { DropLog, summarizeDrops } from '../../../src/trace/drops';
import { PSK, UdpRelay } from './helpers';

const endpoints: DtlsEndpoint[] = [];
const relays: UdpRelay[] = [];
after(async () => {
  for (const e of endpoints) await e.close();
  for (const r of relays) await r.close();
});
const timers = { initialRetransmitMs: 100, maxRetransmitMs: 400, maxRetransmissions: 2 };

/** Rewrites the record version of every ClientHello record in a datagram. */
function rewriteHelloVersion(version: number) {
  return (data: Buffer): Buffer[] => {
    const out = Buffer.from(data);
    let at = 0;
    while (at + 13 <= out.length) {
      const length = out.readUInt16BE(at + 11);
      if (out[at] === ContentType.handshake && out.readUInt16BE(at + 3) === 0 && out[at + 13] === HandshakeType.client_hello)
        out.writeUInt16BE(version, at + 1);
      at += 13 + length;
    }
    return [out];
  };
}

async function handshakeThrough(version: number) {
  const trace = new Trace();
  const server = await createDtlsServer({ host: '127.0.0.1', timers, trace, psk: () => PSK });
  const client = await createDtlsClient({ host: '127.0.0.1', timers, pskIdentity: 'dev1', pskKey: PSK });
  const relay = await UdpRelay.open(server.local);
  endpoints.push(server, client);
  relays.push(relay);
  relay.tamper = rewriteHelloVersion(version);
  const outcome = await client.connect(relay.address).then(
    () => 'established',
    (e: Error) => `failed: ${e.message}`,
  );
  return { outcome, trace, server };
}

test('parsing: any 0xfeXX on an epoch-0 ClientHello, only DTLS 1.2/1.0 elsewhere', () => {
  const hello = encodeRecord(ContentType.handshake, 0xfe00, 0, 0, Buffer.from([HandshakeType.client_hello, 0, 0, 0]));
  assert.equal(parseDatagram(hello, 0).records[0]?.version, 0xfe00);
  const appData = encodeRecord(ContentType.application_data, 0xfe00, 1, 0, Buffer.alloc(8));
  assert.match(parseDatagram(appData, 0).problem!.message, /record version .* any 0xfeXX on an initial ClientHello, got version 0xfe00/);
  const serverHello = encodeRecord(ContentType.handshake, 0xfe00, 0, 0, Buffer.from([HandshakeType.server_hello, 0, 0, 0]));
  assert.ok(parseDatagram(serverHello, 0).problem, 'only a ClientHello may carry another 0xfeXX');
  const tls = encodeRecord(ContentType.handshake, 0x0303, 0, 0, Buffer.from([HandshakeType.client_hello, 0, 0, 0]));
  assert.match(parseDatagram(tls, 0).problem!.message, /got version 0x0303/);
});

test('a ClientHello with record version 0xfe00 (mbedTLS) completes the handshake; the trace names the version', async () => {
  const { outcome, trace, server } = await handshakeThrough(0xfe00);
  assert.equal(outcome, 'established');
  const hello = trace.entries.find((e) => e.layer === 'dtls' && e.direction === 'in' && /client_hello/.test(e.summary));
  assert.match(hello!.summary, /record version version 0xfe00|record version 0xfe00/);
  assert.equal(server.drops.count, 0);
});

test('a ClientHello with a TLS record version (0x0303) is dropped: counted in the drop log with its reason, summarised', async () => {
  const { outcome, server } = await handshakeThrough(0x0303);
  assert.match(outcome, /^failed/);
  assert.ok(server.drops.count >= 1, 'the drops are counted');
  const [first] = server.drops.since();
  assert.equal(first.what, 'DTLS record');
  assert.match(first.reason, /malformed record at offset 0 dropped: .*record version.*got version 0x0303/);
  assert.match(
    server.drops.summary(),
    new RegExp(
      `^${server.drops.count} DTLS records? dropped by the harness, the first at \\d\\d:\\d\\d:\\d\\d\\.\\d{3} from 127\\.0\\.0\\.1:\\d+: malformed record`,
    ),
  );
});

test('summaries: nothing dropped says nothing; a DropLog keeps the first 1000 and counts all', () => {
  assert.equal(summarizeDrops([]), '');
  const log = new DropLog();
  for (let i = 0; i < 1500; i++)
    log.add({ at: 1000 + i, what: 'CoAP datagram', reason: i < 1499 ? 'no exchange' : 'the last reason', bytes: 4 });
  assert.equal(log.count, 1500);
  assert.equal(log.since().length, 1000);
  assert.equal(
    log.summary(),
    '1500 CoAP datagrams dropped by the harness, the first at 00:00:01.000: no exchange; the last at 00:00:02.499: the last reason',
  );
  assert.equal(log.summary(3000), '');
});
