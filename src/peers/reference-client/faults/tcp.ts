/** Reference-client faults of CoAP over TCP/TLS (RFC 8323) and the TCP binding (ETS int-106, and the TLS cases int-404/406). */
import { defineFaults, on } from '../../faults';

export const TCP_FAULTS = defineFaults({
  'tcp-no-csm': {
    description: 'open a TCP connection without sending a CSM first (RFC 8323 §5.3: each side must)',
    breaks: [
      on(106, 'A', /no CSM \(7\.01\) opened the connection/),
      on(406, 'A', /no CSM \(7\.01\) opened the connection/, 'reference-client-bootstrap-psk.yaml'),
      on(404, 'A', /no CSM \(7\.01\) opened the connection/, 'reference-client-bootstrap-x509.yaml'),
    ],
  },
  'tcp-binding-u': {
    description: 'register over TCP with b=U, the UDP binding letter, instead of b=T',
    breaks: [
      on(106, 'B', /b="U" although the client registered over TCP/),
      on(406, 'B', /b="U" although the client registered over TCP/, 'reference-client-bootstrap-psk.yaml'),
      on(404, 'B', /b="U" although the client registered over TCP/, 'reference-client-bootstrap-x509.yaml'),
    ],
  },
});
