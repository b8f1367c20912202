/**
 * Values in feature text (a table of `path | value`) as typed LwM2M records, and the rule that
 * what a Read returns equals what was written. The type of each value comes from the object
 * definition of its path, so "101" is an integer for /1/x/2 and a string for /16/0/0/0.
 */
import type { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import type { ResourceRecord, ResourceValue } from '../../lwm2m/content';
import { showValue } from '../../peers/payload-view';

/** Parses one value as the resource's type: integers, "true"/"false", "quoted" or bare strings, 0x hex, "3:0". */
export function parseFeatureValue(text: string, path: LwM2MPath, registry: ObjectRegistry): ResourceRecord {
  const def = path.resourceId === undefined ? undefined : registry.resource(path.objectId!, path.resourceId);
  if (!def) throw new Error(`feature value for ${path}: no resource definition for this path`);
  const bad = (what: string): never => {
    throw new Error(`feature value for ${path}: "${text}" is not ${what}`);
  };
  const unquoted = /^".*"$/.test(text) ? text.slice(1, -1) : text;
  let value: ResourceValue;
  switch (def.type) {
    case 'integer':
    case 'unsignedInteger':
    case 'time':
      if (!/^-?[0-9]+$/.test(text)) bad('an integer');
      value = BigInt(text);
      break;
    case 'float':
      if (Number.isNaN(Number(text))) bad('a number');
      value = Number(text);
      break;
    case 'boolean':
      if (text !== 'true' && text !== 'false') bad('true or false');
      value = text === 'true';
      break;
    case 'opaque':
      if (!/^0x([0-9a-fA-F]{2})*$/.test(text)) bad('0x followed by hex bytes');
      value = Buffer.from(text.slice(2), 'hex');
      break;
    case 'objlnk': {
      const m = /^([0-9]+):([0-9]+)$/.exec(text) ?? bad('an object link "o:i"');
      value = { objectId: Number(m[1]), instanceId: Number(m[2]) };
      break;
    }
    default:
      value = unquoted;
  }
  return { path, type: def.type, value };
}

/** Whether two decoded values are equal (numbers across bigint/number, bytes by content). */
export function sameValue(a: ResourceValue, b: ResourceValue): boolean {
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const n = (v: ResourceValue) => (typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : undefined);
    return n(a) !== undefined && n(a) === n(b);
  }
  return showValue(a) === showValue(b);
}

/** A value a Read must show at a path; no value: present with any value. */
export interface Expected {
  path: LwM2MPath;
  value?: ResourceValue;
}

/**
 * Requires every expected record to appear in `records` with an equal value; `source` says
 * where the expectation comes from ("was written", "was saved before the procedure").
 */
export function checkRecordsHold(records: ResourceRecord[], expected: Expected[], source: string): string[] {
  const problems: string[] = [];
  for (const e of expected) {
    const found = records.find((r) => r.path.equals(e.path));
    if (!found) problems.push(`${e.path} is missing${e.value === undefined ? '' : ` (${showValue(e.value)} ${source})`}`);
    else if (e.value !== undefined && !sameValue(found.value, e.value))
      problems.push(`${e.path} is ${showValue(found.value)}, but ${showValue(e.value)} ${source}`);
  }
  return problems;
}

/**
 * The saved records a restore is judged on: those the model gives a server operation (R or W).
 * A resource with none (Server 1.1 /1/x/13..20 in the model) is not written back, so what a
 * replace leaves of it is not the restore's to judge (AVSystem Anjay clears it, as a replace may).
 */
export function restorableRecords(records: ResourceRecord[], registry: ObjectRegistry): ResourceRecord[] {
  return records.filter((r) => {
    const ops = registry.resource(r.path.objectId!, r.path.resourceId!)?.operations;
    return ops === undefined || ops.includes('R') || ops.includes('W');
  });
}

/** The records a replace Write may carry back: the writable resources among saved ones. */
export function writableRecords(records: ResourceRecord[], registry: ObjectRegistry): ResourceRecord[] {
  return records.filter((r) => registry.resource(r.path.objectId!, r.path.resourceId!)?.operations.includes('W'));
}
