/** Block-wise transfers (RFC 7959) between two of our endpoints over real UDP, and faults a peer can commit. */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CoapEndpoint, type BlockwiseOptions, type IncomingRequest, type IncomingResponse } from '../../src/coap/endpoint';
import { EventLog } from '../../src/util/event-log';
import { CoapBlockwiseError } from '../../src/coap/blockwise-client';
import { blockOption, blockSize, readBlock } from '../../src/coap/block-option';
import { type CoapMessage, Method, OptionNumber as O, optionUint, optionValues, uintOption } from '../../src/coap/message';
import { createUdpTransport } from '../../src/transport/udp';
import { Trace } from '../../src/trace/trace';

/** An endpoint closed when the test ends, pass or fail. */
async function endpoint(t: TestContext, blockwise?: Partial<BlockwiseOptions>, trace = new Trace()) {
  const ep = new CoapEndpoint({
    transport: await createUdpTransport(),
    trace,
    blockwise,
    // Long enough that a busy machine does not retransmit: the tests count blocks on the wire.
    timers: { ackTimeoutMs: 2000 },
    defaultTimeoutMs: 10000,
  });
  t.after(() => ep.close());
  return ep;
}

/** A server and a client endpoint; the server records what its handler saw. */
async function pair(
  t: TestContext,
  blockwise?: Partial<BlockwiseOptions>,
  answer: (req: IncomingRequest) => Buffer = () => Buffer.alloc(0),
) {
  const trace = new Trace();
  const server = await endpoint(t, blockwise, trace);
  const client = await endpoint(t, undefined, trace);
  const seen: IncomingRequest[] = [];
  server.onRequest((req) => {
    seen.push(req);
    return { code: req.message.code === Method.GET ? '2.05' : '2.04', payload: answer(req) };
  });
  return { server, client, seen, trace };
}

const block = (m: CoapMessage, n: 23 | 27) => readBlock(m, n);
const requestsIn = (ep: CoapEndpoint, mark: number) => ep.inbox.since(mark).filter((e) => e.message && e.message.code.startsWith('0.'));

test('Block1: a body sent in 64-byte blocks reaches the handler once, whole, and every block is traced', async (t) => {
  const { server, client, seen, trace } = await pair(t);
  const body = randomBytes(3000);
  const mark = server.inbox.cursor();
  const res = await client.request(server.local, { method: Method.POST, path: '/rd?ep=big', payload: body, block1Size: 64 });
  assert.equal(res.message.code, '2.04');
  assert.deepEqual(block(res.message, O.Block1), { num: 46, more: false, szx: 2 });
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0].message.payload, body);
  assert.equal(seen[0].blocks, 47);
  assert.equal(seen[0].query.get('ep'), 'big');
  assert.equal(optionValues(seen[0].message, O.Block1).length, 0);
  const blocks = requestsIn(server, mark);
  assert.equal(blocks.length, 47);
  assert.equal(optionUint(blocks[0].message!, O.Size1), 3000);
  assert.ok(
    blocks.every((b) => b.message!.token.equals(blocks[0].message!.token)),
    'one token for the whole transfer',
  );
  assert.deepEqual(
    res.parts!.slice(0, 46).map((p) => p.message.code),
    Array(46).fill('2.31'),
  );
  const tracedIn = trace.entries.filter((e) => e.layer === 'coap' && e.direction === 'in' && /POST \/rd/.test(e.summary));
  assert.equal(tracedIn.length, 47);
});

test('Block1: the server asks for smaller blocks and the client continues at the same byte offset', async (t) => {
  const { server, client, seen } = await pair(t, { block1Size: 32 });
  const body = randomBytes(1000);
  const mark = server.inbox.cursor();
  const res = await client.request(server.local, { method: Method.PUT, path: '/5/0/0', payload: body, block1Size: 256 });
  assert.equal(res.message.code, '2.04');
  assert.deepEqual(seen[0].message.payload, body);
  const sent = requestsIn(server, mark).map((e) => block(e.message!, O.Block1)!);
  assert.deepEqual(sent[0], { num: 0, more: true, szx: 4 });
  assert.deepEqual(sent[1], { num: 8, more: true, szx: 1 }); // byte 256 in 32-byte blocks
  assert.equal(sent.length, 1 + Math.ceil((1000 - 256) / 32));
  assert.deepEqual(block(res.parts![0].message, O.Block1), { num: 0, more: true, szx: 1 });
});

