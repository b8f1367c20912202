/** SenML CBOR (Content-Format 112; RFC 8428 §6, LwM2M 1.1 §7.4.5): integer labels, "vlo" as text. */
import type { ObjectRegistry } from '../model';
import type { LwM2MPath } from '../path';
import { decodeFail, type Where } from '../values';
import { cborArray, cborBool, cborBytes, cborFloat, cborInt, cborKind, cborMap, cborText, decodeCborStrict } from './cbor';
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

const FORMAT = 'SenML CBOR';

// RFC 8428 Table 4 (CBOR labels); LwM2M adds "vlo" as a text label.
const LABEL = { bver: -1, bn: -2, bt: -3, bu: -4, bv: -5, bs: -6, n: 0, u: 1, v: 2, vs: 3, vb: 4, s: 5, t: 6, ut: 7, vd: 8 } as const;
const NAME_OF = new Map<bigint, string>(Object.entries(LABEL).map(([k, v]) => [BigInt(v), k]));

export function encodeSenmlCbor(requestPath: LwM2MPath, records: Parameters<typeof toSenml>[2]): Buffer {
  return writeSenmlCbor(toSenml(FORMAT, requestPath, records));
}

export function writeSenmlCbor(recs: Array<Partial<SenmlOut>>): Buffer {
  return cborArray(
    recs.map((r) => {
      const e: Array<[Buffer, Buffer]> = [];
      if (r.bn !== undefined) e.push([cborInt(LABEL.bn), cborText(r.bn)]);
      if (r.n !== undefined) e.push([cborInt(LABEL.n), cborText(r.n)]);
      if (r.t !== undefined) e.push([cborInt(LABEL.t), Number.isInteger(r.t) ? cborInt(BigInt(r.t)) : cborFloat(r.t)]);
      if (r.value) e.push(valueEntry(r.value));
      return cborMap(e);
    }),
  );
}

function valueEntry(v: SenmlValue): [Buffer, Buffer] {
  switch (v.key) {
    case 'v':
      return [cborInt(LABEL.v), typeof v.num === 'bigint' ? cborInt(v.num) : cborFloat(v.num)];
    case 'vs':
      return [cborInt(LABEL.vs), cborText(v.text)];
    case 'vb':
      return [cborInt(LABEL.vb), cborBool(v.bool)];
    case 'vd':
      return [cborInt(LABEL.vd), cborBytes(v.bytes)];
    case 'vlo':
      return [cborText('vlo'), cborText(v.text)];
  }
}

export function decodeSenmlCbor(requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry) {
  return resolveSenml(FORMAT, requestPath, readSenmlCbor(bytes), registry);
}

export function decodeSenmlCborPaths(bytes: Buffer): LwM2MPath[] {
  return resolveSenmlPaths(FORMAT, readSenmlCbor(bytes));
}

export function readSenmlCbor(bytes: Buffer): SenmlRecord[] {
  const doc = decodeCborStrict(bytes, FORMAT);
  if (!Array.isArray(doc)) decodeFail({ format: FORMAT }, 'a CBOR array of SenML records', cborKind(doc));
  return (doc as unknown[]).map((item, i) => {
    const where: Where = { format: FORMAT, field: `record ${i}` };
    if (!(item instanceof Map)) decodeFail(where, 'a CBOR map (a SenML record)', cborKind(item));
    const rec: SenmlRecord = { where };
    for (const [k, value] of item as Map<unknown, unknown>) {
      let name: string | undefined;
      if (typeof k === 'bigint') name = NAME_OF.get(k);
      else if (k === 'vlo') name = 'vlo';
      else if (typeof k === 'string' && k in LABEL) {
        decodeFail(
          { ...where, field: `record ${i} key "${k}"` },
          `the integer label ${LABEL[k as keyof typeof LABEL]} for "${k}" (RFC 8428 §6)`,
          `the text key "${k}"`,
        );
      } else if (typeof k === 'string' && k.endsWith('_')) {
        decodeFail(
          { ...where, field: `record ${i} key "${k}"` },
          'no must-understand field this receiver does not know (RFC 8428 §4.4)',
          `"${k}"`,
        );
      }
      if (name === undefined) continue; // unknown labels are ignored (RFC 8428 §4.4)
      const w: Where = { format: FORMAT, field: `record ${i} "${name}"` };
      applySenmlField(rec, name, cborFieldReader(value, w), w);
    }
    return rec;
  });
}

function cborFieldReader(value: unknown, w: Where): FieldReader {
  return {
    str: () => (typeof value === 'string' ? value : decodeFail(w, 'a text string', cborKind(value))),
    num: () => (typeof value === 'bigint' || typeof value === 'number' ? value : decodeFail(w, 'a number', cborKind(value))),
    bool: () => (typeof value === 'boolean' ? value : decodeFail(w, 'true or false', cborKind(value))),
    bytes: () => (value instanceof Uint8Array ? Buffer.from(value) : decodeFail(w, 'a byte string', cborKind(value))),
  };
}
