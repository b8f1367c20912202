import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as coap from 'coap';
import { CoapEndpoint, type IncomingResponse } from '../../src/coap/endpoint';
import { Method, observe } from '../../src/coap/message';
import { createUdpTransport } from '../../src/transport/udp';
import { EventLog } from '../../src/util/event-log';

test('observes a node-coap resource: first response, then notifications with rising Observe numbers', async () => {
  const server = coap.createServer();
  let stream: coap.OutgoingMessage | undefined;
  server.on('request', (req: coap.IncomingMessage, res: coap.OutgoingMessage) => {
    if (req.headers.Observe !== 0) return res.end('once');
    stream = res;
    res.write('v0');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server as unknown as { _sock: { address(): { port: number } } })._sock.address().port;
  const ours = new CoapEndpoint({ transport: await createUdpTransport() });
  const notifications = new EventLog<IncomingResponse>();
  const first = await ours.request({ host: '127.0.0.1', port }, { method: Method.GET, path: '/3/0/7', observe: 0 }, (n) =>
    notifications.push(n),
  );
  assert.equal(first.message.payload.toString(), 'v0');
  stream!.write('v1');
  stream!.write('v2');
  const n2 = await notifications.waitFor((n) => n.message.payload.toString() === 'v2', { timeoutMs: 3000, what: 'notification v2' });
  const seen = notifications.all().map((n) => n.message.payload.toString());
  assert.deepEqual(seen, ['v1', 'v2']);
  assert.ok(observe(n2.message)! > observe(first.message)!, 'Observe numbers rise');
  ours.forgetObservation(first.message.token);
  stream!.end();
  await ours.close();
  await new Promise<void>((r) => server.close(() => r()));
});