test('Block1: a new token per block is accepted (blocks are matched by request, not token)', async (t) => {
  const { server, client, seen } = await pair(t);
  const body = randomBytes(500);
  const mark = server.inbox.cursor();
  await client.request(server.local, { method: Method.POST, path: '/x', payload: body, block1Size: 128, newTokenPerBlock: true });
  assert.deepEqual(seen[0].message.payload, body);
  const tokens = new Set(requestsIn(server, mark).map((e) => e.message!.token.toString('hex')));
  assert.equal(tokens.size, 4);
});

test('Block1 on its own when the payload exceeds blockwise.autoBlock1Size', async (t) => {
  const transport = await createUdpTransport();
  t.after(() => transport.close());
  assert.throws(
    () => new CoapEndpoint({ transport, blockwise: { autoBlock1Size: 100 } }),
    /block size 100 is not one of 16, 32, \.\.\., 1024/,
  );
  assert.throws(() => new CoapEndpoint({ transport, blockwise: { block2Size: 2048 } }), RangeError);
  const server = await endpoint(t);
  const client = await endpoint(t, { autoBlock1Size: 512 });
  let got: IncomingRequest | undefined;
  server.onRequest((req) => ((got = req), { code: '2.04' }));
  await client.request(server.local, { method: Method.POST, path: '/a', payload: randomBytes(400) });
  assert.equal(got!.blocks, undefined);
  await client.request(server.local, { method: Method.POST, path: '/a', payload: randomBytes(1500) });
  assert.equal(got!.blocks, 3);
});

test('Block2: a large response is sent in blocks from one representation and put together by the client', async (t) => {
  const body = randomBytes(3000);
  const { server, client, seen } = await pair(t, undefined, () => body);
  const res = await client.request(server.local, { method: Method.GET, path: '/5/0' });
  assert.deepEqual(res.message.payload, body);
  assert.equal(res.blocks, 3);
  assert.equal(seen.length, 1, 'later blocks come from the kept representation, not the handler');
  assert.equal(optionValues(res.message, O.Block2).length, 0);
  const etags = res.parts!.map((p) => optionValues(p.message, O.ETag)[0].toString('hex'));
  assert.equal(new Set(etags).size, 1);
  assert.equal(optionUint(res.parts![0].message, O.Size2), 3000);
  // Early negotiation: the client asks for 128-byte blocks.
  const small = await client.request(server.local, { method: Method.GET, path: '/5/0', block2Size: 128 });
  assert.deepEqual(small.message.payload, body);
  assert.equal(small.blocks, Math.ceil(3000 / 128));
  assert.equal(seen.length, 2);
});

test('Block2: the server block size is configurable, and a small response is not split', async (t) => {
  const { server, client } = await pair(t, { block2Size: 256 }, (req) => Buffer.alloc(req.path === '/big' ? 600 : 200, 7));
  const big = await client.request(server.local, { method: Method.GET, path: '/big', block2Size: 1024 });
  assert.equal(big.blocks, 3);
  assert.deepEqual(
    big.parts!.map((p) => block(p.message, O.Block2)!.szx),
    [4, 4, 4],
  );
  const small = await client.request(server.local, { method: Method.GET, path: '/small' });
  assert.equal(small.blocks, undefined);
  assert.equal(optionValues(small.message, O.Block2).length, 0);
});

test('Block1 and Block2 together: a POST whose body and answer are both large (RFC 7959 §3.3)', async (t) => {
  const body = randomBytes(2000);
  const { server, client, seen } = await pair(t, undefined, (req) => Buffer.concat([req.message.payload, req.message.payload]));
  const res = await client.request(server.local, { method: Method.POST, path: '/echo', payload: body, block1Size: 512 });
  assert.deepEqual(res.message.payload, Buffer.concat([body, body]));
  assert.equal(res.blocks, 4);
  assert.equal(seen.length, 1);
});

test('a missing middle block gets 4.08 and the transfer is dropped', async (t) => {
  const { server, client, seen } = await pair(t);
  const send = (num: number, more: boolean) =>
    client.request(server.local, {
      method: Method.POST,
      path: '/rd',
      payload: Buffer.alloc(more ? 64 : 10),
      options: [blockOption(O.Block1, { num, more, szx: 2 })],
    });
  assert.equal((await send(0, true)).message.code, '2.31');
  const gap = await send(2, true);
  assert.equal(gap.message.code, '4.08');
  assert.match(gap.message.payload.toString(), /block 2 starts at byte 128; the body so far ends at byte 64/);
  const late = await send(3, false);
  assert.equal(late.message.code, '4.08');
  assert.match(late.message.payload.toString(), /block 0 is missing or expired/);
  assert.equal(seen.length, 0);
});

