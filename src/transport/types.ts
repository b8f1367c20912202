/** What every datagram transport (UDP, DTLS) offers the CoAP layer above it. */

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
}

export type DatagramHandler = (data: Buffer, peer: PeerAddress, info?: PeerInfo) => void;

/**
 * One local endpoint that exchanges datagrams with many peers.
 * CoAP runs unchanged over any implementation of this interface.
 */
export interface DatagramTransport {
  readonly scheme: 'coap' | 'coaps';
  /** The bound local address (valid after the factory resolved). */
  readonly local: PeerAddress;
  /** Sends one application datagram to a peer. A secure transport may first run a handshake. */
  send(peer: PeerAddress, data: Buffer): Promise<void>;
  /** Registers the receiver of application datagrams. Only one receiver; a later call replaces it. */
  onDatagram(handler: DatagramHandler): void;
  close(): Promise<void>;
}

export function formatPeer(p: PeerAddress): string {
  return p.host.includes(':') ? `[${p.host}]:${p.port}` : `${p.host}:${p.port}`;
}

export function samePeer(a: PeerAddress, b: PeerAddress): boolean {
  return a.port === b.port && a.host === b.host;
}
