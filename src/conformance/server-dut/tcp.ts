/**
 * CoAP over TCP and TLS (RFC 8323) judged from the server side (ETS int-106 TCP binding, int-406
 * TLS PSK, int-404 TLS certificate, with the server as DUT): the Test Client connects to a
 * coap+tcp:// or coaps+tcp:// serverUri, writes its CSM first, registers with binding T, and the
 * server must open its side with a CSM of its own (RFC 8323 §5.3), answer 2.01, and reach the
 * Test Client over the same connection (a server cannot open one to a client).
 */
import * as fs from 'node:fs';
import type { InboundEvent, IncomingResponse } from '../../coap/endpoint';
import { codeName, locationPath } from '../../coap/message';
import { SignalCode, signal } from '../../coap/signalling';
import { createTcpClient, type TlsClientSettings } from '../../transport/tcp';
import { formatPeer, samePeer, type PeerInfo, type StreamTransport } from '../../transport/types';
import type { Trace } from '../../trace/trace';
import { DeadlineError, EventLog } from '../../util/event-log';
import type { DutProfile } from '../dut-profile';
import { securityMaterial } from '../security';
import { checkCsmExchange } from '../checks/tcp';
import { CriterionFailure, PreconditionFailure } from '../failures';
import type { ConnectionEvent, TestClientChannel } from './security';
import type { ServerDutSession } from './session';

/** The serverUri schemes of CoAP over TCP (RFC 8323 §8) and their default ports. */
export const STREAM_SCHEMES = { 'coap+tcp': 5683, 'coaps+tcp': 5684 } as const;
export type StreamScheme = keyof typeof STREAM_SCHEMES;

export const isStreamScheme = (scheme: string): scheme is StreamScheme => Object.hasOwn(STREAM_SCHEMES, scheme);

/**
 * Opens the Test Client's TCP client, with TLS for coaps+tcp:// in the profile's mode: the PSK
 * identity and key, or the LwM2M client's certificate and key with the CA it trusts (the
 * server's certificate must name the host of serverUri). Raw public keys are refused when the
 * profile is read (server-profile.ts). Every connection it opens is logged.
 */
export async function openTestClientStreamChannel(profile: DutProfile, scheme: StreamScheme, trace: Trace): Promise<TestClientChannel> {
  const material = securityMaterial(profile);
  const read = (field: string) => fs.readFileSync(material.files[field]);
  let tls: TlsClientSettings | undefined;
  if (scheme === 'coaps+tcp' && material.mode === 'psk')
    tls = { pskIdentity: material.psk!.identity.toString('utf8'), pskKey: material.psk!.key };
  else if (scheme === 'coaps+tcp' && material.mode === 'x509')
    tls = {
      certificate: { chain: [read('clientCertificate')], key: read('clientPrivateKey') },
      trustAnchors: [read('clientTrustAnchor')],
    };
  else if (scheme === 'coaps+tcp')
    throw new PreconditionFailure('TLS credentials the Test Client can use (psk or x509)', `security.mode is ${material.mode}`);
  const connections = new EventLog<ConnectionEvent>();
  const stream = await createTcpClient({ trace, tls, connectTimeoutMs: profile.timers.responseTimeoutMs });
  return { material, transport: loggingConnections(stream, connections), handshakes: new EventLog(), connections };
}

/** The stream transport as it is, but every new connection is logged when its opener (the CSM) is written. */
export function loggingConnections(stream: StreamTransport, log: EventLog<ConnectionEvent>): StreamTransport {
  return {
    scheme: stream.scheme,
    reliable: true,
    get local() {
      return stream.local;
    },
    send: (peer, data) => stream.send(peer, data),
    onDatagram: (handler) => stream.onDatagram(handler),
    onConnection: (opener) =>
      stream.onConnection((peer) => {
        log.push({ at: Date.now(), peer });
        return opener(peer);
      }),
    onStreamError: (handler) => stream.onStreamError(handler),
    closeConnection: (peer) => stream.closeConnection(peer),
    close: () => stream.close(),
  };
}

/** A Register sent on a new connection: the answer, or why the connection (or its TLS handshake) failed. */
export type StreamRegister = { response: IncomingResponse; connectionsBefore: number } | { connectError: Error };

/** A Ping the Test Client sent: the server's Pong, Release or Abort, or why nothing came. */
export interface PingOutcome {
  token: Buffer;
  answer?: InboundEvent;
  silence?: string;
}

export class ServerTcpOperations {
  constructor(private readonly s: ServerDutSession) {}

  private get connections(): EventLog<ConnectionEvent> {
    const log = this.s.channel.connections;
    if (!log) throw new PreconditionFailure('a coap+tcp:// or coaps+tcp:// serverUri', `serverUri is ${this.s.parts.serverUri}`);
    return log;
  }

  /** Step: the Test Client connects (CSM first, then TLS's handshake before it) and registers with b=T. */
  async register(): Promise<StreamRegister> {
    const connectionsBefore = this.connections.cursor();
    try {
      return { response: await this.s.registration.register(), connectionsBefore };
    } catch (e) {
      // No connection came up: refused, or the TLS handshake failed. Judged by the criterion.
      if (this.connections.since(connectionsBefore).length === 0 && !(e instanceof CriterionFailure)) return { connectError: e as Error };
      throw e;
    }
  }

  /** The server's CSM opened its side of the connection, and it did not abort (RFC 8323 §5.3). */
  checkServerCsm(criterion: string, outcome: StreamRegister): void {
    const response = this.connected(criterion, outcome);
    const problems = checkCsmExchange(this.s.client.endpoint.inbox.all(), response.peer, 'server');
    if (problems.length)
      throw new CriterionFailure(criterion, 'a CSM (7.01) as the first message from the server, and no Abort', problems.join('; '));
  }

