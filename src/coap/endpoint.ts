/**
 * A CoAP endpoint over any DatagramTransport: the message layer (CON/ACK/RST, retransmission,
 * duplicate detection, tokens) and the request/response layer, for both roles at once on one
 * socket. Every datagram in and out is recorded byte-exact in the trace, with its decoded view.
 *
 * Steps can work lock-step: `inbox` logs every inbound datagram (well-formed or not), a handler
 * may answer NO_RESPONSE to stay silent, and `sendMessage` puts an exact message on the wire.
 * `intercept` lets a lock-step layer (peers/lockstep.ts) take a readable message before the
 * endpoint acts on it: a taken message is traced and logged, but not acknowledged, deduplicated,
 * handed to the request handler or matched to a pending request.
 *
 * Over a StreamTransport (CoAP over TCP/TLS, RFC 8323) the same endpoint frames messages without
 * type or Message ID: no ACKs, no retransmission, no deduplication, responses matched by token
 * only. It writes its CSM first on every connection (`csm`; false leaves it out, as a faulty peer
 * would), answers Ping with Pong, and keeps the peer's CSM (`peerCsm`). A stream that cannot be
 * cut into frames is an inbox event with `error`, like a malformed datagram.
 *
 * Block-wise transfers (RFC 7959) happen here, below the handler and above the wire, so every
 * block is still one traced datagram and one `inbox` event:
 *  - server side (blockwise-server.ts): Block1 request bodies are put together and the handler
 *    sees ONE request (`blocks` = how many datagrams carried it); non-final blocks are answered
 *    2.31, gaps 4.08, oversize bodies 4.13. Responses larger than `blockwise.block2Size` (or than
 *    the size the request asked for) go out in Block2 blocks from one kept representation.
 *    `blockwise.server: false` turns this off, so a lock-step handler sees every block as it came.
 *  - client side (blockwise-client.ts): `request()` follows Block2 responses and resolves with
 *    the whole body (`blocks`, `parts`); `spec.block1Size` (or `blockwise.autoBlock1Size`) sends a
 *    large payload in Block1 blocks; `spec.block2Size` asks for a block size up front. A peer
 *    breaking RFC 7959 mid-transfer ends the request with a CoapBlockwiseError. Notifications
 *    carrying Block2 block 0 are completed before delivery; `shapeNotification` does the server
 *    side of that. `spec.timeoutMs` is per exchange, so per block.
 *  - the trace keeps every block byte-exact; a block of a larger body is not payload-decoded
 *    (it cannot be alone), and a note records the put-together body, decoded.
 */
import { randomBytes } from 'node:crypto';
import type { DatagramTransport, PeerAddress, PeerInfo, StreamTransport } from '../transport/types';
import { formatPeer, isStreamTransport, samePeer } from '../transport/types';
import type { Trace } from '../trace/trace';
import { DropLog } from '../trace/drops';
import { EventLog } from '../util/event-log';
import { CoapFormatError, decodeDatagram, encodeMessage, unknownCriticalOptions } from './codec';
import { BlockwiseServer, type BlockwiseServerOptions, type BlockwiseStep, type OutgoingResponse } from './blockwise-server';
import { blockwiseRequest, completeNotification } from './blockwise-client';
import { isPartialBody, szxOf } from './block-option';
import { messageDetail, summarizeMessage } from './describe';
import { decodeTcpFrame, encodeTcpMessage } from './tcp-codec';
import { type CsmSettings, SignalCode, SignalOption, csm, isSignal, readCsm, signal } from './signalling';
import type { OscoreLayer, OscoreRecord } from './oscore/layer';
import {
  type CoapMessage,
  type CoapOption,
  CODE_NAMES,
  OptionNumber,
  isEmpty,
  isRequestCode,
  isResponseCode,
  queryParams,
  uintOption,
  uriOptions,
  uriPath,
} from './message';

export type { OutgoingResponse } from './blockwise-server';
export { CoapBlockwiseError, type BlockwiseErrorKind } from './blockwise-client';

export interface CoapTimers {
  /** RFC 7252 ACK_TIMEOUT (default 2000 ms). */
  ackTimeoutMs: number;
  /** RFC 7252 ACK_RANDOM_FACTOR (default 1.5). */
  ackRandomFactor: number;
  /** RFC 7252 MAX_RETRANSMIT (default 4). */
  maxRetransmit: number;
  /** How long a duplicate of a request is recognised (RFC 7252 EXCHANGE_LIFETIME is 247 s). */
  exchangeLifetimeMs: number;
}

