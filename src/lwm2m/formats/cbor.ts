/**
 * CBOR plumbing for the CBOR-based formats (60, 112, 11544).
 * Writing: cbor-x encodes every scalar (configured for interoperable output); we only write
 * the container heads so that floats stay floats even when integral, and integers are minimal.
 * Reading: cbor2 in strict mode (duplicate map keys, invalid UTF-8, exact 64-bit integers).
 */
import type { Encoder } from 'cbor-x';
import type { Tag as Cbor2Tag } from 'cbor2';
import { DecodeError } from '../errors';
import { aType, decodeFail, isObjlnk, numberAs, objlnkToText, parseObjlnk, type Objlnk, type ResourceValue, type Where } from '../values';
import type { ResourceType } from '../model';

const INTEROP = { useRecords: false, variableMapSize: true, useTag259ForMaps: false, mapsAsObjects: false } as const;

// The two CBOR libraries cost a cold process ~80 ms to load: loaded on first use, so a peer that
// never meets a CBOR payload starts without them.
let encoders: { scalars: Encoder; floats: Encoder } | undefined;
function cborX(): { scalars: Encoder; floats: Encoder } {
  if (!encoders) {
    const { Encoder: Enc } = require('cbor-x') as typeof import('cbor-x');
    encoders = { scalars: new Enc(INTEROP), floats: new Enc({ ...INTEROP, alwaysUseFloat: true }) };
  }
  return encoders;
}
let cbor2Lib: typeof import('cbor2') | undefined;
const cbor2 = (): typeof import('cbor2') => (cbor2Lib ??= require('cbor2') as typeof import('cbor2'));
const isTag = (v: unknown): v is Cbor2Tag => cbor2Lib !== undefined && v instanceof cbor2Lib.Tag;

function copy(b: Uint8Array): Buffer {
  return Buffer.from(b);
}

