/**
 * Block-wise transfers (RFC 7959) on the client side of a CoAP endpoint: one logical request
 * becomes as many exchanges as its blocks need. The endpoint supplies the single exchange.
 *
 * Block1 (sending a large request body): when a block size is given and the payload is larger,
 * the body goes out in blocks (Size1 on block 0 announces the total). Each non-final block must
 * be answered 2.31 Continue echoing its Block1 num; a smaller SZX in that echo is honoured from the
 * next block on, at the same byte offset (§2.3). Any other answer ends the transfer and is the
 * result (e.g. 4.13 or 4.08 from the server). 2.31 to the last block is an error.
 *
 * Block2 (fetching a large response body): a response carrying Block2 with M=1 is followed by
 * requests for the next blocks (same method and options, no payload, no Observe; num computed from
 * the byte offset and the server's latest SZX). Every block must start at the byte where the body
 * so far ends, carry exactly its block size while M=1, and keep the first block's ETag.
 * `blockwiseRequest` resolves with the first response block whose payload is the whole body
 * (without Block2 / Size2) and `blocks` = the number of response blocks.
 *
 * Tokens: all blocks of one transfer reuse the request's token by default, because widely used
 * servers (node-coap among them) key their block state on it; `newTokenPerBlock` gives each block
 * a fresh token, which RFC 7959 also allows. Block requests after an Observe request always get
 * fresh tokens, so they cannot be taken for notifications of the observation.
 *
 * Whatever the peer does wrong ends in a CoapBlockwiseError naming the block and the rule.
 */
import type { IncomingResponse } from './endpoint';
import {
  type BlockValue,
  BlockOptionError,
  type BlockOptionNumber,
  blockOption,
  blockSize,
  readBlock,
  szxOf,
  withoutOptions,
} from './block-option';
import { type CoapMessage, type CoapOption, OptionNumber as O, optionValues, uintOption } from './message';

export type BlockwiseErrorKind =
  | 'etag-changed' // the representation changed between blocks
  | 'wrong-block' // a block other than the one asked for, or none
  | 'bad-block-option' // an unreadable Block option in a response
  | 'bad-block-size' // a block with M=1 whose payload is not its block size
  | 'unexpected-continue' // 2.31 to the last Block1 block
  | 'too-large'; // the response body exceeds the configured limit

export class CoapBlockwiseError extends Error {
  constructor(
    readonly kind: BlockwiseErrorKind,
    readonly request: string,
    readonly detail: string,
    /** Every response received in the transfer so far, in order. */
    readonly parts: IncomingResponse[],
  ) {
    super(`block-wise ${request}: ${detail}`);
    this.name = 'CoapBlockwiseError';
  }
}

export interface BlockwisePlan {
  /** Send the payload in Block1 blocks of this size if it is larger. */
  block1Size?: number;
  /** Ask for Block2 blocks of this size in the (last) request block: early negotiation. */
  block2Size?: number;
  /** Fetch the remaining blocks of a Block2 response (default true). */
  followBlock2: boolean;
  newTokenPerBlock: boolean;
  /** Largest response body put together from Block2 blocks. */
  maxBodySize: number;
}

export interface BlockwiseLink {
  /** One exchange: send, retransmit, resolve with the response. `main` marks the exchange whose response starts the result (Observe attaches there). */
  exchange(message: CoapMessage, main: boolean): Promise<IncomingResponse>;
  newMessageId(): number;
  newToken(): Buffer;
}

const EMPTY = Buffer.alloc(0);

/** Runs one request through as many exchanges as Block1/Block2 need. */
export function blockwiseRequest(request: CoapMessage, plan: BlockwisePlan, link: BlockwiseLink, label: string): Promise<IncomingResponse> {
  return new Transfer(request, plan, link, label).run();
}

/**
 * Completes a notification that carries only Block2 block 0 of its body (RFC 7959 §2.6): fetches
 * the other blocks with requests that have no Observe option and fresh tokens.
 */
export function completeNotification(
  request: CoapMessage,
  notification: IncomingResponse,
  plan: BlockwisePlan,
  link: BlockwiseLink,
  label: string,
): Promise<IncomingResponse> {
  const transfer = new Transfer(request, { ...plan, newTokenPerBlock: true }, link, label);
  transfer.parts.push(notification);
  return transfer.followBlock2(notification, false);
}

/** One logical request and every exchange it took. */
class Transfer {
  readonly parts: IncomingResponse[] = [];

  constructor(
    private readonly request: CoapMessage,
    private readonly plan: BlockwisePlan,
    private readonly link: BlockwiseLink,
    private readonly label: string,
  ) {}

  async run(): Promise<IncomingResponse> {
    const { request, plan } = this;
    const early = plan.block2Size === undefined ? [] : [blockOption(O.Block2, { num: 0, more: false, szx: szxOf(plan.block2Size) })];
    const inBlocks = plan.block1Size !== undefined && request.payload.length > plan.block1Size;
    let first: IncomingResponse;
    if (inBlocks) {
      first = await this.sendBlock1(szxOf(plan.block1Size!), early);
    } else {
      first = await this.link.exchange(early.length ? { ...request, options: [...request.options, ...early] } : request, true);
      this.parts.push(first);
    }
    return plan.followBlock2 ? this.followBlock2(first, inBlocks) : first;
  }

