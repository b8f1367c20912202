/** Shared pieces of the DTLS tests: fixture keys, event waits with deadlines, child processes. */
import { ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatagramTransport, PeerAddress, PeerInfo } from '../../../src/transport/types';

export const KEYS = join(__dirname, '../../../fixtures/keys');
export const key = (name: string) => readFileSync(join(KEYS, name));
export const PSK_HEX = '73656372657450534b21';
export const PSK = Buffer.from(PSK_HEX, 'hex');

/** Resolves with the event's first argument, or rejects after the deadline. */
export function nextEvent<T = unknown>(emitter: EventEmitter, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, on);
      reject(new Error(`no '${event}' within ${ms} ms`));
    }, ms);
    const on = (v: T) => {
      clearTimeout(timer);
      resolve(v);
    };
    emitter.once(event, on);
  });
}

/** Resolves with the next datagram the transport delivers. */
export function nextDatagram(t: DatagramTransport, ms = 5000): Promise<{ data: Buffer; peer: PeerAddress; info?: PeerInfo }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no datagram within ${ms} ms`)), ms);
    t.onDatagram((data, peer, info) => {
      clearTimeout(timer);
      resolve({ data, peer, info });
    });
  });
}

export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A child process whose combined output can be awaited for a pattern, killed in `after` hooks. */
export class Peer {
  private out = '';
  private readonly events = new EventEmitter();
  readonly child: ChildProcess;
  exited = false;

  constructor(cmd: string, args: string[]) {
    this.child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const add = (d: Buffer) => {
      this.out += d.toString('latin1');
      this.events.emit('output');
    };
    this.child.stdout!.on('data', add);
    this.child.stderr!.on('data', add);
    this.child.on('exit', () => {
      this.exited = true;
      this.events.emit('output');
    });
    this.child.on('error', (e) => {
      this.out += `\n[spawn error] ${e.message}`;
      this.events.emit('output');
    });
  }

  get output(): string {
    return this.out;
  }

  /** Waits until the output matches, failing at the deadline (with the output so far). */
  waitFor(pattern: RegExp, ms = 5000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.out.match(pattern);
        if (m) {
          done();
          resolve(m);
        } else if (this.exited) {
          done();
          reject(new Error(`process exited before ${pattern}; output:\n${this.out}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${pattern} within ${ms} ms; output:\n${this.out}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        this.events.off('output', check);
      };
      this.events.on('output', check);
      check();
    });
  }

  /** Waits until the process exits, failing at the deadline. */
  exit(ms = 5000): Promise<number | null> {
    if (this.exited) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`process still running after ${ms} ms; output:\n${this.out}`)), ms);
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  write(text: string): void {
    this.child.stdin!.write(text);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

/** Polls a condition (evaluated on every event turn) until true or the deadline. */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setImmediate(r));
  }
}
