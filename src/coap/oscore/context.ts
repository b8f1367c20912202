/**
 * The OSCORE security context (RFC 8613 §3): the common part (algorithms, Common IV), the
 * sender part (Sender ID, Sender Key, Sender Sequence Number) and the recipient part (Recipient
 * ID, Recipient Key, replay window), derived from the Master Secret and Master Salt with HKDF.
 */
import { hkdfSync } from 'node:crypto';
import { encodeCbor } from './cbor';
import { ReplayWindow } from './replay';

/** COSE algorithm 10, AES-CCM-16-64-128: 16-byte key, 13-byte nonce, 8-byte tag (the only one here). */
export const AES_CCM_16_64_128 = 10;
/** COSE algorithm -10, HKDF SHA-256 (the default and only one here). */
export const HKDF_SHA_256 = -10;

export const KEY_LENGTH = 16;
export const NONCE_LENGTH = 13;
export const TAG_LENGTH = 8;
/** The largest Sender ID an AES-CCM-16-64-128 nonce has room for (nonce length - 6, §3.3). */
export const MAX_ID_LENGTH = NONCE_LENGTH - 6;

export interface ContextInput {
  masterSecret: Buffer;
  /** Default: empty (§3.1). */
  masterSalt?: Buffer;
  senderId: Buffer;
  recipientId: Buffer;
  /** ID Context (kid context), when the deployment uses one. */
  idContext?: Buffer;
  /** COSE AEAD algorithm (default 10). */
  aead?: number;
  /** COSE HKDF algorithm (default -10). */
  hkdf?: number;
}

export interface SecurityContext {
  readonly senderId: Buffer;
  readonly recipientId: Buffer;
  readonly idContext?: Buffer;
  readonly senderKey: Buffer;
  readonly recipientKey: Buffer;
  readonly commonIv: Buffer;
  readonly aead: number;
  /** The next Partial IV this endpoint sends (§3.1); starts at 0. */
  senderSequenceNumber: number;
  readonly replay: ReplayWindow;
}

/** Derives the keys and Common IV (§3.2); an unsupported algorithm or a too long ID is an Error naming it. */
export function deriveContext(input: ContextInput): SecurityContext {
  const aead = input.aead ?? AES_CCM_16_64_128;
  const hkdf = input.hkdf ?? HKDF_SHA_256;
  if (aead !== AES_CCM_16_64_128) throw new Error(`OSCORE AEAD algorithm ${aead} is not supported (only 10, AES-CCM-16-64-128)`);
  if (hkdf !== HKDF_SHA_256) throw new Error(`OSCORE HKDF algorithm ${hkdf} is not supported (only -10, HKDF SHA-256)`);
  for (const [name, id] of [
    ['Sender ID', input.senderId],
    ['Recipient ID', input.recipientId],
  ] as const) {
    if (id.length > MAX_ID_LENGTH) throw new Error(`OSCORE ${name} has ${id.length} bytes; at most ${MAX_ID_LENGTH} fit the nonce`);
  }
  if (input.senderId.equals(input.recipientId)) throw new Error('OSCORE Sender ID and Recipient ID must differ');
  const salt = input.masterSalt ?? Buffer.alloc(0);
  const derive = (id: Buffer, type: 'Key' | 'IV', length: number) => {
    const info = encodeCbor([id, input.idContext ?? null, aead, type, length]);
    return Buffer.from(hkdfSync('sha256', input.masterSecret, salt, info, length));
  };
  return {
    senderId: input.senderId,
    recipientId: input.recipientId,
    idContext: input.idContext,
    senderKey: derive(input.senderId, 'Key', KEY_LENGTH),
    recipientKey: derive(input.recipientId, 'Key', KEY_LENGTH),
    commonIv: derive(Buffer.alloc(0), 'IV', NONCE_LENGTH),
    aead,
    senderSequenceNumber: 0,
    replay: new ReplayWindow(),
  };
}
