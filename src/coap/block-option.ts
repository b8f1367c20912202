/**
 * The Block1 / Block2 option values of RFC 7959 §2.2 and the "request key" that ties the blocks
 * of one transfer together.
 *
 * A value is NUM (4, 12 or 20 bits) | M (1 bit) | SZX (3 bits) in 0..3 bytes; the block size is
 * 2^(SZX+4), 16..1024 bytes. SZX 7 is reserved: a request carrying it gets 4.00 (RFC 7959 §2.2).
 * A value longer than 3 bytes, or a repeated Block option, makes the option unrecognisable, and
 * since both are critical the request gets 4.02 (RFC 7252 §5.4.1, §5.4.3).
 */
import type { PeerAddress } from '../transport/types';
import { formatPeer } from '../transport/types';
import { type CoapMessage, type CoapOption, OptionNumber, decodeUint, encodeUint, isRequestCode, optionValues } from './message';

export interface BlockValue {
  num: number;
  /** M: more blocks follow (in a request's Block1 / a response's Block2). */
  more: boolean;
  /** 0..6; the block size is 16 << szx. */
  szx: number;
}

export type BlockOptionNumber = typeof OptionNumber.Block1 | typeof OptionNumber.Block2;

export const blockSize = (szx: number): number => 16 << szx;
export const blockName = (number: BlockOptionNumber): string => (number === OptionNumber.Block1 ? 'Block1' : 'Block2');

/** A Block option that cannot be used; `code` is what a server answers to a request carrying it. */
export class BlockOptionError extends Error {
  constructor(
    readonly option: string,
    readonly code: '4.00' | '4.02',
    readonly reason: string,
  ) {
    super(`${option} ${reason}`);
    this.name = 'BlockOptionError';
  }
}

/** Reads a Block option; undefined when absent, BlockOptionError when unusable. */
export function readBlock(m: CoapMessage, number: BlockOptionNumber): BlockValue | undefined {
  const values = optionValues(m, number);
  if (values.length === 0) return undefined;
  const name = blockName(number);
  if (values.length > 1) throw new BlockOptionError(name, '4.02', `is repeated (${values.length} times) but is not repeatable`);
  const v = values[0];
  if (v.length > 3) throw new BlockOptionError(name, '4.02', `value is ${v.length} bytes (0x${v.toString('hex')}); RFC 7959 allows 0..3`);
  const n = decodeUint(v);
  const block = { num: Math.floor(n / 16), more: (n & 8) !== 0, szx: n & 7 };
  if (block.szx === 7) throw new BlockOptionError(name, '4.00', `SZX is 7, which is reserved (RFC 7959 §2.2)`);
  return block;
}

export function blockOption(number: BlockOptionNumber, b: BlockValue): CoapOption {
  return { number, value: encodeUint(b.num * 16 + (b.more ? 8 : 0) + b.szx) };
}

/** The SZX of a block size; sizes must be a power of two in 16..1024. */
export function szxOf(size: number): number {
  const szx = Math.log2(size) - 4;
  if (!Number.isInteger(szx) || szx < 0 || szx > 6) throw new RangeError(`block size ${size} is not one of 16, 32, ..., 1024`);
  return szx;
}

const KEY_OPTIONS = new Set<number>([
  OptionNumber.UriHost,
  OptionNumber.UriPort,
  OptionNumber.UriPath,
  OptionNumber.UriQuery,
  OptionNumber.Accept,
]);

/**
 * What identifies "the same request" across its blocks: the peer, the method and the options
 * naming the target and representation (Uri-*, Accept). Not the token: RFC 7959 lets a client
 * change it between blocks. For request bodies (`withRequestTag`), also Request-Tag: RFC 9175
 * makes blocks with different tags different operations (libcoap sends one).
 */
export function requestKey(peer: PeerAddress, m: CoapMessage, withRequestTag = false): string {
  const keep = (n: number) => KEY_OPTIONS.has(n) || (withRequestTag && n === OptionNumber.RequestTag);
  const parts = m.options.filter((o) => keep(o.number)).map((o) => `${o.number}=${o.value.toString('hex')}`);
  return [formatPeer(peer), m.code, ...parts].join('|');
}

export function withoutOptions(options: readonly CoapOption[], ...numbers: number[]): CoapOption[] {
  return options.filter((o) => !numbers.includes(o.number));
}

/** True when the message carries one block of a body sent in several (its payload alone cannot be decoded). */
export function isPartialBody(m: CoapMessage): boolean {
  const v = optionValues(m, isRequestCode(m.code) ? OptionNumber.Block1 : OptionNumber.Block2)[0];
  if (v === undefined || v.length > 3) return false;
  const n = decodeUint(v);
  return n >= 16 || (n & 8) !== 0;
}
