/**
 * Resource values as the codecs exchange them, with the range rules of each LwM2M data type.
 * Integer, Unsigned Integer and Time are bigint so that 64-bit values stay exact.
 */
import { DecodeError, EncodeError } from './errors';
import type { LwM2MPath } from './path';
import type { ObjectRegistry, ResourceType } from './model';

export type { ResourceType } from './model';

export interface Objlnk {
  objectId: number;
  instanceId: number;
}

export type ResourceValue = string | bigint | number | boolean | Buffer | Objlnk;

/** One value at a resource (single-instance) or resource-instance path. */
export interface ResourceRecord {
  path: LwM2MPath;
  type: ResourceType;
  value: ResourceValue;
  /** SenML time (bt + t) when the payload gave one: Send and notifications may carry history. */
  timestamp?: number;
}

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
export const UINT64_MAX = 2n ** 64n - 1n;

/** What the model says about a path's resource; `type` undefined when the resource is unknown. */
export interface ResourceShape {
  type?: ResourceType;
  multiple?: boolean;
}

export function shapeOf(registry: ObjectRegistry | undefined, path: LwM2MPath): ResourceShape {
  if (!registry || path.resourceId === undefined) return {};
  const def = registry.resource(path.objectId!, path.resourceId);
  return def ? { type: def.type, multiple: def.multiple } : {};
}

/** Checks that a record's value fits its type; encoders call this before writing. */
export function checkRecord(format: string, r: ResourceRecord): void {
  const bad = (why: string): never => {
    throw new EncodeError(format, `${r.path}: ${why}`);
  };
  if (r.path.depth < 3) bad('a record needs a resource or resource-instance path');
  const v = r.value;
  switch (r.type) {
    case 'integer':
    case 'time':
      if (typeof v !== 'bigint') bad(`${r.type} value must be a bigint`);
      if ((v as bigint) < INT64_MIN || (v as bigint) > INT64_MAX) bad(`${v} is outside the signed 64-bit range`);
      return;
    case 'unsignedInteger':
      if (typeof v !== 'bigint') bad('unsignedInteger value must be a bigint');
      if ((v as bigint) < 0n || (v as bigint) > UINT64_MAX) bad(`${v} is outside 0..2^64-1`);
      return;
    case 'float':
      if (typeof v !== 'number' || !Number.isFinite(v)) bad('float value must be a finite number');
      return;
    case 'boolean':
      if (typeof v !== 'boolean') bad('boolean value must be a boolean');
      return;
    case 'string':
    case 'corelnk':
      if (typeof v !== 'string') bad(`${r.type} value must be a string`);
      return;
    case 'opaque':
      if (!Buffer.isBuffer(v)) bad('opaque value must be a Buffer');
      return;
    case 'objlnk':
      if (!isObjlnk(v)) bad('objlnk value must be { objectId, instanceId } with ids 0..65535');
      return;
    case 'none':
      bad('an executable resource (type none) has no value to encode');
  }
}

export function isObjlnk(v: unknown): v is Objlnk {
  if (typeof v !== 'object' || v === null || Buffer.isBuffer(v)) return false;
  const o = v as Objlnk;
  return [o.objectId, o.instanceId].every((n) => Number.isInteger(n) && n >= 0 && n <= 65535);
}

/** "an integer resource", "a float resource": the type with its article, for diagnoses. */
export function aType(type: ResourceType): string {
  return `${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type}`;
}

/** Context for decode diagnoses. */
export interface Where {
  format: string;
  offset?: number;
  field?: string;
}

export function decodeFail(w: Where, expected: string, actual: string): never {
  throw new DecodeError({ format: w.format, offset: w.offset, field: w.field, expected, actual });
}

/** A numeric value read from a payload (int from CBOR/JSON digits, or float) -> the resource's type. */
export function numberAs(type: 'integer' | 'unsignedInteger' | 'time' | 'float', n: bigint | number, w: Where): bigint | number {
  if (type === 'float') return typeof n === 'bigint' ? Number(n) : n;
  let b: bigint;
  if (typeof n === 'bigint') b = n;
  else if (Number.isInteger(n))
    b = BigInt(n); // an integral float (e.g. 25.0): RFC 8428 lets `v` be any number
  else return decodeFail(w, `an integer for ${aType(type)} resource`, String(n));
  const [min, max, label] = type === 'unsignedInteger' ? [0n, UINT64_MAX, '0..2^64-1'] : [INT64_MIN, INT64_MAX, 'the signed 64-bit range'];
  if (b < min || b > max) decodeFail(w, `${aType(type)} in ${label}`, b.toString());
  return b;
}

// ---------------------------------------------------------------------------------------------
// Text representations (Plain Text, OMA JSON "ov", SenML "vlo", CBOR text for Objlnk)

export function objlnkToText(o: Objlnk): string {
  return `${o.objectId}:${o.instanceId}`;
}

export function parseObjlnk(text: string, w: Where): Objlnk {
  const m = /^(0|[1-9][0-9]{0,4}):(0|[1-9][0-9]{0,4})$/.exec(text);
  if (!m || Number(m[1]) > 65535 || Number(m[2]) > 65535)
    decodeFail(w, 'an object link "<objectId>:<instanceId>" with ids 0..65535', JSON.stringify(text));
  return { objectId: Number(m[1]), instanceId: Number(m[2]) };
}

/** Plain-text form of a value (LwM2M 1.1 §7.3.1 / 1.0 §6.4.1). */
export function valueToText(type: ResourceType, v: ResourceValue): string {
  switch (type) {
    case 'boolean':
      return v ? '1' : '0';
    case 'opaque':
      return (v as Buffer).toString('base64');
    case 'objlnk':
      return objlnkToText(v as Objlnk);
    default:
      return String(v);
  }
}

const INT_TEXT = /^-?[0-9]+$/;
const FLOAT_TEXT = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function textToValue(type: ResourceType, text: string, w: Where): ResourceValue {
  switch (type) {
    case 'integer':
    case 'unsignedInteger':
    case 'time':
      if (!INT_TEXT.test(text)) decodeFail(w, `a decimal ${type}`, JSON.stringify(text));
      return numberAs(type, BigInt(text), w);
    case 'float':
      if (!FLOAT_TEXT.test(text)) decodeFail(w, 'a decimal float', JSON.stringify(text));
      if (!Number.isFinite(Number(text))) decodeFail(w, 'a float within double range', JSON.stringify(text));
      return Number(text);
    case 'boolean':
      if (text !== '0' && text !== '1') decodeFail(w, 'a boolean "0" or "1"', JSON.stringify(text));
      return text === '1';
    case 'opaque':
      return decodeBase64(text, w);
    case 'objlnk':
      return parseObjlnk(text, w);
    case 'string':
    case 'corelnk':
      return text;
    case 'none':
      return decodeFail(w, 'no value (the resource is executable)', JSON.stringify(text));
  }
}

/** Strict standard base64 with padding (RFC 4648 §4), as Plain Text and OMA JSON use. */
export function decodeBase64(text: string, w: Where): Buffer {
  if (!BASE64.test(text))
    decodeFail(w, 'standard base64 (RFC 4648 §4, padded)', JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text));
  return Buffer.from(text, 'base64');
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Base64url without padding (RFC 8428 §4.3 "vd"). */
export function decodeBase64Url(text: string, w: Where): Buffer {
  if (!BASE64URL.test(text) || text.length % 4 === 1) {
    decodeFail(w, 'base64url without padding (RFC 8428 §4.3)', JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text));
  }
  return Buffer.from(text, 'base64url');
}
