/**
 * Judging CoAP over TCP/TLS (RFC 8323) and the TCP binding (LwM2M TS Core 1.1 §6.2.1.1, ETS
 * int-106) from what the DUT sent on its connection. Each function returns the rules broken.
 */
import type { InboundEvent } from '../../coap/endpoint';
import { SignalCode } from '../../coap/signalling';
import { type CoapMessage, codeName, queryParams } from '../../coap/message';
import type { RdEvent } from '../../peers/test-server';
import { type PeerAddress, type PeerInfo, formatPeer, samePeer } from '../../transport/types';

/**
 * RFC 8323 §5.3: a CSM must be the first message each side sends on a connection, and a peer
 * that cannot take the other's CSM answers with Abort (7.05). `inbox` is what the Test Server
 * (or Test Client) read; `peer` the DUT's connection; `dut` names the DUT's role in the sentences.
 */
export function checkCsmExchange(inbox: readonly InboundEvent[], peer: PeerAddress, dut: 'client' | 'server' = 'client'): string[] {
  const fromPeer = inbox.filter((e) => samePeer(e.peer, peer));
  const first = fromPeer[0];
  if (!first) return [`nothing arrived on the connection from ${formatPeer(peer)}`];
  if (!first.message) return [`the first bytes on the connection were not a CoAP frame: ${first.error?.message ?? 'unreadable'}`];
  const problems: string[] = [];
  if (first.message.code !== SignalCode.CSM) {
    problems.push(`no CSM (7.01) opened the connection: the first message from the ${dut} was ${codeName(first.message.code)}`);
  } else {
    problems.push(...first.problems.map((p) => `CSM: ${p}`));
  }
  const abort = fromPeer.find((e) => e.message?.code === SignalCode.Abort);
  if (abort) problems.push(`the ${dut} aborted the connection (7.05): "${abort.message!.payload.toString('utf8')}"`);
  return problems;
}

/** Over TCP the Register announces binding T (LwM2M 1.1: b lists the transports in use). */
export function checkTcpBinding(register: RdEvent): string[] {
  const req = register.request;
  if (!req) return ['no Register request was received'];
  const b = queryParams(req.message).get('b');
  if (b === undefined) return ['the Register carries no "b" parameter; over TCP it must announce the binding T (ETS int-106)'];
  return b.includes('T') ? [] : [`b="${b}" although the client registered over TCP; the binding T must be listed`];
}

/** What a secured channel over TCP must show (ETS int-404 certificate, int-406 PSK). */
export interface TlsExpectations {
  mode: 'psk' | 'x509';
  /** psk: the identity the DUT profile declares. */
  pskIdentity?: string;
}

/**
 * The request came over TLS with the expected kind of cipher suite (TLS_PSK_* for PSK, a
 * certificate suite otherwise) and the declared PSK identity, or a client certificate.
 */
export function checkTlsChannel(info: PeerInfo | undefined, exp: TlsExpectations): string[] {
  if (!info?.cipherSuite) return ['the request did not arrive over a TLS connection'];
  const psk = info.cipherSuite.startsWith('TLS_PSK_');
  const problems: string[] = [];
  if (exp.mode === 'psk') {
    if (!psk) problems.push(`the TLS connection used ${info.cipherSuite}, not a TLS_PSK_* suite`);
    if (info.identity !== exp.pskIdentity)
      problems.push(`the PSK identity was "${info.identity}", the profile declares "${exp.pskIdentity}"`);
  } else {
    if (psk) problems.push(`the TLS connection used ${info.cipherSuite}, a PSK suite, where certificates were expected`);
    if (!info.identity) problems.push('the client presented no certificate');
  }
  return problems;
}

/**
 * Over TCP a notification has no ACK (RFC 8323 §2: no message layer); a server that takes it
 * keeps the connection it came on. Since `since` (when the notification was written): no
 * Release (7.04) or Abort (7.05) from the server, no new connection the Test Client had to open
 * (the old one was closed), and the Ping written after the notification answered with a Pong.
 */
export function connectionKeptProblems(
  inbox: readonly InboundEvent[],
  server: PeerAddress,
  since: number,
  connectionsOpened: number,
  pingAnswer: CoapMessage | undefined,
): string[] {
  const problems: string[] = [];
  for (const e of inbox) {
    const code = e.message?.code;
    if (e.at < since || !samePeer(e.peer, server) || (code !== SignalCode.Release && code !== SignalCode.Abort)) continue;
    const name = code === SignalCode.Abort ? 'aborted (7.05)' : 'released (7.04)';
    problems.push(`the server ${name} the connection after the notification: "${e.message!.payload.toString('utf8')}"`);
  }
  if (connectionsOpened > 0)
    problems.push(`the connection closed: the Test Client opened ${connectionsOpened} new one(s) since the notification`);
  else if (pingAnswer?.code !== SignalCode.Pong)
    problems.push(`a Ping written after the notification got ${pingAnswer ? codeName(pingAnswer.code) : 'no answer'} instead of a Pong`);
  return problems;
}
