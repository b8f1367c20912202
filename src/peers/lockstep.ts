/**
 * Lock-step messaging over a CoapEndpoint, for steps that must say exactly what they expect next
 * on the wire and exactly what goes back, including wrong answers on purpose and silence.
 * Shared by every harness peer (Test Server, Test Bootstrap Server, Test Client): it needs only
 * the peer's endpoint, so it works beside the peer's normal request handling.
 *
 * How it coexists with that handling: an expectation is armed when `expect` is called and takes
 * the FIRST matching message that arrives after that moment away from the endpoint (no automatic
 * ACK, no deduplication, no handler, no matching to a pending request: the step answers, or does
 * not). Every other message is handled as usual. `see` waits for a message without taking it.
 *
 * Names: `expect(..., { as: 'reg' })` (or `remember`) keeps a message under a name; a pattern or
 * an outgoing message then refers to its Message ID or token by that name (`messageId: 'reg'`,
 * `token: 'reg'`), as an ETS procedure does ("the same MID as in step 2").
 */
import type { CoapEndpoint, InboundMessage } from '../coap/endpoint';
import { encodeMessage } from '../coap/codec';
import { type CoapMessage, type CoapOption, type CoapType, codeName, optionValues, queryParams, uriPath } from '../coap/message';
import { formatPeer, samePeer, type PeerAddress } from '../transport/types';
import { DeadlineError, EventLog } from '../util/event-log';

/** A message ID or token given literally, or by the name of a remembered message. */
export type MidRef = number | string;
export type TokenRef = Buffer | string;

/** What the next message must look like; every field given must hold. */
export interface MessagePattern {
  type?: CoapType | CoapType[];
  /** Exact code ("0.02", "2.01"), or a class such as "2.xx". */
  code?: string | string[];
  /** Uri-Path, exactly ("/rd", "/rd/abc"). */
  path?: string;
  /** Uri-Query parameters that must be present: a value, or `true` for "present with any value". */
  query?: Record<string, string | true>;
  /** Options that must be present (with this value, when one is given). */
  options?: { number: number; value?: Buffer }[];
  messageId?: MidRef;
  token?: TokenRef;
  payload?: Buffer;
  from?: PeerAddress;
  /** Anything else, e.g. a payload check. */
  where?: (message: CoapMessage) => boolean;
}

/** A message to put on the wire. Unset: a fresh Message ID, an empty token, no options or payload. */
export interface MessageSpec {
  type: CoapType;
  code: string;
  messageId?: MidRef;
  token?: TokenRef;
  options?: CoapOption[];
  payload?: Buffer;
}

export interface Sent {
  peer: PeerAddress;
  message: CoapMessage;
  bytes: Buffer;
}

export interface ExpectOptions {
  /** Deadline in ms (default: the LockStep's). */
  within?: number;
  /** Remember the message under this name. */
  as?: string;
}

interface Claim {
  pattern: MessagePattern;
  log: EventLog<InboundMessage>;
}

export class LockStep {
  private readonly remembered = new Map<string, CoapMessage>();
  private claims: Claim[] = [];
  private readonly stopIntercepting: () => void;

  constructor(
    readonly endpoint: CoapEndpoint,
    private readonly defaultTimeoutMs = 5000,
  ) {
    this.stopIntercepting = endpoint.intercept((event) => this.take(event));
  }

  /**
   * Arms an expectation now and resolves with the first matching message that arrives after
   * this call, taken away from the endpoint's normal handling. Rejects with a DeadlineError
   * naming the pattern; after the deadline, matching messages are handled normally again.
   * Arm it BEFORE causing the message (a message that came earlier is not taken).
   */
  expect(pattern: MessagePattern, opts: ExpectOptions = {}): Promise<InboundMessage> {
    const claim: Claim = { pattern: this.resolve(pattern), log: new EventLog() };
    this.claims.push(claim);
    const timeoutMs = opts.within ?? this.defaultTimeoutMs;
    return claim.log
      .waitFor(() => true, { after: 0, timeoutMs, what: this.describe(pattern) })
      .then(
        (event) => {
          if (opts.as) this.remember(opts.as, event.message);
          return event;
        },
        (e: Error) => {
          this.release(claim);
          throw e;
        },
      );
  }

