/** The options of a DTLS endpoint, and their resolution into what a connection needs. */
import { KeyObject, X509Certificate, createPublicKey } from 'node:crypto';
import type { CertificateCredential, CertInput, KeyInput, RawPublicKeyCredential } from './credentials';
import { loadCertificates, loadPrivateKey, spkiDer } from './credentials';
import { CIPHER_SUITES, CipherSuite, CipherSuiteName, suiteByName } from './suites';

/** RFC 6347 §4.2.4 timers; defaults are the RFC's (1 s doubling to 60 s). */
export interface DtlsTimers {
  initialRetransmitMs?: number;
  maxRetransmitMs?: number;
  /** Retransmissions of one flight before the handshake fails with reason 'timeout'. */
  maxRetransmissions?: number;
}

/** Deliberate misbehaviour for conformance work. Flights are numbered as in RFC 6347 §4.2.4 (1..6). */
export interface DtlsFaults {
  /** Do not send the first transmission of these flights (retransmission still happens). */
  dropFlights?: number[];
  /** Send the records of the first transmission of these flights in reverse order. */
  reverseFlights?: number[];
  /** Use a PSK that differs from the configured one in its last bit. */
  wrongPsk?: boolean;
  /** Send a Finished whose verify_data is wrong. */
  corruptFinished?: boolean;
  /**
   * Server: take a client Finished that fails authentication (the client derived other keys: a
   * wrong PSK) as verified, and answer it with ChangeCipherSpec and Finished.
   */
  acceptUnverifiedFinished?: boolean;
}

export interface DtlsCommonOptions {
  certificate?: CertificateCredential;
  rawPublicKey?: RawPublicKeyCredential;
  /** X.509 trust anchors for the peer's chain (DER or PEM). */
  trustAnchors?: CertInput[];
  /** Allowed suites, in preference order. Default: every implemented suite the credentials allow. */
  cipherSuites?: CipherSuiteName[];
  /** Offer / accept Connection IDs (RFC 9146). */
  connectionId?: boolean;
  /** Largest datagram sent (handshake messages are fragmented to fit). Default 1200. */
  mtu?: number;
  timers?: DtlsTimers;
  faults?: DtlsFaults;
}

export interface DtlsServerOptions extends DtlsCommonOptions {
  /** The key for a PSK identity, or undefined when the identity is unknown. */
  psk?: (identity: string) => Buffer | undefined;
  /** Send a CertificateRequest (X.509 or raw public key) and refuse a client without one. */
  requireClientCertificate?: boolean;
  /** Length of the Connection IDs this server issues. Default 6. */
  connectionIdLength?: number;
}

export interface DtlsClientOptions extends DtlsCommonOptions {
  pskIdentity?: string;
  pskKey?: Buffer;
  /** Name the server certificate must carry. Default: the host the client sends to. */
  serverName?: string;
  /** Set false only for fault experiments: skip the check of the server certificate's name. */
  checkServerName?: boolean;
}

export interface ResolvedOptions {
  role: 'client' | 'server';
  suites: CipherSuite[];
  psk?: (identity: string) => Buffer | undefined;
  pskIdentity?: string;
  pskKey?: Buffer;
  certificate?: { chain: Buffer[]; key: KeyObject };
  rawPublicKey?: { key: KeyObject; spki: Buffer; trustedPeerKeys?: RawPublicKeyCredential['trustedPeerKeys'] };
  trustAnchors: X509Certificate[];
  requireClientCertificate: boolean;
  serverName?: string;
  checkServerName: boolean;
  connectionId: boolean;
  cidLength: number;
  mtu: number;
  timers: Required<DtlsTimers>;
  faults: DtlsFaults;
}

export function resolveOptions(role: 'client' | 'server', o: DtlsServerOptions & DtlsClientOptions): ResolvedOptions {
  const certificate = o.certificate && { chain: loadCertificates(o.certificate.chain), key: loadPrivateKey(o.certificate.key) };
  let rawPublicKey: ResolvedOptions['rawPublicKey'];
  if (o.rawPublicKey) {
    const key = loadPrivateKey(o.rawPublicKey.key);
    rawPublicKey = { key, spki: spkiDer(createPublicKey(key)), trustedPeerKeys: o.rawPublicKey.trustedPeerKeys };
  }
  const trustAnchors = loadCertificates(o.trustAnchors ?? []).map((d) => new X509Certificate(d));
  const canPsk = role === 'server' ? !!o.psk : !!(o.pskKey && o.pskIdentity !== undefined);
  // A client can do ECDHE_ECDSA without its own key (if the server does not ask for one).
  const canEcdhe = role === 'server' ? !!(certificate || rawPublicKey) : !!(certificate || rawPublicKey || trustAnchors.length);
  const wanted = o.cipherSuites ? o.cipherSuites.map(suiteByName) : CIPHER_SUITES;
  const suites = wanted.filter((s) => (s.keyExchange === 'psk' ? canPsk : canEcdhe));
  if (suites.length === 0)
    throw new Error('DTLS: no usable cipher suite: configure a PSK, a certificate, a raw public key or trust anchors');
  const timers = { initialRetransmitMs: 1000, maxRetransmitMs: 60000, maxRetransmissions: 6, ...o.timers };
  return {
    role,
    suites,
    psk: o.psk,
    pskIdentity: o.pskIdentity,
    pskKey: o.pskKey,
    certificate,
    rawPublicKey,
    trustAnchors,
    requireClientCertificate: !!o.requireClientCertificate,
    serverName: o.serverName,
    checkServerName: o.checkServerName ?? true,
    connectionId: !!o.connectionId,
    cidLength: role === 'server' && o.connectionId ? (o.connectionIdLength ?? 6) : 0,
    mtu: o.mtu ?? 1200,
    timers,
    faults: o.faults ?? {},
  };
}
export type { KeyInput, CertInput };
