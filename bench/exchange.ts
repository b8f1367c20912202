/**
 * The harness's own cost per CoAP exchange (a confirmable GET and its piggy-backed 2.05, in one
 * process over loopback UDP), beside a raw UDP echo (the floor: two datagrams, no CoAP) and
 * node-coap doing the same GET. Sequential round trips, so the figure is latency per exchange.
 */
import * as dgram from 'node:dgram';
import * as coap from 'coap';
import { CoapEndpoint } from '../src/coap/endpoint';
import { Method } from '../src/coap/message';
import { Trace } from '../src/trace/trace';
import { createUdpTransport } from '../src/transport/udp';

const EXCHANGES = Number(process.env.EXCHANGES ?? 2000);
const PAYLOAD = Buffer.from('Open Mobile Alliance');

async function timed(n: number, once: () => Promise<void>): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await once(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await once();
  return ((performance.now() - t0) * 1000) / n; // µs per exchange
}

async function rawUdpEcho(n: number): Promise<number> {
  const server = dgram.createSocket('udp4');
  const client = dgram.createSocket('udp4');
  server.on('message', (m, r) => server.send(m, r.port, r.address));
  await Promise.all([server, client].map((s) => new Promise<void>((res) => s.bind(0, '127.0.0.1', res))));
  const port = server.address().port;
  const request = Buffer.alloc(20, 1);
  const us = await timed(
    n,
    () =>
      new Promise<void>((resolve) => {
        client.once('message', () => resolve());
        client.send(request, port, '127.0.0.1');
      }),
  );
  server.close();
  client.close();
  return us;
}

async function nodeCoap(n: number): Promise<number> {
  const server = coap.createServer((_req: unknown, res: { end(b: Buffer): void }) => res.end(PAYLOAD));
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const port = (server as unknown as { _sock: dgram.Socket })._sock.address().port;
  const agent = new coap.Agent({ type: 'udp4' });
  const us = await timed(
    n,
    () =>
      new Promise<void>((resolve, reject) => {
        const req = coap.request({ hostname: '127.0.0.1', port, pathname: '/3/0/0', agent, confirmable: true });
        req.on('response', (res: { on(e: string, f: () => void): void; resume(): void }) => {
          res.on('end', () => resolve());
          res.resume();
        });
        req.on('error', reject);
        req.end();
      }),
  );
  agent.close();
  await new Promise<void>((res) => server.close(() => res()));
  return us;
}

/** Our endpoint on both sides; `traced` records every datagram as a case does. */
async function harnessEndpoint(n: number, traced: boolean): Promise<number> {
  const trace = traced ? new Trace() : undefined;
  const server = new CoapEndpoint({ transport: await createUdpTransport(), trace });
  const client = new CoapEndpoint({ transport: await createUdpTransport(), trace });
  server.onRequest(() => ({ code: '2.05', payload: PAYLOAD, contentFormat: 0 }));
  const us = await timed(n, async () => {
    const r = await client.request(server.local, { method: Method.GET, path: '/3/0/0' });
    if (r.message.code !== '2.05') throw new Error(`answered ${r.message.code}`);
    // A case's trace lives a few seconds; a long benchmark must not grow one without bound.
    if (trace && trace.entries.length > 10000) trace.entries.length = 0;
  });
  await client.close();
  await server.close();
  return us;
}

export async function exchangeCosts(n = EXCHANGES): Promise<Record<string, number>> {
  return {
    'raw UDP echo': await rawUdpEcho(n),
    'node-coap GET': await nodeCoap(n),
    'harness endpoint GET': await harnessEndpoint(n, false),
    'harness endpoint GET, traced': await harnessEndpoint(n, true),
  };
}

if (require.main === module) {
  void exchangeCosts().then((r) => {
    for (const [k, us] of Object.entries(r))
      console.log(`${k.padEnd(30)} ${us.toFixed(0).padStart(6)} µs per exchange  (${(us / r['node-coap GET']).toFixed(2)}x node-coap)`);
  });
}
