/** Loading keys and certificates, and judging the peer's certificate chain or raw public key. */
import { KeyObject, X509Certificate, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import type { AlertName } from './constants';

export type KeyInput = KeyObject | string | Buffer;
export type CertInput = string | Buffer;

export interface CertificateCredential {
  /** Leaf first, then intermediates; DER buffers or PEM (a PEM may hold several certificates). */
  chain: CertInput | CertInput[];
  key: KeyInput;
}

export interface RawPublicKeyCredential {
  /** The private key; the public half is sent as SubjectPublicKeyInfo. */
  key: KeyInput;
  /**
   * Peer keys accepted (SubjectPublicKeyInfo DER, PEM or KeyObject), or a function given the peer's
   * SubjectPublicKeyInfo DER. Absent: any key is accepted (the identity is still its fingerprint).
   */
  trustedPeerKeys?: KeyInput[] | ((spki: Buffer) => boolean);
}

/** Why a peer's credential was refused; `alert` is what goes on the wire. */
export interface CredentialProblem {
  reason: 'bad-certificate' | 'certificate-expired' | 'unknown-ca' | 'hostname-mismatch' | 'untrusted-key' | 'unsupported-certificate';
  alert: AlertName;
  message: string;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** DER bytes of every certificate in the inputs. */
export function loadCertificates(input: CertInput | CertInput[]): Buffer[] {
  const out: Buffer[] = [];
  for (const item of Array.isArray(input) ? input : [input]) {
    const text =
      typeof item === 'string' ? item : item.subarray(0, 11).toString('latin1') === '-----BEGIN ' ? item.toString('latin1') : undefined;
    if (text !== undefined) {
      const pems = text.match(PEM_CERT) ?? [];
      if (pems.length === 0) throw new Error('no PEM certificate found');
      for (const p of pems) out.push(new X509Certificate(p).raw);
    } else {
      out.push(new X509Certificate(item as Buffer).raw);
    }
  }
  return out;
}

export function loadPrivateKey(key: KeyInput): KeyObject {
  if (key instanceof KeyObject) return key;
  if (typeof key === 'string' || key.subarray(0, 11).toString('latin1') === '-----BEGIN ') return createPrivateKey(key);
  return createPrivateKey({ key, format: 'der', type: 'pkcs8' });
}

export function loadPublicKey(key: KeyInput): KeyObject {
  if (key instanceof KeyObject) return key.type === 'private' ? createPublicKey(key) : key;
  if (typeof key === 'string' || key.subarray(0, 11).toString('latin1') === '-----BEGIN ') return createPublicKey(key);
  return createPublicKey({ key, format: 'der', type: 'spki' });
}

export function spkiDer(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' });
}

/** The identity shown for a raw public key: SHA-256 over its SubjectPublicKeyInfo. */
export function keyFingerprint(spki: Buffer): string {
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

export function certificateIdentity(cert: X509Certificate): string {
  return cert.subject.split('\n').join(', ');
}

function isP256(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

function outOfDate(cert: X509Certificate, now: Date): string | undefined {
  if (now < new Date(cert.validFrom)) return `not valid before ${cert.validFrom}`;
  if (now > new Date(cert.validTo)) return `expired on ${cert.validTo}`;
  return undefined;
}

export type ChainResult = { ok: true; leaf: X509Certificate; identity: string } | ({ ok: false } & CredentialProblem);

/**
 * Verifies a chain (leaf first) up to one of the trust anchors, every validity period, and,
 * when `host` is given, that the leaf names that DNS name or IP address.
 */
export function verifyCertificateChain(
  chainDer: Buffer[],
  anchors: X509Certificate[],
  host: string | undefined,
  now = new Date(),
): ChainResult {
  if (chainDer.length === 0)
    return { ok: false, reason: 'bad-certificate', alert: 'handshake_failure', message: 'peer sent no certificate' };
  let chain: X509Certificate[];
  try {
    chain = chainDer.map((d) => new X509Certificate(d));
  } catch (e) {
    return {
      ok: false,
      reason: 'bad-certificate',
      alert: 'bad_certificate',
      message: `certificate does not parse: ${(e as Error).message}`,
    };
  }
  const leaf = chain[0];
  const name = (c: X509Certificate) => certificateIdentity(c);
  for (const c of chain) {
    const late = outOfDate(c, now);
    if (late) return { ok: false, reason: 'certificate-expired', alert: 'certificate_expired', message: `certificate ${name(c)} ${late}` };
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!chain[i].checkIssued(chain[i + 1]) || !chain[i].verify(chain[i + 1].publicKey))
      return {
        ok: false,
        reason: 'bad-certificate',
        alert: 'bad_certificate',
        message: `certificate ${name(chain[i])} is not signed by the next one in the chain (${name(chain[i + 1])})`,
      };
  }
  const top = chain[chain.length - 1];
  const anchor = anchors.find((a) => a.fingerprint256 === top.fingerprint256 || (top.checkIssued(a) && top.verify(a.publicKey)));
  if (!anchor)
    return {
      ok: false,
      reason: 'unknown-ca',
      alert: 'unknown_ca',
      message: `no trust anchor issued ${name(top)} (issuer ${top.issuer.split('\n').join(', ')})`,
    };
  const anchorLate = outOfDate(anchor, now);
  if (anchorLate)
    return {
      ok: false,
      reason: 'certificate-expired',
      alert: 'certificate_expired',
      message: `trust anchor ${name(anchor)} ${anchorLate}`,
    };
  if (!isP256(leaf.publicKey))
    return {
      ok: false,
      reason: 'unsupported-certificate',
      alert: 'unsupported_certificate',
      message: `certificate ${name(leaf)} does not hold a P-256 ECDSA key`,
    };
  if (host !== undefined) {
    const matches = isIP(host) ? leaf.checkIP(host) : leaf.checkHost(host);
    if (!matches)
      return {
        ok: false,
        reason: 'hostname-mismatch',
        alert: 'bad_certificate',
        message: `certificate ${name(leaf)} (${leaf.subjectAltName ?? 'no subjectAltName'}) is not valid for host ${host}`,
      };
  }
  return { ok: true, leaf, identity: name(leaf) };
}

export type RawKeyResult = { ok: true; key: KeyObject; identity: string } | ({ ok: false } & CredentialProblem);

export function verifyRawPublicKey(spki: Buffer | undefined, trusted: RawPublicKeyCredential['trustedPeerKeys']): RawKeyResult {
  if (!spki) return { ok: false, reason: 'bad-certificate', alert: 'handshake_failure', message: 'peer sent no raw public key' };
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch (e) {
    return {
      ok: false,
      reason: 'bad-certificate',
      alert: 'bad_certificate',
      message: `SubjectPublicKeyInfo does not parse: ${(e as Error).message}`,
    };
  }
  if (!isP256(key))
    return { ok: false, reason: 'unsupported-certificate', alert: 'unsupported_certificate', message: 'raw public key is not a P-256 key' };
  const identity = keyFingerprint(spki);
  const accepted =
    trusted === undefined ||
    (typeof trusted === 'function' ? trusted(spki) : trusted.some((k) => spkiDer(loadPublicKey(k)).equals(spkiDer(key))));
  if (!accepted)
    return {
      ok: false,
      reason: 'untrusted-key',
      alert: 'bad_certificate',
      message: `raw public key ${identity} is not among the trusted keys`,
    };
  return { ok: true, key, identity };
}
