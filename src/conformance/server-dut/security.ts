/**
 * Security judged from the server side (ETS int-401 PSK, int-402 certificates, with the server
 * as DUT): the Test Client opens a DTLS 1.2 session with the credentials the profile declares
 * (LwM2M 1.1 Transport §5.2: PSK, raw public keys or certificates; every server-side case of an
 * RPK profile runs over RPK, as the ETS has no RPK case), registers inside it, and the server
 * must then reach it over the same session. Handshakes are logged as events; criteria judge them and the CoAP answers.
 */
import * as fs from 'node:fs';
import { createDtlsClient, DtlsError, type DtlsEndpoint, type DtlsSessionInfo } from '../../transport/dtls';
import type { DatagramTransport, PeerAddress } from '../../transport/types';
import type { IncomingResponse } from '../../coap/endpoint';
import { codeName, locationPath } from '../../coap/message';
import type { Trace } from '../../trace/trace';
import { EventLog } from '../../util/event-log';
import type { DutProfile } from '../dut-profile';
import { securityMaterial, type SecurityMaterial } from '../security';
import { CriterionFailure, PreconditionFailure } from '../failures';
import type { ServerDutSession } from './session';

export type HandshakeEvent = { ok: true; at: number; info: DtlsSessionInfo } | { ok: false; at: number; reason: string; message: string };

/** The Test Client's side of the channel: its DTLS client (none in NoSec) and every handshake it ran. */
export interface TestClientChannel {
  material: SecurityMaterial;
  transport?: DatagramTransport;
  handshakes: EventLog<HandshakeEvent>;
  /** Over TCP/TLS (tcp.ts): each connection the Test Client opened, when it wrote its CSM. */
  connections?: EventLog<ConnectionEvent>;
}

/** One connection the Test Client opened over TCP/TLS (and wrote its CSM on). */
export interface ConnectionEvent {
  at: number;
  peer: PeerAddress;
}

/**
 * Opens the Test Client's DTLS client with the profile's credentials: the PSK identity and key;
 * the LwM2M client's certificate and key (security.clientCertificate, clientPrivateKey) with
 * the CA the client trusts (clientTrustAnchor, else trustAnchor), and the server's certificate
 * must name the host of serverUri; or raw public keys (RFC 7250): the client's key pair
 * (clientPrivateKey) and the server's public key (publicKey), the only one it accepts.
 */
export async function openTestClientChannel(profile: DutProfile, host: string, trace: Trace): Promise<TestClientChannel> {
  const material = securityMaterial(profile);
  const handshakes = new EventLog<HandshakeEvent>();
  if (material.mode === 'nosec') return { material, handshakes };
  const bind = { host: host.includes(':') ? '::1' : '127.0.0.1', trace };
  const read = (field: string) => fs.readFileSync(material.files[field]);
  let dtls: DtlsEndpoint;
  if (material.mode === 'psk') {
    dtls = await createDtlsClient({ ...bind, pskIdentity: material.psk!.identity.toString('utf8'), pskKey: material.psk!.key });
  } else if (material.mode === 'x509') {
    dtls = await createDtlsClient({
      ...bind,
      certificate: { chain: [read('clientCertificate')], key: read('clientPrivateKey') },
      trustAnchors: [read('clientTrustAnchor')],
    });
  } else {
    dtls = await createDtlsClient({
      ...bind,
      rawPublicKey: { key: read('clientPrivateKey'), trustedPeerKeys: [read('publicKey')] },
    });
  }
  dtls.on('handshake', (info) => handshakes.push({ ok: true, at: Date.now(), info }));
  dtls.on('handshakeFailed', (f) => handshakes.push({ ok: false, at: Date.now(), reason: f.reason, message: f.error.message }));
  return { material, transport: dtls, handshakes };
}

/** A Register sent inside a DTLS handshake: the answer, or why the handshake failed. */
export type SecureRegister = { response: IncomingResponse } | { handshakeError: DtlsError };

export class ServerSecurityOperations {
  /** The handshake log position when the Register went out. */
  private registerMark = 0;

  constructor(private readonly s: ServerDutSession) {}

  /** Step: the Test Client handshakes (on its first datagram) and registers; a failed handshake is kept for the criterion to judge. */
  async registerSecurely(): Promise<SecureRegister> {
    this.registerMark = this.s.channel.handshakes.cursor();
    try {
      return { response: await this.s.registration.register() };
    } catch (e) {
      const cause = e instanceof DtlsError ? e : (e as { cause?: unknown }).cause;
      if (cause instanceof DtlsError) return { handshakeError: cause };
      throw e;
    }
  }

  /** Criterion: the handshake completed in the declared mode, and the Register inside it was answered 2.01 with a Location-Path. */
  checkSecureRegister(criterion: string, outcome: SecureRegister): void {
    const mode = this.s.channel.material.mode;
    const wanted =
      mode === 'psk'
        ? `a DTLS PSK handshake with identity "${this.s.channel.material.psk!.identity}"`
        : `a DTLS ${mode === 'rpk' ? 'raw public key' : 'certificate'} handshake`;
    if ('handshakeError' in outcome)
      throw new CriterionFailure(
        criterion,
        `${wanted} to complete`,
        `the DTLS handshake failed (${outcome.handshakeError.reason}): ${outcome.handshakeError.message}`,
      );
    const done = this.s.channel.handshakes.since(this.registerMark).find((h) => h.ok);
    if (!done || !done.ok)
      throw new CriterionFailure(criterion, `${wanted} before the Register`, 'the Register went out without a new handshake');
    const suite = done.info.cipherSuite;
    if ((mode === 'psk') !== suite.startsWith('TLS_PSK_'))
      throw new CriterionFailure(
        criterion,
        `${wanted} with a ${mode === 'psk' ? 'PSK' : 'ECDHE_ECDSA'} cipher suite`,
        `the server chose ${suite}`,
      );
    const res = outcome.response;
    if (res.message.code !== '2.01' || locationPath(res.message).length === 0)
      throw new CriterionFailure(
        criterion,
        '2.01 Created with a Location-Path to the Register inside the DTLS session',
        `it was answered ${codeName(res.message.code)}${locationPath(res.message).length ? '' : ' without a Location-Path'}`,
      );
    this.s.trace.note('harness', `DTLS session with the server: ${suite}, identity ${done.info.identity ?? '(none)'}`);
  }

  /** Precondition of the Read criterion: the Test Client registered inside a DTLS session. */
  requireSession(outcome: SecureRegister | undefined): void {
    if (!outcome || 'handshakeError' in outcome || outcome.response.message.code !== '2.01')
      throw new PreconditionFailure('a registration inside a DTLS session', 'the handshake or the Register of the earlier step failed');
  }

  /** Criterion part: no handshake ran since the Register, so the Read came over the registration's session. */
  checkSameSession(criterion: string): void {
    const later = this.s.channel.handshakes.since(this.registerMark).filter((h) => h.ok);
    if (later.length > 1)
      throw new CriterionFailure(
        criterion,
        "the Read over the registration's DTLS session",
        `${later.length - 1} new handshake(s) ran after the Register`,
      );
  }
}
