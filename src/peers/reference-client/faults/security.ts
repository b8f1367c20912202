/** Reference-client faults of the Security cases (ETS int-401 … int-403). */
import { defineFaults, on } from '../../faults';

export const SECURITY_FAULTS = defineFaults({
  'wrong-psk-key': {
    description: 'in PSK mode, use another key than the one configured',
    breaks: [on(401, 'step 1', /DTLS handshake\(s\) failed.*wrong PSK/, 'reference-client-psk.yaml')],
  },
  'present-expired-certificate': {
    description: 'in certificate mode, present an expired client certificate',
    breaks: [on(402, 'step 1', /handshake\(s\) failed.*expired/, 'reference-client-x509.yaml')],
  },
  'skip-server-name-check': {
    description: 'in certificate mode, accept a server certificate issued for another host name',
    breaks: [on(403, 'A', /completed 1 handshake\(s\) with a certificate for another host name/, 'reference-client-x509.yaml')],
  },
});
