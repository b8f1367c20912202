/**
 * What SenML JSON (110) and SenML CBOR (112) share (RFC 8428; LwM2M 1.1 §7.4.4-7.4.5):
 * records with a base name carried forward, names resolved as bn + n into LwM2M paths,
 * one value field per record typed by the model, optional base time + time.
 * LwM2M 1.1 allows any split of a path between bn and n ("/3/0/" + "0" and "/3/0" + "/0").
 */
import type { ObjectRegistry, ResourceType } from '../model';
import { LwM2MPath } from '../path';
import { DecodeError } from '../errors';
import {
  aType,
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

export type SenmlValue =
  | { key: 'v'; num: bigint | number }
  | { key: 'vs'; text: string }
  | { key: 'vb'; bool: boolean }
  | { key: 'vd'; bytes: Buffer }
  | { key: 'vlo'; text: string };

/** One record as read from the wire, before resolution. `where` locates it for diagnoses. */
export interface SenmlRecord {
  bn?: string;
  bt?: bigint | number;
  n?: string;
  t?: bigint | number;
  bv?: bigint | number;
  value?: SenmlValue;
  where: Where;
}

/** Reads a field's value in one encoding (JSON or CBOR); each throws a DecodeError on a wrong kind. */
export interface FieldReader {
  str(): string;
  num(): bigint | number;
  bool(): boolean;
  /** vd: base64url text in JSON, a byte string in CBOR. */
  bytes(): Buffer;
}

const IGNORED_NUMBERS = new Set(['bver', 'bs', 's', 'ut']);
const IGNORED_STRINGS = new Set(['bu', 'u']);

/** Stores one named field into the record; unknown names are ignored (RFC 8428 §4.4). */
export function applySenmlField(rec: SenmlRecord, name: string, get: FieldReader, w: Where): void {
  const setValue = (v: SenmlValue) => {
    if (rec.value) decodeFail(w, 'exactly one value field per record (RFC 8428 §4.2)', `both "${rec.value.key}" and "${name}"`);
    rec.value = v;
  };
  switch (name) {
    case 'bn':
      rec.bn = get.str();
      return;
    case 'n':
      rec.n = get.str();
      return;
    case 'bt':
      rec.bt = get.num();
      return;
    case 't':
      rec.t = get.num();
      return;
    case 'bv':
      rec.bv = get.num();
      return;
    case 'v':
      return setValue({ key: 'v', num: get.num() });
    case 'vs':
      return setValue({ key: 'vs', text: get.str() });
    case 'vlo':
      return setValue({ key: 'vlo', text: get.str() });
    case 'vb':
      return setValue({ key: 'vb', bool: get.bool() });
    case 'vd':
      return setValue({ key: 'vd', bytes: get.bytes() });
    default:
      if (IGNORED_NUMBERS.has(name)) get.num();
      else if (IGNORED_STRINGS.has(name)) get.str();
      else if (name.endsWith('_')) decodeFail(w, 'no must-understand field this receiver does not know (RFC 8428 §4.4)', `"${name}"`);
  }
}

const KEY_FOR: Record<ResourceType, SenmlValue['key'] | undefined> = {
  integer: 'v',
  unsignedInteger: 'v',
  time: 'v',
  float: 'v',
  boolean: 'vb',
  string: 'vs',
  corelnk: 'vs',
  opaque: 'vd',
  objlnk: 'vlo',
  none: undefined,
};

function addNum(a: bigint | number, b: bigint | number): bigint | number {
  return typeof a === 'bigint' && typeof b === 'bigint' ? a + b : Number(a) + Number(b);
}

/** Resolves names and types. With `pathsOnly`, records must carry no value (composite path lists). */
export function resolveSenml(format: string, requestPath: LwM2MPath, raw: SenmlRecord[], registry?: ObjectRegistry): ResourceRecord[] {
  const out: ResourceRecord[] = [];
  for (const rec of resolveNames(format, raw)) {
    const { path, r } = rec;
    if (!r.value) decodeFail(r.where, 'one value field (v, vs, vb, vd or vlo)', 'none');
    const w = { ...r.where, field: `${r.where.field} (${path})` };
    const shape = shapeOf(registry, path);
    const typed = shape.type ? typedValue(shape.type, r.value, r.bv, w) : guessedValue(r.value, r.bv, w);
    const record: ResourceRecord = { path, type: typed.type, value: typed.value };
    if (rec.time !== undefined) record.timestamp = rec.time;
    out.push(record);
  }
  return checkDecoded(format, requestPath, withoutRepeats(out), registry);
}

/**
 * RFC 8428 lets a pack name a path twice, and a Read-Composite of overlapping paths (/1/0 and
 * /1/0/1, ETS int-236) may answer each of them: the same untimed value again adds nothing and is
 * dropped. A repeat with another value stays, for checkDecoded to refuse as a contradiction.
 */
function withoutRepeats(records: ResourceRecord[]): ResourceRecord[] {
  const first = new Map<string, ResourceRecord>();
  return records.filter((r) => {
    if (r.timestamp !== undefined) return true;
    const key = String(r.path);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, r);
      return true;
    }
    return !(earlier.type === r.type && sameValue(earlier.value, r.value));
  });
}

