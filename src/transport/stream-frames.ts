/**
 * Cutting a byte stream into CoAP-over-TCP frames (RFC 8323 §3.2). Only the length header is read
 * here: the first byte holds Len (4 bits) and TKL (4 bits); Len 13, 14 and 15 announce 1, 2 or 4
 * extended length bytes (value + 13, + 269, + 65805); then one code byte and TKL token bytes.
 * Len counts the options and the payload. The CoAP layer decodes what a frame holds.
 */

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

export interface FrameHeader {
  /** Bytes before the options: length byte, extended length, code, token. */
  headerLength: number;
  /** Bytes of options and payload (the Len field). */
  bodyLength: number;
  tokenLength: number;
  /** Offset of the code byte. */
  codeOffset: number;
}

const EXTENDED = { 13: { bytes: 1, add: 13 }, 14: { bytes: 2, add: 269 }, 15: { bytes: 4, add: 65805 } } as const;

/** The header at `offset`, or undefined while the bytes received so far do not hold it all. */
export function readFrameHeader(bytes: Buffer, offset = 0): FrameHeader | undefined {
  if (bytes.length <= offset) return undefined;
  const len = bytes[offset] >> 4;
  const tokenLength = bytes[offset] & 0x0f;
  if (tokenLength > 8) throw new FrameError(`token length ${tokenLength} is reserved (RFC 8323 §3.2 allows 0..8)`);
  const ext = len >= 13 ? EXTENDED[len as 13 | 14 | 15] : undefined;
  const extBytes = ext?.bytes ?? 0;
  if (bytes.length < offset + 1 + extBytes) return undefined;
  let bodyLength = len;
  if (ext) bodyLength = bytes.readUIntBE(offset + 1, ext.bytes) + ext.add;
  return { headerLength: 1 + extBytes + 1 + tokenLength, bodyLength, tokenLength, codeOffset: offset + 1 + extBytes };
}

/** Writes the length byte and extended length for `bodyLength` bytes of options and payload. */
export function encodeFrameLength(bodyLength: number, tokenLength: number): Buffer {
  if (tokenLength > 8) throw new Error('token longer than 8 bytes');
  if (bodyLength < 13) return Buffer.from([(bodyLength << 4) | tokenLength]);
  const [len, ext] = bodyLength < 269 ? [13, EXTENDED[13]] : bodyLength < 65805 ? [14, EXTENDED[14]] : [15, EXTENDED[15]];
  const out = Buffer.alloc(1 + ext.bytes);
  out[0] = (len << 4) | tokenLength;
  out.writeUIntBE(bodyLength - ext.add, 1, ext.bytes);
  return out;
}

/**
 * Puts frames together from the chunks a stream delivers: a frame may span chunks, a chunk may hold
 * several frames. A frame longer than `maxFrameBytes` is refused as soon as its header is read
 * (a peer must not make us buffer without bound); after an error the stream cannot be resynchronised.
 */
export class FrameReassembler {
  private pending: Buffer = Buffer.alloc(0);
  private broken?: FrameError;

  constructor(readonly maxFrameBytes: number) {}

  /** Bytes received that are not yet a whole frame. */
  get buffered(): number {
    return this.pending.length;
  }

  /**
   * The whole frames this chunk completes, and the error that stopped reading, if one did (the
   * frames before it are still returned). After an error every later chunk gets the same error.
   */
  push(chunk: Buffer): { frames: Buffer[]; error?: FrameError } {
    if (this.broken) return { frames: [], error: this.broken };
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Buffer[] = [];
    let pos = 0;
    try {
      for (;;) {
        const header = readFrameHeader(this.pending, pos);
        if (!header) break;
        const total = header.headerLength + header.bodyLength;
        if (total > this.maxFrameBytes) {
          throw new FrameError(`a frame of ${total} bytes is announced; the limit is ${this.maxFrameBytes} bytes`);
        }
        if (this.pending.length < pos + total) break;
        frames.push(Buffer.from(this.pending.subarray(pos, pos + total)));
        pos += total;
      }
    } catch (e) {
      if (!(e instanceof FrameError)) throw e;
      this.broken = e;
      this.pending = Buffer.alloc(0);
      return { frames, error: e };
    }
    this.pending = this.pending.subarray(pos);
    return { frames };
  }
}
