/**
 * Block-wise transfers (RFC 7959) on the server side of a CoAP endpoint: what to answer to a
 * request before and after its handler runs. No sockets here; the endpoint calls in.
 *
 * Block1 (a request body arriving in blocks):
 *  - every block but the last is answered `2.31 Continue` echoing Block1 (num, M=1, SZX). The
 *    SZX echoed is the client's, or the configured `block1Size` when that is smaller (§2.3): the
 *    client then continues at the same byte offset with smaller blocks.
 *  - blocks are put together per request key (peer, method, Uri-*, Accept, Request-Tag; not the
 *    token, which a client may change between blocks), strictly in order by byte offset. A block that does not
 *    start where the body so far ends, or a later block with no block 0 before it, gets
 *    `4.08 Request Entity Incomplete` and the transfer is dropped.
 *  - a body over `maxBodySize` (announced in Size1, or reached) gets `4.13 Request Entity Too
 *    Large` with Size1 = the limit.
 *  - a block with M=1 must carry exactly its block size (§2.2), a last block at most that: else 4.00.
 *  - the last block reaches the handler as ONE request: the last block's message with the whole
 *    body, without Block1/Size1, with `blocks` = how many datagrams carried it. Its response
 *    echoes Block1 (num, M=0).
 *
 * Block2 (a response body sent in blocks):
 *  - a response payload larger than the block size (`block2Size`, or the smaller size the request
 *    asked for in its Block2 option) is sent in blocks. The full representation is kept per
 *    request key (without Request-Tag, which follow-ups may leave out) for `lifetimeMs` (EXCHANGE_LIFETIME), with an ETag (the handler's, or one derived
 *    from the payload), so every later block comes from the same representation. Block 0 carries
 *    Size2; later blocks carry no Observe (§2.6).
 *  - a request for block num > 0 is served from that copy; without one, a GET or FETCH runs the
 *    handler again, any other method gets 4.08 (re-running a POST without its body would be wrong).
 *  - a block beyond the end gets 4.02.
 *
 * Malformed Block options (value over 3 bytes, repeated: 4.02; SZX 7: 4.00) are answered before
 * the handler runs; the codec also lists them as problems of the datagram, so they are in the trace.
 * A handler that sets Block1/Block2 itself is left alone (lock-step tests control the blocks).
 */
import { createHash } from 'node:crypto';
import type { PeerAddress } from '../transport/types';
import { type BlockValue, BlockOptionError, blockOption, blockSize, readBlock, requestKey, szxOf, withoutOptions } from './block-option';
import { type CoapMessage, type CoapOption, OptionNumber as O, CODE_NAMES, optionUint, uintOption } from './message';

export interface BlockwiseServerOptions {
  /** Largest Block1 block size accepted; a client using larger blocks is asked to use this. Undefined: accept the client's. */
  block1Size?: number;
  /** Responses with a larger payload go out in Block2 blocks of this size (default 1024). */
  block2Size: number;
  /** Largest request body put together from Block1 blocks (default 64 KiB). */
  maxBodySize: number;
  /** How long a partial body or a response representation is kept (EXCHANGE_LIFETIME). */
  lifetimeMs: number;
}

/** A response before it becomes a datagram. */
export interface OutgoingResponse {
  code: string;
  options: CoapOption[];
  payload: Buffer;
}

/** What to do with an inbound request: answer it here, or run the handler on `message`. */
export type BlockwiseStep =
  | { kind: 'answer'; response: OutgoingResponse }
  | { kind: 'handle'; message: CoapMessage; problems: string[]; blocks?: number; block1?: BlockValue };

interface Upload {
  parts: Buffer[];
  length: number;
  blocks: number;
  problems: string[];
  at: number;
}

interface Representation extends OutgoingResponse {
  at: number;
}

const SAFE_METHODS = new Set(['0.01', '0.05']); // GET, FETCH
const EMPTY = Buffer.alloc(0);

const answer = (code: string, text: string, options: CoapOption[] = []): BlockwiseStep => ({
  kind: 'answer',
  response: { code, options, payload: Buffer.from(text) },
});

export class BlockwiseServer {
  private readonly uploads = new Map<string, Upload>();
  private readonly representations = new Map<string, Representation>();

  constructor(readonly opts: BlockwiseServerOptions) {
    szxOf(opts.block2Size);
    if (opts.block1Size !== undefined) szxOf(opts.block1Size);
  }

  /** Before the handler: answers block-wise bookkeeping itself, or says what the handler gets. */
  receive(peer: PeerAddress, m: CoapMessage, problems: string[], now: number): BlockwiseStep {
    this.prune(now);
    let block1: BlockValue | undefined;
    let block2: BlockValue | undefined;
    try {
      block1 = readBlock(m, O.Block1);
      block2 = readBlock(m, O.Block2);
    } catch (e) {
      if (!(e instanceof BlockOptionError)) throw e;
      return answer(e.code, e.message);
    }
    if (block1) return this.receiveBlock1(requestKey(peer, m, true), m, block1, problems, now);
    const key = requestKey(peer, m);
    if (block2 && block2.num > 0) {
      const kept = this.representations.get(key);
      if (kept) return { kind: 'answer', response: this.serveBlock(kept, block2) };
      if (!SAFE_METHODS.has(m.code)) {
        return answer(
          '4.08',
          `Block2 block ${block2.num} asked, but no response of this ${CODE_NAMES[m.code] ?? m.code} is kept (never produced or expired)`,
        );
      }
    }
    return { kind: 'handle', message: m, problems };
  }

