/**
 * The server side of a firmware update (int-770/771) with a 256 KiB package: the reference
 * server's firmware update (src/peers/reference-server/firmware.ts) against the Test Client's
 * Firmware Update object, in one process over UDP on loopback. Push: the reference server writes
 * the package to /5/0/0 in 1024-byte Block1 blocks; pull: it writes a URI at the harness's
 * download server (HTTP). "transfer" runs from the first Block1 block (or the URI write) to the
 * whole package at the Test Client; "whole update" from the action to its answer, which includes
 * the Test Client's simulated check and install (250 ms each) and the server's 100 ms polling.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReferenceServer } from '../src/peers/reference-server/server';
import { FirmwareUpdater } from '../src/peers/reference-server/firmware';
import { TestClient } from '../src/peers/test-client/test-client';
import { DownloadServer } from '../src/peers/download-server';
import { packageOfSize } from '../src/conformance/server-dut/firmware';
import { stats } from './stats';

const SIZE = 256 * 1024;
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const pkg = packageOfSize(SIZE);

async function round(mode: 'push' | 'pull', file: string, uri: string): Promise<{ transfer: number; whole: number }> {
  const server = new ReferenceServer({ responseTimeoutMs: 5000 });
  await server.start();
  const client = new TestClient({ server: server.endpoint.local, registration: { endpoint: 'bench-fw', lifetime: 60 } });
  await client.start();
  const fw = client.holdFirmwareUpdate();
  await client.register();
  const t0 = performance.now();
  const started = Date.now();
  const updater = new FirmwareUpdater(server);
  const result = mode === 'push' ? await updater.push('bench-fw', file) : await updater.pull('bench-fw', uri);
  const whole = performance.now() - t0;
  if (result.updateResult !== 1) throw new Error(`the update failed: ${JSON.stringify(result)}`);
  const events = fw.events.all();
  const begun = events.find((e) => e.kind === 'state' && e.state === 1)!.at;
  const arrived = events.find((e) => e.kind === (mode === 'push' ? 'package' : 'download'))!.at;
  await client.close();
  await server.close();
  return { transfer: arrived - Math.max(begun, started), whole };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fw-'));
  const file = path.join(dir, 'package.bin');
  fs.writeFileSync(file, pkg);
  const downloads = new DownloadServer('127.0.0.1');
  downloads.offer('/fw.bin', { bytes: pkg });
  const uri = await downloads.uri('http', '/fw.bin');
  for (const mode of ['push', 'pull'] as const) {
    const runs = [];
    for (let i = 0; i < ROUNDS; i++) runs.push(await round(mode, file, uri));
    console.log(`256 KiB ${mode}, transfer: ${stats(runs.map((r) => r.transfer))}`);
    console.log(`256 KiB ${mode}, whole update: ${stats(runs.map((r) => r.whole))}`);
  }
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  await downloads.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