  /** Sends the body block by block; resolves with the first answer that is not 2.31 Continue. */
  private async sendBlock1(startSzx: number, early: CoapOption[]): Promise<IncomingResponse> {
    const body = this.request.payload;
    const base = withoutOptions(this.request.options, O.Block1, O.Size1);
    let szx = startSzx;
    let offset = 0;
    for (;;) {
      const size = blockSize(szx);
      const num = offset / size;
      const chunk = body.subarray(offset, offset + size);
      const more = offset + chunk.length < body.length;
      const options = [...base, blockOption(O.Block1, { num, more, szx })];
      if (num === 0) options.push(uintOption(O.Size1, body.length));
      if (!more) options.push(...early);
      const message = offset === 0 ? { ...this.request, options, payload: chunk } : this.successor(options, chunk);
      const res = await this.link.exchange(message, !more);
      this.parts.push(res);
      if (res.message.code !== '2.31') return res;
      if (!more) throw this.fail('unexpected-continue', `the last Block1 block (${num}) was answered 2.31 Continue`);
      const echo = this.readOf(res, O.Block1);
      if (!echo) throw this.fail('wrong-block', `Block1 block ${num} was answered 2.31 Continue without a Block1 option`);
      if (echo.num !== num) throw this.fail('wrong-block', `Block1 block ${num} was answered 2.31 Continue for block ${echo.num}`);
      offset += chunk.length;
      if (echo.szx < szx) szx = echo.szx; // the server asks for smaller blocks (§2.3)
    }
  }

  /** Fetches the remaining Block2 blocks after `first` and puts the body together. */
  async followBlock2(first: IncomingResponse, keepParts: boolean): Promise<IncomingResponse> {
    const b = this.readOf(first, O.Block2);
    if (!b) return keepParts ? { ...first, parts: this.parts } : first;
    if (b.num !== 0) throw this.fail('wrong-block', `the first response block is Block2 block ${b.num}; block 0 was expected`);
    const base = withoutOptions(this.request.options, O.Block1, O.Size1, O.Block2, O.Observe);
    const etag = etagOf(first.message);
    const bodies: Buffer[] = [];
    let length = 0;
    let current: { response: IncomingResponse; block: BlockValue } = { response: first, block: b };
    for (;;) {
      const { response, block } = current;
      const size = blockSize(block.szx);
      const payload = response.message.payload;
      if (block.more && payload.length !== size) {
        throw this.fail(
          'bad-block-size',
          `Block2 block ${block.num} has M=1 and ${payload.length} bytes; its SZX says ${size} (RFC 7959 §2.2)`,
        );
      }
      if (!sameBytes(etagOf(response.message), etag)) {
        throw this.fail(
          'etag-changed',
          `the ETag changed at Block2 block ${block.num}: ${hex(etag)} then ${hex(etagOf(response.message))}; the representation changed mid-transfer`,
        );
      }
      bodies.push(payload);
      length += payload.length;
      if (!block.more) break;
      if (length > this.plan.maxBodySize) throw this.fail('too-large', `the response body exceeds ${this.plan.maxBodySize} bytes`);
      const num = length / size;
      const next = await this.link.exchange(
        this.successor([...base, blockOption(O.Block2, { num, more: false, szx: block.szx })], EMPTY),
        false,
      );
      this.parts.push(next);
      const got = this.readOf(next, O.Block2);
      if (!got) throw this.fail('wrong-block', `Block2 block ${num} was asked; the ${next.message.code} answer carries no Block2 option`);
      const at = got.num * blockSize(got.szx);
      if (at !== length)
        throw this.fail(
          'wrong-block',
          `Block2 block ${num} (byte ${length}) was asked; the answer is block ${got.num} of size ${blockSize(got.szx)} (byte ${at})`,
        );
      current = { response: next, block: got };
    }
    const blocks = this.parts.length - this.parts.indexOf(first);
    const message = { ...first.message, options: withoutOptions(first.message.options, O.Block2, O.Size2), payload: Buffer.concat(bodies) };
    return { ...first, message, blocks, parts: this.parts };
  }

  /** The next block's request: a fresh MID; the same token unless told otherwise or observing. */
  private successor(options: CoapOption[], payload: Buffer): CoapMessage {
    const observing = optionValues(this.request, O.Observe).length > 0;
    const token = this.plan.newTokenPerBlock || observing ? this.link.newToken() : this.request.token;
    return { ...this.request, messageId: this.link.newMessageId(), token, options, payload };
  }

  private readOf(r: IncomingResponse, n: BlockOptionNumber): BlockValue | undefined {
    try {
      return readBlock(r.message, n);
    } catch (e) {
      if (e instanceof BlockOptionError)
        throw this.fail('bad-block-option', `the ${r.message.code} response carries an unusable ${e.message}`);
      throw e;
    }
  }

  private fail(kind: BlockwiseErrorKind, detail: string): CoapBlockwiseError {
    return new CoapBlockwiseError(kind, this.label, detail, this.parts);
  }
}

function etagOf(m: CoapMessage): Buffer | undefined {
  return optionValues(m, O.ETag)[0];
}

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b);
}

const hex = (b: Buffer | undefined) => (b === undefined ? 'none' : `0x${b.toString('hex')}`);