/** Head of a definite-length item: major type and length/count, shortest form (RFC 8949 §4.2.1). */
export function cborHead(major: number, n: number): Buffer {
  const m = major << 5;
  if (n < 24) return Buffer.from([m | n]);
  if (n < 0x100) return Buffer.from([m | 24, n]);
  if (n < 0x10000) return Buffer.from([m | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = m | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

export function cborInt(n: bigint | number): Buffer {
  const b = typeof n === 'bigint' && n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  return copy(cborX().scalars.encode(b));
}
export const cborFloat = (f: number): Buffer => copy(cborX().floats.encode(f));
export const cborText = (s: string): Buffer => copy(cborX().scalars.encode(s));
export const cborBytes = (b: Buffer): Buffer => copy(cborX().scalars.encode(b));
export const cborBool = (b: boolean): Buffer => copy(cborX().scalars.encode(b));
export const cborMap = (entries: Array<[Buffer, Buffer]>): Buffer => Buffer.concat([cborHead(5, entries.length), ...entries.flat()]);
export const cborArray = (items: Buffer[]): Buffer => Buffer.concat([cborHead(4, items.length), ...items]);

/** A typed LwM2M value as CBOR (LwM2M 1.1 §7.3.6 / 1.2 §7.4.6): Objlnk as text "o:i". */
export function cborValue(type: ResourceType, v: ResourceValue): Buffer {
  switch (type) {
    case 'integer':
    case 'unsignedInteger':
    case 'time':
      return cborInt(v as bigint);
    case 'float':
      return cborFloat(v as number);
    case 'boolean':
      return cborBool(v as boolean);
    case 'string':
    case 'corelnk':
      return cborText(v as string);
    case 'opaque':
      return cborBytes(v as Buffer);
    case 'objlnk':
      return cborText(objlnkToText(v as Objlnk));
    case 'none':
      throw new Error('no CBOR value for an executable resource');
  }
}

// ---------------------------------------------------------------------------------------------

const STRICT = {
  rejectDuplicateKeys: true,
  preferMap: true,
  preferBigInt: true, // integers (major types 0/1) as bigint, floats as number: the two stay apart
  ignoreGlobalTags: true, // tags come back as Tag objects; we judge them ourselves
  rejectUndefined: true,
  rejectSimple: true,
  maxDepth: 16,
} as const;

/** Decodes exactly one CBOR item; every problem becomes a DecodeError. */
export function decodeCborStrict(bytes: Uint8Array, format: string): unknown {
  if (bytes.length === 0) throw new DecodeError({ format, offset: 0, expected: 'a CBOR item', actual: 'an empty payload' });
  try {
    return cbor2().decode(bytes, STRICT);
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    if (/outside the bounds|Unexpected end|insufficient|not enough/i.test(msg)) {
      throw new DecodeError({ format, offset: bytes.length, expected: 'more bytes (a CBOR item is cut short)', actual: 'end of input' });
    }
    if (/Duplicate key/i.test(msg))
      throw new DecodeError({ format, field: 'map', expected: 'unique map keys (RFC 8949 §5.6)', actual: msg });
    if (/utf-8/i.test(msg))
      throw new DecodeError({
        format,
        field: 'text string',
        expected: 'valid UTF-8 in text strings (RFC 8949 §3.1)',
        actual: 'a malformed UTF-8 sequence',
      });
    if (/Extra data/i.test(msg))
      throw new DecodeError({ format, expected: 'a single CBOR item filling the payload', actual: 'extra bytes after the item' });
    throw new DecodeError({ format, expected: 'well-formed CBOR', actual: msg });
  }
}

/** Short name of a decoded CBOR item for diagnoses. */
export function cborKind(v: unknown): string {
  if (typeof v === 'bigint') return `integer ${v}`;
  if (typeof v === 'number') return `float ${v}`;
  if (typeof v === 'string') return `text string ${JSON.stringify(v.length > 30 ? v.slice(0, 30) + '…' : v)}`;
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return `byte string of ${v.length} byte(s)`;
  if (v instanceof Map) return `map of ${v.size}`;
  if (Array.isArray(v)) return `array of ${v.length}`;
  if (isTag(v)) return `tag ${v.tag}`;
  return typeof v;
}

/** A decoded CBOR value read as the resource's type; Time may carry tag 1 (RFC 8949 §3.4.2). */
export function cborAs(type: ResourceType, v: unknown, w: Where): ResourceValue {
  const want = (what: string): never => decodeFail(w, `${what} for ${aType(type)} resource`, cborKind(v));
  switch (type) {
    case 'time':
      if (isTag(v) && v.tag === 1) v = v.contents;
    // fall through
    case 'integer':
    case 'unsignedInteger':
      if (typeof v !== 'bigint' && typeof v !== 'number') want('a CBOR integer');
      return numberAs(type, v as bigint | number, w);
    case 'float':
      if (typeof v !== 'bigint' && typeof v !== 'number') want('a CBOR float');
      return numberAs('float', v as bigint | number, w);
    case 'boolean':
      if (typeof v !== 'boolean') want('a CBOR boolean');
      return v as boolean;
    case 'string':
    case 'corelnk':
      if (typeof v !== 'string') want('a CBOR text string');
      return v as string;
    case 'opaque':
      if (!(v instanceof Uint8Array)) want('a CBOR byte string');
      return Buffer.from(v as Uint8Array);
    case 'objlnk':
      if (typeof v !== 'string') want('a CBOR text string "o:i"');
      return parseObjlnk(v as string, w);
    case 'none':
      return want('no value');
  }
}

/** Without a model: the CBOR major type decides (integer, float, boolean, text, bytes, tag 1 time). */
export function cborGuess(v: unknown, w: Where): { type: ResourceType; value: ResourceValue } {
  if (typeof v === 'bigint')
    return v > 2n ** 63n - 1n
      ? { type: 'unsignedInteger', value: numberAs('unsignedInteger', v, w) }
      : { type: 'integer', value: numberAs('integer', v, w) };
  if (typeof v === 'number') return { type: 'float', value: v };
  if (typeof v === 'boolean') return { type: 'boolean', value: v };
  if (typeof v === 'string') return { type: 'string', value: v };
  if (v instanceof Uint8Array) return { type: 'opaque', value: Buffer.from(v) };
  if (isTag(v) && v.tag === 1) return { type: 'time', value: cborAs('time', v, w) };
  return decodeFail(w, 'a CBOR integer, float, boolean, text or byte string', cborKind(v));
}

export { isObjlnk };
