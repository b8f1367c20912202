/**
 * Credentials for node:tls as LwM2M provisions them. The Security object holds DER (/0/x/3
 * certificate, /0/x/4 the server's certificate, /0/x/5 the private key), node:tls takes PEM; and
 * /0/x/4 is often the server's own end-entity certificate (Certificate Usage 3, "domain-issued
 * certificate", the default), which OpenSSL will not take as a trust anchor on Node 20 (no
 * partial-chain option). Such a certificate is pinned: the handshake is let through, then the
 * server's leaf must be that very certificate and carry the expected name.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import * as tls from 'node:tls';

const isPem = (b: Buffer) => b.subarray(0, 11).toString('latin1') === '-----BEGIN ';

/** One or more certificates (PEM or DER) as parsed certificates. */
function parseCertificates(input: Buffer): X509Certificate[] {
  if (!isPem(input)) return [new X509Certificate(input)];
  const blocks = input.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate found');
  return blocks.map((b) => new X509Certificate(b));
}

/** A certificate chain as the PEM text node:tls takes. */
export function pemChain(chain: Buffer[]): string {
  return chain
    .flatMap(parseCertificates)
    .map((c) => c.toString())
    .join('');
}

/** A private key (PEM, or DER as PKCS#8 or SEC1) as PEM. */
export function pemPrivateKey(key: Buffer): string | Buffer {
  if (isPem(key)) return key;
  for (const type of ['pkcs8', 'sec1', 'pkcs1'] as const) {
    try {
      return createPrivateKey({ key, format: 'der', type }).export({ format: 'pem', type: 'pkcs8' }) as string;
    } catch {
      // try the next DER structure
    }
  }
  throw new Error('the private key is neither PEM nor DER (PKCS#8, SEC1 or PKCS#1)');
}

/** Trust anchors split into CA certificates (for OpenSSL) and end-entity certificates to pin. */
export interface TrustSettings {
  ca: string[];
  pinned: X509Certificate[];
}

export function splitTrustAnchors(anchors: Buffer[]): TrustSettings {
  const all = anchors.flatMap(parseCertificates);
  return { ca: all.filter((c) => c.ca).map((c) => c.toString()), pinned: all.filter((c) => !c.ca) };
}

/**
 * After a handshake let through for pinning: why the server is not trusted, or undefined. A chain
 * OpenSSL verified to a CA anchor stands; otherwise the leaf must be a pinned certificate. The
 * name is checked either way unless `serverName` is undefined.
 */
export function pinProblem(socket: tls.TLSSocket, pinned: X509Certificate[], serverName: string | undefined): string | undefined {
  const peer = socket.getPeerCertificate(true);
  if (!peer || !peer.raw) return 'the server sent no certificate';
  if (!socket.authorized) {
    const leaf = new X509Certificate(peer.raw);
    if (!pinned.some((p) => p.fingerprint256 === leaf.fingerprint256))
      return `the server's certificate (${leaf.subject.replace(/\n/g, ', ')}) is neither issued by a trusted CA (${socket.authorizationError}) nor the pinned one`;
  }
  if (serverName === undefined) return undefined;
  return tls.checkServerIdentity(serverName, peer)?.message;
}
