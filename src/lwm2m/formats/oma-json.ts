/**
 * OMA JSON (Content-Format 11543; LwM2M 1.0 §6.4.4, kept in 1.1 for compatibility):
 * {"bn":"/3/0/","bt":t0,"e":[{"n":"0","sv":"..."},{"n":"6/0","v":1},...]} with value keys
 * v (numbers and Time), bv, sv (strings, and Opaque as base64), ov (Objlnk "o:i").
 */
import type { ObjectRegistry, ResourceType } from '../model';
import { LwM2MPath } from '../path';
import { DecodeError } from '../errors';
import { decodeUtf8Strict } from '../utf8';
import {
  aType,
  decodeBase64,
  decodeFail,
  numberAs,
  objlnkToText,
  parseObjlnk,
  shapeOf,
  type Objlnk,
  type ResourceRecord,
  type ResourceValue,
  type Where,
} from '../values';
import { checkDecoded, checkForEncoding } from '../records';
import { jsonKind, jsonNumber, parseJsonStrict, type JsonValue } from './json';
import { jsonNum } from './senml-json';

const FORMAT = 'OMA JSON';
type Key = 'v' | 'bv' | 'sv' | 'ov';
const KEY_FOR: Record<ResourceType, Key | undefined> = {
  integer: 'v',
  unsignedInteger: 'v',
  time: 'v',
  float: 'v',
  boolean: 'bv',
  string: 'sv',
  corelnk: 'sv',
  opaque: 'sv',
  objlnk: 'ov',
  none: undefined,
};

export function encodeOmaJson(requestPath: LwM2MPath, records: ResourceRecord[]): Buffer {
  checkForEncoding(FORMAT, requestPath, records);
  const exact = records.length === 1 && records[0].path.equals(requestPath);
  const bn = exact ? String(requestPath) : requestPath.isRoot() ? '/' : `${requestPath}/`;
  const entries = records.map((r) => {
    const f: string[] = [];
    if (!exact) f.push(`"n":${JSON.stringify(r.path.ids.slice(requestPath.depth).join('/'))}`);
    f.push(`"${KEY_FOR[r.type]}":${jsonValue(r.type, r.value)}`);
    if (r.timestamp !== undefined) f.push(`"t":${jsonNum(r.timestamp)}`);
    return `{${f.join(',')}}`;
  });
  return Buffer.from(`{"bn":${JSON.stringify(bn)},"e":[${entries.join(',')}]}`, 'utf8');
}

function jsonValue(type: ResourceType, v: ResourceValue): string {
  switch (type) {
    case 'boolean':
      return String(v);
    case 'string':
    case 'corelnk':
      return JSON.stringify(v);
    case 'opaque':
      return JSON.stringify((v as Buffer).toString('base64'));
    case 'objlnk':
      return JSON.stringify(objlnkToText(v as Objlnk));
    default:
      return jsonNum(v as bigint | number);
  }
}

export function decodeOmaJson(requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry): ResourceRecord[] {
  const doc = parseJsonStrict(decodeUtf8Strict(bytes, FORMAT), FORMAT);
  const top: Where = { format: FORMAT, offset: doc.offset };
  if (doc.kind !== 'object') return decodeFail(top, 'a JSON object {"bn", "bt", "e"}', jsonKind(doc));
  let bn: string | undefined;
  let bt: bigint | number | undefined;
  let e: JsonValue | undefined;
  for (const [key, { keyOffset, value }] of doc.entries) {
    const w = { format: FORMAT, offset: value.offset, field: `"${key}"` };
    if (key === 'bn') bn = value.kind === 'string' ? value.value : decodeFail(w, 'a string', jsonKind(value));
    else if (key === 'bt') bt = value.kind === 'number' ? jsonNumber(value) : decodeFail(w, 'a number', jsonKind(value));
    else if (key === 'e') e = value;
    else decodeFail({ format: FORMAT, offset: keyOffset }, 'only "bn", "bt" and "e" at the top level', `"${key}"`);
  }
  if (!e || e.kind !== 'array') return decodeFail(top, 'an "e" array of entries', e ? jsonKind(e) : 'none');
  const records = e.items.map((item, i) => entry(item, i, requestPath, bn, bt, registry));
  return checkDecoded(FORMAT, requestPath, records, registry);
}