  /** After the handler: echoes Block1 and splits a large response into Block2 blocks. */
  respond(peer: PeerAddress, request: CoapMessage, res: OutgoingResponse, block1: BlockValue | undefined, now: number): OutgoingResponse {
    const own = (n: number) => res.options.some((o) => o.number === n);
    const echo = block1 && !own(O.Block1) ? [blockOption(O.Block1, block1)] : [];
    if (own(O.Block2)) return { ...res, options: [...res.options, ...echo] };
    let asked: BlockValue | undefined;
    try {
      asked = readBlock(request, O.Block2);
    } catch {
      asked = undefined; // receive() already answered such a request; never reached
    }
    const size = blockSize(Math.min(asked?.szx ?? 6, szxOf(this.opts.block2Size)));
    if (res.payload.length <= size && !(asked && asked.num > 0)) return { ...res, options: [...res.options, ...echo] };
    const representation: Representation = { ...res, options: withEtag(res.options, res.payload), at: now };
    if (res.payload.length > size) this.representations.set(requestKey(peer, request), representation);
    const block = this.serveBlock(representation, asked ?? { num: 0, more: false, szx: szxOf(size) });
    return { ...block, options: [...block.options, ...echo] };
  }

  private receiveBlock1(key: string, m: CoapMessage, b: BlockValue, problems: string[], now: number): BlockwiseStep {
    const size = blockSize(b.szx);
    const length = m.payload.length;
    if (b.more ? length !== size : length > size) {
      return answer(
        '4.00',
        `Block1 block ${b.num} (M=${b.more ? 1 : 0}, size ${size}) carries ${length} bytes; RFC 7959 §2.2 requires ${b.more ? 'exactly' : 'at most'} ${size}`,
      );
    }
    const offset = b.num * size;
    let upload = this.uploads.get(key);
    if (b.num === 0) {
      upload = { parts: [], length: 0, blocks: 0, problems: [], at: now };
      this.uploads.set(key, upload);
    } else if (!upload) {
      return answer(
        '4.08',
        `Block1 block ${b.num} (byte ${offset}) arrived, but no earlier block of this request is kept: block 0 is missing or expired`,
      );
    } else if (offset !== upload.length) {
      this.uploads.delete(key);
      return answer(
        '4.08',
        `Block1 block ${b.num} starts at byte ${offset}; the body so far ends at byte ${upload.length} (a block is missing or out of order)`,
      );
    }
    const announced = optionUint(m, O.Size1) ?? 0;
    if (announced > this.opts.maxBodySize || offset + length > this.opts.maxBodySize) {
      this.uploads.delete(key);
      const what = announced > this.opts.maxBodySize ? `Size1 announces ${announced} bytes` : `the body reaches ${offset + length} bytes`;
      return answer('4.13', `${what}; at most ${this.opts.maxBodySize} are accepted`, [uintOption(O.Size1, this.opts.maxBodySize)]);
    }
    upload.parts.push(m.payload);
    upload.length += length;
    upload.blocks += 1;
    upload.at = now;
    upload.problems.push(...problems.map((p) => `Block1 block ${b.num}: ${p}`));
    if (b.more) {
      const szx = this.opts.block1Size === undefined ? b.szx : Math.min(b.szx, szxOf(this.opts.block1Size));
      return {
        kind: 'answer',
        response: { code: '2.31', options: [blockOption(O.Block1, { num: b.num, more: true, szx })], payload: EMPTY },
      };
    }
    this.uploads.delete(key);
    const message = { ...m, options: withoutOptions(m.options, O.Block1, O.Size1), payload: Buffer.concat(upload.parts) };
    return { kind: 'handle', message, problems: upload.problems, blocks: upload.blocks, block1: { num: b.num, more: false, szx: b.szx } };
  }

  /** Block `asked.num` at the client's size, or smaller if our block size is smaller (same byte offset). */
  private serveBlock(r: Representation, asked: BlockValue): OutgoingResponse {
    const szx = Math.min(asked.szx, szxOf(this.opts.block2Size));
    const size = blockSize(szx);
    const offset = asked.num * blockSize(asked.szx);
    if (offset > 0 && offset >= r.payload.length) {
      return {
        code: '4.02',
        options: [],
        payload: Buffer.from(`Block2 block ${asked.num} starts at byte ${offset}, beyond the ${r.payload.length}-byte representation`),
      };
    }
    const num = offset / size;
    const more = offset + size < r.payload.length;
    const options = num === 0 ? [...r.options, uintOption(O.Size2, r.payload.length)] : withoutOptions(r.options, O.Observe);
    return {
      code: r.code,
      options: [...options, blockOption(O.Block2, { num, more, szx })],
      payload: r.payload.subarray(offset, offset + size),
    };
  }

  private prune(now: number): void {
    for (const map of [this.uploads, this.representations] as Map<string, { at: number }>[]) {
      for (const [k, v] of map) if (now - v.at > this.opts.lifetimeMs) map.delete(k);
    }
  }
}

/** Keeps the handler's ETag, or adds one derived from the payload so equal bodies share it. */
function withEtag(options: CoapOption[], payload: Buffer): CoapOption[] {
  if (options.some((o) => o.number === O.ETag)) return options;
  return [...options, { number: O.ETag, value: createHash('sha256').update(payload).digest().subarray(0, 4) }];
}