test('an oversized body gets 4.13 with Size1, whether announced or reached', async (t) => {
  const { server, client, seen } = await pair(t, { maxBodySize: 1024 });
  const announced = await client.request(server.local, { method: Method.POST, path: '/rd', payload: randomBytes(3000), block1Size: 256 });
  assert.equal(announced.message.code, '4.13');
  assert.equal(optionUint(announced.message, O.Size1), 1024);
  assert.match(announced.message.payload.toString(), /Size1 announces 3000 bytes; at most 1024/);
  assert.equal(announced.parts!.length, 1, 'the client stops at the 4.13');
  // Without Size1 the limit is found when a block crosses it.
  const send = (num: number) =>
    client.request(server.local, {
      method: Method.POST,
      path: '/rd',
      payload: Buffer.alloc(512),
      options: [blockOption(O.Block1, { num, more: true, szx: 5 })],
    });
  assert.equal((await send(0)).message.code, '2.31');
  assert.equal((await send(1)).message.code, '2.31');
  const reached = await send(2);
  assert.equal(reached.message.code, '4.13');
  assert.match(reached.message.payload.toString(), /the body reaches 1536 bytes; at most 1024/);
  assert.equal(optionUint(reached.message, O.Size1), 1024);
  assert.equal(seen.length, 0);
});

test('malformed Block options get 4.02 / 4.00, show as problems in the inbox, and the endpoint keeps serving', async (t) => {
  const { server, client, seen } = await pair(t);
  const mark = server.inbox.cursor();
  const long = await client.request(server.local, {
    method: Method.POST,
    path: '/a',
    payload: Buffer.alloc(16),
    options: [{ number: O.Block1, value: Buffer.from('00000008', 'hex') }],
  });
  assert.equal(long.message.code, '4.02');
  assert.match(long.message.payload.toString(), /Block1 value is 4 bytes/);
  const szx7 = await client.request(server.local, {
    method: Method.GET,
    path: '/a',
    options: [{ number: O.Block2, value: Buffer.from([0x17]) }],
  });
  assert.equal(szx7.message.code, '4.00');
  assert.match(szx7.message.payload.toString(), /Block2 SZX is 7/);
  const short = await client.request(server.local, {
    method: Method.POST,
    path: '/a',
    payload: Buffer.alloc(10),
    options: [blockOption(O.Block1, { num: 0, more: true, szx: 2 })],
  });
  assert.equal(short.message.code, '4.00');
  assert.match(short.message.payload.toString(), /M=1, size 64\) carries 10 bytes/);
  const problems = requestsIn(server, mark).map((e) => e.problems.join());
  assert.match(problems[0], /Block1 value is 4 byte\(s\)/);
  assert.match(problems[1], /Block2 SZX is 7, which is reserved/);
  assert.equal(seen.length, 0);
  assert.equal((await client.request(server.local, { method: Method.GET, path: '/ok' })).message.code, '2.05');
});

test('Block2 beyond the end gets 4.02; a POST continuation with nothing kept gets 4.08', async (t) => {
  const { server, client } = await pair(t, undefined, () => Buffer.alloc(100));
  const beyond = await client.request(server.local, {
    method: Method.GET,
    path: '/a',
    options: [blockOption(O.Block2, { num: 5, more: false, szx: 2 })],
  });
  assert.equal(beyond.message.code, '4.02');
  assert.match(beyond.message.payload.toString(), /block 5 starts at byte 320, beyond the 100-byte representation/);
  const orphan = await client.request(server.local, {
    method: Method.POST,
    path: '/a',
    options: [blockOption(O.Block2, { num: 1, more: false, szx: 2 })],
  });
  assert.equal(orphan.message.code, '4.08');
});

test('with blockwise.server off, the handler sees every block as it came (lock-step)', async (t) => {
  const { server, client, seen } = await pair(t, { server: false });
  await client.request(server.local, {
    method: Method.POST,
    path: '/a',
    payload: Buffer.alloc(32),
    options: [blockOption(O.Block1, { num: 0, more: true, szx: 0 })],
  });
  assert.equal(seen.length, 1);
  assert.equal(seen[0].blocks, undefined);
  assert.deepEqual(block(seen[0].message, O.Block1), { num: 0, more: true, szx: 0 });
});

