/**
 * The reference client exits within a fraction of a second of SIGTERM whatever it is doing: with an
 * Update unanswered (its late answer used to arm the next Update timer, keeping the process alive
 * for half a lifetime), with a server that stopped answering (the De-register used to wait 3 s),
 * and with its Register unanswered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import * as path from 'node:path';
import { CoapEndpoint, NO_RESPONSE } from '../../src/coap/endpoint';
import { createUdpTransport } from '../../src/transport/udp';
import { Method, OptionNumber } from '../../src/coap/message';
import { ROOT } from './harness';

/** The goal is a fraction of a second; the bound leaves room for a loaded machine. */
const EXIT_WITHIN_MS = 1000;
const location = (segment: string) => ({ number: OptionNumber.LocationPath, value: Buffer.from(segment) });

function startClient(port: number, lifetime: number): { child: ChildProcess; output: () => string } {
  const bin = path.join(ROOT, 'bin', 'lwm2m-conformance.js');
  const args = ['reference-client', '--server', `coap://127.0.0.1:${port}`, '--endpoint', 'stop-test', '--lifetime', String(lifetime)];
  const child = spawn(process.execPath, [bin, ...args, '--ack-timeout', '300'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

/** Sends SIGTERM and resolves with how long the process took to exit, and how. */
async function terminate(child: ChildProcess): Promise<{ ms: number; code: number | null; signal: string | null }> {
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const t0 = Date.now();
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  const how = await exited;
  clearTimeout(killer);
  return { ms: Date.now() - t0, ...how };
}

test('SIGTERM while an Update is unanswered, answered just after: de-registers and exits at once', async () => {
  // A server whose answer to the Update comes after the SIGTERM: that late answer used to arm the
  // next Update timer, which kept the process alive for half a lifetime.
  const server = new CoapEndpoint({ transport: await createUdpTransport(), timers: { ackTimeoutMs: 300 } });
  const { child, output } = startClient(server.local.port, 6);
  let stopped: Promise<{ ms: number; code: number | null; signal: string | null }> | undefined;
  let deregistered = false;
  server.onRequest(async (req) => {
    if (req.message.code === Method.POST && req.path === '/rd') return { code: '2.01', options: [location('rd'), location('x')] };
    if (req.message.code === Method.POST) {
      stopped ??= terminate(child);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the answer is late on purpose
      return { code: '2.04' };
    }
    if (req.message.code === Method.DELETE) deregistered = true;
    return { code: '2.02' };
  });
  try {
    // The first Update comes half a lifetime (3 s) after the Register.
    const r = await new Promise<Awaited<NonNullable<typeof stopped>>>((resolve, reject) => {
      const poll = setInterval(() => stopped && (clearInterval(poll), stopped.then(resolve, reject)), 20);
      setTimeout(() => (clearInterval(poll), reject(new Error(`no Update within 15 s:\n${output()}`))), 15000);
    });
    assert.equal(r.code, 0, output());
    assert.ok(r.ms < EXIT_WITHIN_MS, `exited ${r.ms} ms after SIGTERM:\n${output()}`);
    assert.ok(deregistered, 'the De-register reached the server');
    assert.doesNotMatch(output(), /still busy/, 'nothing was left running after stop');
  } finally {
    child.kill('SIGKILL');
    await server.close();
  }
});

test('SIGTERM after the server stopped answering: the De-register is not waited for long', async () => {
  const server = new CoapEndpoint({ transport: await createUdpTransport(), timers: { ackTimeoutMs: 300 } });
  let registered!: () => void;
  const register = new Promise<void>((resolve) => (registered = resolve));
  let deleteSeen = false;
  server.onRequest((req) => {
    if (req.message.code === Method.POST && req.path === '/rd') {
      registered();
      return { code: '2.01', options: [location('rd'), location('x')] };
    }
    if (req.message.code === Method.DELETE) deleteSeen = true;
    return NO_RESPONSE; // gone silent: no ACK, no answer
  });
  const { child, output } = startClient(server.local.port, 60);
  try {
    await register;
    const r = await terminate(child);
    assert.equal(r.code, 0, output());
    assert.ok(deleteSeen, 'the client tried to de-register');
    assert.ok(r.ms < EXIT_WITHIN_MS, `exited ${r.ms} ms after SIGTERM:\n${output()}`);
  } finally {
    child.kill('SIGKILL');
    await server.close();
  }
});

test('SIGTERM while the Register is unanswered (a silent server): exits at once', async () => {
  const silent = createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  let received = 0;
  const first = new Promise<void>((resolve) =>
    silent.on('message', () => {
      received++;
      resolve();
    }),
  );
  const { child, output } = startClient(silent.address().port, 60);
  try {
    await first;
    const r = await terminate(child);
    assert.equal(r.code, 0, output());
    assert.ok(r.ms < EXIT_WITHIN_MS, `exited ${r.ms} ms after SIGTERM (${received} datagrams seen):\n${output()}`);
  } finally {
    child.kill('SIGKILL');
    silent.close();
  }
});
