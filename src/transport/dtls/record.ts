/** The DTLS 1.2 record layer wire format (RFC 6347 §4.1, RFC 9146 §4) and the anti-replay window. */
import { ByteReader, DecodeError, u16, u48, u8 } from './bytes';
import { ContentType, DTLS_1_0, DTLS_1_2, HandshakeType, contentTypeName, versionName } from './constants';

/** RFC 6347 §4.1: a plaintext is at most 2^14 bytes; protection may add up to 2048. */
export const MAX_PLAINTEXT = 1 << 14;
export const MAX_CIPHERTEXT = MAX_PLAINTEXT + 2048;
export const RECORD_HEADER_LENGTH = 13;

export interface DtlsRecord {
  type: number;
  version: number;
  epoch: number;
  /** 48-bit record sequence number. */
  seq: number;
  /** Present on tls12_cid records. */
  cid?: Buffer;
  fragment: Buffer;
  /** The whole record as received, for the trace. */
  raw: Buffer;
  /** Offset of the record inside its datagram. */
  offset: number;
}

export interface ParsedDatagram {
  records: DtlsRecord[];
  /** Set when the datagram's tail could not be parsed; earlier records are still usable. */
  problem?: { offset: number; message: string; raw: Buffer };
}

const KNOWN_TYPES = new Set<number>(Object.values(ContentType));

/**
 * Splits a datagram into records. `cidLength` is the length of the Connection IDs this endpoint
 * issues (tls12_cid records carry it with no length prefix).
 */
export function parseDatagram(datagram: Buffer, cidLength: number): ParsedDatagram {
  const records: DtlsRecord[] = [];
  let offset = 0;
  while (offset < datagram.length) {
    try {
      const r = new ByteReader(datagram.subarray(offset), offset);
      const type = r.u8('record content type');
      if (!KNOWN_TYPES.has(type)) throw new DecodeError(offset, 'record content type', `20..23 or 25, got ${type}`);
      const version = r.u16('record version');
      const epoch = r.u16('record epoch');
      const seq = r.u48('record sequence number');
      let cid: Buffer | undefined;
      if (type === ContentType.tls12_cid) {
        if (cidLength === 0) throw new DecodeError(offset, 'record content type', 'no tls12_cid records (no Connection ID issued)');
        cid = Buffer.from(r.bytes(cidLength, 'connection id'));
      }
      const lengthAt = offset + r.offset;
      const length = r.u16('record length');
      if (length > MAX_CIPHERTEXT) throw new DecodeError(lengthAt, 'record length', `at most ${MAX_CIPHERTEXT}, got ${length}`);
      const fragment = r.bytes(length, `record fragment (${contentTypeName(type)})`);
      if (!acceptedVersion(version, type, epoch, fragment))
        throw new DecodeError(
          offset + 1,
          'record version',
          `DTLS 1.2 (0xfefd) or 1.0 (0xfeff), or any 0xfeXX on an initial ClientHello, got ${versionName(version)}`,
        );
      const end = offset + r.offset;
      records.push({ type, version, epoch, seq, cid, fragment, raw: datagram.subarray(offset, end), offset });
      offset = end;
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return { records, problem: { offset, message: e.message, raw: datagram.subarray(offset) } };
    }
  }
  return { records };
}

/**
 * Which record-layer versions a record may carry. DTLS 1.2 (RFC 6347 §4.1) uses {254, 253}; DTLS
 * 1.0's {254, 255} stays accepted, as the record format is the same. A ClientHello is sent before
 * any version is agreed, and RFC 5246 Appendix E.1 (which RFC 6347 inherits, being written as
 * deltas from TLS 1.2) says a server MUST accept any {03, XX} record version on it: in DTLS terms,
 * any {254, XX}. So an epoch-0 ClientHello may carry any 0xfeXX (mbedTLS sends 0xfe00 when it
 * may negotiate more than DTLS 1.2); the version it negotiates is the one in its body. The trace
 * names any record version other than DTLS 1.2 (recordTag).
 */
function acceptedVersion(version: number, type: number, epoch: number, fragment: Buffer): boolean {
  if (version === DTLS_1_2 || version === DTLS_1_0) return true;
  return version >> 8 === 0xfe && type === ContentType.handshake && epoch === 0 && fragment[0] === HandshakeType.client_hello;
}

/** "[epoch E seq S]" for the trace, naming the record version when it is not DTLS 1.2 (RFC 6347 §4.1 allows 1.0 on a first ClientHello). */
export function recordTag(rec: Pick<DtlsRecord, 'epoch' | 'seq' | 'version'>): string {
  return `[epoch ${rec.epoch} seq ${rec.seq}${rec.version === DTLS_1_2 ? '' : `, record version ${versionName(rec.version)}`}]`;
}

export function encodeRecord(type: number, version: number, epoch: number, seq: number, fragment: Buffer, cid?: Buffer): Buffer {
  return Buffer.concat([u8(type), u16(version), u16(epoch), u48(seq), cid ?? Buffer.alloc(0), u16(fragment.length), fragment]);
}

/** Authenticated header of a record without a Connection ID (RFC 5246 §6.2.3.3). */
export function plainAuthHeader(epoch: number, seq: number, type: number, version: number) {
  return (length: number): Buffer => Buffer.concat([u16(epoch), u48(seq), u8(type), u16(version), u16(length)]);
}

/** Authenticated header of a tls12_cid record (RFC 9146 §5). */
export function cidAuthHeader(epoch: number, seq: number, version: number, cid: Buffer) {
  const placeholder = Buffer.alloc(8, 0xff);
  return (length: number): Buffer =>
    Buffer.concat([
      placeholder,
      u8(ContentType.tls12_cid),
      u8(cid.length),
      u8(ContentType.tls12_cid),
      u16(version),
      u16(epoch),
      u48(seq),
      cid,
      u16(length),
    ]);
}

/** DTLSInnerPlaintext (RFC 9146 §4): content, then the real content type, then optional zero padding. */
export function wrapInnerPlaintext(type: number, content: Buffer): Buffer {
  return Buffer.concat([content, u8(type)]);
}

export function unwrapInnerPlaintext(inner: Buffer): { type: number; content: Buffer } | undefined {
  let i = inner.length - 1;
  while (i >= 0 && inner[i] === 0) i--;
  if (i < 0) return undefined;
  return { type: inner[i], content: inner.subarray(0, i) };
}

/** RFC 6347 §4.1.2.6: a 64-record sliding window over the highest authenticated sequence number. */
export class ReplayWindow {
  private highest = -1;
  private bits = 0n;
  static readonly SIZE = 64;

  /** The highest sequence number accepted so far (-1 before any). */
  get highestSeq(): number {
    return this.highest;
  }

  /** 'fresh', 'replay' (seen before) or 'stale' (older than the window). */
  check(seq: number): 'fresh' | 'replay' | 'stale' {
    if (seq > this.highest) return 'fresh';
    const age = this.highest - seq;
    if (age >= ReplayWindow.SIZE) return 'stale';
    return (this.bits >> BigInt(age)) & 1n ? 'replay' : 'fresh';
  }

  /** Call only once the record authenticated. */
  accept(seq: number): void {
    if (seq > this.highest) {
      const shift = this.highest < 0 ? ReplayWindow.SIZE : seq - this.highest;
      this.bits = shift >= ReplayWindow.SIZE ? 1n : ((this.bits << BigInt(shift)) | 1n) & ((1n << 64n) - 1n);
      this.highest = seq;
    } else {
      this.bits |= 1n << BigInt(this.highest - seq);
    }
  }
}