/** A lock-step server serving `body` in 64-byte Block2 blocks, with a fault injected per block. */
async function faultyBlock2Server(
  t: TestContext,
  fault: (num: number, options: CoapMessage['options']) => { num?: number; options?: CoapMessage['options']; payload?: Buffer },
) {
  const server = await endpoint(t, { server: false });
  const body = randomBytes(300);
  server.onRequest((req) => {
    const asked = block(req.message, O.Block2)?.num ?? 0;
    const base = [{ number: O.ETag, value: Buffer.from('e1') }];
    const f = fault(asked, base);
    const num = f.num ?? asked;
    const payload = f.payload ?? body.subarray(num * 64, num * 64 + 64);
    const more = num * 64 + 64 < body.length;
    return { code: '2.05', options: [...(f.options ?? base), blockOption(O.Block2, { num, more, szx: 2 })], payload };
  });
  return server;
}

const blockwiseError = (kind: string, detail: RegExp) => (e: unknown) =>
  e instanceof CoapBlockwiseError && e.kind === kind && detail.test(e.message);

test('client: an ETag change mid-transfer is a typed error', async (t) => {
  const server = await faultyBlock2Server(t, (num) => (num === 2 ? { options: [{ number: O.ETag, value: Buffer.from('e2') }] } : {}));
  const client = await endpoint(t);
  await assert.rejects(
    client.request(server.local, { method: Method.GET, path: '/fw' }),
    blockwiseError('etag-changed', /ETag changed at Block2 block 2: 0x6531 then 0x6532/),
  );
});

test('client: a wrong block, a short M=1 block and an unreadable Block2 are typed errors', async (t) => {
  const client = await endpoint(t);
  const cases: [Parameters<typeof faultyBlock2Server>[1], string, RegExp][] = [
    [(num) => (num === 1 ? { num: 0 } : {}), 'wrong-block', /Block2 block 1 \(byte 64\) was asked; the answer is block 0/],
    [(num) => (num === 0 ? { payload: Buffer.alloc(10) } : {}), 'bad-block-size', /block 0 has M=1 and 10 bytes; its SZX says 64/],
  ];
  for (const [fault, kind, detail] of cases) {
    const server = await faultyBlock2Server(t, fault);
    await assert.rejects(client.request(server.local, { method: Method.GET, path: '/fw' }), blockwiseError(kind, detail));
  }
  const bad = await endpoint(t, { server: false });
  bad.onRequest(() => ({ code: '2.05', options: [{ number: O.Block2, value: Buffer.from([0x0f]) }], payload: Buffer.alloc(1) }));
  await assert.rejects(
    client.request(bad.local, { method: Method.GET, path: '/x' }),
    blockwiseError('bad-block-option', /Block2 SZX is 7/),
  );
});

test('client: 2.31 to the last Block1 block, or a 2.31 for another block, is a typed error', async (t) => {
  const server = await endpoint(t, { server: false });
  server.onRequest((req) => {
    const b = block(req.message, O.Block1)!;
    return { code: '2.31', options: [blockOption(O.Block1, { ...b, num: req.path === '/skew' ? b.num + 1 : b.num, more: true })] };
  });
  const client = await endpoint(t);
  await assert.rejects(
    client.request(server.local, { method: Method.POST, path: '/a', payload: Buffer.alloc(100), block1Size: 64 }),
    blockwiseError('unexpected-continue', /last Block1 block \(1\) was answered 2.31/),
  );
  await assert.rejects(
    client.request(server.local, { method: Method.POST, path: '/skew', payload: Buffer.alloc(100), block1Size: 64 }),
    blockwiseError('wrong-block', /block 0 was answered 2.31 Continue for block 1/),
  );
});

test('client: followBlock2 false returns the first block as it came', async (t) => {
  const { server, client } = await pair(t, undefined, () => Buffer.alloc(2000, 1));
  const res = await client.request(server.local, { method: Method.GET, path: '/a', followBlock2: false });
  assert.equal(res.message.payload.length, blockSize(6));
  assert.deepEqual(block(res.message, O.Block2), { num: 0, more: true, szx: 6 });
});

test('the trace decodes the body put together once, not each partial block', async (t) => {
  const trace = new Trace();
  const describePayload = (m: CoapMessage) => `decoded ${m.payload.length} B`;
  const make = async () => {
    const ep = new CoapEndpoint({ transport: await createUdpTransport(), trace, describePayload });
    t.after(() => ep.close());
    return ep;
  };
  const server = await make();
  const client = await make();
  server.onRequest((req) => ({ code: '2.05', payload: Buffer.alloc(req.message.payload.length + 1000) }));
  await client.request(server.local, { method: Method.FETCH, path: '/3', payload: Buffer.alloc(300), block1Size: 128 });
  const datagrams = trace.entries.filter((e) => e.direction !== 'note' && e.layer === 'coap');
  const decoded = datagrams.map((e) => (e.detail as { decoded?: string }).decoded).filter((d) => d !== undefined);
  assert.equal(datagrams.length, 16); // 4 exchanges, 2 datagrams each, traced by both sides
  assert.deepEqual(decoded, [], 'no block of a multi-block body stands alone, not even the last');
  const notes = trace.entries
    .filter((e) => e.direction === 'note')
    .map((e) => `${e.summary} | ${(e.detail as { decoded: string }).decoded}`);
  assert.equal(notes.length, 2);
  assert.match(notes[0], /^Block1 transfer put together: 300 B in 3 blocks: CON FETCH \/3 .* \| decoded 300 B$/);
  assert.match(notes[1], /^Block2 transfer put together: 1300 B in 2 blocks: ACK 2.05 Content .* \| decoded 1300 B$/);
});

