/**
 * The Additional Authenticated Data of RFC 8613 §5.4: the COSE Enc_structure "Encrypt0" with an
 * empty protected header and, as external AAD, the OSCORE version, the AEAD algorithm and the
 * request's kid and Partial IV (no class I options: none are defined).
 */
import { encodeCbor } from './cbor';

export function externalAad(aead: number, requestKid: Buffer, requestPiv: Buffer): Buffer {
  return encodeCbor([1, [aead], requestKid, requestPiv, Buffer.alloc(0)]);
}

export function buildAad(aead: number, requestKid: Buffer, requestPiv: Buffer): Buffer {
  return encodeCbor(['Encrypt0', Buffer.alloc(0), externalAad(aead, requestKid, requestPiv)]);
}
