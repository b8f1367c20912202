/**
 * The DTLS material of a DUT profile's `security` section, read from files and checked, and
 * the Test Server transport and launch placeholders it leads to. Keys are never printed: the
 * report shows fingerprints.
 *
 *   psk:  identity, key                       (validated by dut-profile.ts)
 *   x509: certificate, privateKey             the Test Server's certificate and key
 *         trustAnchor                         CA that the DUT's certificate must chain to
 *         clientCertificate, clientPrivateKey the DUT's own, only to pass to a launched DUT
 *         clientTrustAnchor                   what the DUT must trust (default: trustAnchor)
 *         wrongHostCertificate, wrongHostPrivateKey   presented in int-403 (a name the DUT must refuse)
 *   rpk:  privateKey, publicKey               the Test Server's raw key pair
 *         clientPublicKey                     the DUT's raw public key (trusted)
 *         clientPrivateKey                    the DUT's own, only to pass to a launched DUT
 * With a server DUT the fields keep their LwM2M roles: certificate/privateKey are the server's
 * (handed to the launched DUT), clientCertificate/clientPrivateKey (clientPublicKey/clientPrivateKey
 * in RPK mode) the Test Client's own.
 * File paths are relative to the profile file. Every credential a launched DUT may need is handed
 * over as a path to the profile's file ({client_certificate}, ...) and to its DER form
 * ({client_certificate_der}, ...), written once per run to a temporary folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, createPublicKey } from 'node:crypto';
import type { DutProfile } from './dut-profile';
import { ProfileError } from './dut-profile';
import { createUdpTransport } from '../transport/udp';
import { createDtlsServer } from '../transport/dtls';
import { createTcpServer } from '../transport/tcp';
import type { DatagramTransport } from '../transport/types';
import type { Trace } from '../trace/trace';
import { PACKAGE_ROOT } from '../util/package-root';

const BUNDLED_KEYS = path.join(PACKAGE_ROOT, 'fixtures', 'keys');

export interface SecurityMaterial {
  mode: 'nosec' | 'psk' | 'x509' | 'rpk';
  /** Resolved file paths (x509, rpk) by field name. */
  files: Record<string, string>;
  /** The DER form of each credential file a launch placeholder hands over, by field name. */
  derFiles: Record<string, string>;
  psk?: { identity: Buffer; key: Buffer };
}

/** Checks that every file the security section names exists; a ProfileError names the field. */
export function securityMaterial(profile: DutProfile): SecurityMaterial {
  const sec = profile.security;
  if (sec.mode === 'nosec') return { mode: 'nosec', files: {}, derFiles: {} };
  if (sec.mode === 'psk') return { mode: 'psk', files: {}, derFiles: {}, psk: { identity: sec.identity, key: sec.key } };
  // Field names and required fields are checked by the profile loader; here the files themselves.
  const problems: { field: string; message: string }[] = [];
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(sec.settings)) {
    if (v === undefined) continue;
    const file = path.resolve(profile.dir, v);
    if (!fs.existsSync(file)) problems.push({ field: `security.${k}`, message: `file ${file} does not exist` });
    files[k] = file;
  }
  if (sec.mode === 'x509') {
    files.wrongHostCertificate ??= path.join(BUNDLED_KEYS, 'wronghost.crt');
    files.wrongHostPrivateKey ??= path.join(BUNDLED_KEYS, 'wronghost.key');
    files.clientTrustAnchor ??= files.trustAnchor;
  }
  const derFiles: Record<string, string> = {};
  if (problems.length === 0) {
    for (const field of Object.keys(CREDENTIAL_PLACEHOLDERS)) {
      if (!files[field]) continue;
      try {
        derFiles[field] = writeDerFile(CREDENTIAL_PLACEHOLDERS[field], derOfCredential(fs.readFileSync(files[field])));
      } catch (e) {
        problems.push({ field: `security.${field}`, message: `${files[field]}: ${(e as Error).message}` });
      }
    }
  }
  if (problems.length) throw new ProfileError(profile.file, problems);
  return { mode: sec.mode, files, derFiles };
}

/** Credential fields a launched DUT may receive, by the placeholder that names their path. */
const CREDENTIAL_PLACEHOLDERS: Record<string, string> = {
  clientCertificate: 'client_certificate',
  clientPrivateKey: 'client_private_key',
  clientTrustAnchor: 'trust_anchor',
  publicKey: 'server_public_key',
  // A server DUT in RPK mode is launched with the raw public key of the Test Client it must accept.
  clientPublicKey: 'client_public_key',
  // A server DUT is launched with the LwM2M server's own credentials and the CA it trusts.
  certificate: 'server_certificate',
  privateKey: 'server_private_key',
  trustAnchor: 'server_trust_anchor',
};

/**
 * The DER form of a credential file: the first PEM block decoded (the same structure: an X.509
 * certificate, a SEC1 or PKCS#8 private key, a SubjectPublicKeyInfo), or the file itself when it
 * is DER already (it starts with an ASN.1 SEQUENCE).
 */
