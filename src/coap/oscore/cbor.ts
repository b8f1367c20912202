/**
 * The few CBOR items (RFC 8949) OSCORE builds its HKDF info and AAD from: byte and text strings,
 * small unsigned and negative integers, null and arrays. Encoding only; OSCORE never parses CBOR.
 */
export type CborItem = Buffer | string | number | null | CborItem[];

export function encodeCbor(item: CborItem): Buffer {
  if (item === null) return Buffer.from([0xf6]);
  if (Buffer.isBuffer(item)) return Buffer.concat([head(2, item.length), item]);
  if (typeof item === 'string') {
    const utf8 = Buffer.from(item, 'utf8');
    return Buffer.concat([head(3, utf8.length), utf8]);
  }
  if (typeof item === 'number') {
    if (!Number.isInteger(item)) throw new Error(`CBOR: ${item} is not an integer`);
    return item >= 0 ? head(0, item) : head(1, -1 - item);
  }
  return Buffer.concat([head(4, item.length), ...item.map(encodeCbor)]);
}

/** The initial byte(s): major type and argument (RFC 8949 §3). */
function head(major: number, n: number): Buffer {
  const m = major << 5;
  if (n < 24) return Buffer.from([m | n]);
  if (n < 0x100) return Buffer.from([m | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = m | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = m | 26;
  b.writeUInt32BE(n, 1);
  return b;
}