export const DEFAULT_COAP_TIMERS: CoapTimers = {
  ackTimeoutMs: 2000,
  ackRandomFactor: 1.5,
  maxRetransmit: 4,
  exchangeLifetimeMs: 247_000,
};

/** One inbound datagram as the endpoint saw it. */
export interface InboundEvent {
  at: number;
  peer: PeerAddress;
  info?: PeerInfo;
  bytes: Buffer;
  /** Absent when the datagram is not readable CoAP; then `error` says why. */
  message?: CoapMessage;
  problems: string[];
  error?: CoapFormatError;
  /**
   * Set when the message carried the OSCORE option: what the wire held (`outer`) and, when it
   * could be verified, the inner message (then `message` is the inner one); `error` when not.
   */
  oscore?: OscoreRecord;
}

export interface ResponseSpec {
  code: string;
  options?: CoapOption[];
  payload?: Buffer;
  contentFormat?: number;
}

export const NO_RESPONSE = Symbol('no response');
export type HandlerResult = ResponseSpec | typeof NO_RESPONSE;

export interface IncomingRequest {
  /** For a Block1 transfer: the last block's message with the whole body and no Block1/Size1. */
  message: CoapMessage;
  peer: PeerAddress;
  info?: PeerInfo;
  /** For a Block1 transfer: the problems of every block, each prefixed with its block number. */
  problems: string[];
  path: string;
  query: Map<string, string>;
  receivedAt: number;
  /** Set when the body arrived in Block1 blocks: how many. */
  blocks?: number;
  /** Set when the request came protected with OSCORE (then `message` is the inner request). */
  oscore?: OscoreRecord;
}

export type RequestHandler = (req: IncomingRequest) => HandlerResult | Promise<HandlerResult>;

/** A readable inbound message, as an interceptor sees it. */
export type InboundMessage = InboundEvent & { message: CoapMessage };

/** Returns true to take the message away from the endpoint's own handling. */
export type Interceptor = (event: InboundMessage) => boolean;

export interface RequestSpec {
  /** Method code, e.g. Method.GET ("0.01"). */
  method: string;
  /** Path with optional query: "/3/0/1", "/rd?ep=x&lt=30". */
  path: string;
  options?: CoapOption[];
  payload?: Buffer;
  contentFormat?: number;
  accept?: number;
  observe?: number;
  confirmable?: boolean;
  /** Deadline for the response (default 5000 ms); in a block-wise transfer, for each block's. */
  timeoutMs?: number;
  /** Send the payload in Block1 blocks of this size (16..1024, a power of two) if it is larger. */
  block1Size?: number;
  /** Ask for Block2 blocks of this size from the start (early negotiation, RFC 7959 §2.4). */
  block2Size?: number;
  /** Fetch the remaining blocks of a Block2 response (default true). */
  followBlock2?: boolean;
  /** Give every block its own token (RFC 7959 allows it); by default all reuse the first. */
  newTokenPerBlock?: boolean;
  /** Send with this token instead of a fresh one (e.g. an Observe cancel must reuse the observation's). */
  token?: Buffer;
}

export interface IncomingResponse {
  message: CoapMessage;
  peer: PeerAddress;
  problems: string[];
  receivedAt: number;
  /** The request it answers, as sent (in a block-wise transfer: the first block). */
  request: CoapMessage;
  /** Set when the body arrived in Block2 blocks: how many; `message.payload` is the whole body. */
  blocks?: number;
  /** In a block-wise transfer: every response received, in order (2.31s, then Block2 blocks). */
  parts?: IncomingResponse[];
  /** Set when the response came protected with OSCORE (then `message` is the inner response). */
  oscore?: OscoreRecord;
}

export class CoapTimeoutError extends Error {
  constructor(
    readonly request: string,
    readonly timeoutMs: number,
  ) {
    super(`no response to ${request} within ${timeoutMs} ms`);
    this.name = 'CoapTimeoutError';
  }
}

export class CoapResetError extends Error {
  constructor(readonly request: string) {
    super(`the peer answered ${request} with a Reset (RST)`);
    this.name = 'CoapResetError';
  }
}

interface PendingExchange {
  peer: PeerAddress;
  request: CoapMessage;
  acked: boolean;
  retransmitTimer?: NodeJS.Timeout;
  deadline: NodeJS.Timeout;
  resolve: (r: IncomingResponse) => void;
  reject: (e: Error) => void;
  /** Observe: later notifications with the same token go here after the first response. */
  onNotification?: (r: IncomingResponse) => void;
}

