/**
 * The AEAD nonce of RFC 8613 §5.2: the ID of the endpoint that chose the Partial IV, left-padded
 * to nonce length - 6 bytes and prefixed by its length, then the Partial IV left-padded to 5
 * bytes, all XORed with the Common IV.
 */
import { NONCE_LENGTH } from './context';

export function buildNonce(commonIv: Buffer, idPiv: Buffer, partialIv: Buffer): Buffer {
  if (partialIv.length > 5) throw new Error(`a Partial IV has at most 5 bytes, this one ${partialIv.length}`);
  const idField = NONCE_LENGTH - 6;
  const nonce = Buffer.alloc(NONCE_LENGTH);
  nonce[0] = idPiv.length;
  idPiv.copy(nonce, 1 + idField - idPiv.length);
  partialIv.copy(nonce, NONCE_LENGTH - partialIv.length);
  for (let i = 0; i < NONCE_LENGTH; i++) nonce[i] ^= commonIv[i];
  return nonce;
}

/** A sequence number as a Partial IV: big-endian, no leading zero bytes, 0 as one zero byte (§6.1). */
export function partialIvOf(seq: number): Buffer {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > 2 ** 40 - 1) throw new Error(`sequence number ${seq} out of range (0 … 2^40-1)`);
  const bytes: number[] = [];
  let n = seq;
  do {
    bytes.unshift(n % 256);
    n = Math.floor(n / 256);
  } while (n > 0);
  return Buffer.from(bytes);
}

export function sequenceNumberOf(partialIv: Buffer): number {
  let n = 0;
  for (const b of partialIv) n = n * 256 + b;
  return n;
}
