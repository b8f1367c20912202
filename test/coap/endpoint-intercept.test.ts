/** CoapEndpoint's hooks for lock-step work: `intercept`, and `matchTokens: false` (a fault switch). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoapEndpoint, type InboundMessage } from '../../src/coap/endpoint';
import { encodeMessage } from '../../src/coap/codec';
import { Method, uriOptions } from '../../src/coap/message';
import { createUdpTransport } from '../../src/transport/udp';
import { Trace } from '../../src/trace/trace';

async function endpoint(opts: { trace?: Trace; matchTokens?: boolean } = {}) {
  return new CoapEndpoint({ transport: await createUdpTransport(), timers: { ackTimeoutMs: 100 }, ...opts });
}

const con = (messageId: number, path: string) =>
  encodeMessage({
    type: 'CON',
    code: Method.POST,
    messageId,
    token: Buffer.from([7]),
    options: uriOptions(path),
    payload: Buffer.alloc(0),
  });

test('an intercepted request is traced and logged but neither answered nor handed to the handler; removing the hook restores both', async () => {
  const trace = new Trace();
  const server = await endpoint({ trace });
  const raw = await endpoint();
  let handled = 0;
  server.onRequest(() => ({ code: '2.04', payload: Buffer.from(String(++handled)) }));
  const taken: InboundMessage[] = [];
  const remove = server.intercept((e) => {
    if (e.message.messageId !== 1) return false;
    taken.push(e);
    return true;
  });

  const mark = raw.inbox.cursor();
  await raw.sendBytes(server.local, con(1, '/taken'));
  await raw.sendBytes(server.local, con(2, '/not-taken'));
  const answer = await raw.inbox.waitFor((e) => e.message?.messageId === 2, { after: mark, timeoutMs: 1000, what: 'answer to MID 2' });
  assert.equal(answer.message!.code, '2.04');
  assert.equal(handled, 1, 'only the message no interceptor took reached the handler');
  assert.deepEqual(
    taken.map((e) => e.message.messageId),
    [1],
  );
  assert.ok(await raw.inbox.absentFor((e) => e.message?.messageId === 1, { after: mark, timeoutMs: 300 }), 'no ACK for a taken CON');
  assert.equal(server.inbox.all().length, 2, 'the inbox logs taken messages too');
  assert.equal(trace.entries.filter((e) => e.direction === 'in').length, 2, 'and so does the trace');

  remove();
  await raw.sendBytes(server.local, con(1, '/taken'));
  await raw.inbox.waitFor((e) => e.message?.messageId === 1, { after: mark, timeoutMs: 1000, what: 'answer to MID 1' });
  assert.equal(handled, 2, 'after removal the same MID is a new request for the handler (the taken one was never deduplicated)');
  await Promise.all([server.close(), raw.close()]);
});

test('a piggybacked response with a wrong token is ignored, unless matchTokens is false', async () => {
  for (const matchTokens of [true, false]) {
    const client = await endpoint({ matchTokens });
    const server = await endpoint();
    server.intercept((e) => {
      const m = e.message;
      const wrongToken = Buffer.from(m.token.map((b) => b ^ 0xff));
      void server.sendMessage(e.peer, { ...m, type: 'ACK', code: '2.05', token: wrongToken, options: [], payload: Buffer.from('x') });
      return true;
    });
    const outcome = await client.request(server.local, { method: Method.GET, path: '/x', timeoutMs: 400 }).then(
      (r) => `taken ${r.message.code}`,
      (e: Error) => e.name,
    );
    assert.equal(outcome, matchTokens ? 'CoapTimeoutError' : 'taken 2.05');
    await Promise.all([server.close(), client.close()]);
  }
});
