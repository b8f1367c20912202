/**
 * The lock-step façade against the real reference client over real UDP, beside the Test
 * Server's normal registration handling: a separate response after an empty ACK, a response
 * with the wrong token, a duplicated request. The wrong-token check is also shown to FAIL
 * against the reference client's fault accept-wrong-token.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoapEndpoint } from '../../src/coap/endpoint';
import { Method, OptionNumber, uintOption, uriOptions, type CoapOption } from '../../src/coap/message';
import { createUdpTransport } from '../../src/transport/udp';
import { TestServer } from '../../src/peers/test-server';
import { LockStep, type MessagePattern } from '../../src/peers/lockstep';
import { ReferenceClient } from '../../src/peers/reference-client/client';
import type { FaultName } from '../../src/peers/reference-client/faults';
import { Trace } from '../../src/trace/trace';
import { DeadlineError } from '../../src/util/event-log';

/** The reference client's ACK_TIMEOUT: its first retransmission comes 200..300 ms after a send. */
const ACK_MS = 200;
/** Long enough for any retransmission of the client (ACK_TIMEOUT x ACK_RANDOM_FACTOR), with room to spare. */
const RETRANSMIT_WINDOW_MS = 4 * ACK_MS;
const REGISTER: MessagePattern = { type: 'CON', code: Method.POST, path: '/rd', query: { ep: true } };

const location = (...segments: string[]): CoapOption[] =>
  segments.map((s) => ({ number: OptionNumber.LocationPath, value: Buffer.from(s) }));

async function setUp(opts: { lifetime: number; faults?: FaultName[] }) {
  const trace = new Trace();
  const endpoint = new CoapEndpoint({ transport: await createUdpTransport(), trace, timers: { ackTimeoutMs: ACK_MS } });
  const server = new TestServer(endpoint, { lifetimeGraceMs: 1000, responseTimeoutMs: 2000 }, trace);
  const lock = new LockStep(endpoint, 3000);
  const client = new ReferenceClient({
    server: endpoint.local,
    endpoint: `lockstep-${Math.random().toString(16).slice(2, 8)}`,
    lifetime: opts.lifetime,
    lwm2mVersion: '1.1',
    ackTimeoutMs: ACK_MS,
    faults: opts.faults,
  });
  const tearDown = async () => {
    lock.close();
    await client.stop(false);
    await server.close();
  };
  return { trace, server, lock, client, tearDown };
}

test('a Register answered by an empty ACK, then a separate CON 2.01, registers: the client ACKs it and updates that location', async () => {
  const { server, lock, client, tearDown } = await setUp({ lifetime: 2 });
  try {
    const register = lock.expect(REGISTER, { as: 'register' });
    await client.start();
    const req = await register;

    const retransmitted = lock.expectNothing({ ...REGISTER, messageId: 'register' }, RETRANSMIT_WINDOW_MS);
    await lock.sendEmpty(req.peer, 'ACK', 'register');
    assert.ok(await retransmitted, 'after the empty ACK the client must not retransmit the Register');

    const separateMid = server.endpoint.newMessageId();
    const ack = lock.expect({ type: 'ACK', code: '0.00', messageId: separateMid, from: req.peer });
    const update = lock.expect({ type: 'CON', code: Method.POST, path: '/rd/sep' }, { within: 2000 + 1000 });
    await lock.send(req.peer, { type: 'CON', code: '2.01', messageId: separateMid, token: 'register', options: location('rd', 'sep') });
    await ack;
    const upd = await update;
    await lock.respond(upd, { code: '2.04' });

    assert.deepEqual(
      server.events.all().map((e) => e.kind),
      [],
      'the lock-step expectations took the messages: the Test Server handled none of them',
    );
  } finally {
    await tearDown();
  }
});

/**
 * The check: a piggybacked 2.01 whose token is not the Register's must not be taken (RFC 7252
 * §5.3.2), so the client retransmits the Register with the same MID; the correct answer the
 * Test Server's normal handler then gives is taken (the client registers and updates). Returns
 * what went wrong, empty when the client behaved.
 */
async function wrongTokenCheck(faults: FaultName[] = []): Promise<string[]> {
  const { server, lock, client, tearDown } = await setUp({ lifetime: 2, faults });
  try {
    const register = lock.expect(REGISTER, { as: 'register' });
    await client.start();
    const req = await register;

    const tookIt = lock.see({ type: 'CON', code: Method.POST, path: '/rd/wrong' }, { within: 2000 }).then(
      () => ' and sent an Update to /rd/wrong: it took the response with the wrong token',
      () => '',
    );
    const retransmission = lock.see({ ...REGISTER, messageId: 'register', token: 'register' }, { within: RETRANSMIT_WINDOW_MS });
    await lock.respond(req, { code: '2.01', token: lock.otherToken('register'), options: location('rd', 'wrong') });
    try {
      await retransmission;
    } catch (e) {
      if (!(e instanceof DeadlineError)) throw e;
      return [
        `no retransmission of the Register (same MID) within ${RETRANSMIT_WINDOW_MS} ms after a 2.01 with a wrong token${await tookIt}`,
      ];
    }
    // The retransmission went on to the Test Server's normal handler, which answered it correctly.
    const registered = await server.events.waitFor((e) => e.kind === 'register', { after: 0, timeoutMs: 1000, what: 'registration' });
    await server.events.waitFor((e) => e.kind === 'update' && e.registration === registered.registration, {
      timeoutMs: 3000,
      what: 'an Update to the location the Test Server gave',
    });
    return [];
  } finally {
    await tearDown();
  }
}

