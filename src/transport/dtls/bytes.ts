/** Bounds-checked reading and small writing helpers for the DTLS wire formats. */

/** Thrown by ByteReader when input is shorter or different from what the format says; caught at the record boundary. */
export class DecodeError extends Error {
  constructor(
    readonly offset: number,
    readonly field: string,
    readonly expected: string,
  ) {
    super(`${field} at offset ${offset}: expected ${expected}`);
    this.name = 'DecodeError';
  }
}

export class ByteReader {
  private pos = 0;
  constructor(
    readonly buf: Buffer,
    /** Offset of buf[0] inside the enclosing structure, so errors name the real position. */
    readonly base = 0,
  ) {}

  get offset(): number {
    return this.pos;
  }
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, field: string): void {
    if (this.remaining < n) throw new DecodeError(this.base + this.pos, field, `${n} byte(s), ${this.remaining} left`);
  }
  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.pos++];
  }
  u16(field: string): number {
    this.need(2, field);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u24(field: string): number {
    this.need(3, field);
    const v = this.buf.readUIntBE(this.pos, 3);
    this.pos += 3;
    return v;
  }
  u48(field: string): number {
    this.need(6, field);
    const v = this.buf.readUIntBE(this.pos, 6);
    this.pos += 6;
    return v;
  }
  bytes(n: number, field: string): Buffer {
    this.need(n, field);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** A length-prefixed vector (prefix of 1, 2 or 3 bytes) with optional bounds. */
  vector(prefix: 1 | 2 | 3, field: string, min = 0, max = Infinity): Buffer {
    const at = this.base + this.pos;
    const n = prefix === 1 ? this.u8(field) : prefix === 2 ? this.u16(field) : this.u24(field);
    if (n < min || n > max) throw new DecodeError(at, field, `length ${min}..${max}, got ${n}`);
    return this.bytes(n, field);
  }
  /** A reader over the next n bytes that reports offsets relative to this one. */
  sub(n: number, field: string): ByteReader {
    const start = this.base + this.pos;
    return new ByteReader(this.bytes(n, field), start);
  }
  rest(): Buffer {
    return this.bytes(this.remaining, 'rest');
  }
  end(field: string): void {
    if (this.remaining !== 0) throw new DecodeError(this.base + this.pos, field, `end of data, ${this.remaining} byte(s) left`);
  }
}

export function u8(v: number): Buffer {
  return Buffer.from([v & 0xff]);
}
export function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
}
export function u24(v: number): Buffer {
  const b = Buffer.alloc(3);
  b.writeUIntBE(v, 0, 3);
  return b;
}
export function u48(v: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeUIntBE(v, 0, 6);
  return b;
}
/** A vector with its length prefix. */
export function vec(prefix: 1 | 2 | 3, data: Buffer): Buffer {
  const len = prefix === 1 ? u8(data.length) : prefix === 2 ? u16(data.length) : u24(data.length);
  return Buffer.concat([len, data]);
}
