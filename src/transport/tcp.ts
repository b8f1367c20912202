/**
 * CoAP over TCP and over TLS (RFC 8323) as a StreamTransport: the same shape the UDP and DTLS
 * transports give the CoAP layer, each "datagram" being one whole frame cut from the stream.
 *
 *   const server = await createTcpServer({ host: '127.0.0.1', port: 0, tls: { psk: (id) => key } });
 *   const client = await createTcpClient({ tls: { pskIdentity: 'dev1', pskKey: key } });
 *   await client.send(server.local, frame); // connects (and handshakes) first
 *
 * A server accepts connections from many peers; a client opens one connection per peer on its
 * first send. TLS: X.509 certificates (server certificate, client certificate on request, trust
 * anchors) or PSK through node:tls's pskCallback, limited to TLS 1.2 and its PSK cipher suites
 * (RFC 8323 §9 and LwM2M name TLS_PSK_WITH_AES_128_CCM_8 and TLS_PSK_WITH_AES_128_CBC_SHA256).
 * Connection events go to the trace (layer 'tcp'); frames are traced by the CoAP layer.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Trace } from '../trace/trace';
import { FrameReassembler } from './stream-frames';
import { pemChain, pemPrivateKey, pinProblem, splitTrustAnchors } from './tls-credentials';
import { type DatagramHandler, type PeerAddress, type PeerInfo, type StreamTransport, formatPeer } from './types';

/** OpenSSL names of TLS 1.2 PSK suites, preferred first. */
export const TLS_PSK_CIPHERS = 'PSK-AES128-CCM8:PSK-AES128-CBC-SHA256:PSK-AES128-GCM-SHA256';

export interface TlsServerSettings {
  /** PSK: the key for an identity, or undefined to refuse it. */
  psk?: (identity: string) => Buffer | undefined;
  certificate?: { chain: Buffer[]; key: Buffer };
  trustAnchors?: Buffer[];
  /** Ask for a client certificate and refuse a connection without a valid one. */
  requireClientCertificate?: boolean;
}

export interface TlsClientSettings {
  pskIdentity?: string;
  pskKey?: Buffer;
  certificate?: { chain: Buffer[]; key: Buffer };
  trustAnchors?: Buffer[];
  /** Name the server's certificate must carry (default: the host connected to). */
  serverName?: string;
  /** false skips the name check (the chain is still checked). */
  checkServerName?: boolean;
}

export interface TcpOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  trace?: Trace;
  /** Largest frame accepted from a peer (default 64 KiB + headers); a longer one closes the connection. */
  maxFrameBytes?: number;
  /** Deadline for a connection (and its TLS handshake) to be established (default 5000 ms). */
  connectTimeoutMs?: number;
}

const DEFAULT_MAX_FRAME = 64 * 1024 + 1024;

interface Connection {
  socket: net.Socket;
  peer: PeerAddress;
  info?: PeerInfo;
  /** Resolves once the connection (and its TLS handshake) is up and the opener is written. */
  ready: Promise<void>;
}

const keyOf = (p: PeerAddress) => formatPeer(p);

/** What the two roles share: connections by peer, framing, handlers. */
class StreamEndpoint implements StreamTransport {
  readonly reliable = true as const;
  private handler: DatagramHandler = () => {};
  private opener: (peer: PeerAddress) => Buffer | undefined = () => undefined;
  private streamError: (peer: PeerAddress, error: Error) => void = () => {};
  protected readonly connections = new Map<string, Connection>();
  protected closed = false;
  localAddress: PeerAddress;

  constructor(
    readonly scheme: 'coap+tcp' | 'coaps+tcp',
    protected readonly opts: TcpOptions,
    local: PeerAddress,
  ) {
    this.localAddress = local;
  }

  get local(): PeerAddress {
    return this.localAddress;
  }

  onDatagram(h: DatagramHandler): void {
    this.handler = h;
  }

  onConnection(opener: (peer: PeerAddress) => Buffer | undefined): void {
    this.opener = opener;
  }

  onStreamError(h: (peer: PeerAddress, error: Error) => void): void {
    this.streamError = h;
  }

  async send(peer: PeerAddress, data: Buffer): Promise<void> {
    if (this.closed) throw new Error('transport closed');
    const conn = await this.connectionTo(peer);
    await conn.ready;
    await new Promise<void>((resolve, reject) => conn.socket.write(data, (err) => (err ? reject(err) : resolve())));
  }

  /** The connection to a peer; a client opens one, a server only has those peers opened. */
  protected connectionTo(peer: PeerAddress): Promise<Connection> {
    const conn = this.connections.get(keyOf(peer));
    if (!conn) return Promise.reject(new Error(`no TCP connection from ${formatPeer(peer)}`));
    return Promise.resolve(conn);
  }

