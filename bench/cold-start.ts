/**
 * The reference client's cold start: from spawning `lwm2m-conformance reference-client` to the
 * first datagram (its Register) arriving at a UDP socket, from compiled JavaScript (dist/, what
 * `npm ci` builds) and from the TypeScript sources (tsx), beside a bare `node -e 0` process.
 */
import { spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as os from 'node:os';
import * as path from 'node:path';
import { stats } from './stats';

const BIN = path.join(__dirname, '..', 'bin', 'lwm2m-conformance.js');
const ROUNDS = Number(process.env.ROUNDS ?? 10);

/** Milliseconds from spawn to the first datagram at our socket. */
async function firstDatagram(env: NodeJS.ProcessEnv): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'reference-client', '--server', `coap://127.0.0.1:${port}`, '--endpoint', 'cold-start'], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const ms = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no datagram within 10 s')), 10000);
    socket.once('message', () => {
      clearTimeout(timer);
      resolve(performance.now() - t0);
    });
  });
  child.kill('SIGKILL');
  socket.close();
  return ms;
}

async function bareNode(): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return performance.now() - t0;
}

export async function coldStart(): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = { compiled: [], tsx: [], node: [] };
  await firstDatagram({}); // warm the file cache
  for (let i = 0; i < ROUNDS; i++) {
    out.compiled.push(await firstDatagram({}));
    out.tsx.push(await firstDatagram({ LWM2M_CONFORMANCE_TSX: '1' }));
    out.node.push(await bareNode());
  }
  return out;
}

if (require.main === module) {
  const load = () => os.loadavg()[0].toFixed(1);
  const before = load();
  void coldStart().then((r) => {
    console.log(`load average (1 min) ${before} before, ${load()} after; ${os.availableParallelism()} cores, Node ${process.version}`);
    console.log(`reference client, spawn to first Register, compiled (dist/): ${stats(r.compiled)}`);
    console.log(`reference client, spawn to first Register, tsx (sources):    ${stats(r.tsx)}`);
    console.log(`bare node -e 0, spawn to exit:                               ${stats(r.node)}`);
  });
}
