/**
 * The reference server's transport: plain CoAP over UDP, or DTLS 1.2 with the credentials it is
 * given (LwM2M 1.1 Transport §5.2: PSK or X.509 certificates). The DTLS faults of the fault
 * registry are applied here: each makes the server break one rule of the handshake.
 */
import { createUdpTransport } from '../../transport/udp';
import type { DatagramTransport } from '../../transport/types';
import type { Trace } from '../../trace/trace';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../../util/package-root';

/** A certificate by the same CA that expired in 2021 (fixtures/keys/generate.sh). */
const EXPIRED = path.join(PACKAGE_ROOT, 'fixtures', 'keys', 'expired');

export type ReferenceServerSecurity =
  | { mode: 'nosec' }
  /** The one client it knows: the identity and key provisioned for it. */
  | { mode: 'psk'; identity: string; key: Buffer }
  /** Its own certificate and key (PEM or DER), and the CA a client certificate must chain to. */
  | { mode: 'x509'; certificate: Buffer; privateKey: Buffer; trustAnchor: Buffer };

export interface TransportFaults {
  /** Use a PSK that differs from the provisioned one (the handshake's Finished cannot verify). */
  wrongPsk: boolean;
  /** Present the expired certificate instead of the valid one. */
  expiredCertificate: boolean;
}

export function referenceServerTransport(
  security: ReferenceServerSecurity,
  bind: { host: string; port: number },
  trace: Trace | undefined,
  faults: TransportFaults,
): Promise<DatagramTransport> {
  if (security.mode === 'nosec') return createUdpTransport(bind);
  // The DTLS stack loads only for a secured server: a NoSec one (most cases) starts sooner.
  const { createDtlsServer } = require('../../transport/dtls') as typeof import('../../transport/dtls');
  switch (security.mode) {
    case 'psk': {
      const identity = security.identity;
      return createDtlsServer({
        ...bind,
        trace,
        psk: (id) => (id === identity ? security.key : undefined),
        faults: { wrongPsk: faults.wrongPsk },
      });
    }
    case 'x509': {
      const own = faults.expiredCertificate
        ? { certificate: fs.readFileSync(`${EXPIRED}.crt`), privateKey: fs.readFileSync(`${EXPIRED}.key`) }
        : security;
      return createDtlsServer({
        ...bind,
        trace,
        certificate: { chain: [own.certificate], key: own.privateKey },
        trustAnchors: [security.trustAnchor],
        requireClientCertificate: true,
      });
    }
  }
}
