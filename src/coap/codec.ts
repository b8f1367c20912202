/**
 * CoAP datagram encoding and strict decoding (RFC 7252 §3, RFC 7959, RFC 7641, RFC 9175).
 * A conformance judge must see every defect, so decoding separates two kinds:
 *  - a structural defect (the datagram cannot be read as CoAP) throws CoapFormatError;
 *  - a rule broken inside a readable message (option length, repeated non-repeatable option,
 *    empty message with a token...) is listed in `problems`, so the message can still be traced.
 */
import { type CoapMessage, type CoapOption, COAP_TYPES, OptionNumber as O, OPTION_NAMES, byteToCode, codeToByte } from './message';

export class CoapFormatError extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`malformed CoAP at byte ${offset}: expected ${expected}, found ${actual}`);
    this.name = 'CoapFormatError';
  }
}

export interface DecodedDatagram {
  message: CoapMessage;
  /** Rules of RFC 7252 the message breaks although it could be read. Empty when well-formed. */
  problems: string[];
}

/** Option value length limits and repeatability (RFC 7252 §5.10, RFC 7641, RFC 7959, RFC 7967). */
const OPTION_RULES: Record<number, { min: number; max: number; repeatable: boolean }> = {
  [O.IfMatch]: { min: 0, max: 8, repeatable: true },
  [O.UriHost]: { min: 1, max: 255, repeatable: false },
  [O.ETag]: { min: 1, max: 8, repeatable: true },
  [O.IfNoneMatch]: { min: 0, max: 0, repeatable: false },
  [O.Observe]: { min: 0, max: 3, repeatable: false },
  [O.UriPort]: { min: 0, max: 2, repeatable: false },
  [O.LocationPath]: { min: 0, max: 255, repeatable: true },
  [O.OSCORE]: { min: 0, max: 255, repeatable: false },
  [O.UriPath]: { min: 0, max: 255, repeatable: true },
  [O.ContentFormat]: { min: 0, max: 2, repeatable: false },
  [O.MaxAge]: { min: 0, max: 4, repeatable: false },
  [O.UriQuery]: { min: 0, max: 255, repeatable: true },
  [O.Accept]: { min: 0, max: 2, repeatable: false },
  [O.LocationQuery]: { min: 0, max: 255, repeatable: true },
  [O.Block2]: { min: 0, max: 3, repeatable: false },
  [O.Block1]: { min: 0, max: 3, repeatable: false },
  [O.Size2]: { min: 0, max: 4, repeatable: false },
  [O.ProxyUri]: { min: 1, max: 1034, repeatable: false },
  [O.ProxyScheme]: { min: 1, max: 255, repeatable: false },
  [O.Size1]: { min: 0, max: 4, repeatable: false },
  [O.NoResponse]: { min: 0, max: 1, repeatable: false },
  [O.RequestTag]: { min: 0, max: 8, repeatable: true },
};

const hexByte = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;

export function decodeDatagram(bytes: Buffer): DecodedDatagram {
  const problems: string[] = [];
  if (bytes.length < 4) {
    throw new CoapFormatError(0, 'a 4-byte CoAP header', `${bytes.length} byte(s)`);
  }
  const version = bytes[0] >> 6;
  if (version !== 1) throw new CoapFormatError(0, 'version 1 in bits 7-6', `version ${version}`);
  const type = COAP_TYPES[(bytes[0] >> 4) & 0x3];
  const tkl = bytes[0] & 0x0f;
  if (tkl > 8) throw new CoapFormatError(0, 'token length 0..8', `token length ${tkl} (reserved)`);
  const code = byteToCode(bytes[1]);
  const messageId = bytes.readUInt16BE(2);
  if (bytes.length < 4 + tkl) {
    throw new CoapFormatError(4, `a ${tkl}-byte token`, `${bytes.length - 4} byte(s) left`);
  }
  const token = Buffer.from(bytes.subarray(4, 4 + tkl));
  const cls = bytes[1] >> 5;
  if (cls === 1 || cls === 6 || cls === 7) problems.push(`code ${code} uses a reserved class (${cls})`);

  const { options, payload } = decodeOptionsAndPayload(bytes, 4 + tkl);
  const message: CoapMessage = { type, code, messageId, token, options, payload };
  checkRules(message, problems);
  return { message, problems };
}