test('Observe: a notification larger than a block arrives as block 0 and is completed before delivery', async (t) => {
  const first = randomBytes(1500);
  const { server, client, seen } = await pair(t, undefined, () => first);
  const notifications: IncomingResponse[] = [];
  const arrived = new EventLog<IncomingResponse>();
  const res = await client.request(
    server.local,
    { method: Method.GET, path: '/3/0', observe: 0 },
    (n) => (notifications.push(n), arrived.push(n)),
  );
  assert.deepEqual(res.message.payload, first);
  assert.equal(res.blocks, 2);
  const observeRequest = seen[0].message;
  const notify = async (body: Buffer, seq: number) => {
    const shaped = server.shapeNotification(client.local, observeRequest, {
      code: '2.05',
      payload: body,
      options: [uintOption(O.Observe, seq)],
    });
    await server.sendMessage(client.local, {
      type: 'NON',
      code: shaped.code,
      messageId: server.newMessageId(),
      token: observeRequest.token,
      options: shaped.options,
      payload: shaped.payload,
    });
  };
  const second = randomBytes(2500);
  await notify(second, 5);
  const got = await arrived.waitFor(() => true, { timeoutMs: 2000, what: 'the completed notification' });
  assert.deepEqual(got.message.payload, second);
  assert.equal(got.blocks, 3);
  assert.equal(optionUint(got.message, O.Observe), 5);
  assert.deepEqual(got.problems, []);
  // The follow-up requests carry no Observe and their own tokens.
  const followUps = got.parts!.slice(1).map((p) => p.request);
  assert.ok(followUps.every((m) => optionValues(m, O.Observe).length === 0 && !m.token.equals(observeRequest.token)));
  assert.equal(seen.length, 1, 'the notification body came from the kept representation');
  // A notification whose other blocks belong to another representation is delivered as it came, with the problem.
  const mark = arrived.cursor();
  await server.sendMessage(client.local, {
    type: 'NON',
    code: '2.05',
    messageId: server.newMessageId(),
    token: observeRequest.token,
    options: [
      uintOption(O.Observe, 6),
      { number: O.ETag, value: Buffer.from('zz') },
      blockOption(O.Block2, { num: 0, more: true, szx: 2 }),
    ],
    payload: Buffer.alloc(64),
  });
  const broken = await arrived.waitFor(() => true, { after: mark, timeoutMs: 2000, what: 'the broken notification' });
  assert.equal(broken.message.payload.length, 64);
  assert.match(broken.problems.join(), /could not be fetched: .*ETag changed at Block2 block 1: 0x7a7a then 0x/);
});

test('random Block options, sizes and orders never crash the server: every request gets a response', async (t) => {
  const trace = new Trace();
  const server = await endpoint(t, { maxBodySize: 2048 }, trace);
  const client = await endpoint(t);
  server.onRequest((req) => ({ code: '2.05', payload: Buffer.alloc(req.path === '/big' ? 3000 : 20) }));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)];
  const allowed = new Set(['2.05', '2.31', '4.00', '4.02', '4.08', '4.13']);
  for (let i = 0; i < 400; i++) {
    const options: CoapMessage['options'] = [];
    for (const number of [O.Block1, O.Block2, O.Size1]) {
      if (Math.random() < 0.5) options.push({ number, value: randomBytes(pick([0, 1, 1, 2, 3, 4])) });
    }
    const res = await client.request(server.local, {
      method: pick([Method.GET, Method.POST, Method.PUT, Method.FETCH]),
      path: pick(['/big', '/small']),
      options,
      payload: randomBytes(pick([0, 16, 64, 100, 1024])),
      followBlock2: false,
    });
    assert.ok(
      allowed.has(res.message.code),
      `${res.message.code} to ${JSON.stringify(options.map((o) => [o.number, o.value.toString('hex')]))}`,
    );
  }
  assert.deepEqual(
    trace.entries.filter((e) => e.layer === 'harness'),
    [],
  );
});
