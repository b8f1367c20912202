/** The TLS 1.2 pseudo-random function (RFC 5246 §5) with SHA-256, and the secrets derived from it. */
import { createHash, createHmac } from 'node:crypto';

function hmac(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** P_SHA256(secret, seed) truncated to `length` bytes. */
export function pSha256(secret: Buffer, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  let total = 0;
  let a = seed;
  while (total < length) {
    a = hmac(secret, a);
    const block = hmac(secret, Buffer.concat([a, seed]));
    out.push(block);
    total += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

export function prf(secret: Buffer, label: string, seed: Buffer, length: number): Buffer {
  return pSha256(secret, Buffer.concat([Buffer.from(label, 'ascii'), seed]), length);
}

export function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * The 48-byte master secret. With RFC 7627 the seed is the hash of the handshake up to and
 * including ClientKeyExchange, which binds the secret to this handshake.
 */
export function masterSecret(preMaster: Buffer, clientRandom: Buffer, serverRandom: Buffer, extendedSessionHash?: Buffer): Buffer {
  return extendedSessionHash
    ? prf(preMaster, 'extended master secret', extendedSessionHash, 48)
    : prf(preMaster, 'master secret', Buffer.concat([clientRandom, serverRandom]), 48);
}

export interface KeyBlock {
  clientMacKey: Buffer;
  serverMacKey: Buffer;
  clientKey: Buffer;
  serverKey: Buffer;
  clientIv: Buffer;
  serverIv: Buffer;
}

/** Splits the key expansion (RFC 5246 §6.3) into the six write secrets. */
export function keyBlock(
  master: Buffer,
  clientRandom: Buffer,
  serverRandom: Buffer,
  sizes: { macKey: number; key: number; fixedIv: number },
): KeyBlock {
  const n = 2 * (sizes.macKey + sizes.key + sizes.fixedIv);
  const kb = prf(master, 'key expansion', Buffer.concat([serverRandom, clientRandom]), n);
  let p = 0;
  const take = (len: number) => kb.subarray(p, (p += len));
  return {
    clientMacKey: take(sizes.macKey),
    serverMacKey: take(sizes.macKey),
    clientKey: take(sizes.key),
    serverKey: take(sizes.key),
    clientIv: take(sizes.fixedIv),
    serverIv: take(sizes.fixedIv),
  };
}

/** Finished.verify_data (12 bytes) over the hash of the handshake messages so far. */
export function verifyData(master: Buffer, role: 'client' | 'server', transcriptHash: Buffer): Buffer {
  return prf(master, `${role} finished`, transcriptHash, 12);
}

/** The pre-master secret of plain PSK key exchange (RFC 4279 §2): zeros as long as the key, then the key. */
export function pskPreMaster(psk: Buffer): Buffer {
  const n = psk.length;
  const out = Buffer.alloc(4 + 2 * n);
  out.writeUInt16BE(n, 0);
  out.writeUInt16BE(n, 2 + n);
  psk.copy(out, 4 + n);
  return out;
}
