/** What every transport (UDP, DTLS; TCP, TLS as streams of frames) offers the CoAP layer above it. */

export interface PeerAddress {
  host: string;
  port: number;
}

/** Extra facts a secure transport knows about the peer a datagram came from. */
export interface PeerInfo {
  /** DTLS: the PSK identity, or a certificate subject / raw-key fingerprint. */
  identity?: string;
  /** DTLS: a stable key for the session (survives an address change when a Connection ID is used). */
  sessionKey?: string;
  /** TLS (CoAP over TCP): the negotiated cipher suite, by its IANA name (e.g. TLS_PSK_WITH_AES_128_CCM_8). */
  cipherSuite?: string;
}

export type DatagramHandler = (data: Buffer, peer: PeerAddress, info?: PeerInfo) => void;

/**
 * One local endpoint that exchanges datagrams with many peers.
 * CoAP runs unchanged over any implementation of this interface.
 */
export interface DatagramTransport {
  readonly scheme: 'coap' | 'coaps' | 'coap+tcp' | 'coaps+tcp';
  /** The bound local address (valid after the factory resolved). */
  readonly local: PeerAddress;
  /** Sends one application datagram to a peer. A secure transport may first run a handshake. */
  send(peer: PeerAddress, data: Buffer): Promise<void>;
  /** Registers the receiver of application datagrams. Only one receiver; a later call replaces it. */
  onDatagram(handler: DatagramHandler): void;
  close(): Promise<void>;
}

/**
 * A stream transport (CoAP over TCP or TLS, RFC 8323) in the same shape: one "datagram" is one
 * whole frame, cut from the byte stream below; a connection per peer, opened by the first send.
 */
export interface StreamTransport extends DatagramTransport {
  readonly reliable: true;
  /** What to write first on every new connection, before anything else (the CSM, RFC 8323 §5.3). */
  onConnection(opener: (peer: PeerAddress) => Buffer | undefined): void;
  /** A connection's bytes could not be cut into frames; the connection is closed after this. */
  onStreamError(handler: (peer: PeerAddress, error: Error) => void): void;
  /** Closes the connection to one peer (its next send opens a new one, on a client). */
  closeConnection(peer: PeerAddress): Promise<void>;
}

export function isStreamTransport(t: DatagramTransport): t is StreamTransport {
  return (t as Partial<StreamTransport>).reliable === true;
}

export function formatPeer(p: PeerAddress): string {
  return p.host.includes(':') ? `[${p.host}]:${p.port}` : `${p.host}:${p.port}`;
}

export function samePeer(a: PeerAddress, b: PeerAddress): boolean {
  return a.port === b.port && a.host === b.host;
}