/** Decodes a payload for the trace (e.g. TLV into resources); `request` gives the path. */
export type PayloadDescriber = (message: CoapMessage, request: CoapMessage | undefined) => unknown;

export interface BlockwiseOptions extends Omit<BlockwiseServerOptions, 'lifetimeMs'> {
  /** Server-side block-wise handling (default true); false hands every block to the handler as it came. */
  server: boolean;
  /** Client side: payloads larger than this go out in Block1 blocks of this size (default: never). */
  autoBlock1Size?: number;
  /** Client side: largest response body put together from Block2 blocks (default 4 MiB). */
  maxResponseBodySize: number;
}

export const DEFAULT_BLOCKWISE: BlockwiseOptions = {
  server: true,
  block2Size: 1024,
  maxBodySize: 64 * 1024,
  maxResponseBodySize: 4 * 1024 * 1024,
};

export interface EndpointOptions {
  transport: DatagramTransport;
  blockwise?: Partial<BlockwiseOptions>;
  trace?: Trace;
  /** Adds a decoded view of payloads to the trace; the layers above know the formats. */
  describePayload?: PayloadDescriber;
  timers?: Partial<CoapTimers>;
  tokenLength?: number;
  defaultTimeoutMs?: number;
  /**
   * false breaks RFC 7252 §5.3.2 on purpose: a piggybacked response is matched to its request by
   * Message ID alone, whatever its token (the reference client's fault accept-wrong-token).
   */
  matchTokens?: boolean;
  /** Over TCP/TLS: the CSM sent first on each connection (default: block-wise, 64 KiB); false sends none. */
  csm?: CsmSettings | false;
  /**
   * OSCORE (RFC 8613) between the codec and the handler: requests and responses sent through
   * `request` and the handler are protected, inbound ones verified. `sendMessage` stays exact.
   */
  oscore?: OscoreLayer;
}

export class CoapEndpoint {
  readonly inbox = new EventLog<InboundEvent>();
  /** Inbound datagrams nothing was handed (malformed, or matching no exchange), with why: for diagnoses. */
  readonly drops = new DropLog();
  readonly timers: CoapTimers;
  readonly blockwise: BlockwiseOptions;
  private readonly blockServer?: BlockwiseServer;
  private handler: RequestHandler = () => ({ code: '4.04' });
  private readonly pending = new Map<string, PendingExchange>(); // by token hex
  private readonly observations = new Map<string, PendingExchange>(); // by token hex, after first response
  private readonly recentRequests = new Map<string, { at: number; reply?: Buffer }>(); // peer+MID
  private interceptors: Interceptor[] = [];
  private stream?: StreamTransport;
  /** Over TCP/TLS: the CSM each peer sent, by peer address (RFC 8323 §5.3). */
  readonly peerCsm = new Map<string, { at: number; settings: Required<CsmSettings> }>();
  private nextMid = Math.floor(Math.random() * 0x10000);
  private closed = false;

  constructor(private readonly opts: EndpointOptions) {
    this.timers = { ...DEFAULT_COAP_TIMERS, ...opts.timers };
    this.blockwise = { ...DEFAULT_BLOCKWISE, ...opts.blockwise };
    if (this.blockwise.server) this.blockServer = new BlockwiseServer({ ...this.blockwise, lifetimeMs: this.timers.exchangeLifetimeMs });
    if (this.blockwise.autoBlock1Size !== undefined) szxOf(this.blockwise.autoBlock1Size); // a wrong size fails here, not at the first large request
    if (isStreamTransport(opts.transport)) this.attachStream(opts.transport);
    opts.transport.onDatagram((data, peer, info) => {
      try {
        this.receive(data, peer, info);
      } catch (e) {
        // A defect in our own handling must be visible, but must not kill the process.
        this.opts.trace?.note('harness', `internal error while handling a datagram: ${(e as Error).stack ?? e}`);
      }
    });
  }

  get local(): PeerAddress {
    return this.opts.transport.local;
  }

  /** True over TCP/TLS (RFC 8323): reliable, framed, no type or Message ID. */
  get reliable(): boolean {
    return this.stream !== undefined;
  }