  async closeConnection(peer: PeerAddress): Promise<void> {
    const conn = this.connections.get(keyOf(peer));
    if (!conn) return;
    this.connections.delete(keyOf(peer));
    await new Promise<void>((resolve) => {
      conn.socket.once('close', () => resolve());
      conn.socket.end();
      // A peer that never finishes the TCP close gets 1 s, then the socket is cut (a close must not hang a case).
      setTimeout(() => conn.socket.destroy(), 1000).unref();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const conn of this.connections.values()) conn.socket.destroy();
    this.connections.clear();
  }

  /** Wires a socket that is (or will be) connected: framing in, the opener out first. */
  protected adopt(socket: net.Socket, peer: PeerAddress, established: Promise<PeerInfo | undefined>): Connection {
    const frames = new FrameReassembler(this.opts.maxFrameBytes ?? DEFAULT_MAX_FRAME);
    const conn: Connection = { socket, peer, ready: Promise.resolve() };
    const key = keyOf(peer);
    this.connections.set(key, conn);
    const forget = () => {
      if (this.connections.get(key) === conn) this.connections.delete(key);
    };
    socket.on('data', (chunk: Buffer) => {
      const { frames: whole, error } = frames.push(chunk);
      for (const f of whole) this.handler(f, peer, conn.info);
      if (error) {
        this.note(`stream from ${formatPeer(peer)} cannot be read as CoAP frames: ${error.message}; connection closed`);
        this.streamError(peer, error);
        forget();
        socket.destroy();
      }
    });
    // A peer that vanishes or resets must not bring the harness down.
    socket.on('error', (e) => this.note(`connection with ${formatPeer(peer)}: ${e.message}`));
    socket.on('close', () => {
      forget();
      this.note(`connection with ${formatPeer(peer)} closed`);
    });
    conn.ready = established.then((info) => {
      conn.info = info;
      const first = this.opener(peer);
      if (first) socket.write(first);
    });
    conn.ready.catch(() => forget());
    return conn;
  }

  protected note(summary: string): void {
    this.opts.trace?.record({ layer: 'tcp', direction: 'note', local: formatPeer(this.local), summary });
  }
}

/** Identity of a TLS peer: its PSK identity, or its certificate's subject CN. */
function tlsIdentity(socket: tls.TLSSocket, pskIdentity?: string): PeerInfo {
  const cipherSuite = socket.getCipher()?.standardName;
  if (pskIdentity !== undefined) return { identity: pskIdentity, cipherSuite };
  const cert = socket.getPeerCertificate();
  const cn = cert && cert.subject ? cert.subject.CN : undefined;
  return cn ? { identity: Array.isArray(cn) ? cn[0] : cn, cipherSuite } : { cipherSuite };
}

class TcpServer extends StreamEndpoint {
  server!: net.Server;