/** Reads the options and the payload that follow the header and token, up to the end of `bytes`. */
export function decodeOptionsAndPayload(bytes: Buffer, from: number): { options: CoapOption[]; payload: Buffer } {
  let pos = from;
  const options: CoapOption[] = [];
  let number = 0;
  let payload = Buffer.alloc(0);
  while (pos < bytes.length) {
    const start = pos;
    const head = bytes[pos++];
    if (head === 0xff) {
      if (pos === bytes.length) {
        throw new CoapFormatError(start, 'a payload after the 0xFF payload marker', 'end of datagram');
      }
      payload = Buffer.from(bytes.subarray(pos));
      pos = bytes.length;
      break;
    }
    const readExtended = (nibble: number, what: string): number => {
      if (nibble < 13) return nibble;
      if (nibble === 13) {
        if (pos + 1 > bytes.length) throw new CoapFormatError(pos, `1 extended ${what} byte`, 'end of datagram');
        return bytes[pos++] + 13;
      }
      if (nibble === 14) {
        if (pos + 2 > bytes.length) throw new CoapFormatError(pos, `2 extended ${what} bytes`, 'end of datagram');
        const v = bytes.readUInt16BE(pos) + 269;
        pos += 2;
        return v;
      }
      throw new CoapFormatError(start, `option ${what} nibble 0..14`, `15 in ${hexByte(head)} (reserved)`);
    };
    const delta = readExtended(head >> 4, 'delta');
    const length = readExtended(head & 0x0f, 'length');
    if (pos + length > bytes.length) {
      throw new CoapFormatError(pos, `${length} byte(s) of option ${number + delta} value`, `${bytes.length - pos} byte(s) left`);
    }
    number += delta;
    options.push({ number, value: Buffer.from(bytes.subarray(pos, pos + length)) });
    pos += length;
  }

  return { options, payload };
}

/** The rules of RFC 7252 a readable request, response or Empty message may break (also over TCP). */
export function checkRules(m: CoapMessage, problems: string[]): void {
  if (m.code === '0.00' && (m.token.length > 0 || m.options.length > 0 || m.payload.length > 0)) {
    problems.push('an Empty message (code 0.00) must have no token, options or payload (RFC 7252 §4.1)');
  }
  if (m.type === 'RST' && m.code !== '0.00') problems.push(`a Reset must be Empty, found code ${m.code}`);
  if (m.type === 'NON' && m.code === '0.00') problems.push('an Empty message must not be NON (RFC 7252 §4.3)');
  const seen = new Set<number>();
  for (const o of m.options) {
    const rule = OPTION_RULES[o.number];
    const name = OPTION_NAMES[o.number] ?? `option ${o.number}`;
    if (rule) {
      if (o.value.length < rule.min || o.value.length > rule.max) {
        problems.push(`${name} value is ${o.value.length} byte(s); RFC allows ${rule.min}..${rule.max}`);
      }
      if (!rule.repeatable && seen.has(o.number)) problems.push(`${name} is repeated but is not repeatable`);
    }
    seen.add(o.number);
    if ((o.number === O.Block1 || o.number === O.Block2) && o.value.length > 0 && (o.value[o.value.length - 1] & 7) === 7) {
      problems.push(`${name} SZX is 7, which is reserved (RFC 7959 §2.2)`);
    }
    if ((o.number === O.UriPath || o.number === O.UriQuery || o.number === O.LocationPath) && !isUtf8(o.value)) {
      problems.push(`${name} value is not valid UTF-8`);
    }
  }
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** Unknown critical options (odd numbers) a receiver must reject with 4.02 (RFC 7252 §5.4.1). */
export function unknownCriticalOptions(m: CoapMessage): number[] {
  return m.options.filter((o) => o.number % 2 === 1 && !(o.number in OPTION_RULES)).map((o) => o.number);
}

export function encodeMessage(m: CoapMessage): Buffer {
  if (m.token.length > 8) throw new Error('token longer than 8 bytes');
  const parts: Buffer[] = [];
  const header = Buffer.alloc(4);
  header[0] = (1 << 6) | (COAP_TYPES.indexOf(m.type) << 4) | m.token.length;
  header[1] = codeToByte(m.code);
  header.writeUInt16BE(m.messageId & 0xffff, 2);
  parts.push(header, m.token);
  parts.push(...encodeOptionsAndPayload(m.options, m.payload));
  return Buffer.concat(parts);
}

/** The options (in number order, repeated ones kept in order) and the payload behind its marker. */
export function encodeOptionsAndPayload(options: CoapOption[], payload: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  // Stable sort keeps the order of repeated options.
  const sorted = options.map((o, i) => ({ o, i })).sort((a, b) => a.o.number - b.o.number || a.i - b.i);
  let last = 0;
  for (const { o } of sorted) {
    const delta = o.number - last;
    last = o.number;
    const [dn, dx] = nibble(delta);
    const [ln, lx] = nibble(o.value.length);
    parts.push(Buffer.from([(dn << 4) | ln]), dx, lx, o.value);
  }
  if (payload.length > 0) parts.push(Buffer.from([0xff]), payload);
  return parts;
}

function nibble(n: number): [number, Buffer] {
  if (n < 13) return [n, Buffer.alloc(0)];
  if (n < 269) return [13, Buffer.from([n - 13])];
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n - 269);
  return [14, b];
}