  private attachStream(stream: StreamTransport): void {
    this.stream = stream;
    const settings = this.opts.csm ?? { maxMessageSize: 64 * 1024 + 1024, blockWiseTransfer: true };
    stream.onConnection((peer) => {
      if (settings === false) return undefined;
      const message = csm(settings);
      const bytes = encodeTcpMessage(message);
      this.traceDatagram('out', peer, bytes, message, []);
      return bytes;
    });
    stream.onStreamError((peer, error) => {
      const at = Date.now();
      const e = new CoapFormatError(0, 'a stream of CoAP-over-TCP frames (RFC 8323 §3.2)', error.message);
      this.traceDatagram('in', peer, Buffer.alloc(0), undefined, [], e);
      this.inbox.push({ at, peer, bytes: Buffer.alloc(0), problems: [], error: e });
      this.drops.add({ at, what: 'CoAP stream', peer: formatPeer(peer), reason: `malformed: ${error.message}`, bytes: 0 });
    });
  }

  private encode(m: CoapMessage): Buffer {
    return this.stream ? encodeTcpMessage(m) : encodeMessage(m);
  }

  get scheme(): string {
    return this.opts.transport.scheme;
  }

  onRequest(handler: RequestHandler): void {
    this.handler = handler;
  }

  /**
   * Adds an interceptor; the first one (in the order added) that returns true takes the message.
   * Returns the function that removes it.
   */
  intercept(interceptor: Interceptor): () => void {
    this.interceptors.push(interceptor);
    return () => {
      this.interceptors = this.interceptors.filter((i) => i !== interceptor);
    };
  }

  newMessageId(): number {
    this.nextMid = (this.nextMid + 1) & 0xffff;
    return this.nextMid;
  }

  newToken(): Buffer {
    return randomBytes(this.opts.tokenLength ?? 4);
  }

  /** Puts an exact message on the wire (lock-step and fault injection). */
  async sendMessage(peer: PeerAddress, message: CoapMessage): Promise<void> {
    await this.sendBytes(peer, this.encode(message), message);
  }

  /** Puts arbitrary bytes on the wire (e.g. a deliberately malformed datagram). */
  async sendBytes(peer: PeerAddress, bytes: Buffer, message?: CoapMessage, request?: CoapMessage): Promise<void> {
    const shown = message && this.stream ? { ...message, reliable: true } : message;
    this.traceDatagram('out', peer, bytes, shown, [], undefined, request ?? message);
    await this.opts.transport.send(peer, bytes);
  }

  /**
   * Sends a request and resolves with its response (piggybacked or separate). Block-wise
   * transfers run inside: see the header.
   */
  request(peer: PeerAddress, spec: RequestSpec, onNotification?: (r: IncomingResponse) => void): Promise<IncomingResponse> {
    const message = this.buildRequest(spec);
    const timeoutMs = spec.timeoutMs ?? this.opts.defaultTimeoutMs ?? 5000;
    const label = `${CODE_NAMES[spec.method] ?? spec.method} ${spec.path}`;
    const auto = this.blockwise.autoBlock1Size;
    const block1Size = spec.block1Size ?? (auto !== undefined && message.payload.length > auto ? auto : undefined);
    const plan = {
      block1Size,
      block2Size: spec.block2Size,
      followBlock2: spec.followBlock2 ?? true,
      newTokenPerBlock: spec.newTokenPerBlock ?? false,
      maxBodySize: this.blockwise.maxResponseBodySize,
    };
    const link = {
      exchange: (m: CoapMessage, main: boolean) => this.exchange(peer, m, timeoutMs, label, main ? deliver : undefined),
      newMessageId: () => this.newMessageId(),
      newToken: () => this.newToken(),
    };
    // A notification carrying Block2 block 0 is completed before it is delivered (RFC 7959 §2.6);
    // if that fails, the block is delivered as it came, the failure listed in its problems.
    const deliver =
      onNotification &&
      ((r: IncomingResponse) => {
        if (!plan.followBlock2 || !isPartialBody(r.message)) return onNotification(r);
        completeNotification(message, r, plan, link, label).then(
          (full) => {
            this.traceAssembled(peer, full.message, message, full.blocks ?? 1, 'Block2');
            onNotification(full);
          },
          (e: Error) =>
            onNotification({
              ...r,
              problems: [...r.problems, `the rest of this block-wise notification could not be fetched: ${e.message}`],
            }),
        );
      });
    return blockwiseRequest(message, plan, link, label).then((res) => {
      if (res.blocks !== undefined) this.traceAssembled(peer, res.message, message, res.blocks, 'Block2');
      return res;
    });
  }