  /** The Register (b=T) was answered 2.01 Created with a Location-Path. */
  checkRegistered(criterion: string, outcome: StreamRegister): void {
    const res = this.connected(criterion, outcome);
    if (res.message.code !== '2.01' || locationPath(res.message).length === 0)
      throw new CriterionFailure(
        criterion,
        '2.01 Created with a Location-Path to the Register with binding T',
        `it was answered ${codeName(res.message.code)}${locationPath(res.message).length ? '' : ' without a Location-Path'}`,
      );
  }

  /** Over TLS: the handshake was of the declared kind, the server opened with its CSM, and the Register was answered 2.01. */
  checkSecureRegister(criterion: string, outcome: StreamRegister, mode: 'psk' | 'x509'): void {
    const res = this.connected(criterion, outcome);
    const first = this.s.client.endpoint.inbox.all().find((e) => samePeer(e.peer, res.peer));
    const problems = [
      ...checkTlsServerChannel(first?.info, mode),
      ...checkCsmExchange(this.s.client.endpoint.inbox.all(), res.peer, 'server'),
    ];
    if (problems.length)
      throw new CriterionFailure(criterion, `a TLS connection (${mode}) the server opened with its CSM`, problems.join('; '));
    this.checkRegistered(criterion, outcome);
  }

  /** Precondition of the Read criterion: the Test Client registered over its connection. */
  requireRegistered(outcome: StreamRegister | undefined): void {
    if (!outcome || 'connectError' in outcome || outcome.response.message.code !== '2.01')
      throw new PreconditionFailure('a registration over the TCP connection', 'the connection or the Register of the earlier step failed');
  }

  /** Criterion part: the Test Client opened no other connection since the Register, so the Read came over the registration's. */
  checkSameConnection(criterion: string, outcome: StreamRegister): void {
    if ('connectError' in outcome) return;
    const opened = this.connections.since(outcome.connectionsBefore);
    if (opened.length > 1)
      throw new CriterionFailure(
        criterion,
        "the Read over the registration's connection",
        `the connection of the Register closed and ${opened.length - 1} new one(s) were opened (to ${opened.map((c) => formatPeer(c.peer)).join(', ')})`,
      );
  }

  /**
   * Step: a 7.02 Ping over the registration's connection; resolves with the server's Pong,
   * Release or Abort (RFC 8323 §5.4), or why none came (the response timeout, the server's exit).
   */
  async ping(): Promise<PingOutcome> {
    const peer = this.s.serverAddress;
    const endpoint = this.s.client.endpoint;
    const token = endpoint.newToken();
    const mark = endpoint.inbox.cursor();
    await this.s.untilDutExits(endpoint.sendMessage(peer, { ...signal(SignalCode.Ping), token }), 'the Ping to be sent');
    const answers: string[] = [SignalCode.Pong, SignalCode.Release, SignalCode.Abort];
    try {
      const answer = await this.s.untilDutExits(
        endpoint.inbox.waitFor((e) => samePeer(e.peer, peer) && answers.includes(e.message?.code ?? ''), {
          after: mark,
          timeoutMs: this.s.timers.responseTimeoutMs,
          what: 'a Pong (7.03) to the Ping',
        }),
        'a Pong (7.03) to the Ping',
      );
      return { token, answer };
    } catch (e) {
      if (e instanceof DeadlineError) return { token, silence: e.message };
      throw e;
    }
  }

  /** Criterion: the Ping was answered with a Pong carrying its token ("MUST", RFC 8323 §5.4); a Release or Abort instead ends the case INCONC. */
  checkPong(criterion: string, ping: PingOutcome): void {
    const m = ping.answer?.message;
    const wanted = `a Pong (7.03) with the Ping's token ${ping.token.toString('hex')} within ${this.s.timers.responseTimeoutMs} ms`;
    if (!m) throw new CriterionFailure(criterion, wanted, `no Pong, Release or Abort arrived on the connection (${ping.silence})`);
    if (m.code !== SignalCode.Pong)
      throw new PreconditionFailure(
        'the connection kept open for a keep-alive',
        `the server answered the Ping with ${m.code === SignalCode.Release ? 'Release (7.04)' : 'Abort (7.05)'}, which RFC 8323 §5.4 allows instead of a Pong`,
      );
    if (!m.token.equals(ping.token))
      throw new CriterionFailure(criterion, wanted, `the Pong carried token ${m.token.toString('hex') || '(empty)'}`);
  }

  private connected(criterion: string, outcome: StreamRegister): IncomingResponse {
    if ('connectError' in outcome)
      throw new CriterionFailure(
        criterion,
        `a connection to the server under test at ${formatPeer(this.s.serverAddress)}`,
        outcome.connectError.message,
      );
    return outcome.response;
  }
}

/** What the Test Client saw of the server's TLS side: the suite kind the mode needs (and a certificate in x509). */
function checkTlsServerChannel(info: PeerInfo | undefined, mode: 'psk' | 'x509'): string[] {
  if (!info?.cipherSuite) return ['the answer did not arrive over a TLS connection'];
  const psk = info.cipherSuite.startsWith('TLS_PSK_');
  if (mode === 'psk' && !psk) return [`the TLS connection used ${info.cipherSuite}, not a TLS_PSK_* suite`];
  if (mode === 'x509' && psk) return [`the TLS connection used ${info.cipherSuite}, a PSK suite, where certificates were expected`];
  if (mode === 'x509' && !info.identity) return ['the server presented no certificate'];
  return [];
}
