/**
 * OSCORE as a protection layer of one CoapEndpoint (RFC 8613 §8): above the message codec, below
 * request handling. Outbound requests and responses are protected; inbound ones verified and
 * handed on as their inner message, with a record of what the wire carried (the outer code, the
 * OSCORE option, the decrypted inner message) for judging and the trace. A message without the
 * OSCORE option passes through unrecorded: the judge above decides whether it had to be protected.
 */
import type { CoapMessage } from '../message';
import { OptionNumber, isEmpty, isRequestCode } from '../message';
import type { PeerAddress } from '../../transport/types';
import type { SecurityContext } from './context';
import { OSCORE_OPTION, decodeOscoreOption } from './option';
import { type OscoreExchange, OscoreError, protectRequest, protectResponse, unprotectRequest, unprotectResponse } from './protect';

/** What an OSCORE-protected message looked like on the wire and what it held. */
export interface OscoreRecord {
  /** The message as it was on the wire. */
  outer: CoapMessage;
  /** The decrypted message (absent when it could not be verified). */
  inner?: CoapMessage;
  kid?: Buffer;
  partialIv?: Buffer;
  /** Why it could not be verified (RFC 8613 §8.2 / §8.4). */
  error?: string;
  /** The §8.2 error response a server sends for it (requests only). */
  answerCode?: string;
  /** The request's protection: its response is bound to it. */
  exchange?: OscoreExchange;
}

export type Unprotected = { message: CoapMessage; record?: OscoreRecord } | { refused: OscoreRecord };

export interface OscoreLayerOptions {
  /** The contexts this endpoint holds; an inbound request picks its context by kid (its Recipient ID). */
  contexts: SecurityContext[];
  /** For outbound requests: the context to use towards `peer` (default: the first). */
  contextFor?: (peer: PeerAddress) => SecurityContext | undefined;
  /** Changes a protected message before it goes out (the reference peers' faults); default none. */
  tamper?: (wire: CoapMessage, inner: CoapMessage) => CoapMessage;
}

const MAX_OPEN_EXCHANGES = 512;

export class OscoreLayer {
  /** Requests we protected, by token, waiting for their responses (and notifications). */
  private readonly open = new Map<string, OscoreExchange>();

  constructor(private readonly opts: OscoreLayerOptions) {}

  /** An outbound request; undefined context means "send as it is" (no OSCORE towards that peer). */
  protectRequest(peer: PeerAddress, m: CoapMessage): CoapMessage {
    const context = this.opts.contextFor ? this.opts.contextFor(peer) : this.opts.contexts[0];
    if (!context) return m;
    const { message, exchange } = protectRequest(context, m);
    this.open.set(m.token.toString('hex'), exchange);
    if (this.open.size > MAX_OPEN_EXCHANGES) this.open.delete(this.open.keys().next().value!);
    return this.tampered(message, m);
  }

  /** An outbound response to a request that came with `record` (none: it was plain, so is the answer). */
  protectResponse(response: CoapMessage, record: OscoreRecord | undefined): CoapMessage {
    if (!record?.exchange || isEmpty(response)) return response;
    const observe = response.options.some((o) => o.number === OptionNumber.Observe);
    return this.tampered(protectResponse(record.exchange, response, { freshPartialIv: observe }), response);
  }

  /** An inbound message: its inner message, or passed through (no OSCORE option), or refused with the reason. */
  unprotect(m: CoapMessage): Unprotected {
    if (isEmpty(m) || !m.options.some((o) => o.number === OSCORE_OPTION)) return { message: m };
    const record: OscoreRecord = { outer: m, ...this.optionFields(m) };
    try {
      if (isRequestCode(m.code)) {
        const { message, exchange } = unprotectRequest((kid, kidContext) => this.contextOf(kid, kidContext), m);
        return { message, record: { ...record, inner: message, exchange } };
      }
      const exchange = this.open.get(m.token.toString('hex'));
      if (!exchange) return { refused: { ...record, error: 'a protected response to no request this endpoint protected' } };
      const message = unprotectResponse(exchange, m);
      if (!message.options.some((o) => o.number === OptionNumber.Observe)) this.open.delete(m.token.toString('hex'));
      return { message, record: { ...record, inner: message } };
    } catch (e) {
      if (!(e instanceof OscoreError)) throw e;
      return { refused: { ...record, error: e.message, answerCode: isRequestCode(m.code) ? e.answerCode : undefined } };
    }
  }

  private contextOf(kid: Buffer, kidContext?: Buffer): SecurityContext | undefined {
    return this.opts.contexts.find(
      (c) => c.recipientId.equals(kid) && (kidContext === undefined || (c.idContext !== undefined && c.idContext.equals(kidContext))),
    );
  }

  private optionFields(m: CoapMessage): Pick<OscoreRecord, 'kid' | 'partialIv'> {
    try {
      const v = decodeOscoreOption(m.options.find((o) => o.number === OSCORE_OPTION)!.value);
      return { kid: v.kid, partialIv: v.partialIv };
    } catch {
      return {}; // unprotect names the defect
    }
  }

  private tampered(wire: CoapMessage, inner: CoapMessage): CoapMessage {
    return this.opts.tamper ? this.opts.tamper(wire, inner) : wire;
  }
}