function sameValue(a: ResourceRecord['value'], b: ResourceRecord['value']): boolean {
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  if (typeof a === 'object' && typeof b === 'object') return a.objectId === b.objectId && a.instanceId === b.instanceId;
  return a === b;
}

/** The paths of a Read-Composite / Observe-Composite request body (records without values). */
export function resolveSenmlPaths(format: string, raw: SenmlRecord[]): LwM2MPath[] {
  return resolveNames(format, raw, true).map(({ path, r }) => {
    if (r.value) decodeFail(r.where, 'no value field in a path list', `"${r.value.key}"`);
    return path;
  });
}

function resolveNames(format: string, raw: SenmlRecord[], anyLevel = false) {
  let bn = '';
  let bt: bigint | number | undefined;
  return raw.map((r) => {
    if (r.bn !== undefined) bn = r.bn;
    if (r.bt !== undefined) bt = r.bt;
    const name = bn + (r.n ?? '');
    let path: LwM2MPath;
    try {
      path = LwM2MPath.parse(name);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return decodeFail(
        r.where,
        `a base name + name forming an LwM2M path (${e.expected})`,
        `bn ${JSON.stringify(bn)} + n ${JSON.stringify(r.n ?? '')} = ${JSON.stringify(name)}`,
      );
    }
    if (!anyLevel && path.depth < 3) decodeFail(r.where, 'a resource or resource-instance name', JSON.stringify(name));
    const time = bt === undefined && r.t === undefined ? undefined : Number(addNum(bt ?? 0n, r.t ?? 0n));
    return { path, r, time };
  });
}

function typedValue(
  type: ResourceType,
  v: SenmlValue,
  bv: bigint | number | undefined,
  w: Where,
): { type: ResourceType; value: ResourceValue } {
  const key = KEY_FOR[type];
  if (!key) return decodeFail(w, 'no value: the resource is executable', `"${v.key}"`);
  if (v.key !== key) decodeFail(w, `"${key}" for ${aType(type)} resource`, `"${v.key}"`);
  switch (v.key) {
    case 'v':
      return { type, value: numberAs(type as 'integer', bv === undefined ? v.num : addNum(bv, v.num), w) };
    case 'vs':
      return { type, value: v.text };
    case 'vb':
      return { type, value: v.bool };
    case 'vd':
      return { type, value: v.bytes };
    case 'vlo':
      return { type, value: parseObjlnk(v.text, w) };
  }
}

/** Without a model: v -> integer (or unsignedInteger above 2^63-1) when integral text/CBOR int, else float. */
function guessedValue(v: SenmlValue, bv: bigint | number | undefined, w: Where): { type: ResourceType; value: ResourceValue } {
  if (v.key === 'v') {
    const n = bv === undefined ? v.num : addNum(bv, v.num);
    if (typeof n === 'number') return { type: 'float', value: n };
    return n > 2n ** 63n - 1n
      ? { type: 'unsignedInteger', value: numberAs('unsignedInteger', n, w) }
      : { type: 'integer', value: numberAs('integer', n, w) };
  }
  const t: ResourceType = v.key === 'vs' ? 'string' : v.key === 'vb' ? 'boolean' : v.key === 'vd' ? 'opaque' : 'objlnk';
  return typedValue(t, v, undefined, w);
}

// ---------------------------------------------------------------------------------------------

/** Records to write: the first carries bn (request path), the rest a relative n. */
export interface SenmlOut {
  bn?: string;
  n?: string;
  t?: number;
  value: SenmlValue;
}

export function toSenml(format: string, requestPath: LwM2MPath, records: ResourceRecord[]): SenmlOut[] {
  checkForEncoding(format, requestPath, records);
  const base = requestPath.isRoot() ? '/' : `${requestPath}/`;
  return records.map((r, i) => {
    const exact = r.path.equals(requestPath);
    const out: SenmlOut = { value: senmlValue(r.type, r.value) };
    if (exact) out.bn = String(r.path);
    else {
      if (i === 0 || records[i - 1].path.equals(requestPath)) out.bn = base;
      out.n = r.path.ids.slice(requestPath.depth).join('/');
    }
    if (r.timestamp !== undefined) out.t = r.timestamp;
    return out;
  });
}

export function senmlValue(type: ResourceType, v: ResourceValue): SenmlValue {
  switch (KEY_FOR[type]) {
    case 'v':
      return { key: 'v', num: v as bigint | number };
    case 'vs':
      return { key: 'vs', text: v as string };
    case 'vb':
      return { key: 'vb', bool: v as boolean };
    case 'vd':
      return { key: 'vd', bytes: v as Buffer };
    case 'vlo':
      return { key: 'vlo', text: objlnkToText(v as Objlnk) };
    default:
      throw new Error('no SenML value for an executable resource');
  }
}
