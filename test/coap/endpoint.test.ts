import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as coap from 'coap';
import { createSocket } from 'node:dgram';
import { CoapEndpoint, CoapTimeoutError, NO_RESPONSE } from '../../src/coap/endpoint';
import { encodeMessage } from '../../src/coap/codec';
import { Method, uriOptions } from '../../src/coap/message';
import { createUdpTransport } from '../../src/transport/udp';
import { Trace } from '../../src/trace/trace';

async function endpoint(trace = new Trace(), ackTimeoutMs = 100) {
  return new CoapEndpoint({ transport: await createUdpTransport(), trace, timers: { ackTimeoutMs } });
}

test('request and piggybacked response over real UDP, both traced byte-exact', async () => {
  const trace = new Trace();
  // A 2 s ACK timeout: on a busy machine a retransmission would add datagrams to the count below.
  const server = await endpoint(trace, 2000);
  const client = await endpoint(trace, 2000);
  server.onRequest((req) => ({ code: '2.05', contentFormat: 0, payload: Buffer.from(`hello ${req.path} ${req.query.get('x')}`) }));
  const res = await client.request(server.local, { method: Method.GET, path: '/3/0/0?x=1' });
  assert.equal(res.message.code, '2.05');
  assert.equal(res.message.type, 'ACK');
  assert.equal(res.message.payload.toString(), 'hello /3/0/0 1');
  const coapEntries = trace.entries.filter((e) => e.layer === 'coap');
  assert.equal(coapEntries.length, 4); // out+in at each side
  assert.ok(coapEntries.every((e) => /^[0-9a-f]+$/.test(e.hex!)));
  await Promise.all([server.close(), client.close()]);
});

test('a retransmitted CON reaches the handler once and gets the same answer', async () => {
  const server = await endpoint();
  const raw = await endpoint();
  let calls = 0;
  server.onRequest(() => ({ code: '2.04', payload: Buffer.from(String(++calls)) }));
  const bytes = encodeMessage({
    type: 'CON',
    code: Method.POST,
    messageId: 42,
    token: Buffer.from([1]),
    options: uriOptions('/x'),
    payload: Buffer.alloc(0),
  });
  const mark = raw.inbox.cursor();
  await raw.sendBytes(server.local, bytes);
  await raw.sendBytes(server.local, bytes);
  const first = await raw.inbox.waitFor((e) => e.message?.messageId === 42, { after: mark, timeoutMs: 1000, what: 'first ACK' });
  const second = await raw.inbox.waitFor((e) => e !== first && e.message?.messageId === 42, {
    after: mark,
    timeoutMs: 1000,
    what: 'second ACK',
  });
  assert.equal(calls, 1);
  assert.deepEqual(first.bytes, second.bytes);
  await Promise.all([server.close(), raw.close()]);
});

test('answers a CoAP ping and a malformed CON with RST, and logs the malformed datagram', async () => {
  const server = await endpoint();
  const raw = await endpoint();
  const mark = raw.inbox.cursor();
  await raw.sendBytes(server.local, Buffer.from('40000007', 'hex')); // CON Empty = ping
  const rst = await raw.inbox.waitFor((e) => e.message?.type === 'RST', { after: mark, timeoutMs: 1000, what: 'RST' });
  assert.equal(rst.message!.messageId, 7);
  const serverMark = server.inbox.cursor();
  await raw.sendBytes(server.local, Buffer.from('40010009ff', 'hex'));
  const bad = await server.inbox.waitFor((e) => e.error !== undefined, { after: serverMark, timeoutMs: 1000, what: 'malformed' });
  assert.match(bad.error!.message, /payload marker/);
  const rst2 = await raw.inbox.waitFor((e) => e.message?.type === 'RST' && e.message.messageId === 9, {
    after: mark,
    timeoutMs: 1000,
    what: 'RST 9',
  });
  assert.ok(rst2);
  await Promise.all([server.close(), raw.close()]);
});

test('retransmits an unanswered CON and gives up with a deadline error', async () => {
  const silent = await endpoint();
  const client = await endpoint();
  silent.onRequest(() => NO_RESPONSE);
  const mark = silent.inbox.cursor();
  await assert.rejects(
    client.request(silent.local, { method: Method.GET, path: '/1', timeoutMs: 900 }),
    (e) => e instanceof CoapTimeoutError && /no response to GET \/1 within 900 ms/.test(e.message),
  );
  const copies = silent.inbox.since(mark).filter((e) => e.message?.code === '0.01');
  assert.ok(copies.length >= 3, `expected retransmissions, saw ${copies.length}`);
  assert.ok(copies.every((c) => c.message!.messageId === copies[0].message!.messageId));
  await Promise.all([silent.close(), client.close()]);
});

test('interoperates with node-coap as server and as client', async () => {
  const ours = await endpoint();
  ours.onRequest((req) => ({ code: '2.05', payload: Buffer.from(`ours:${req.path}`) }));
  const server = coap.createServer();
  server.on('request', (req: coap.IncomingMessage, res: coap.OutgoingMessage) => res.end(`theirs:${req.url}`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server as unknown as { _sock: { address(): { port: number } } })._sock.address().port;
  const res = await ours.request({ host: '127.0.0.1', port }, { method: Method.GET, path: '/a/b' });
  assert.equal(res.message.payload.toString(), 'theirs:/a/b');
  const body = await new Promise<string>((resolve, reject) => {
    const req = coap.request({ hostname: '127.0.0.1', port: ours.local.port, pathname: '/c' });
    req.on('response', (r: coap.IncomingMessage) => resolve(r.payload.toString()));
    req.on('error', reject);
    req.end();
  });
  assert.equal(body, 'ours:/c');
  await new Promise<void>((r) => server.close(() => r()));
  await ours.close();
});

test('datagrams handed to nobody are in the drop log with their reason: malformed, and a response no request waits for', async () => {
  const server = new CoapEndpoint({ transport: await createUdpTransport() });
  const raw = createSocket('udp4');
  await new Promise<void>((r) => raw.bind(0, '127.0.0.1', () => r()));
  try {
    const at = Date.now();
    raw.send(Buffer.from([0x00, 0x01]), server.local.port, '127.0.0.1'); // too short to be CoAP
    raw.send(Buffer.from([0x51, 0x45, 0x12, 0x34, 0xab]), server.local.port, '127.0.0.1'); // NON 2.05, token ab: nobody asked
    await server.inbox.waitFor(() => server.inbox.all().length === 2, { timeoutMs: 2000, what: 'two datagrams' });
    assert.equal(server.drops.count, 2);
    const [malformed, stray] = server.drops.since(at);
    assert.match(malformed.reason, /^malformed: /);
    assert.match(stray.reason, /^response 2\.05 T=ab matches no request waiting for one$/);
    assert.equal(stray.bytes, 5);
    assert.match(
      server.drops.summary(at),
      /^2 CoAP datagrams dropped by the harness, the first at .* from 127\.0\.0\.1:\d+: malformed: .*; the last at .*: response 2\.05/,
    );
  } finally {
    raw.close();
    await server.close();
  }
});
