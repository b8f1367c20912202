/** The typed failure of a DTLS handshake or session. */
import type { PeerAddress } from '../types';
import { formatPeer } from '../types';
import type { AlertName } from './constants';

export type DtlsFailureReason =
  | 'timeout'
  | 'alert-received'
  | 'bad-certificate'
  | 'certificate-expired'
  | 'unknown-ca'
  | 'hostname-mismatch'
  | 'untrusted-key'
  | 'unsupported-certificate'
  | 'unknown-psk-identity'
  | 'decrypt-error'
  | 'no-common-cipher-suite'
  | 'protocol-error'
  | 'no-session'
  | 'closed';

export class DtlsError extends Error {
  constructor(
    readonly reason: DtlsFailureReason,
    message: string,
    readonly peer?: PeerAddress,
    /** The alert received (reason 'alert-received') or sent. */
    readonly alert?: AlertName | string,
  ) {
    super(peer ? `DTLS with ${formatPeer(peer)}: ${message}` : `DTLS: ${message}`);
    this.name = 'DtlsError';
  }
}
