/**
 * A firmware update of a 256 KiB package (the reference package format) to the reference client,
 * Test Server and client in one process over UDP on loopback: pushed as Block1 (1024-byte
 * blocks, and 512 when the client asks for them), and pulled over HTTP and CoAP from the download
 * server. Times run from the write of Package / Package URI to State Downloaded.
 */
import { setTimeout as pause } from 'node:timers/promises';
import { CoapEndpoint } from '../src/coap/endpoint';
import { Method } from '../src/coap/message';
import { createUdpTransport } from '../src/transport/udp';
import { TestServer, type Registration } from '../src/peers/test-server';
import { ReferenceClient } from '../src/peers/reference-client/client';
import { buildPackage } from '../src/peers/firmware-package';
import { DownloadServer } from '../src/peers/download-server';

const SIZE = 256 * 1024;
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const pkg = buildPackage({ version: '2.0', ramBytes: 1024, install: 'ok' }, SIZE);

async function session(blockSize?: number) {
  const server = new TestServer(new CoapEndpoint({ transport: await createUdpTransport() }), {
    lifetimeGraceMs: 1000,
    responseTimeoutMs: 5000,
  });
  const client = new ReferenceClient({ server: server.endpoint.local, endpoint: 'bench-fw', lifetime: 60, lwm2mVersion: '1.1', blockSize });
  await client.start();
  const reg = (await server.events.waitFor((e) => e.kind === 'register', { timeoutMs: 2000, what: 'Register' })).registration!;
  return { server, client, reg };
}

async function untilDownloaded(server: TestServer, reg: Registration): Promise<void> {
  for (;;) {
    const res = await server.read(reg, '/5/0/3', 0);
    if (res.message.payload.toString() === '2') return;
    if (res.message.payload.toString() === '0') throw new Error('the package was refused');
    await pause(5);
  }
}

async function measure(label: string, blockSize: number | undefined, deliver: (server: TestServer, reg: Registration) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const { server, client, reg } = await session(blockSize);
    const t0 = performance.now();
    const r = (await deliver(server, reg)) as { parts?: unknown[] } | undefined;
    if (i === 0 && r?.parts) console.log(`  ${label}: ${r.parts.length} Block1 exchanges`);
    await untilDownloaded(server, reg);
    times.push(performance.now() - t0);
    await client.stop(false);
    await server.close();
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `${label}: mean ${mean.toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms, ${((SIZE / 1024 / mean) * 1000).toFixed(0)} KiB/s (n=${times.length})`,
  );
}

async function main() {
  const push = (size: number) => (server: TestServer, reg: Registration) =>
    server.send(reg, { method: Method.PUT, path: '/5/0/0', payload: pkg, contentFormat: 42, block1Size: size, timeoutMs: 5000 });
  await measure('256 KiB push, Block1 1024', undefined, push(1024));
  await measure('256 KiB push, Block1 1024 offered, client asks for 512', 512, push(1024));
  for (const scheme of ['http', 'coap'] as const) {
    const downloads = new DownloadServer('127.0.0.1');
    downloads.offer('/fw.bin', { bytes: pkg });
    const uri = await downloads.uri(scheme, '/fw.bin');
    await measure(`256 KiB pull over ${scheme.toUpperCase()}`, undefined, (server, reg) =>
      server.write(reg, '/5/0/1', Buffer.from(uri), 0),
    );
    await downloads.close();
  }
}

void main();
