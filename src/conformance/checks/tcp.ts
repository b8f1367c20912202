/**
 * Judging CoAP over TCP/TLS (RFC 8323) and the TCP binding (LwM2M TS Core 1.1 §6.2.1.1, ETS
 * int-106) from what the DUT sent on its connection. Each function returns the rules broken.
 */
import type { InboundEvent } from '../../coap/endpoint';
import { SignalCode } from '../../coap/signalling';
import { codeName, queryParams } from '../../coap/message';
import type { RdEvent } from '../../peers/test-server';
import { type PeerAddress, formatPeer, samePeer } from '../../transport/types';

/**
 * RFC 8323 §5.3: a CSM must be the first message each side sends on a connection, and a peer
 * that cannot take the other's CSM answers with Abort (7.05). `inbox` is what the Test Server
 * read; `peer` the DUT's connection.
 */
export function checkCsmExchange(inbox: readonly InboundEvent[], peer: PeerAddress): string[] {
  const fromPeer = inbox.filter((e) => samePeer(e.peer, peer));
  const first = fromPeer[0];
  if (!first) return [`nothing arrived on the connection from ${formatPeer(peer)}`];
  if (!first.message) return [`the first bytes on the connection were not a CoAP frame: ${first.error?.message ?? 'unreadable'}`];
  const problems: string[] = [];
  if (first.message.code !== SignalCode.CSM) {
    problems.push(`no CSM (7.01) opened the connection: the first message from the client was ${codeName(first.message.code)}`);
  } else {
    problems.push(...first.problems.map((p) => `CSM: ${p}`));
  }
  const abort = fromPeer.find((e) => e.message?.code === SignalCode.Abort);
  if (abort) problems.push(`the client aborted the connection (7.05): "${abort.message!.payload.toString('utf8')}"`);
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