  async listen(settings?: TlsServerSettings): Promise<void> {
    const onSocket = (socket: net.Socket) => {
      const peer = { host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 };
      this.note(`${settings ? 'TLS' : 'TCP'} connection from ${formatPeer(peer)} accepted`);
      const secure = socket as tls.TLSSocket;
      const identity = (secure as tls.TLSSocket & { pskIdentity?: string }).pskIdentity;
      this.adopt(socket, peer, Promise.resolve(settings ? tlsIdentity(secure, identity) : undefined));
    };
    if (settings) {
      const options: tls.TlsOptions = { minVersion: 'TLSv1.2' };
      if (settings.psk) {
        const psk = settings.psk;
        options.maxVersion = 'TLSv1.2';
        options.ciphers = TLS_PSK_CIPHERS;
        options.pskCallback = (socket, identity) => {
          const key = psk(identity);
          if (key) (socket as tls.TLSSocket & { pskIdentity?: string }).pskIdentity = identity;
          else this.note(`TLS: PSK identity "${identity}" refused`);
          return key ?? null;
        };
      }
      if (settings.certificate) {
        options.cert = pemChain(settings.certificate.chain);
        options.key = pemPrivateKey(settings.certificate.key);
      }
      if (settings.trustAnchors) options.ca = pemChain(settings.trustAnchors);
      if (settings.requireClientCertificate) {
        options.requestCert = true;
        options.rejectUnauthorized = true;
      }
      this.server = tls.createServer(options, onSocket);
      this.server.on('tlsClientError', (e, socket) =>
        this.note(`TLS handshake with ${socket.remoteAddress}:${socket.remotePort} failed: ${e.message}`),
      );
    } else {
      this.server = net.createServer(onSocket);
    }
    this.server.on('error', (e) => this.note(`listening socket: ${e.message}`));
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const addr = this.server.address() as net.AddressInfo;
    this.localAddress = { host: addr.address, port: addr.port };
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    await super.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

class TcpClient extends StreamEndpoint {
  constructor(
    scheme: 'coap+tcp' | 'coaps+tcp',
    opts: TcpOptions,
    private readonly settings?: TlsClientSettings,
  ) {
    super(scheme, opts, { host: opts.host ?? '0.0.0.0', port: opts.port ?? 0 });
  }

  protected override connectionTo(peer: PeerAddress): Promise<Connection> {
    const existing = this.connections.get(keyOf(peer));
    if (existing) return Promise.resolve(existing);
    const base = { host: peer.host, port: peer.port, localPort: this.opts.port || undefined };
    let socket: net.Socket;
    let established: Promise<PeerInfo | undefined>;
    const deadline = this.opts.connectTimeoutMs ?? 5000;
    const s = this.settings;
    if (s) {
      const options: tls.ConnectionOptions = { ...base, minVersion: 'TLSv1.2' };
      if (s.pskKey) {
        const identity = s.pskIdentity ?? '';
        const key = s.pskKey;
        Object.assign(options, { maxVersion: 'TLSv1.2', ciphers: TLS_PSK_CIPHERS, pskCallback: () => ({ psk: key, identity }) });
        options.checkServerIdentity = () => undefined; // PSK: no certificate to check
      }
      if (s.certificate) {
        options.cert = pemChain(s.certificate.chain);
        options.key = pemPrivateKey(s.certificate.key);
      }
      const name = s.serverName ?? peer.host;
      const trust = splitTrustAnchors(s.trustAnchors ?? []);
      const pinning = !s.pskKey && trust.pinned.length > 0;
      if (s.trustAnchors) options.ca = trust.ca;
      if (!s.pskKey) {
        if (!net.isIP(name)) options.servername = name;
        options.checkServerIdentity = (_host, cert) => (s.checkServerName === false ? undefined : tls.checkServerIdentity(name, cert));
      }
      // A pinned end-entity certificate is judged after the handshake (see tls-credentials.ts).
      if (pinning) options.rejectUnauthorized = false;
      const secure = tls.connect(options);
      socket = secure;
      established = eventWithin(secure, 'secureConnect', deadline, `TLS handshake with ${formatPeer(peer)}`).then(() => {
        const problem = pinning ? pinProblem(secure, trust.pinned, s.checkServerName === false ? undefined : name) : undefined;
        if (problem) throw new Error(`TLS handshake with ${formatPeer(peer)}: ${problem}`);
        return tlsIdentity(secure, s.pskKey ? s.pskIdentity : undefined);
      });
    } else {
      socket = net.connect(base);
      established = eventWithin(socket, 'connect', deadline, `TCP connection to ${formatPeer(peer)}`).then(() => undefined);
    }
    socket.setNoDelay(true);
    const conn = this.adopt(socket, peer, established);
    return conn.ready.then(
      () => {
        this.localAddress = { host: socket.localAddress ?? this.localAddress.host, port: socket.localPort ?? 0 };
        this.note(`${s ? 'TLS' : 'TCP'} connection to ${formatPeer(peer)} open`);
        return conn;
      },
      (e: Error) => {
        socket.destroy();
        this.note(e.message);
        throw e;
      },
    );
  }
}

/** Resolves on `event`, rejects on an error, an early close or the deadline. */
function eventWithin(socket: net.Socket, event: string, ms: number, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${what}: not established within ${ms} ms`)), ms);
    const done = () => {
      clearTimeout(timer);
      socket.off('error', fail);
      socket.off('close', closed);
    };
    const fail = (e: Error) => {
      done();
      reject(new Error(`${what} failed: ${e.message}`));
    };
    const closed = () => fail(new Error('the peer closed the connection'));
    socket.once(event, () => {
      done();
      resolve();
    });
    socket.once('error', fail);
    socket.once('close', closed);
  });
}

export async function createTcpServer(opts: TcpOptions & { tls?: TlsServerSettings } = {}): Promise<StreamTransport> {
  const server = new TcpServer(opts.tls ? 'coaps+tcp' : 'coap+tcp', opts, { host: opts.host ?? '127.0.0.1', port: 0 });
  await server.listen(opts.tls);
  return server;
}

/** A client; its `local` is the address of its latest connection (0.0.0.0:0 before the first). */
export async function createTcpClient(opts: TcpOptions & { tls?: TlsClientSettings } = {}): Promise<StreamTransport> {
  return new TcpClient(opts.tls ? 'coaps+tcp' : 'coap+tcp', opts, opts.tls);
}
