/** Strict UTF-8 for text payloads: a device sending malformed UTF-8 is told the byte offset. */
import { DecodeError } from './errors';

/** UTF-8 decode that rejects malformed sequences, naming the byte offset. */
export function decodeUtf8Strict(bytes: Uint8Array, format: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new DecodeError({ format, offset: firstBadUtf8(bytes), expected: 'valid UTF-8', actual: 'a malformed UTF-8 sequence' });
  }
}

export function firstBadUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    const ok = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
    let lo = 0x80,
      hi = 0xbf;
    if (c === 0xe0) lo = 0xa0;
    if (c === 0xed) hi = 0x9f;
    if (c === 0xf0) lo = 0x90;
    if (c === 0xf4) hi = 0x8f;
    if (n >= 1 && !ok(1, lo, hi)) return i;
    for (let k = 2; k <= n; k++) if (!ok(k)) return i;
    i += n + 1;
  }
  return b.length;
}