function entry(
  item: JsonValue,
  i: number,
  requestPath: LwM2MPath,
  bn: string | undefined,
  bt: bigint | number | undefined,
  registry?: ObjectRegistry,
): ResourceRecord {
  const where: Where = { format: FORMAT, offset: item.offset, field: `e[${i}]` };
  if (item.kind !== 'object') return decodeFail(where, 'a JSON object', jsonKind(item));
  let n: string | undefined;
  let t: bigint | number | undefined;
  let value: { key: Key; v: JsonValue } | undefined;
  for (const [key, { keyOffset, value: v }] of item.entries) {
    const w = { format: FORMAT, offset: v.offset, field: `e[${i}] "${key}"` };
    if (key === 'n') n = v.kind === 'string' ? v.value : decodeFail(w, 'a string', jsonKind(v));
    else if (key === 't') t = v.kind === 'number' ? jsonNumber(v) : decodeFail(w, 'a number', jsonKind(v));
    else if (key === 'v' || key === 'bv' || key === 'sv' || key === 'ov') {
      if (value) decodeFail({ ...w, offset: keyOffset }, 'exactly one value field (v, bv, sv or ov)', `both "${value.key}" and "${key}"`);
      value = { key, v };
    } else
      decodeFail({ format: FORMAT, offset: keyOffset, field: `e[${i}]` }, 'only "n", "t", "v", "bv", "sv", "ov" in an entry', `"${key}"`);
  }
  // Names are relative to bn; without bn, to the request path (LwM2M 1.0 §6.4.4).
  const base = bn ?? (n === undefined ? String(requestPath) : requestPath.isRoot() ? '/' : `${requestPath}/`);
  const name = base + (n ?? '');
  let path: LwM2MPath;
  try {
    path = LwM2MPath.parse(name);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    return decodeFail(where, `"bn" + "n" forming an LwM2M path (${err.expected})`, JSON.stringify(name));
  }
  if (!value) return decodeFail(where, 'one value field (v, bv, sv or ov)', 'none');
  const w = { format: FORMAT, offset: value.v.offset, field: `e[${i}] "${value.key}" (${path})` };
  const type = shapeOf(registry, path).type ?? guessType(value.key, value.v);
  const want = KEY_FOR[type];
  if (!want) return decodeFail(w, 'no value: the resource is executable', `"${value.key}"`);
  if (want !== value.key) decodeFail(w, `"${want}" for ${aType(type)} resource`, `"${value.key}"`);
  const rec: ResourceRecord = { path, type, value: typed(type, value.v, w) };
  if (bt !== undefined || t !== undefined) rec.timestamp = Number(bt ?? 0) + Number(t ?? 0);
  return rec;
}

function guessType(key: Key, v: JsonValue): ResourceType {
  if (key === 'v')
    return v.kind === 'number' && /^-?[0-9]+$/.test(v.text) ? (BigInt(v.text) > 2n ** 63n - 1n ? 'unsignedInteger' : 'integer') : 'float';
  return key === 'bv' ? 'boolean' : key === 'ov' ? 'objlnk' : 'string';
}

function typed(type: ResourceType, v: JsonValue, w: Where): ResourceValue {
  switch (type) {
    case 'boolean':
      return v.kind === 'boolean' ? v.value : decodeFail(w, 'true or false', jsonKind(v));
    case 'string':
    case 'corelnk':
    case 'opaque':
    case 'objlnk': {
      if (v.kind !== 'string') return decodeFail(w, 'a string', jsonKind(v));
      if (type === 'opaque') return decodeBase64(v.value, w);
      if (type === 'objlnk') return parseObjlnk(v.value, w);
      return v.value;
    }
    default:
      if (v.kind !== 'number') return decodeFail(w, 'a number', jsonKind(v));
      return numberAs(type as 'integer', jsonNumber(v), w);
  }
}
