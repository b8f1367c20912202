/** Shared pieces of the DTLS tests: fixture keys, event waits with deadlines, child processes. */
import { ChildProcess, spawn } from 'node:child_process';
import { createSocket, Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace, TraceEntry } from '../../../src/trace/trace';
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

/**
 * A UDP relay standing between clients and a server, like a NAT: one outside port per inside client,
 * forwarding each way; it can rewrite or duplicate datagrams, and "rebind" (new outside ports).
 */
export class UdpRelay {
  private readonly mappings = new Map<string, { client: PeerAddress; outside: Socket }>();
  /** Rewrites client→server datagrams: return the datagrams to forward instead (may be several or none). */
  tamper?: (data: Buffer) => Buffer[];
  /** The same for server→client datagrams. */
  tamperBack?: (data: Buffer) => Buffer[];
  private last?: { client: PeerAddress; outside: Socket };

  private constructor(
    private readonly inside: Socket,
    private readonly target: PeerAddress,
  ) {}

  static async open(target: PeerAddress): Promise<UdpRelay> {
    const inside = createSocket('udp4');
    await new Promise<void>((r) => inside.bind(0, '127.0.0.1', () => r()));
    const relay = new UdpRelay(inside, target);
    inside.on('message', (data, rinfo) => {
      void relay.forward(data, { host: rinfo.address, port: rinfo.port });
    });
    return relay;
  }

  private async outsideFor(client: PeerAddress) {
    const k = `${client.host}|${client.port}`;
    let m = this.mappings.get(k);
    if (!m) {
      m = { client, outside: await this.openOutside(client) };
      this.mappings.set(k, m);
    }
    return m;
  }

  private async openOutside(client: PeerAddress): Promise<Socket> {
    const outside = createSocket('udp4');
    outside.on('message', (data) => {
      for (const d of this.tamperBack ? this.tamperBack(data) : [data]) this.inside.send(d, client.port, client.host);
    });
    await new Promise<void>((r) => outside.bind(0, '127.0.0.1', () => r()));
    return outside;
  }

  private async forward(data: Buffer, from: PeerAddress): Promise<void> {
    const m = await this.outsideFor(from);
    this.last = m;
    for (const d of this.tamper ? this.tamper(data) : [data]) m.outside.send(d, this.target.port, this.target.host);
  }

  /** The address clients send to. */
  get address(): PeerAddress {
    return { host: '127.0.0.1', port: this.inside.address().port };
  }

  /** The address the server sees for the client that sent last. */
  get outsideAddress(): PeerAddress {
    return { host: '127.0.0.1', port: this.last!.outside.address().port };
  }

  /** Gives the last client a new outside port, as a NAT does after an idle period. */
  async rebind(): Promise<void> {
    const m = this.last!;
    const old = m.outside;
    m.outside = await this.openOutside(m.client);
    await new Promise<void>((r) => old.close(() => r()));
  }

  async close(): Promise<void> {
    for (const m of this.mappings.values()) await new Promise<void>((r) => m.outside.close(() => r()));
    await new Promise<void>((r) => this.inside.close(() => r()));
  }
}

/** Resolves with the first trace entry (already there or still to come) matching, or rejects at the deadline. */
export function traceEntry(trace: Trace, match: (e: TraceEntry) => boolean, ms = 5000): Promise<TraceEntry> {
  const found = trace.entries.find(match);
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(
          `no matching trace entry within ${ms} ms; last entries:\n${trace.entries
            .slice(-8)
            .map((e) => `${e.direction} ${e.summary} ${e.problem ?? ''}`)
            .join('\n')}`,
        ),
      );
    }, ms);
    const off = trace.subscribe((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

/** Timers short enough for loopback interop tests. */
export const FAST_TIMERS = { initialRetransmitMs: 200, maxRetransmitMs: 800, maxRetransmissions: 3 };

/**
 * Lists of third-party peers and our endpoints that a test file starts; all are killed/closed
 * when the file ends (call once per file, at top level).
 */
export function cleanupAfterFile(afterHook: (fn: () => Promise<void>) => void): { peers: Peer[]; endpoints: { close(): Promise<void> }[] } {
  const peers: Peer[] = [];
  const endpoints: { close(): Promise<void> }[] = [];
  afterHook(async () => {
    for (const p of peers) p.kill();
    for (const e of endpoints) await e.close();
  });
  return { peers, endpoints };
}
