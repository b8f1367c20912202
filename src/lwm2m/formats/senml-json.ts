/** SenML JSON (Content-Format 110; RFC 8428 §5, LwM2M 1.1 §7.4.4). */
import type { ObjectRegistry } from '../model';
import type { LwM2MPath } from '../path';
import { decodeUtf8Strict } from '../utf8';
import { decodeBase64Url, decodeFail, type Where } from '../values';
import { parseJsonStrict, jsonNumber, jsonKind, type JsonValue } from './json';
import {
  applySenmlField,
  resolveSenml,
  resolveSenmlPaths,
  toSenml,
  type FieldReader,
  type SenmlOut,
  type SenmlRecord,
  type SenmlValue,
} from './senml';

const FORMAT = 'SenML JSON';

export function encodeSenmlJson(requestPath: LwM2MPath, records: Parameters<typeof toSenml>[2]): Buffer {
  return writeSenmlJson(toSenml(FORMAT, requestPath, records));
}

export function writeSenmlJson(recs: Array<Partial<SenmlOut>>): Buffer {
  const parts = recs.map((r) => {
    const f: string[] = [];
    if (r.bn !== undefined) f.push(`"bn":${JSON.stringify(r.bn)}`);
    if (r.n !== undefined) f.push(`"n":${JSON.stringify(r.n)}`);
    if (r.t !== undefined) f.push(`"t":${jsonNum(r.t)}`);
    if (r.value) f.push(jsonValueField(r.value));
    return `{${f.join(',')}}`;
  });
  return Buffer.from(`[${parts.join(',')}]`, 'utf8');
}

export function jsonNum(n: bigint | number): string {
  if (typeof n === 'bigint') return n.toString();
  // Keep floats recognisable as floats: 5 -> "5.0" (JSON has one number type; readers without a model look at the text).
  const s = JSON.stringify(n);
  return /^-?[0-9]+$/.test(s) ? `${s}.0` : s;
}

function jsonValueField(v: SenmlValue): string {
  switch (v.key) {
    case 'v':
      return `"v":${jsonNum(v.num)}`;
    case 'vs':
      return `"vs":${JSON.stringify(v.text)}`;
    case 'vb':
      return `"vb":${v.bool}`;
    case 'vd':
      return `"vd":"${v.bytes.toString('base64url')}"`;
    case 'vlo':
      return `"vlo":${JSON.stringify(v.text)}`;
  }
}

export function decodeSenmlJson(requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry) {
  return resolveSenml(FORMAT, requestPath, readSenmlJson(bytes), registry);
}

export function decodeSenmlJsonPaths(bytes: Buffer): LwM2MPath[] {
  return resolveSenmlPaths(FORMAT, readSenmlJson(bytes));
}

export function readSenmlJson(bytes: Buffer): SenmlRecord[] {
  const doc = parseJsonStrict(decodeUtf8Strict(bytes, FORMAT), FORMAT);
  if (doc.kind !== 'array') decodeFail({ format: FORMAT, offset: doc.offset }, 'a JSON array of SenML records', jsonKind(doc));
  return doc.items.map((item, i) => {
    const where: Where = { format: FORMAT, offset: item.offset, field: `record ${i}` };
    if (item.kind !== 'object') decodeFail(where, 'a JSON object (a SenML record)', jsonKind(item));
    const rec: SenmlRecord = { where };
    for (const [key, { keyOffset, value }] of item.entries) {
      const w: Where = { format: FORMAT, offset: keyOffset, field: `record ${i} "${key}"` };
      applySenmlField(rec, key, jsonFieldReader(value, { ...w, offset: value.offset }), w);
    }
    return rec;
  });
}

function jsonFieldReader(value: JsonValue, w: Where): FieldReader {
  const str = () => (value.kind === 'string' ? value.value : decodeFail(w, 'a string', jsonKind(value)));
  return {
    str,
    num: () => (value.kind === 'number' ? jsonNumber(value) : decodeFail(w, 'a number', jsonKind(value))),
    bool: () => (value.kind === 'boolean' ? value.value : decodeFail(w, 'true or false', jsonKind(value))),
    bytes: () => decodeBase64Url(str(), w),
  };
}