export function derOfCredential(content: Buffer): Buffer {
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\s]+)-----END \1-----/.exec(content.toString('latin1'));
  if (pem) {
    const der = Buffer.from(pem[2].replace(/\s+/g, ''), 'base64');
    if (der[0] !== 0x30) throw new Error(`the PEM block "${pem[1]}" does not hold DER (an ASN.1 SEQUENCE)`);
    return der;
  }
  if (content[0] === 0x30) return content;
  throw new Error('expected a PEM file (-----BEGIN ...-----) or a DER file, found neither');
}

let derFolder: string | undefined;

/** Writes a DER form once per run (named by its content), in a folder removed when the harness exits. */
function writeDerFile(name: string, der: Buffer): string {
  if (!derFolder) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwm2m-conformance-der-'));
    derFolder = dir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  const file = path.join(derFolder, `${name}-${createHash('sha256').update(der).digest('hex').slice(0, 12)}.der`);
  if (!fs.existsSync(file)) fs.writeFileSync(file, der, { mode: 0o600 });
  return file;
}

/**
 * The Test Server's transport: plain UDP, or a DTLS server with the profile's credentials. It
 * issues Connection IDs (RFC 9146) to clients that ask, so a device behind a NAT keeps its session.
 */
export async function testServerTransport(
  m: SecurityMaterial,
  bindAddress: { host: string; port: number },
  trace: Trace,
  opts: { wrongHost?: boolean; tcp?: boolean } = {},
): Promise<DatagramTransport> {
  const read = (k: string) => fs.readFileSync(m.files[k]);
  if (opts.tcp) return testServerTcpTransport(m, bindAddress, trace, read);
  const bind = { ...bindAddress, connectionId: true };
  switch (m.mode) {
    case 'nosec':
      return createUdpTransport(bindAddress);
    case 'psk': {
      const { identity, key } = m.psk!;
      return createDtlsServer({ ...bind, trace, psk: (id) => (Buffer.from(id, 'utf8').equals(identity) ? key : undefined) });
    }
    case 'x509':
      return createDtlsServer({
        ...bind,
        trace,
        certificate: opts.wrongHost
          ? { chain: [read('wrongHostCertificate')], key: read('wrongHostPrivateKey') }
          : { chain: [read('certificate')], key: read('privateKey') },
        trustAnchors: [read('trustAnchor')],
        requireClientCertificate: true,
      });
    case 'rpk':
      return createDtlsServer({
        ...bind,
        trace,
        rawPublicKey: { key: read('privateKey'), trustedPeerKeys: [read('clientPublicKey')] },
        requireClientCertificate: true,
      });
  }
}

/** The Test Server over TCP (coap+tcp://) or TLS (coaps+tcp://: PSK with TLS 1.2 PSK suites, or X.509). */
function testServerTcpTransport(
  m: SecurityMaterial,
  bind: { host: string; port: number },
  trace: Trace,
  read: (k: string) => Buffer,
): Promise<DatagramTransport> {
  switch (m.mode) {
    case 'nosec':
      return createTcpServer({ ...bind, trace });
    case 'psk': {
      const { identity, key } = m.psk!;
      return createTcpServer({ ...bind, trace, tls: { psk: (id) => (Buffer.from(id, 'utf8').equals(identity) ? key : undefined) } });
    }
    case 'x509':
      return createTcpServer({
        ...bind,
        trace,
        tls: {
          certificate: { chain: [read('certificate')], key: read('privateKey') },
          trustAnchors: [read('trustAnchor')],
          requireClientCertificate: true,
        },
      });
    case 'rpk':
      throw new Error('security.mode rpk: raw public keys over TLS (RFC 7250) are not supported by the TCP transport; use psk or x509');
  }
}

/** Launch placeholders for the DUT's credentials (file paths and the PSK, never printed in reports). */
export function securityPlaceholders(m: SecurityMaterial): Record<string, string> {
  const vars: Record<string, string> = {};
  if (m.psk) {
    vars.psk_identity = m.psk.identity.toString('utf8');
    vars.psk_key = m.psk.key.toString('hex');
  }
  for (const [field, placeholder] of Object.entries(CREDENTIAL_PLACEHOLDERS)) {
    if (m.files[field]) vars[placeholder] = m.files[field];
    if (m.derFiles[field]) vars[`${placeholder}_der`] = m.derFiles[field];
  }
  return vars;
}

/** What the report may show of the credentials: identities and fingerprints, never keys. */
export function describeSecurity(m: SecurityMaterial): string {
  if (m.mode === 'nosec') return 'NoSec (plain CoAP over UDP)';
  if (m.mode === 'psk') return `PSK, identity "${m.psk!.identity.toString('utf8')}", key SHA-256 ${fingerprint(m.psk!.key)}`;
  if (m.mode === 'x509') return `X.509, Test Server certificate SHA-256 ${fingerprint(derOf(m.files.certificate))}`;
  return `raw public keys, Test Server key SHA-256 ${fingerprint(createPublicKey(fs.readFileSync(m.files.privateKey)).export({ type: 'spki', format: 'der' }))}`;
}

function fingerprint(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex').slice(0, 16);
}

function derOf(file: string): Buffer {
  const pem = fs.readFileSync(file, 'utf8');
  const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  return m ? Buffer.from(m[1].replace(/\s+/g, ''), 'base64') : fs.readFileSync(file);
}
