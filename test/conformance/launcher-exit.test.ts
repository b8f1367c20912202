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

/**
 * How the harness ends: it exits; it gets SIGTERM with no handler of its own; or it gets SIGTERM
 * with a handler like the CLI's (registered once, before the launch) that stops the DUTs itself,
 * gracefully by the profile's stop signal, and then exits with code 7.
 */
type Ending = 'exit' | 'SIGTERM' | 'SIGTERM-with-cli-handler';

async function harnessGoesAway(ending: Ending): Promise<{ code: number | null; signal: string | null }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await next(server, 'listening', 'listening socket');
  const port = (server.address() as net.AddressInfo).port;
  const connected = next<net.Socket>(server, 'connection', 'connection from the DUT');

  // The DUT ignores SIGTERM, so only SIGKILL (or, with the CLI's handler, its stop signal SIGINT) ends it.
  const dutProgram = `process.on('SIGTERM', () => {}); require('net').connect(${port}, '127.0.0.1').write(String(process.pid)); process.stdin.resume();`;
  const harness = `
    const { launchDut, stopAllDuts } = require(${JSON.stringify(LAUNCHER)});
    ${ending === 'SIGTERM-with-cli-handler' ? "process.once('SIGTERM', () => stopAllDuts().then(() => process.exit(7)));" : ''}
    const stop = { signal: ${ending === 'SIGTERM-with-cli-handler' ? "'SIGINT'" : "'SIGTERM'"}, timeoutMs: 60000 };
    const spec = { kind: 'command', command: [process.execPath, '-e', ${JSON.stringify(dutProgram)}], cwd: '.', env: {}, stop };
    launchDut(spec, {}, { profileDir: '.' }).then(() => {
      console.log('launched');
      ${ending === 'exit' ? 'process.stdin.once("data", () => process.exit(0));' : 'process.stdin.resume();'}
    });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', harness], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const launched = next(child.stdout, 'data', '"launched" from the harness');
  let dut: { pid: number; gone: boolean } | undefined;
  try {
    assert.match(String(await launched), /^launched/);
    const socket = await connected;
    const closed = next(socket, 'close', 'close of the DUT connection');
    socket.on('error', () => undefined);
    dut = { pid: Number(await next(socket, 'data', 'pid of the DUT')), gone: false };
    closed.then(
      () => (dut!.gone = true),
      () => undefined,
    );
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

test('when the CLI handles SIGTERM itself, it stops the DUTs its own way and decides how to end', { timeout: 20000 }, async () => {
  assert.deepEqual(await harnessGoesAway('SIGTERM-with-cli-handler'), { code: 7, signal: null });
});