  /**
   * Waits for a matching message WITHOUT taking it: the endpoint handles it as usual (e.g. the
   * Test Server registers the client). `after` is an inbox cursor; default: from now on.
   */
  async see(pattern: MessagePattern, opts: ExpectOptions & { after?: number } = {}): Promise<InboundMessage> {
    const resolved = this.resolve(pattern);
    const event = await this.endpoint.inbox.waitFor((e) => e.message !== undefined && this.matches(resolved, e as InboundMessage), {
      after: opts.after ?? this.endpoint.inbox.cursor(),
      timeoutMs: opts.within ?? this.defaultTimeoutMs,
      what: this.describe(pattern),
    });
    if (opts.as) this.remember(opts.as, event.message!);
    return event as InboundMessage;
  }

  /**
   * Resolves true when no matching message arrives within `forMs` ("must not send"); a message
   * that does arrive is taken, so the endpoint does not answer it either.
   */
  async expectNothing(pattern: MessagePattern, forMs: number): Promise<boolean> {
    try {
      await this.expect(pattern, { within: forMs });
      return false;
    } catch (e) {
      if (e instanceof DeadlineError) return true;
      throw e;
    }
  }

  remember(name: string, message: CoapMessage): void {
    this.remembered.set(name, message);
  }

  /** The message remembered under `name`; an unknown name is a harness error. */
  recall(name: string): CoapMessage {
    const m = this.remembered.get(name);
    if (!m) throw new Error(`lock-step: no message remembered as "${name}" (known: ${[...this.remembered.keys()].join(', ') || 'none'})`);
    return m;
  }

  messageIdOf(ref: MidRef): number {
    return typeof ref === 'number' ? ref : this.recall(ref).messageId;
  }

  tokenOf(ref: TokenRef): Buffer {
    return typeof ref === 'string' ? this.recall(ref).token : ref;
  }

  /** A Message ID other than the remembered one (a wrong MID on purpose). */
  otherMessageId(ref: MidRef): number {
    return (this.messageIdOf(ref) + 1) & 0xffff;
  }

  /** A token of the same length that differs in every byte (one byte if the original is empty). */
  otherToken(ref: TokenRef): Buffer {
    const token = this.tokenOf(ref);
    return token.length === 0 ? Buffer.from([0x5a]) : Buffer.from(token.map((b) => b ^ 0xff));
  }

  /** Puts exactly this message on the wire. */
  async send(peer: PeerAddress, spec: MessageSpec): Promise<Sent> {
    const message: CoapMessage = {
      type: spec.type,
      code: spec.code,
      messageId: spec.messageId === undefined ? this.endpoint.newMessageId() : this.messageIdOf(spec.messageId),
      token: spec.token === undefined ? Buffer.alloc(0) : this.tokenOf(spec.token),
      options: [...(spec.options ?? [])].sort((a, b) => a.number - b.number),
      payload: spec.payload ?? Buffer.alloc(0),
    };
    const bytes = encodeMessage(message);
    await this.endpoint.sendBytes(peer, bytes, message);
    return { peer, message, bytes };
  }

  /** An empty ACK or RST for the remembered message (or a literal MID); an empty CON is a CoAP ping. */
  sendEmpty(peer: PeerAddress, type: 'ACK' | 'RST' | 'CON', messageId?: MidRef): Promise<Sent> {
    return this.send(peer, { type, code: '0.00', messageId });
  }

  /**
   * The everyday answer to a taken request: piggybacked on an ACK with its MID and token for a
   * CON, a NON with a fresh MID for a NON. Any field of `spec` overrides, to be wrong on purpose.
   */
  respond(to: InboundMessage, spec: Partial<MessageSpec> & { code: string }): Promise<Sent> {
    const con = to.message.type === 'CON';
    return this.send(to.peer, {
      type: con ? 'ACK' : 'NON',
      messageId: con ? to.message.messageId : undefined,
      token: to.message.token,
      ...spec,
    });
  }