  /** One request message and its response, with retransmission and a deadline. */
  private exchange(
    peer: PeerAddress,
    message: CoapMessage,
    timeoutMs: number,
    label: string,
    onNotification?: (r: IncomingResponse) => void,
  ): Promise<IncomingResponse> {
    return new Promise<IncomingResponse>((resolve, reject) => {
      const key = message.token.toString('hex');
      const exchange: PendingExchange = {
        peer,
        request: message,
        acked: message.type !== 'CON',
        resolve,
        reject,
        onNotification,
        deadline: setTimeout(() => {
          this.finish(key);
          reject(new CoapTimeoutError(label, timeoutMs));
        }, timeoutMs),
      };
      this.pending.set(key, exchange);
      const wire = this.opts.oscore ? this.opts.oscore.protectRequest(peer, message) : message;
      const bytes = this.encode(wire);
      const transmit = (attempt: number, wait: number) => {
        if (wire !== message) this.traceInner('out', peer, message, message);
        this.sendBytes(peer, bytes, wire, message).catch((e: Error) => {
          this.finish(key);
          reject(e);
        });
        // A reliable stream (TCP) never retransmits (RFC 8323 §3).
        if (message.type === 'CON' && !this.stream && attempt < this.timers.maxRetransmit) {
          exchange.retransmitTimer = setTimeout(() => {
            if (!exchange.acked && this.pending.has(key)) transmit(attempt + 1, wait * 2);
          }, wait);
        }
      };
      const initial = this.timers.ackTimeoutMs * (1 + Math.random() * (this.timers.ackRandomFactor - 1));
      transmit(0, initial);
    });
  }

  /**
   * Shapes a notification for an Observe request: a body larger than the Block2 size goes out as
   * block 0 and is kept, so the observer's follow-up requests get the other blocks (RFC 7959 §2.6).
   * The caller sends the result with the observation's token.
   */
  shapeNotification(peer: PeerAddress, observeRequest: CoapMessage, spec: ResponseSpec): OutgoingResponse {
    const response = outgoing(spec);
    return this.blockServer ? this.blockServer.respond(peer, observeRequest, response, undefined, Date.now()) : response;
  }

  /**
   * A message answering `request` outside the handler (an Observe notification) as it must go on
   * the wire: OSCORE-protected, with its own Partial IV, when the request was (RFC 8613 §4.1.3.5.2).
   */
  protectAnswer(peer: PeerAddress, message: CoapMessage, request: IncomingRequest): CoapMessage {
    if (!this.opts.oscore || !request.oscore) return message;
    this.traceInner('out', peer, message, request.message);
    return this.opts.oscore.protectResponse(message, request.oscore);
  }

