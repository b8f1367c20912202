/**
 * Record protection for epoch > 0: AES-CCM-8 and AES-GCM (RFC 6655, RFC 5288) and
 * AES-CBC with HMAC-SHA256, MAC then encrypt (RFC 5246 §6.2.3.2).
 * The caller supplies the authenticated header bytes (they differ with a Connection ID, RFC 9146).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BulkCipher } from './suites';

/** Builds the header that is authenticated with a plaintext of the given length. */
export type AuthHeader = (plaintextLength: number) => Buffer;

export interface RecordCipher {
  /** Bytes added to a plaintext at most (explicit nonce/IV, tag/MAC, padding). */
  readonly overhead: number;
  seal(plaintext: Buffer, explicitNonce: Buffer, authHeader: AuthHeader): Buffer;
  /** The plaintext, or undefined when the record does not authenticate. */
  open(fragment: Buffer, authHeader: AuthHeader): Buffer | undefined;
}

class AeadCipher implements RecordCipher {
  readonly overhead: number;
  constructor(
    private readonly algorithm: 'aes-128-ccm' | 'aes-128-gcm',
    private readonly key: Buffer,
    private readonly salt: Buffer,
    private readonly tagLength: number,
  ) {
    this.overhead = 8 + tagLength;
  }

  seal(plaintext: Buffer, explicitNonce: Buffer, authHeader: AuthHeader): Buffer {
    const nonce = Buffer.concat([this.salt, explicitNonce]);
    const c = createCipheriv(this.algorithm as 'aes-128-ccm', this.key, nonce, { authTagLength: this.tagLength });
    c.setAAD(authHeader(plaintext.length), { plaintextLength: plaintext.length });
    const body = Buffer.concat([c.update(plaintext), c.final()]);
    return Buffer.concat([explicitNonce, body, c.getAuthTag()]);
  }

  open(fragment: Buffer, authHeader: AuthHeader): Buffer | undefined {
    if (fragment.length < this.overhead) return undefined;
    const nonce = Buffer.concat([this.salt, fragment.subarray(0, 8)]);
    const body = fragment.subarray(8, fragment.length - this.tagLength);
    const tag = fragment.subarray(fragment.length - this.tagLength);
    try {
      const d = createDecipheriv(this.algorithm as 'aes-128-ccm', this.key, nonce, { authTagLength: this.tagLength });
      d.setAuthTag(tag);
      d.setAAD(authHeader(body.length), { plaintextLength: body.length });
      return Buffer.concat([d.update(body), d.final()]);
    } catch {
      return undefined;
    }
  }
}

class CbcHmacCipher implements RecordCipher {
  /** IV, MAC and up to one full block of padding. */
  readonly overhead = 16 + 32 + 16;
  constructor(
    private readonly key: Buffer,
    private readonly macKey: Buffer,
  ) {}

  private mac(authHeader: AuthHeader, plaintext: Buffer): Buffer {
    return createHmac('sha256', this.macKey).update(authHeader(plaintext.length)).update(plaintext).digest();
  }

  seal(plaintext: Buffer, _explicitNonce: Buffer, authHeader: AuthHeader): Buffer {
    const iv = randomBytes(16);
    const withMac = Buffer.concat([plaintext, this.mac(authHeader, plaintext)]);
    const padLength = 15 - (withMac.length % 16);
    const padded = Buffer.concat([withMac, Buffer.alloc(padLength + 1, padLength)]);
    const c = createCipheriv('aes-128-cbc', this.key, iv).setAutoPadding(false);
    return Buffer.concat([iv, c.update(padded), c.final()]);
  }

  open(fragment: Buffer, authHeader: AuthHeader): Buffer | undefined {
    if (fragment.length < 16 + 48 || fragment.length % 16 !== 0) return undefined;
    const d = createDecipheriv('aes-128-cbc', this.key, fragment.subarray(0, 16)).setAutoPadding(false);
    const padded = Buffer.concat([d.update(fragment.subarray(16)), d.final()]);
    const padLength = padded[padded.length - 1];
    // Check padding and MAC both before deciding, so a bad pad and a bad MAC look alike.
    let padOk = padLength + 1 + 32 <= padded.length;
    const n = padOk ? padded.length - padLength - 1 - 32 : 0;
    for (let i = 0; padOk && i <= padLength; i++) padOk = padded[padded.length - 1 - i] === padLength;
    const plaintext = padded.subarray(0, n);
    const expected = this.mac(authHeader, plaintext);
    const got = padded.subarray(n, n + 32);
    const macOk = got.length === 32 && timingSafeEqual(expected, got);
    return padOk && macOk ? plaintext : undefined;
  }
}

export function createRecordCipher(cipher: BulkCipher, key: Buffer, fixedIv: Buffer, macKey: Buffer): RecordCipher {
  switch (cipher) {
    case 'aes-128-ccm8':
      return new AeadCipher('aes-128-ccm', key, fixedIv, 8);
    case 'aes-128-gcm':
      return new AeadCipher('aes-128-gcm', key, fixedIv, 16);
    case 'aes-128-cbc-sha256':
      return new CbcHmacCipher(key, macKey);
  }
}
