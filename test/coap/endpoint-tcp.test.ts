import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoapEndpoint, CoapTimeoutError, NO_RESPONSE } from '../../src/coap/endpoint';
import { Method } from '../../src/coap/message';
import { SignalCode, signal } from '../../src/coap/signalling';
import { createTcpClient, createTcpServer } from '../../src/transport/tcp';
import { Trace } from '../../src/trace/trace';

async function pair(trace = new Trace(), clientCsm?: false) {
  const server = new CoapEndpoint({ transport: await createTcpServer(), trace });
  const client = new CoapEndpoint({ transport: await createTcpClient(), trace, csm: clientCsm, timers: { ackTimeoutMs: 50 } });
  return { server, client, close: () => Promise.all([client.close(), server.close()]) };
}

test('request/response over TCP: CSM first in both directions, token matching, no type or MID', async () => {
  const trace = new Trace();
  const { server, client, close } = await pair(trace);
  server.onRequest((req) => ({ code: '2.05', payload: Buffer.from(`hello ${req.path}`) }));
  try {
    assert.equal(client.reliable, true);
    const res = await client.request(server.local, { method: Method.GET, path: '/3/0/0' });
    assert.equal(res.message.code, '2.05');
    assert.equal(res.message.payload.toString(), 'hello /3/0/0');
    const first = server.inbox.all()[0];
    assert.equal(first.message?.code, SignalCode.CSM, 'the client CSM is the first frame the server reads');
    await client.inbox.waitFor((e) => e.message?.code === SignalCode.CSM, { after: 0, timeoutMs: 2000, what: 'server CSM' });
    assert.equal(client.peerCsm.size, 1);
    assert.equal([...server.peerCsm.values()][0].settings.blockWiseTransfer, true);
    const summaries = trace.entries.filter((e) => e.layer === 'coap').map((e) => e.summary);
    assert.ok(
      summaries.some((s) => /^CSM Max-Message-Size=66560 Block-Wise-Transfer \(TCP\)$/.test(s)),
      summaries.join('\n'),
    );
    assert.ok(
      summaries.some((s) => /^TCP GET \/3\/0\/0 T=/.test(s)),
      summaries.join('\n'),
    );
    assert.ok(!summaries.some((s) => /MID=/.test(s)));
  } finally {
    await close();
  }
});

test('over TCP nothing is retransmitted, every request is new, a 40 KB body goes in one frame', async () => {
  const { server, client, close } = await pair();
  let calls = 0;
  server.onRequest((req) => (req.path === '/quiet' ? NO_RESPONSE : { code: '2.04', payload: Buffer.from(String(++calls)) }));
  try {
    await assert.rejects(client.request(server.local, { method: Method.GET, path: '/quiet', timeoutMs: 400 }), CoapTimeoutError);
    assert.equal(server.inbox.all().filter((e) => e.message?.code === Method.GET).length, 1, 'one GET although the ACK timeout is 50 ms');
    const a = await client.request(server.local, { method: Method.POST, path: '/x' });
    const b = await client.request(server.local, { method: Method.POST, path: '/x' });
    assert.deepEqual([a.message.payload.toString(), b.message.payload.toString()], ['1', '2'], 'both MIDs are 0, neither is a duplicate');
    const big = await client.request(server.local, { method: Method.PUT, path: '/big', payload: Buffer.alloc(40_000, 1) });
    assert.equal(big.message.code, '2.04');
    assert.equal(server.inbox.all().filter((e) => e.message?.code === Method.PUT).length, 1);
  } finally {
    await close();
  }
});

test('Ping is answered by Pong; a client without CSM is seen as such', async () => {
  const { server, client, close } = await pair(new Trace(), false);
  server.onRequest(() => ({ code: '2.05' }));
  try {
    await client.request(server.local, { method: Method.GET, path: '/' });
    assert.equal(server.inbox.all()[0].message?.code, Method.GET, 'no CSM before the request');
    assert.equal(server.peerCsm.size, 0);
    await client.sendMessage(server.local, {
      ...signal(SignalCode.Ping, [{ number: 2, value: Buffer.alloc(0) }]),
      token: Buffer.from([9]),
    });
    const pong = await client.inbox.waitFor((e) => e.message?.code === SignalCode.Pong, { after: 0, timeoutMs: 2000, what: 'Pong' });
    assert.equal(pong.message!.token.toString('hex'), '09');
    assert.equal(pong.message!.options[0]?.number, 2, 'Custody echoed');
  } finally {
    await close();
  }
});

test('a malformed stream is an inbox error, not a crash', async () => {
  const { server, client, close } = await pair();
  try {
    await client.sendBytes(server.local, Buffer.from('0f', 'hex')); // TKL 15
    const bad = await server.inbox.waitFor((e) => e.error !== undefined, { after: 0, timeoutMs: 2000, what: 'stream error' });
    assert.match(bad.error!.message, /token length 15 is reserved/);
  } finally {
    await close();
  }
});
