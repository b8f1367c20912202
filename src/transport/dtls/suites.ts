/** The cipher suites this stack implements, with what each needs from the handshake. */

export type KeyExchange = 'psk' | 'ecdhe_ecdsa';
export type BulkCipher = 'aes-128-ccm8' | 'aes-128-gcm' | 'aes-128-cbc-sha256';

export interface CipherSuite {
  id: number;
  name: string;
  keyExchange: KeyExchange;
  cipher: BulkCipher;
  macKeyLength: number;
  keyLength: number;
  fixedIvLength: number;
}

export const CIPHER_SUITES: readonly CipherSuite[] = [
  {
    id: 0xc0a8,
    name: 'TLS_PSK_WITH_AES_128_CCM_8',
    keyExchange: 'psk',
    cipher: 'aes-128-ccm8',
    macKeyLength: 0,
    keyLength: 16,
    fixedIvLength: 4,
  },
  {
    id: 0xc0ae,
    name: 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8',
    keyExchange: 'ecdhe_ecdsa',
    cipher: 'aes-128-ccm8',
    macKeyLength: 0,
    keyLength: 16,
    fixedIvLength: 4,
  },
  {
    id: 0x00ae,
    name: 'TLS_PSK_WITH_AES_128_CBC_SHA256',
    keyExchange: 'psk',
    cipher: 'aes-128-cbc-sha256',
    macKeyLength: 32,
    keyLength: 16,
    fixedIvLength: 0,
  },
  {
    id: 0xc02b,
    name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    keyExchange: 'ecdhe_ecdsa',
    cipher: 'aes-128-gcm',
    macKeyLength: 0,
    keyLength: 16,
    fixedIvLength: 4,
  },
];

export type CipherSuiteName = (typeof CIPHER_SUITES)[number]['name'];

export function suiteById(id: number): CipherSuite | undefined {
  return CIPHER_SUITES.find((s) => s.id === id);
}

export function suiteByName(name: string): CipherSuite {
  const s = CIPHER_SUITES.find((c) => c.name === name);
  if (!s) throw new Error(`unknown cipher suite ${name}; known: ${CIPHER_SUITES.map((c) => c.name).join(', ')}`);
  return s;
}

export function suiteName(id: number): string {
  return suiteById(id)?.name ?? `0x${id.toString(16).padStart(4, '0')}`;
}
