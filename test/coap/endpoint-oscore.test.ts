/** OSCORE as the protection layer of two CoapEndpoints over real UDP: what the wire carries, what the handler sees, what goes wrong. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CoapEndpoint, type InboundEvent, type IncomingRequest, type IncomingResponse } from '../../src/coap/endpoint';
import { decodeDatagram } from '../../src/coap/codec';
import { Method, OptionNumber, uintOption, type CoapMessage } from '../../src/coap/message';
import { createUdpTransport } from '../../src/transport/udp';
import { Trace } from '../../src/trace/trace';
import { deriveContext } from '../../src/coap/oscore/context';
import { OscoreLayer } from '../../src/coap/oscore/layer';

const secret = randomBytes(16);
const salt = randomBytes(8);
const CLIENT_ID = Buffer.from('c1', 'hex');
const SERVER_ID = Buffer.from('5e', 'hex');

async function pair(tamper?: (wire: CoapMessage, inner: CoapMessage) => CoapMessage) {
  const trace = new Trace();
  const serverCtx = deriveContext({ masterSecret: secret, masterSalt: salt, senderId: SERVER_ID, recipientId: CLIENT_ID });
  const clientCtx = deriveContext({ masterSecret: secret, masterSalt: salt, senderId: CLIENT_ID, recipientId: SERVER_ID });
  const server = new CoapEndpoint({
    transport: await createUdpTransport(),
    trace,
    timers: { ackTimeoutMs: 2000 },
    oscore: new OscoreLayer({ contexts: [serverCtx] }),
  });
  const client = new CoapEndpoint({
    transport: await createUdpTransport(),
    trace,
    timers: { ackTimeoutMs: 2000 },
    oscore: new OscoreLayer({ contexts: [clientCtx], tamper }),
  });
  return { trace, server, client, close: () => Promise.all([server.close(), client.close()]) };
}

const oscoreOf = (e: InboundEvent) => e.oscore;

test('a protected GET: the wire carries POST with the OSCORE option and ciphertext, the handler the inner GET, the response 2.04 outside and 2.05 inside', async () => {
  const { trace, server, client, close } = await pair();
  server.onRequest((req) => ({
    code: '2.05',
    contentFormat: 0,
    payload: Buffer.from(`hello ${req.path} ${req.message.code} ${req.oscore ? 'protected' : 'plain'}`),
  }));
  const res = await client.request(server.local, { method: Method.GET, path: '/3/0/0', accept: 0 });
  assert.equal(res.message.code, '2.05');
  assert.equal(res.message.payload.toString(), 'hello /3/0/0 0.01 protected');
  assert.equal(res.oscore?.outer.code, '2.04');
  const [request] = server.inbox.all();
  assert.equal(oscoreOf(request)?.outer.code, '0.02');
  const wire = decodeDatagram(request.bytes).message;
  assert.ok(wire.options.some((o) => o.number === OptionNumber.OSCORE));
  assert.ok(!wire.options.some((o) => o.number === OptionNumber.UriPath), 'Uri-Path is class E: encrypted');
  assert.ok(!request.bytes.includes(Buffer.from('hello')) && !client.inbox.all()[0].bytes.includes(Buffer.from('hello')));
  assert.ok(
    trace.entries.some((e) => e.direction === 'note' && /OSCORE inner message received \(decrypted\): CON GET \/3\/0\/0/.test(e.summary)),
  );
  await close();
});

test('a plain request to an OSCORE endpoint reaches the handler unrecorded, its answer goes out plain', async () => {
  const { server, close } = await pair();
  const plain = new CoapEndpoint({ transport: await createUdpTransport(), timers: { ackTimeoutMs: 2000 } });
  server.onRequest((req) => ({ code: '2.05', payload: Buffer.from(req.oscore ? 'protected' : 'plain') }));
  const res = await plain.request(server.local, { method: Method.GET, path: '/3/0' });
  assert.equal(res.message.payload.toString(), 'plain');
  assert.ok(!res.message.options.some((o) => o.number === OptionNumber.OSCORE));
  await Promise.all([close(), plain.close()]);
});

test('a corrupted ciphertext is refused with an unprotected 4.00 and logged with why; the handler never runs', async () => {
  const flip = (wire: CoapMessage) => {
    const payload = Buffer.from(wire.payload);
    payload[payload.length - 1] ^= 0xff;
    return { ...wire, payload };
  };
  const { server, client, close } = await pair(flip);
  let handled = 0;
  server.onRequest(() => (handled++, { code: '2.04' }));
  const res = await client.request(server.local, { method: Method.POST, path: '/rd?ep=x', payload: Buffer.from('</3/0>') });
  assert.equal(res.message.code, '4.00');
  assert.equal(res.oscore, undefined);
  assert.equal(handled, 0);
  const [refused] = server.inbox.all();
  assert.match(refused.oscore?.error ?? '', /authentication tag does not verify/);
  assert.match(server.drops.summary(), /OSCORE/);
  await close();
});

test('a replayed request (same Partial IV, new Message ID) is refused with 4.01; a retransmission (same MID) gets the cached answer', async () => {
  const { server, client, close } = await pair();
  let handled = 0;
  server.onRequest(() => (handled++, { code: '2.04' }));
  await client.request(server.local, { method: Method.POST, path: '/1/0/8' });
  const first = client.inbox.all().length;
  const [sent] = server.inbox.all();
  const raw = new CoapEndpoint({ transport: await createUdpTransport(), timers: { ackTimeoutMs: 2000 } });
  const again = raw.inbox.waitFor(() => true, { timeoutMs: 2000, what: 'answer to the retransmission' });
  await raw.sendBytes(server.local, sent.bytes); // same MID, other source port: a new exchange, so a replay
  const replay = await again;
  assert.equal(replay.message?.code, '4.01');
  assert.match(server.inbox.all()[1].oscore?.error ?? '', /replayed request/);
  assert.equal(handled, 1);
  // The same datagram from the client's own address is a retransmission: answered from the cache, not judged a replay.
  const repeated = client.inbox.waitFor(() => true, { after: first, timeoutMs: 2000, what: 'the cached answer' });
  await client.sendBytes(server.local, sent.bytes);
  assert.equal((await repeated).oscore?.outer.code, '2.04');
  assert.equal(server.inbox.all().filter((e) => e.oscore?.error).length, 1);
  assert.equal(handled, 1);
  await Promise.all([close(), raw.close()]);
});

test('Observe under OSCORE: outer FETCH, the first answer and each notification protected with a Partial IV of their own', async () => {
  const { server, client, close } = await pair();
  let observeRequest: IncomingRequest | undefined;
  server.onRequest(
    (req) => ((observeRequest = req), { code: '2.05', options: [uintOption(OptionNumber.Observe, 1)], payload: Buffer.from('v1') }),
  );
  const notifications: IncomingResponse[] = [];
  const first = await client.request(server.local, { method: Method.GET, path: '/3/0/13', observe: 0 }, (n) => notifications.push(n));
  assert.equal(server.inbox.all()[0].oscore?.outer.code, '0.05');
  assert.equal(first.oscore?.outer.code, '2.05');
  assert.equal(first.message.payload.toString(), 'v1');
  const notification: CoapMessage = {
    type: 'NON',
    code: '2.05',
    messageId: server.newMessageId(),
    token: first.message.token,
    options: [uintOption(OptionNumber.Observe, 2)],
    payload: Buffer.from('v2'),
  };
  const wire = server.protectAnswer(observeRequest!.peer, notification, observeRequest!);
  assert.ok(!wire.payload.includes(Buffer.from('v2')));
  const arrived = client.inbox.waitFor((e) => e.oscore?.inner?.payload.toString() === 'v2', { timeoutMs: 2000, what: 'the notification' });
  await server.sendMessage(observeRequest!.peer, wire);
  await arrived;
  assert.equal(notifications[0]?.message.payload.toString(), 'v2');
  const pivs = [first, notifications[0]].map((r) => r.oscore?.partialIv?.toString('hex'));
  assert.ok(pivs[0] && pivs[1] && pivs[0] !== pivs[1], `own Partial IVs: ${pivs.join(', ')}`);
  await close();
});