test('a response with the wrong token is not taken: the client retransmits, then takes the correct response', async () => {
  assert.deepEqual(await wrongTokenCheck(), []);
});

test('the wrong-token check FAILs against a client that takes a response whose token does not match', async () => {
  const problems = await wrongTokenCheck(['accept-wrong-token']);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /no retransmission of the Register .* it took the response with the wrong token/);
});

test('a duplicated request (same MID) gets the same answer, and a duplicated Execute runs once', async () => {
  const { server, lock, client, tearDown } = await setUp({ lifetime: 60 });
  try {
    await client.start();
    const { registration: reg } = await server.events.waitFor((e) => e.kind === 'register', { timeoutMs: 3000, what: 'Register' });
    const peer = reg!.peer;

    // Read /3/0/0 twice with one MID and token: the second answer must be byte for byte the first.
    const read = { type: 'CON', code: Method.GET, messageId: server.endpoint.newMessageId(), token: Buffer.from('dup1') } as const;
    const answer: MessagePattern = { type: 'ACK', messageId: read.messageId, token: read.token, from: peer };
    const first = lock.expect(answer);
    const sent = await lock.send(peer, { ...read, options: [...uriOptions('/3/0/0'), uintOption(OptionNumber.Accept, 0)] });
    const a = await first;
    assert.equal(a.message.code, '2.05');
    assert.equal(a.message.payload.toString(), 'Open Mobile Alliance');
    const second = lock.expect(answer);
    await lock.duplicate(sent);
    assert.deepEqual((await second).bytes, a.bytes);

    // Registration Update Trigger twice with one MID: the same 2.04 twice, and one Update only.
    const mark = server.events.cursor();
    const trigger = { type: 'CON', code: Method.POST, messageId: server.endpoint.newMessageId(), token: Buffer.from('dup2') } as const;
    const triggerAnswer: MessagePattern = { type: 'ACK', code: '2.04', messageId: trigger.messageId, token: trigger.token };
    const t1 = lock.expect(triggerAnswer);
    const sentTrigger = await lock.send(peer, { ...trigger, options: uriOptions('/1/0/8') });
    const b = await t1;
    const t2 = lock.expect(triggerAnswer);
    await lock.duplicate(sentTrigger);
    assert.deepEqual((await t2).bytes, b.bytes);
    const isUpdate = (e: { kind: string }) => e.kind === 'update';
    const once = await server.events.waitFor(isUpdate, { after: mark, timeoutMs: 2000, what: 'the triggered Update' });
    assert.ok(
      await server.events.absentFor((e) => isUpdate(e) && e !== once, { after: mark, timeoutMs: RETRANSMIT_WINDOW_MS }),
      'the duplicate Execute must not trigger a second Update',
    );
  } finally {
    await tearDown();
  }
});

test('patterns match on type, code class, path, query, options, MID and token by name, and peer; the deadline names the pattern', async () => {
  const a = new CoapEndpoint({ transport: await createUdpTransport() });
  const b = new CoapEndpoint({ transport: await createUdpTransport() });
  const lock = new LockStep(a, 500);
  const other = new CoapEndpoint({ transport: await createUdpTransport() });
  try {
    const options = [...uriOptions('/rd?ep=x&lt=5&Q'), uintOption(OptionNumber.ContentFormat, 40)];
    const request = { type: 'CON', code: Method.POST, messageId: 77, token: Buffer.from('t1'), options, payload: Buffer.alloc(0) } as const;
    const wanted: MessagePattern = {
      type: ['CON', 'NON'],
      code: '0.xx',
      path: '/rd',
      query: { ep: 'x', Q: true },
      options: [{ number: OptionNumber.ContentFormat, value: Buffer.from([40]) }],
      from: b.local,
    };
    const first = lock.expect(wanted, { as: 'first' });
    await other.sendMessage(a.local, { ...request, messageId: 78 }); // from another peer: not taken
    await b.sendMessage(a.local, { ...request, messageId: 79, options: uriOptions('/rd?ep=y&Q') }); // wrong ep: not taken
    await b.sendMessage(a.local, request);
    assert.equal((await first).message.messageId, 77);
    assert.equal(lock.messageIdOf('first'), 77);
    assert.deepEqual(lock.tokenOf('first'), Buffer.from('t1'));
    assert.notDeepEqual(lock.otherToken('first'), Buffer.from('t1'));
    assert.notEqual(lock.otherMessageId('first'), 77);

    const again = lock.expect({ messageId: 'first', token: 'first' });
    await b.sendMessage(a.local, { ...request, token: Buffer.from('t2') }); // same MID, other token: not taken
    await b.sendMessage(a.local, request);
    assert.deepEqual((await again).message.token, Buffer.from('t1'));

    await assert.rejects(lock.expect({ type: 'ACK', code: '2.xx', messageId: 'first' }, { within: 100 }), {
      name: 'DeadlineError',
      message: 'no ACK 2.xx with MID 77 (as in "first") within 100 ms',
    });
    assert.throws(() => lock.expect({ token: 'never-stored' }), /no message remembered as "never-stored"/);
  } finally {
    lock.close();
    await Promise.all([a.close(), b.close(), other.close()]);
  }
});
