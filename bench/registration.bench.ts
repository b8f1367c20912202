/**
 * Benchmarks of the foundation: one Register + Read round trip (Test Server and reference
 * client in one process, real UDP on loopback), and the full registration suite through the CLI.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { CoapEndpoint } from '../src/coap/endpoint';
import { createUdpTransport } from '../src/transport/udp';
import { TestServer } from '../src/peers/test-server';
import { ReferenceClient } from '../src/peers/reference-client/client';

const ROUNDS = Number(process.env.ROUNDS ?? 200);

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
  return `mean ${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(2)} ms, p50 ${q(0.5)} ms, p95 ${q(0.95)} ms (n=${s.length})`;
}

async function registerAndRead(): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const server = new TestServer(new CoapEndpoint({ transport: await createUdpTransport() }), {
      lifetimeGraceMs: 1000,
      responseTimeoutMs: 2000,
    });
    const t0 = performance.now();
    const client = new ReferenceClient({ server: server.endpoint.local, endpoint: `bench-${i}`, lifetime: 60, lwm2mVersion: '1.1' });
    await client.start();
    const reg = await server.events.waitFor((e) => e.kind === 'register', { timeoutMs: 2000, what: 'Register' });
    const res = await server.read(reg.registration!, '/3/0', 11542);
    if (res.message.code !== '2.05') throw new Error(`read answered ${res.message.code}`);
    times.push(performance.now() - t0);
    await client.stop(false);
    await server.close();
  }
  console.log(`Register + Read /3/0 (TLV) round trip: ${stats(times)}`);
}

function fullSuite(): void {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reports-'));
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [
      path.join(__dirname, '..', 'bin', 'lwm2m-conformance.js'),
      'run',
      '--tags',
      '@registration',
      '--reports',
      reports,
      '--quiet',
    ]);
    if (r.status !== 0) throw new Error(`suite failed: ${r.stdout}${r.stderr}`);
    times.push(performance.now() - t0);
  }
  console.log(`Full registration suite (6 cases, reference client, CLI): ${stats(times)}`);
}

void (async () => {
  await registerAndRead();
  fullSuite();
})();
