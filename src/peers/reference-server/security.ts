/**
 * The reference server's transport: plain CoAP over UDP, or DTLS 1.2 with the credentials it is
 * given (LwM2M 1.1 Transport §5.2: PSK, raw public keys or X.509 certificates). The DTLS faults
 * of the fault registry are applied here: each makes the server break one rule of the handshake.
 */
import { createUdpTransport } from '../../transport/udp';
import type { DatagramTransport } from '../../transport/types';
import type { Trace } from '../../trace/trace';
import * as fs from 'node:fs';
import { createPublicKey } from 'node:crypto';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../../util/package-root';
import type { ServerFaultName } from './faults';

/** A certificate by the same CA that expired in 2021 (fixtures/keys/generate.sh). */
export const EXPIRED = path.join(PACKAGE_ROOT, 'fixtures', 'keys', 'expired');

export type ReferenceServerSecurity =
  | { mode: 'nosec' }
  /** The one client it knows: the identity and key provisioned for it. */
  | { mode: 'psk'; identity: string; key: Buffer }
  /** Its own private key (PEM or DER) and the raw public key (SubjectPublicKeyInfo) of the one client it knows. */
  | { mode: 'rpk'; privateKey: Buffer; clientPublicKey: Buffer }
  /** Its own certificate and key (PEM or DER), and the CA a client certificate must chain to. */
  | { mode: 'x509'; certificate: Buffer; privateKey: Buffer; trustAnchor: Buffer };

export interface TransportFaults {
  /** Use a PSK that differs from the provisioned one (the handshake's Finished cannot verify). */
  wrongPsk: boolean;
  /** Present the expired certificate instead of the valid one. */
  expiredCertificate: boolean;
  /** Give the provisioned key to every PSK identity, known or not. */
  pskAnyIdentity: boolean;
  /** Answer a client Finished that does not authenticate (a wrong PSK) with its own Finished. */
  pskAnyKey: boolean;
  /** Accept any raw public key a client presents. */
  rpkAnyKey: boolean;
  /** Refuse every handshake once one handshake failed. */
  lockoutAfterRefusal: boolean;
}

/** The transport faults among the server's faults. */
export function transportFaults(has: (f: ServerFaultName) => boolean): TransportFaults {
  return {
    wrongPsk: has('psk-wrong-key'),
    expiredCertificate: has('x509-expired-certificate'),
    pskAnyIdentity: has('psk-any-identity'),
    pskAnyKey: has('psk-any-key'),
    rpkAnyKey: has('rpk-any-key'),
    lockoutAfterRefusal: has('dtls-lockout-after-refusal'),
  };
}

export async function referenceServerTransport(
  security: ReferenceServerSecurity,
  bind: { host: string; port: number },
  trace: Trace | undefined,
  faults: TransportFaults,
): Promise<DatagramTransport> {
  if (security.mode === 'nosec') return createUdpTransport(bind);
  // The DTLS stack loads only for a secured server: a NoSec one (most cases) starts sooner.
  const { createDtlsServer } = require('../../transport/dtls') as typeof import('../../transport/dtls');
  // dtls-lockout-after-refusal: one failed handshake and no credential is good any more.
  let lockedOut = false;
  const open = () => !(faults.lockoutAfterRefusal && lockedOut);
  let endpoint: Awaited<ReturnType<typeof createDtlsServer>>;
  switch (security.mode) {
    case 'psk': {
      const identity = security.identity;
      endpoint = await createDtlsServer({
        ...bind,
        trace,
        psk: (id) => ((id === identity || faults.pskAnyIdentity) && open() ? security.key : undefined),
        faults: { wrongPsk: faults.wrongPsk, acceptUnverifiedFinished: faults.pskAnyKey },
      });
      break;
    }
    case 'rpk': {
      const known = createPublicKey(
        security.clientPublicKey[0] === 0x30 ? { key: security.clientPublicKey, format: 'der', type: 'spki' } : security.clientPublicKey,
      ).export({ type: 'spki', format: 'der' });
      endpoint = await createDtlsServer({
        ...bind,
        trace,
        rawPublicKey: { key: security.privateKey, trustedPeerKeys: (spki) => (faults.rpkAnyKey || spki.equals(known)) && open() },
        requireClientCertificate: true,
      });
      break;
    }
    case 'x509': {
      const own = faults.expiredCertificate
        ? { certificate: fs.readFileSync(`${EXPIRED}.crt`), privateKey: fs.readFileSync(`${EXPIRED}.key`) }
        : security;
      endpoint = await createDtlsServer({
        ...bind,
        trace,
        certificate: { chain: [own.certificate], key: own.privateKey },
        trustAnchors: [security.trustAnchor],
        requireClientCertificate: true,
      });
      break;
    }
  }
  endpoint.on('handshakeFailed', () => (lockedOut = true));
  return endpoint;
}
