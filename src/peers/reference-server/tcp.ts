/**
 * The reference server over CoAP over TCP (coap+tcp://) or TLS (coaps+tcp://, RFC 8323): the
 * same server on a stream transport, with the credentials it is given (TLS 1.2 with a PSK, or
 * X.509 certificates and a client certificate required). Its faults below break the TCP rules
 * the server-side int-106, int-406 and int-404 judge; server.ts applies them.
 */
import * as fs from 'node:fs';
import { createTcpServer } from '../../transport/tcp';
import { decodeTcpFrame } from '../../coap/tcp-codec';
import { SignalCode } from '../../coap/signalling';
import type { StreamTransport } from '../../transport/types';
import type { Trace } from '../../trace/trace';
import { defineFaults, on } from '../faults';
import { EXPIRED, type ReferenceServerSecurity, type TransportFaults } from './security';

/** The transport faults of security.ts that apply to TLS too (a wrong PSK, any PSK identity, the lockout, the expired certificate), and Pings dropped unread. */
export async function referenceServerStreamTransport(
  security: ReferenceServerSecurity,
  bind: { host: string; port: number },
  trace: Trace | undefined,
  faults: Pick<TransportFaults, 'wrongPsk' | 'expiredCertificate' | 'pskAnyIdentity' | 'lockoutAfterRefusal'> & { ignorePings?: boolean },
): Promise<StreamTransport> {
  const stream = await streamTransport(security, bind, trace, faults);
  return faults.ignorePings ? withoutPings(stream) : stream;
}

/** tcp-ping-ignored: Ping (7.02) frames never reach the endpoint, so no Pong is sent. */
function withoutPings(stream: StreamTransport): StreamTransport {
  const isPing = (frame: Buffer) => {
    try {
      return decodeTcpFrame(frame).message.code === SignalCode.Ping;
    } catch {
      return false;
    }
  };
  const onDatagram = stream.onDatagram.bind(stream);
  stream.onDatagram = (handler) => onDatagram((frame, peer, info) => (isPing(frame) ? undefined : handler(frame, peer, info)));
  return stream;
}

async function streamTransport(
  security: ReferenceServerSecurity,
  bind: { host: string; port: number },
  trace: Trace | undefined,
  faults: Pick<TransportFaults, 'wrongPsk' | 'expiredCertificate' | 'pskAnyIdentity' | 'lockoutAfterRefusal'>,
): Promise<StreamTransport> {
  switch (security.mode) {
    case 'nosec':
      return createTcpServer({ ...bind, trace });
    case 'psk': {
      const key = faults.wrongPsk ? Buffer.from(security.key.map((b) => b ^ 0xff)) : security.key;
      // Faults: any identity gets the key; after one unknown identity, none does (the provisioned one too).
      let lockedOut = false;
      const lookup = (id: string) => {
        const known = !lockedOut && (faults.pskAnyIdentity || id === security.identity);
        if (!known && faults.lockoutAfterRefusal) lockedOut = true;
        return known ? key : undefined;
      };
      return createTcpServer({ ...bind, trace, tls: { psk: lookup } });
    }
    case 'x509': {
      const own = faults.expiredCertificate
        ? { certificate: fs.readFileSync(`${EXPIRED}.crt`), privateKey: fs.readFileSync(`${EXPIRED}.key`) }
        : security;
      return createTcpServer({
        ...bind,
        trace,
        tls: {
          certificate: { chain: [own.certificate], key: own.privateKey },
          trustAnchors: [security.trustAnchor],
          requireClientCertificate: true,
        },
      });
    }
    case 'rpk':
      throw new Error('raw public keys are not offered over TLS (node:tls has no RFC 7250); use PSK or X.509 with --tcp');
  }
}

export const TCP_PROFILE = 'reference-server-tcp.yaml';
export const TLS_PSK_PROFILE = 'reference-server-tls-psk.yaml';
export const TLS_X509_PROFILE = 'reference-server-tls-x509.yaml';

/** Spread into the reference server's registry (faults.ts). */
export const TCP_SERVER_FAULTS = defineFaults({
  'tcp-no-csm': {
    description: 'open its side of a TCP connection without a CSM (RFC 8323 §5.3: each side sends one first)',
    breaks: [
      on(106, 'A', /no CSM \(7\.01\) opened the connection: the first message from the server was 2\.01/, TCP_PROFILE),
      on(406, 'B', /no CSM \(7\.01\) opened the connection/, TLS_PSK_PROFILE),
      on(404, 'B', /no CSM \(7\.01\) opened the connection/, TLS_X509_PROFILE),
    ],
  },
  'tcp-register-refused': {
    description: 'refuse (4.00) a Register that announces the TCP binding (b=T)',
    breaks: [on(106, 'B', /2\.01 Created.*binding T.*4\.00 Bad Request/, TCP_PROFILE)],
  },
  'tcp-ping-ignored': {
    description: 'leave a Ping (7.02) unanswered (RFC 8323 §5.4: its receiver must answer with a Pong)',
    breaks: [
      {
        ...on(0, 'A', /Pong \(7\.03\) with the Ping's token.*no Pong, Release or Abort arrived/, TCP_PROFILE),
        case: 'LwM2M-Robustness-1.1-srv-5',
      },
    ],
  },
  'tcp-notification-aborted': {
    description:
      'answer a notification over TCP with Abort (7.05) instead of taking it on the connection (RFC 8323 §2: no ACK, the connection stays)',
    breaks: [
      on(301, 'B', /no Release or Abort.*aborted \(7\.05\) the connection after the notification/, TCP_PROFILE),
      on(304, 'B', /no Release or Abort.*aborted \(7\.05\) the connection after the notification/, TCP_PROFILE),
      on(310, 'C', /no Release or Abort.*aborted \(7\.05\) the connection after the notification/, TCP_PROFILE),
    ],
  },
  'tcp-connection-closed-after-register': {
    description: 'close the TCP connection right after answering a Register, so that the client is out of reach',
    breaks: [
      on(106, 'C', /read \/3\/0.*no TCP connection/, TCP_PROFILE),
      on(406, 'C', /read \/3\/0.*no TCP connection/, TLS_PSK_PROFILE),
      on(404, 'C', /read \/3\/0.*no TCP connection/, TLS_X509_PROFILE),
    ],
  },
});
