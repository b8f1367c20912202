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
 * File paths are relative to the profile file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash, createPublicKey } from 'node:crypto';
import type { DutProfile } from './dut-profile';
import { ProfileError } from './dut-profile';
import { createUdpTransport } from '../transport/udp';
import { createDtlsServer } from '../transport/dtls';
import type { DatagramTransport } from '../transport/types';
import type { Trace } from '../trace/trace';
import { PACKAGE_ROOT } from '../util/package-root';

const BUNDLED_KEYS = path.join(PACKAGE_ROOT, 'fixtures', 'keys');

export interface SecurityMaterial {
  mode: 'nosec' | 'psk' | 'x509' | 'rpk';
  /** Resolved file paths (x509, rpk) by field name. */
  files: Record<string, string>;
  psk?: { identity: Buffer; key: Buffer };
}

/** Checks that every file the security section names exists; a ProfileError names the field. */
export function securityMaterial(profile: DutProfile): SecurityMaterial {
  const sec = profile.security;
  if (sec.mode === 'nosec') return { mode: 'nosec', files: {} };
  if (sec.mode === 'psk') return { mode: 'psk', files: {}, psk: { identity: sec.identity, key: sec.key } };
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
  if (problems.length) throw new ProfileError(profile.file, problems);
  return { mode: sec.mode, files };
}

/**
 * The Test Server's transport: plain UDP, or a DTLS server with the profile's credentials. It
 * issues Connection IDs (RFC 9146) to clients that ask, so a device behind a NAT keeps its session.
 */
export async function testServerTransport(
  m: SecurityMaterial,
  bindAddress: { host: string; port: number },
  trace: Trace,
  opts: { wrongHost?: boolean } = {},
): Promise<DatagramTransport> {
  const read = (k: string) => fs.readFileSync(m.files[k]);
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

/** Launch placeholders for the DUT's credentials (file paths and the PSK, never printed in reports). */
export function securityPlaceholders(m: SecurityMaterial): Record<string, string> {
  const vars: Record<string, string> = {};
  if (m.psk) {
    vars.psk_identity = m.psk.identity.toString('utf8');
    vars.psk_key = m.psk.key.toString('hex');
  }
  const names: Record<string, string> = {
    clientCertificate: 'client_certificate',
    clientPrivateKey: 'client_private_key',
    clientTrustAnchor: 'trust_anchor',
    publicKey: 'server_public_key',
  };
  for (const [field, placeholder] of Object.entries(names)) if (m.files[field]) vars[placeholder] = m.files[field];
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
