/**
 * Judging values against the object definition's RangeEnumeration (e.g. Battery Level 0..100,
 * SMS Binding Key length 6). A decoder accepts any value of the right type; whether the value
 * is allowed for that resource is this separate check, so a verdict can say which it was.
 * For String and Opaque resources the range bounds the length in bytes.
 */
import type { ObjectRegistry } from './model';
import type { ResourceRecord } from './values';

export interface RangeProblem {
  path: string;
  range: string;
  actual: string;
  message: string;
}

export function checkRanges(records: ResourceRecord[], registry: ObjectRegistry): RangeProblem[] {
  const problems: RangeProblem[] = [];
  for (const r of records) {
    const def = r.path.resourceId === undefined ? undefined : registry.resource(r.path.objectId!, r.path.resourceId);
    if (!def?.range) continue;
    let measured: number | bigint;
    let what: string;
    if (r.type === 'string' || r.type === 'corelnk') {
      measured = Buffer.byteLength(r.value as string, 'utf8');
      what = 'length in bytes';
    } else if (r.type === 'opaque') {
      measured = (r.value as Buffer).length;
      what = 'length in bytes';
    } else if (typeof r.value === 'bigint' || typeof r.value === 'number') {
      measured = r.value;
      what = 'value';
    } else continue;
    const inside = def.range.some((iv) => Number(measured) >= iv.min && Number(measured) <= iv.max);
    if (!inside) {
      problems.push({
        path: String(r.path),
        range: def.rangeText!,
        actual: String(measured),
        message: `${r.path} (${def.name}): ${what} ${measured} is outside the defined range ${def.rangeText}`,
      });
    }
  }
  return problems;
}
