/** One UDP socket carrying DTLS sessions with many peers: demultiplexing, the stateless cookie exchange, events. */
import { createSocket, Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { udpSocketType } from '../udp';
import type { Trace } from '../../trace/trace';
import { DropLog } from '../../trace/drops';
import { DatagramHandler, DatagramTransport, PeerAddress, formatPeer } from '../types';
import { DecodeError } from './bytes';
import { ContentType, DTLS_1_2, HandshakeType } from './constants';
import { ClientConnection } from './client-connection';
import { Connection, ConnectionHost } from './connection';
import { ServerConnection } from './server-connection';
import { CookieJar } from './cookie';
import { describeContent } from './describe';
import { DtlsError } from './errors';
import { encodeFragment, parseFragments } from './handshake-framing';
import { decodeClientHello, encodeHelloVerifyRequest } from './messages';
import { DtlsClientOptions, DtlsServerOptions, ResolvedOptions, resolveOptions } from './options';
import { DtlsRecord, encodeRecord, parseDatagram, recordTag } from './record';

export interface DtlsSessionInfo {
  peer: PeerAddress;
  /** PSK identity, certificate subject, or raw public key fingerprint (sha256:...). */
  identity?: string;
  cipherSuite: string;
  /** Stable for the session, also across an address change with a Connection ID. */
  sessionKey: string;
  extendedMasterSecret: boolean;
  /** Hex of the Connection ID the peer sends to us / we send to the peer, when negotiated. */
  connectionId?: { in?: string; out?: string };
}

export interface DtlsHandshakeFailure {
  peer: PeerAddress;
  reason: DtlsError['reason'];
  /** The alert received from the peer (reason 'alert-received') or sent to it, if any. */
  alert?: string;
  error: DtlsError;
}

export interface DtlsEvents {
  on(event: 'handshake', listener: (info: DtlsSessionInfo) => void): this;
  on(event: 'handshakeFailed', listener: (failure: DtlsHandshakeFailure) => void): this;
  /** A session ended (close_notify, fatal alert) or the peer moved to a new address. */
  on(event: 'sessionClosed', listener: (info: { peer: PeerAddress; reason: string }) => void): this;
  on(event: 'peerMoved', listener: (info: { from: PeerAddress; to: PeerAddress; sessionKey: string }) => void): this;
  /** The endpoint closed its socket. */
  on(event: 'closed', listener: () => void): this;
}

const key = (p: PeerAddress) => `${p.host}|${p.port}`;

export class DtlsEndpoint extends EventEmitter implements DatagramTransport, ConnectionHost, DtlsEvents {
  readonly scheme = 'coaps' as const;
  local: PeerAddress = { host: '', port: 0 };
  private readonly byAddress = new Map<string, Connection>();
  private readonly byCid = new Map<string, Connection>();
  private readonly waiters = new Map<Connection, { resolve: () => void; reject: (e: DtlsError) => void; promise: Promise<void> }>();
  private readonly cookies = new CookieJar();
  private handler?: DatagramHandler;
  private closed = false;
  /** Every inbound record this endpoint dropped (malformed, no session, bad MAC, replay, ...), with its reason. */
  readonly drops = new DropLog();

  private constructor(
    readonly options: ResolvedOptions,
    private readonly socket: Socket,
    private readonly trace?: Trace,
  ) {
    super();
  }

  static async open(
    role: 'client' | 'server',
    o: DtlsServerOptions & DtlsClientOptions & { host?: string; port?: number; trace?: Trace },
  ): Promise<DtlsEndpoint> {
    const options = resolveOptions(role, o);
    const host = o.host ?? (role === 'server' ? '127.0.0.1' : '0.0.0.0');
    const socket = createSocket(udpSocketType(host));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(o.port ?? 0, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const ep = new DtlsEndpoint(options, socket, o.trace);
    const addr = socket.address();
    ep.local = { host: addr.address, port: addr.port };
    socket.on('message', (data, rinfo) => ep.onDatagramReceived(data, { host: rinfo.address, port: rinfo.port }));
    socket.on('error', (e) => ep.trace?.note('dtls', `socket error: ${e.message}`));
    return ep;
  }

  // ------------------------------------------------------------------ DatagramTransport

  onDatagram(handler: DatagramHandler): void {
    this.handler = handler;
  }

  async send(peer: PeerAddress, data: Buffer): Promise<void> {
    if (this.closed) throw new DtlsError('closed', 'endpoint is closed', peer);
    let conn = this.byAddress.get(key(peer));
    if (!conn || conn.state === 'failed' || conn.state === 'closed') {
      if (this.options.role === 'server')
        throw new DtlsError('no-session', 'no DTLS session with this peer (a server cannot start one)', peer);
      await this.connect(peer);
      conn = this.byAddress.get(key(peer))!;
    } else if (conn.handshaking) {
      await this.waiters.get(conn)!.promise;
    }
    conn.sendApplicationData(data);
  }

  /** Client role: runs the handshake with a server (or waits for the one under way). */
  async connect(peer: PeerAddress): Promise<DtlsSessionInfo> {
    if (this.options.role !== 'client') throw new DtlsError('no-session', 'only a client starts handshakes', peer);
    let conn = this.byAddress.get(key(peer));
    if (!conn || conn.state === 'failed' || conn.state === 'closed') {
      const client = new ClientConnection(this, peer);
      conn = this.track(client);
      client.startClient();
    }
    if (conn.handshaking) await this.waiters.get(conn)!.promise;
    return this.sessionInfo(conn);
  }

  /** Sends close_notify to one peer and forgets the session. */
  closeSession(peer: PeerAddress): void {
    const conn = this.byAddress.get(key(peer));
    if (!conn) return;
    conn.close();
    this.forget(conn);
  }

  sessions(): DtlsSessionInfo[] {
    return [...this.byAddress.values()].filter((c) => c.established).map((c) => this.sessionInfo(c));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const conn of [...this.byAddress.values()]) {
      conn.close();
      this.forget(conn, new DtlsError('closed', 'endpoint closed during the handshake', conn.peer));
    }
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
    this.emit('closed');
  }

  // ------------------------------------------------------------------ ConnectionHost

  sendDatagram(peer: PeerAddress, data: Buffer): void {
    if (this.closed) return;
    this.socket.send(data, peer.port, peer.host, (err) => {
      if (err)
        this.trace?.record({
          layer: 'dtls',
          direction: 'note',
          local: formatPeer(this.local),
          peer: formatPeer(peer),
          summary: 'send failed',
          problem: err.message,
        });
    });
  }

  traceRecord(dir: 'in' | 'out', peer: PeerAddress, raw: Buffer | undefined, summary: string, detail?: unknown, problem?: string): void {
    // Every place that drops an inbound record says "dropped" in its summary (see ConnectionHost).
    if (dir === 'in' && /\bdropped\b/.test(summary))
      this.drops.add({
        what: 'DTLS record',
        peer: formatPeer(peer),
        reason: problem ? `${summary}: ${problem}` : summary,
        bytes: raw?.length ?? 0,
      });
    this.trace?.record({
      layer: 'dtls',
      direction: raw ? dir : 'note',
      local: formatPeer(this.local),
      peer: formatPeer(peer),
      hex: raw?.toString('hex'),
      summary,
      detail,
      problem,
    });
  }

  deliver(conn: Connection, data: Buffer): void {
    this.handler?.(data, conn.peer, { identity: conn.identity, sessionKey: conn.sessionKey });
  }

  established(conn: Connection): void {
    const info = this.sessionInfo(conn);
    this.traceRecord(
      'out',
      conn.peer,
      undefined,
      `handshake complete: ${info.cipherSuite}, identity ${info.identity ?? '(none)'}${info.extendedMasterSecret ? ', extended master secret' : ''}${info.connectionId ? `, connection id in=${info.connectionId.in ?? '-'} out=${info.connectionId.out ?? '-'}` : ''}`,
    );
    this.waiters.get(conn)?.resolve();
    this.waiters.delete(conn);
    this.emit('handshake', info);
  }

  failed(conn: Connection, err: DtlsError): void {
    this.traceRecord('out', conn.peer, undefined, `handshake failed (${err.reason})`, undefined, err.message);
    this.forget(conn, err);
    this.emit('handshakeFailed', { peer: conn.peer, reason: err.reason, alert: err.alert, error: err });
  }

  closedByPeer(conn: Connection, why: string): void {
    this.traceRecord('in', conn.peer, undefined, `session closed by peer (${why})`);
    this.forget(conn);
    this.emit('sessionClosed', { peer: conn.peer, reason: why });
  }

  registerCid(conn: Connection, cid: Buffer): void {
    this.byCid.set(cid.toString('hex'), conn);
  }

  migrated(conn: Connection, to: PeerAddress): void {
    const from = conn.peer;
    if (this.byAddress.get(key(from)) === conn) this.byAddress.delete(key(from));
    this.byAddress.get(key(to))?.dispose();
    this.byAddress.set(key(to), conn);
    conn.peer = to;
    this.traceRecord(
      'in',
      to,
      undefined,
      `peer moved from ${formatPeer(from)} to ${formatPeer(to)} (same Connection ID, session ${conn.sessionKey})`,
    );
    this.emit('peerMoved', { from, to, sessionKey: conn.sessionKey });
  }

  // ------------------------------------------------------------------ internals

  /** Registers a new connection under its address, with the promise of its handshake. */
  private track(conn: Connection): Connection {
    this.byAddress.set(key(conn.peer), conn);
    let resolve!: () => void;
    let reject!: (e: DtlsError) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // the failure is also an event; callers who await see it too
    this.waiters.set(conn, { resolve, reject, promise });
    return conn;
  }

  private forget(conn: Connection, err?: DtlsError): void {
    if (this.byAddress.get(key(conn.peer)) === conn) this.byAddress.delete(key(conn.peer));
    if (conn.cidIn) this.byCid.delete(conn.cidIn.toString('hex'));
    const w = this.waiters.get(conn);
    this.waiters.delete(conn);
    w?.reject(err ?? new DtlsError('closed', 'session closed', conn.peer));
  }

  private sessionInfo(conn: Connection): DtlsSessionInfo {
    const cid =
      conn.cidIn?.length || conn.cidOut?.length ? { in: conn.cidIn?.toString('hex'), out: conn.cidOut?.toString('hex') } : undefined;
    return {
      peer: conn.peer,
      identity: conn.identity,
      cipherSuite: conn.cipherSuiteName ?? '',
      sessionKey: conn.sessionKey,
      extendedMasterSecret: conn.extendedMasterSecret,
      connectionId: cid,
    };
  }

  private onDatagramReceived(data: Buffer, from: PeerAddress): void {
    if (this.closed) return;
    const parsed = parseDatagram(data, this.options.cidLength);
    for (const rec of parsed.records) {
      try {
        this.dispatch(rec, from);
      } catch (e) {
        // A defect here must not take the process down; it shows in the trace as the harness's own error.
        this.traceRecord(
          'in',
          from,
          rec.raw,
          'internal error while handling record',
          { stack: (e as Error).stack },
          `harness error: ${(e as Error).message}`,
        );
      }
    }
    if (parsed.problem)
      this.traceRecord(
        'in',
        from,
        parsed.problem.raw,
        `malformed record at offset ${parsed.problem.offset} dropped`,
        undefined,
        parsed.problem.message,
      );
  }

  private dispatch(rec: DtlsRecord, from: PeerAddress): void {
    let conn: Connection | undefined;
    if (rec.cid) {
      conn = this.byCid.get(rec.cid.toString('hex'));
      if (!conn)
        return this.traceRecord('in', from, rec.raw, 'record dropped', undefined, `unknown Connection ID ${rec.cid.toString('hex')}`);
    } else {
      conn = this.byAddress.get(key(from));
    }
    if (
      this.options.role === 'server' &&
      rec.epoch === 0 &&
      rec.type === ContentType.handshake &&
      rec.fragment[0] === HandshakeType.client_hello
    ) {
      return this.onClientHelloRecord(rec, from, conn);
    }
    if (!conn) {
      const d = describeContent(rec.epoch === 0 ? rec.type : -1, rec.fragment);
      return this.traceRecord(
        'in',
        from,
        rec.raw,
        `record dropped ${recordTag(rec)}: ${rec.epoch === 0 ? d.text : 'encrypted'}`,
        undefined,
        'no DTLS session with this peer',
      );
    }
    conn.handleRecord(rec, from);
  }

  /**
   * RFC 6347 §4.2.1 and §4.2.8: a ClientHello without a valid cookie is answered statelessly with a
   * HelloVerifyRequest; one with a valid cookie starts a new session (replacing an old one).
   */
  private onClientHelloRecord(rec: DtlsRecord, from: PeerAddress, existing: Connection | undefined): void {
    let hello;
    let seq: number;
    try {
      const frags = parseFragments(rec.fragment);
      const f = frags[0];
      if (f.fragmentOffset !== 0 || f.body.length !== f.length)
        throw new DecodeError(0, 'ClientHello', 'an unfragmented ClientHello before the cookie exchange');
      hello = decodeClientHello(f.body);
      seq = f.seq;
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return this.traceRecord('in', from, rec.raw, `ClientHello dropped ${recordTag(rec)}`, undefined, e.message);
    }
    if (existing?.handshaking && existing.helloRandom.equals(hello.random)) return existing.handleRecord(rec, from);
    const d = describeContent(rec.type, rec.fragment);
    if (!this.cookies.check(from, hello)) {
      this.traceRecord(
        'in',
        from,
        rec.raw,
        `${d.text} ${recordTag(rec)}`,
        d.detail,
        hello.cookie.length ? 'cookie does not verify' : undefined,
      );
      // Same record sequence number as the ClientHello, same message_seq (RFC 6347 §4.2.1).
      const body = encodeHelloVerifyRequest(DTLS_1_2, this.cookies.make(from, hello));
      const hvr = encodeRecord(
        ContentType.handshake,
        DTLS_1_2,
        0,
        rec.seq,
        encodeFragment(HandshakeType.hello_verify_request, body.length, seq, 0, body),
      );
      this.traceRecord('out', from, hvr, `hello_verify_request(message_seq ${seq}) [epoch 0] (flight 2, stateless)`);
      this.sendDatagram(from, hvr);
      return;
    }
    if (existing) {
      this.traceRecord(
        'in',
        from,
        undefined,
        `new handshake from ${formatPeer(from)} replaces its previous session ${existing.sessionKey}`,
      );
      existing.dispose();
      this.forget(existing);
    }
    const conn = new ServerConnection(this, from);
    this.track(conn);
    conn.startServer(seq, rec.seq);
    conn.handleRecord(rec, from);
  }
}
