/**
 * DTLS 1.2 (RFC 6347) on node:crypto, client and server roles, as a DatagramTransport.
 *
 *   const server = await createDtlsServer({ host: '127.0.0.1', port: 5684, trace,
 *     psk: (identity) => identity === 'dev1' ? Buffer.from('00112233', 'hex') : undefined });
 *   server.onDatagram((data, peer, info) => ... info.identity, info.sessionKey ...);
 *   server.on('handshake', ({ peer, identity, cipherSuite, sessionKey }) => ...);
 *   server.on('handshakeFailed', ({ peer, reason, error }) => ...);
 *
 *   const client = await createDtlsClient({ pskIdentity: 'dev1', pskKey, trace });
 *   await client.send({ host: '127.0.0.1', port: 5684 }, coapBytes); // handshakes first if needed
 *
 * Cipher suites: TLS_PSK_WITH_AES_128_CCM_8, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
 * TLS_PSK_WITH_AES_128_CBC_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (secp256r1).
 * Authentication: PSK (`psk` on a server, `pskIdentity`/`pskKey` on a client); X.509
 * (`certificate` + `trustAnchors`; a client checks the server's name, by default the host it
 * sends to; a server with `requireClientCertificate` asks for one); raw public keys (RFC 7250,
 * `rawPublicKey: { key, trustedPeerKeys }`). Extended master secret (RFC 7627) and
 * renegotiation_info are always offered; renegotiation is refused. `connectionId: true` offers
 * (client, with an empty own CID) or issues (server) RFC 9146 Connection IDs; a server then
 * follows a peer to a new address.
 * Every record in and out, and every record dropped with the reason, goes to `trace` (layer 'dtls').
 * Handshake failures reject `send`/`connect` with a DtlsError whose `reason` names the cause.
 *
 * Beyond DatagramTransport, a DtlsEndpoint offers `connect(peer)` (client: handshake now),
 * `sessions()`, `closeSession(peer)` (close_notify), and events `handshake` (DtlsSessionInfo),
 * `handshakeFailed` ({ peer, reason, alert, error }), `sessionClosed`, `peerMoved` (CID) and
 * `closed` (the endpoint). The datagram handler's PeerInfo carries `identity` and `sessionKey`.
 * Timers: `timers: { initialRetransmitMs, maxRetransmitMs, maxRetransmissions }` (RFC 6347 §4.2.4).
 * Fault injection: `faults: { dropFlights, reverseFlights, wrongPsk, corruptFinished, acceptUnverifiedFinished }`.
 */
import type { Trace } from '../../trace/trace';
import { DtlsEndpoint } from './endpoint';
import type { DtlsClientOptions, DtlsServerOptions } from './options';

export interface SocketOptions {
  /** Local address to bind (server default 127.0.0.1, client default 0.0.0.0). */
  host?: string;
  /** Local port; 0 or absent picks a free one. */
  port?: number;
  trace?: Trace;
}

export function createDtlsServer(options: DtlsServerOptions & SocketOptions): Promise<DtlsEndpoint> {
  return DtlsEndpoint.open('server', options);
}

export function createDtlsClient(options: DtlsClientOptions & SocketOptions): Promise<DtlsEndpoint> {
  return DtlsEndpoint.open('client', options);
}

export { DtlsEndpoint } from './endpoint';
export type { DtlsEvents, DtlsSessionInfo, DtlsHandshakeFailure } from './endpoint';
export { DtlsError } from './errors';
export type { DtlsFailureReason } from './errors';
export type { DtlsClientOptions, DtlsServerOptions, DtlsTimers, DtlsFaults } from './options';
export type { CipherSuiteName } from './suites';
export { CIPHER_SUITES } from './suites';
export { keyFingerprint } from './credentials';
export { onSessionSecrets, keyLogLine } from './keylog';
export type { SessionSecrets } from './keylog';
