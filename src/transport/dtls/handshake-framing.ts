/** Handshake message framing (RFC 6347 §4.2.2): headers, fragmentation and reassembly. */
import { ByteReader, DecodeError, u16, u24, u8 } from './bytes';
import { handshakeName } from './constants';

export const HANDSHAKE_HEADER_LENGTH = 12;
/** Largest handshake message accepted (a few certificates); larger ones are refused, not buffered. */
export const MAX_HANDSHAKE_MESSAGE = 32 * 1024;

export interface HandshakeFragment {
  type: number;
  length: number;
  seq: number;
  fragmentOffset: number;
  body: Buffer;
}

export interface HandshakeMessage {
  type: number;
  seq: number;
  body: Buffer;
}

/** Parses every fragment in a handshake record. Throws DecodeError (caught by the caller) on bad framing. */
export function parseFragments(data: Buffer): HandshakeFragment[] {
  const r = new ByteReader(data);
  const out: HandshakeFragment[] = [];
  while (r.remaining > 0) {
    const at = r.offset;
    const type = r.u8('handshake type');
    const length = r.u24('handshake length');
    const seq = r.u16('message_seq');
    const fragmentOffset = r.u24('fragment_offset');
    const fragmentLength = r.u24('fragment_length');
    if (length > MAX_HANDSHAKE_MESSAGE)
      throw new DecodeError(at + 1, `${handshakeName(type)} length`, `at most ${MAX_HANDSHAKE_MESSAGE}, got ${length}`);
    if (fragmentOffset + fragmentLength > length)
      throw new DecodeError(
        at + 6,
        `${handshakeName(type)} fragment`,
        `offset+length within ${length}, got ${fragmentOffset}+${fragmentLength}`,
      );
    out.push({ type, length, seq, fragmentOffset, body: r.bytes(fragmentLength, `${handshakeName(type)} fragment body`) });
  }
  return out;
}

export function encodeFragment(type: number, length: number, seq: number, offset: number, body: Buffer): Buffer {
  return Buffer.concat([u8(type), u24(length), u16(seq), u24(offset), u24(body.length), body]);
}

/** The message as the transcript hashes it: one fragment covering the whole body. */
export function encodeWholeMessage(m: HandshakeMessage): Buffer {
  return encodeFragment(m.type, m.body.length, m.seq, 0, m.body);
}

/** Splits a message into fragments whose encoding is at most `maxFragment` bytes. */
export function fragmentMessage(m: HandshakeMessage, maxFragment: number): Buffer[] {
  const room = Math.max(1, maxFragment - HANDSHAKE_HEADER_LENGTH);
  if (m.body.length <= room) return [encodeWholeMessage(m)];
  const out: Buffer[] = [];
  for (let off = 0; off < m.body.length; off += room)
    out.push(encodeFragment(m.type, m.body.length, m.seq, off, m.body.subarray(off, off + room)));
  return out;
}

interface Partial {
  type: number;
  body: Buffer;
  /** Per-byte coverage is simple and bounded by MAX_HANDSHAKE_MESSAGE. */
  have: Uint8Array;
  missing: number;
}

/**
 * Collects fragments of the messages the peer sends next and hands them out in message_seq order.
 * Fragments of messages already handed out are reported as retransmissions.
 */
export class Reassembler {
  private partial = new Map<number, Partial>();
  /** How far ahead of the next expected message fragments are buffered. */
  static readonly WINDOW = 16;

  constructor(public nextSeq = 0) {}

  /** 'old' means a retransmission of something already processed; 'future' too far ahead; a string explains a conflict. */
  add(f: HandshakeFragment): 'ok' | 'old' | 'future' | string {
    if (f.seq < this.nextSeq) return 'old';
    if (f.seq >= this.nextSeq + Reassembler.WINDOW) return 'future';
    let p = this.partial.get(f.seq);
    if (!p) {
      p = { type: f.type, body: Buffer.alloc(f.length), have: new Uint8Array(f.length), missing: f.length };
      this.partial.set(f.seq, p);
    } else if (p.type !== f.type || p.body.length !== f.length) {
      return `fragment of message_seq ${f.seq} says ${handshakeName(f.type)} length ${f.length}, earlier fragments said ${handshakeName(p.type)} length ${p.body.length}`;
    }
    f.body.copy(p.body, f.fragmentOffset);
    for (let i = f.fragmentOffset; i < f.fragmentOffset + f.body.length; i++) {
      if (!p.have[i]) {
        p.have[i] = 1;
        p.missing--;
      }
    }
    return 'ok';
  }

  /** The next complete message in order, if any. */
  next(): HandshakeMessage | undefined {
    const p = this.partial.get(this.nextSeq);
    if (!p || p.missing > 0) return undefined;
    this.partial.delete(this.nextSeq);
    return { type: p.type, seq: this.nextSeq++, body: p.body };
  }
}
