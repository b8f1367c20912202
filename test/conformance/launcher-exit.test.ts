/**
 * No DUT outlives the harness: a harness process launches a DUT, then exits (or is sent SIGTERM);
 * the DUT holds a TCP connection to this test, whose closing proves the DUT is gone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

const LAUNCHER = path.join(__dirname, '..', '..', 'src', 'conformance', 'launcher.ts');
const DEADLINE_MS = 8000;

/** Resolves when `event` fires on `emitter`; rejects after the deadline. */
function next<T>(emitter: NodeJS.EventEmitter, event: string, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${DEADLINE_MS} ms`)), DEADLINE_MS);
    emitter.once(event, (v: T) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

async function harnessGoesAway(ending: 'exit' | 'SIGTERM'): Promise<{ code: number | null; signal: string | null }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await next(server, 'listening', 'listening socket');
  const port = (server.address() as net.AddressInfo).port;
  const connected = next<net.Socket>(server, 'connection', 'connection from the DUT');

  // The DUT ignores SIGTERM, so only the harness's SIGKILL ends it.
  const dutProgram = `process.on('SIGTERM', () => {}); require('net').connect(${port}, '127.0.0.1').write(String(process.pid)); process.stdin.resume();`;
  const harness = `
    const { launchDut } = require(${JSON.stringify(LAUNCHER)});
    const spec = { kind: 'command', command: [process.execPath, '-e', ${JSON.stringify(dutProgram)}], cwd: '.', env: {}, stop: { signal: 'SIGTERM', timeoutMs: 60000 } };
    launchDut(spec, {}, { profileDir: '.' }).then(() => {
      console.log('launched');
      ${ending === 'exit' ? 'process.stdin.once("data", () => process.exit(0));' : 'process.stdin.resume();'}
    });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', harness], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const launched = next(child.stdout, 'data', '"launched" from the harness');
  let dut: { pid: number; gone: boolean } | undefined;
  try {
    assert.match(String(await launched), /^launched/);
    const socket = await connected;
    const closed = next(socket, 'close', 'close of the DUT connection');
    socket.on('error', () => undefined);
    dut = { pid: Number(await next(socket, 'data', 'pid of the DUT')), gone: false };
    closed.then(() => (dut!.gone = true), () => undefined);
    if (ending === 'exit') child.stdin.write('go\n');
    else child.kill('SIGTERM');
    await closed;
    return await exited;
  } finally {
    // When the test fails, do not leave its processes behind (the DUT only if it is known alive).
    child.kill('SIGKILL');
    if (dut && !dut.gone) process.kill(dut.pid, 'SIGKILL');
    server.close();
  }
}

test('a DUT is killed when the harness exits', { timeout: 20000 }, async () => {
  assert.deepEqual(await harnessGoesAway('exit'), { code: 0, signal: null });
});

test('a DUT is killed when the harness gets SIGTERM, and the harness still ends by it', { timeout: 20000 }, async () => {
  assert.deepEqual(await harnessGoesAway('SIGTERM'), { code: null, signal: 'SIGTERM' });
});