  /** Sends the same datagram again (a duplicate, as a retransmission would be). */
  async duplicate(sent: Sent): Promise<Sent> {
    await this.endpoint.sendBytes(sent.peer, sent.bytes, sent.message);
    return sent;
  }

  /** Stops taking messages: everything is handled normally; pending expectations end at their deadlines. */
  close(): void {
    this.claims = [];
    this.stopIntercepting();
  }

  matches(p: MessagePattern, e: InboundMessage): boolean {
    const m = e.message;
    if (p.type !== undefined && !([] as CoapType[]).concat(p.type).includes(m.type)) return false;
    if (p.code !== undefined && !([] as string[]).concat(p.code).some((c) => codeMatches(c, m.code))) return false;
    if (p.path !== undefined && uriPath(m) !== p.path) return false;
    if (p.query !== undefined) {
      const q = queryParams(m);
      for (const [k, v] of Object.entries(p.query)) if (!q.has(k) || (v !== true && q.get(k) !== v)) return false;
    }
    for (const o of p.options ?? []) {
      const values = optionValues(m, o.number);
      if (values.length === 0 || (o.value !== undefined && !values.some((v) => v.equals(o.value!)))) return false;
    }
    if (p.messageId !== undefined && m.messageId !== this.messageIdOf(p.messageId)) return false;
    if (p.token !== undefined && !m.token.equals(this.tokenOf(p.token))) return false;
    if (p.payload !== undefined && !m.payload.equals(p.payload)) return false;
    if (p.from !== undefined && !samePeer(p.from, e.peer)) return false;
    return p.where === undefined || p.where(m);
  }

  /** The pattern in words, for a deadline's message: "CON 0.02 POST /rd?ep from 127.0.0.1:5683". */
  describe(p: MessagePattern): string {
    const words: string[] = [];
    if (p.type !== undefined) words.push(([] as string[]).concat(p.type).join('/'));
    words.push(p.code === undefined ? 'message' : ([] as string[]).concat(p.code).map(codeName).join(' or '));
    if (p.path !== undefined) words.push(p.path + (p.query ? `?${Object.keys(p.query).join('&')}` : ''));
    if (p.messageId !== undefined) words.push(`with MID ${this.refText(p.messageId, (r) => this.messageIdOf(r))}`);
    if (p.token !== undefined) words.push(`with token ${this.refText(p.token, (r) => this.tokenOf(r).toString('hex') || 'empty')}`);
    for (const o of p.options ?? []) words.push(`with option ${o.number}${o.value ? `=${o.value.toString('hex')}` : ''}`);
    if (p.from !== undefined) words.push(`from ${formatPeer(p.from)}`);
    return words.join(' ');
  }

  private refText<R>(ref: R, value: (r: R) => unknown): string {
    return typeof ref === 'string' ? `${String(value(ref))} (as in "${ref}")` : String(value(ref));
  }

  /** Names replaced by the values they stand for now, so that matching cannot fail on a name. */
  private resolve(p: MessagePattern): MessagePattern {
    return {
      ...p,
      messageId: p.messageId === undefined ? undefined : this.messageIdOf(p.messageId),
      token: p.token === undefined ? undefined : this.tokenOf(p.token),
    };
  }

  /** The endpoint's interceptor: the oldest armed expectation that matches takes the message. */
  private take(event: InboundMessage): boolean {
    const claim = this.claims.find((c) => this.matches(c.pattern, event));
    if (!claim) return false;
    this.release(claim);
    claim.log.push(event);
    return true;
  }

  private release(claim: Claim): void {
    this.claims = this.claims.filter((c) => c !== claim);
  }
}

function codeMatches(pattern: string, code: string): boolean {
  return pattern.endsWith('.xx') ? code.startsWith(pattern.slice(0, -2)) : pattern === code;
}
