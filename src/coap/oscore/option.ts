/**
 * The value of the OSCORE option (RFC 8613 §6.1): a flag byte (n = Partial IV length in bits
 * 0-2, k = kid present in bit 3, h = kid context present in bit 4, bits 5-7 reserved), then the
 * Partial IV, then (h) a length byte and the kid context, then (k) the kid to the end. All flags
 * zero means an empty value.
 */
export const OSCORE_OPTION = 9;

export interface OscoreOptionValue {
  partialIv?: Buffer;
  kid?: Buffer;
  kidContext?: Buffer;
}

/** A malformed OSCORE option value: the server answers 4.02 Bad Option (§8.2). */
export class OscoreOptionError extends Error {
  constructor(message: string) {
    super(`malformed OSCORE option: ${message}`);
    this.name = 'OscoreOptionError';
  }
}

export function encodeOscoreOption(v: OscoreOptionValue): Buffer {
  const piv = v.partialIv ?? Buffer.alloc(0);
  if (piv.length > 5) throw new Error(`a Partial IV has at most 5 bytes, this one ${piv.length}`);
  const flags = piv.length | (v.kid ? 0x08 : 0) | (v.kidContext ? 0x10 : 0);
  if (flags === 0) return Buffer.alloc(0);
  const parts = [Buffer.from([flags]), piv];
  if (v.kidContext) {
    if (v.kidContext.length > 255) throw new Error('a kid context has at most 255 bytes');
    parts.push(Buffer.from([v.kidContext.length]), v.kidContext);
  }
  if (v.kid) parts.push(v.kid);
  return Buffer.concat(parts);
}

export function decodeOscoreOption(value: Buffer): OscoreOptionValue {
  if (value.length === 0) return {};
  const flags = value[0];
  if (flags & 0xe0) throw new OscoreOptionError(`reserved flag bits set (flag byte 0x${hex(flags)})`);
  const n = flags & 0x07;
  if (n > 5) throw new OscoreOptionError(`Partial IV length ${n} is reserved (at most 5)`);
  if (flags === 0) throw new OscoreOptionError('a flag byte of 0 must be sent as an empty option value');
  let at = 1;
  const out: OscoreOptionValue = {};
  if (n > 0) {
    if (value.length < at + n) throw new OscoreOptionError(`${n}-byte Partial IV announced, ${value.length - at} byte(s) present`);
    out.partialIv = value.subarray(at, at + n);
    at += n;
  }
  if (flags & 0x10) {
    if (value.length < at + 1) throw new OscoreOptionError('kid context flag set but no length byte');
    const s = value[at++];
    if (value.length < at + s) throw new OscoreOptionError(`${s}-byte kid context announced, ${value.length - at} byte(s) present`);
    out.kidContext = value.subarray(at, at + s);
    at += s;
  }
  if (flags & 0x08) out.kid = value.subarray(at);
  else if (at < value.length) throw new OscoreOptionError(`${value.length - at} byte(s) after the Partial IV and no kid flag`);
  return out;
}

const hex = (b: number) => b.toString(16).padStart(2, '0');