  /** Stops delivering notifications of an observation (the caller cancels it on the wire). */
  forgetObservation(token: Buffer): void {
    this.observations.delete(token.toString('hex'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const key of [...this.pending.keys()]) {
      const ex = this.pending.get(key)!;
      this.finish(key);
      ex.reject(new Error('endpoint closed'));
    }
    this.observations.clear();
    await this.opts.transport.close();
  }

  private buildRequest(spec: RequestSpec): CoapMessage {
    const options: CoapOption[] = [...uriOptions(spec.path), ...(spec.options ?? [])];
    if (spec.contentFormat !== undefined) options.push(uintOption(OptionNumber.ContentFormat, spec.contentFormat));
    if (spec.accept !== undefined) options.push(uintOption(OptionNumber.Accept, spec.accept));
    if (spec.observe !== undefined) options.push(uintOption(OptionNumber.Observe, spec.observe));
    return {
      type: spec.confirmable === false ? 'NON' : 'CON',
      code: spec.method,
      messageId: this.newMessageId(),
      token: spec.token ?? this.newToken(),
      options,
      payload: spec.payload ?? Buffer.alloc(0),
    };
  }

  private finish(key: string): void {
    const ex = this.pending.get(key);
    if (!ex) return;
    clearTimeout(ex.deadline);
    if (ex.retransmitTimer) clearTimeout(ex.retransmitTimer);
    this.pending.delete(key);
  }

  /** The trace's view of a message; a single block of a larger body is not decoded (it cannot be alone). */
  private detailOf(message: CoapMessage, request: CoapMessage | undefined): Record<string, unknown> {
    const detail = messageDetail(message);
    if (message.payload.length === 0 || !this.opts.describePayload || isPartialBody(message)) return detail;
    try {
      const decoded = this.opts.describePayload(message, request);
      return decoded === undefined ? detail : { ...detail, decoded };
    } catch (e) {
      return { ...detail, decoded: { error: (e as Error).message } };
    }
  }

  /** A note with the body a block-wise transfer put together, decoded like a datagram's. */
  private traceAssembled(peer: PeerAddress, message: CoapMessage, request: CoapMessage | undefined, blocks: number, option: string): void {
    const what = `${option} transfer put together: ${message.payload.length} B in ${blocks} blocks`;
    this.opts.trace?.record({
      layer: 'coap',
      direction: 'note',
      local: formatPeer(this.local),
      peer: formatPeer(peer),
      summary: `${what}: ${summarizeMessage(message)}`,
      detail: this.detailOf(message, request),
    });
  }

  /** A note with the message inside an OSCORE-protected one, decoded like a datagram's: the evidence of what it said. */
  private traceInner(direction: 'in' | 'out', peer: PeerAddress, inner: CoapMessage, request: CoapMessage | undefined): void {
    this.opts.trace?.record({
      layer: 'coap',
      direction: 'note',
      local: formatPeer(this.local),
      peer: formatPeer(peer),
      summary: `OSCORE inner message ${direction === 'in' ? 'received (decrypted)' : 'sent (before encryption)'}: ${summarizeMessage(inner)}`,
      detail: this.detailOf(inner, request),
    });
  }

  private traceDatagram(
    direction: 'in' | 'out',
    peer: PeerAddress,
    bytes: Buffer,
    message: CoapMessage | undefined,
    problems: string[],
    error?: Error,
    request?: CoapMessage,
  ) {
    if (!this.opts.trace) return;
    const detail = message ? this.detailOf(message, request) : undefined;
    this.opts.trace.record({
      layer: 'coap',
      direction,
      local: formatPeer(this.local),
      peer: formatPeer(peer),
      hex: bytes.toString('hex'),
      summary: message ? summarizeMessage(message) : `malformed datagram (${bytes.length} B)`,
      detail,
      problem: error ? error.message : problems.length ? problems.join('; ') : undefined,
    });
  }

  private receive(bytes: Buffer, peer: PeerAddress, info?: PeerInfo): void {
    if (this.closed) return;
    const at = Date.now();
    let message: CoapMessage | undefined;
    let problems: string[];
    try {
      ({ message, problems } = this.stream ? decodeTcpFrame(bytes) : decodeDatagram(bytes));
    } catch (e) {
      if (!(e instanceof CoapFormatError)) throw e;
      this.traceDatagram('in', peer, bytes, undefined, [], e);
      this.inbox.push({ at, peer, info, bytes, problems: [], error: e });
      this.drops.add({ at, what: 'CoAP datagram', peer: formatPeer(peer), reason: `malformed: ${e.message}`, bytes: bytes.length });
      // A malformed CON whose header is readable is rejected with a Reset (RFC 7252 §4.2).
      if (!this.stream && bytes.length >= 4 && bytes[0] >> 6 === 1 && ((bytes[0] >> 4) & 3) === 0) {
        void this.sendEmpty(peer, 'RST', bytes.readUInt16BE(2));
      }
      return;
    }
    const key = message.token.toString('hex');
    const request = isRequestCode(message.code) ? message : (this.pending.get(key) ?? this.observations.get(key))?.request;
    this.traceDatagram('in', peer, bytes, message, problems, undefined, request);
    let oscore: OscoreRecord | undefined;
    if (this.opts.oscore && !(this.stream && isSignal(message.code))) {
      // A retransmitted request is answered from the cache before OSCORE sees it: its Partial IV would look replayed.
      if (isRequestCode(message.code) && this.repeatAnswer(message, peer, at))
        return void this.inbox.push({ at, peer, info, bytes, message, problems });
      const result = this.opts.oscore.unprotect(message);
      if ('refused' in result) return this.refuseProtected(result.refused, peer, info, bytes, problems, at);
      oscore = result.record;
      if (oscore) {
        message = result.message;
        this.traceInner('in', peer, message, isRequestCode(message.code) ? message : request);
      }
    }
    const event: InboundMessage = { at, peer, info, bytes, message, problems, oscore };
    this.inbox.push(event);
    if (this.stream && isSignal(message.code)) return this.receiveSignal(message, peer, at);
    if (this.interceptors.some((take) => take(event))) return;
    if (this.stream && isEmpty(message)) return; // RFC 8323 §3.4: Empty messages are ignored

    if (isEmpty(message)) return this.receiveEmpty(message, peer);
    if (isRequestCode(message.code)) return void this.receiveRequest(message, peer, info, problems, at, oscore);
    if (isResponseCode(message.code)) return this.receiveResponse(message, peer, problems, at, bytes.length, oscore);
    // Reserved code classes: reject a CON with RST, ignore otherwise.
    if (message.type === 'CON' && !this.stream) void this.sendEmpty(peer, 'RST', message.messageId);
  }

  /** RFC 8323 §5: keep the peer's CSM, answer a Ping; Release and Abort are traced (the peer closes). */
  private receiveSignal(m: CoapMessage, peer: PeerAddress, at: number): void {
    if (m.code === SignalCode.CSM) this.peerCsm.set(formatPeer(peer), { at, settings: readCsm(m) });
    if (m.code === SignalCode.Ping) {
      const custody = m.options.filter((o) => o.number === SignalOption.Custody);
      void this.sendMessage(peer, { ...signal(SignalCode.Pong, custody), token: m.token }).catch(() => {});
    }
  }

  private receiveEmpty(m: CoapMessage, peer: PeerAddress): void {
    if (m.type === 'CON') return void this.sendEmpty(peer, 'RST', m.messageId); // CoAP ping
    for (const [key, ex] of [...this.pending, ...this.observations]) {
      if (ex.request.messageId !== m.messageId || !samePeer(ex.peer, peer)) continue;
      if (m.type === 'ACK') {
        ex.acked = true;
        if (ex.retransmitTimer) clearTimeout(ex.retransmitTimer);
      } else if (m.type === 'RST') {
        this.finish(key);
        this.observations.delete(key);
        ex.reject(new CoapResetError(`${uriPath(ex.request)}`));
      }
      return;
    }
  }

  /** A duplicate of a request already answered: the same answer again (true), else false. */
  private repeatAnswer(m: CoapMessage, peer: PeerAddress, at: number): boolean {
    if (this.stream) return false;
    this.pruneRecent(at);
    const seen = this.recentRequests.get(`${formatPeer(peer)}#${m.messageId}`);
    if (!seen) return false;
    if (seen.reply) void this.opts.transport.send(peer, seen.reply).catch(() => {});
    return true;
  }

  /**
   * An OSCORE message that does not verify: logged with why, a request answered with the
   * unprotected error response of RFC 8613 §8.2, a confirmable response acknowledged and dropped.
   */
  private refuseProtected(
    record: OscoreRecord,
    peer: PeerAddress,
    info: PeerInfo | undefined,
    bytes: Buffer,
    problems: string[],
    at: number,
  ): void {
    const m = record.outer;
    this.opts.trace?.note('coap', `OSCORE: ${formatPeer(peer)} sent ${summarizeMessage(m)} that does not verify: ${record.error}`);
    this.inbox.push({ at, peer, info, bytes, message: m, problems, oscore: record });
    this.drop(peer, `OSCORE: ${record.error}`, bytes.length);
    if (record.answerCode && !this.stream) {
      const answer: CoapMessage = {
        type: m.type === 'CON' ? 'ACK' : 'NON',
        code: record.answerCode,
        messageId: m.type === 'CON' ? m.messageId : this.newMessageId(),
        token: m.token,
        options: [uintOption(OptionNumber.MaxAge, 0)],
        payload: Buffer.from(record.error ?? ''),
      };
      const reply = this.encode(answer);
      this.recentRequests.set(`${formatPeer(peer)}#${m.messageId}`, { at, reply });
      void this.sendBytes(peer, reply, answer, m).catch(() => {});
    } else if (record.answerCode) {
      void this.sendMessage(peer, {
        type: 'CON',
        code: record.answerCode,
        messageId: 0,
        token: m.token,
        options: [],
        payload: Buffer.from(record.error ?? ''),
      }).catch(() => {});
    } else if (m.type === 'CON' && !this.stream) void this.sendEmpty(peer, 'ACK', m.messageId);
  }

  private drop(peer: PeerAddress, reason: string, bytes: number): void {
    this.drops.add({ what: 'CoAP datagram', peer: formatPeer(peer), reason, bytes });
  }

  private receiveResponse(m: CoapMessage, peer: PeerAddress, problems: string[], at: number, size: number, oscore?: OscoreRecord): void {
    let key = m.token.toString('hex');
    if (this.opts.matchTokens === false && m.type === 'ACK' && !this.pending.has(key)) {
      key = [...this.pending].find(([, p]) => p.request.messageId === m.messageId)?.[0] ?? key;
    }
    const ex = this.pending.get(key) ?? this.observations.get(key);
    const ours = ex && samePeer(ex.peer, peer) && (m.type !== 'ACK' || m.messageId === ex.request.messageId);
    if (m.type === 'CON' && !this.stream) void this.sendEmpty(peer, ours ? 'ACK' : 'RST', m.messageId);
    // E.g. a response after its request's deadline: traced, but nobody is waiting for it.
    if (!ex || !ours) return this.drop(peer, `response ${m.code} T=${m.token.toString('hex')} matches no request waiting for one`, size);
    const response: IncomingResponse = { message: m, peer, problems, receivedAt: at, request: ex.request, oscore };
    if (this.pending.has(key)) {
      this.finish(key);
      if (ex.onNotification) this.observations.set(key, ex);
      ex.resolve(response);
    } else {
      ex.onNotification?.(response);
    }
  }

  private async receiveRequest(
    m: CoapMessage,
    peer: PeerAddress,
    info: PeerInfo | undefined,
    problems: string[],
    at: number,
    oscore?: OscoreRecord,
  ): Promise<void> {
    const dedupKey = `${formatPeer(peer)}#${m.messageId}`;
    this.pruneRecent(at);
    // Over TCP there are no Message IDs and no retransmissions: every request is new.
    const seen = this.stream ? undefined : this.recentRequests.get(dedupKey);
    if (seen) {
      // A retransmission: repeat the answer if we gave one, never run the handler twice.
      if (seen.reply) await this.opts.transport.send(peer, seen.reply).catch(() => {});
      return;
    }
    const record: { at: number; reply?: Buffer } = { at };
    if (!this.stream) this.recentRequests.set(dedupKey, record);

    const reply = await this.answerRequest(m, peer, info, problems, at, oscore);
    if (reply === NO_RESPONSE || this.closed) return;
    const response: CoapMessage = {
      type: m.type === 'CON' ? 'ACK' : 'NON',
      code: reply.code,
      messageId: m.type === 'CON' ? m.messageId : this.newMessageId(),
      token: m.token,
      options: reply.options,
      payload: reply.payload,
    };
    const wire = this.opts.oscore ? this.opts.oscore.protectResponse(response, oscore) : response;
    if (wire !== response) this.traceInner('out', peer, response, m);
    const bytes = this.encode(wire);
    record.reply = bytes;
    await this.sendBytes(peer, bytes, wire, m).catch(() => {});
  }

  /** The response to a (new) request: from block-wise bookkeeping or from the handler. */
  private async answerRequest(
    m: CoapMessage,
    peer: PeerAddress,
    info: PeerInfo | undefined,
    problems: string[],
    at: number,
    oscore?: OscoreRecord,
  ): Promise<OutgoingResponse | typeof NO_RESPONSE> {
    const critical = unknownCriticalOptions(m);
    if (critical.length > 0)
      return outgoing({ code: '4.02', payload: Buffer.from(`unrecognised critical option(s) ${critical.join(', ')}`) });
    const step: BlockwiseStep = this.blockServer
      ? this.blockServer.receive(peer, m, problems, at)
      : { kind: 'handle', message: m, problems };
    if (step.kind === 'answer') return step.response;
    let result: HandlerResult;
    try {
      const req: IncomingRequest = {
        message: step.message,
        peer,
        info,
        problems: step.problems,
        path: uriPath(m),
        query: queryParams(m),
        receivedAt: at,
        oscore,
      };
      if (step.blocks !== undefined) {
        req.blocks = step.blocks;
        this.traceAssembled(peer, step.message, step.message, step.blocks, 'Block1');
      }
      result = await this.handler(req);
    } catch (e) {
      this.opts.trace?.note('harness', `request handler failed: ${(e as Error).message}`);
      result = { code: '5.00' };
    }
    if (result === NO_RESPONSE) return NO_RESPONSE;
    const response = outgoing(result);
    return this.blockServer ? this.blockServer.respond(peer, m, response, step.block1, Date.now()) : response;
  }

  private sendEmpty(peer: PeerAddress, type: 'ACK' | 'RST', messageId: number): Promise<void> {
    return this.sendMessage(peer, { type, code: '0.00', messageId, token: Buffer.alloc(0), options: [], payload: Buffer.alloc(0) }).catch(
      () => {},
    );
  }

  /** Entries are in arrival order, so pruning stops at the first one still alive (a block-wise transfer adds thousands). */
  private pruneRecent(now: number): void {
    for (const [k, v] of this.recentRequests) {
      if (now - v.at <= this.timers.exchangeLifetimeMs) return;
      this.recentRequests.delete(k);
    }
  }
}

function outgoing(spec: ResponseSpec): OutgoingResponse {
  const options = [...(spec.options ?? [])];
  if (spec.contentFormat !== undefined) options.push(uintOption(OptionNumber.ContentFormat, spec.contentFormat));
  return { code: spec.code, options, payload: spec.payload ?? Buffer.alloc(0) };
}
