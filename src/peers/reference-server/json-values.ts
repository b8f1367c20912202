/**
 * LwM2M values as JSON for the reference server's HTTP API: integers as numbers (as strings
 * beyond 2^53), opaque as hex, object links as "o:i". `fromJson` reads a value an API caller
 * gives for a resource of a known type.
 */
import type { ResourceRecord, ResourceValue, ResourceType } from '../../lwm2m/content';

export type JsonValue = string | number | boolean;

export function toJson(v: ResourceValue): JsonValue {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (typeof v === 'object') return `${v.objectId}:${v.instanceId}`;
  return v;
}

/** Records as { "/3/0/0": value, ... }. */
export function recordsToJson(records: ResourceRecord[]): Record<string, JsonValue> {
  return Object.fromEntries(records.map((r) => [String(r.path), toJson(r.value)]));
}

export class ValueError extends Error {}

export function fromJson(type: ResourceType, v: unknown): ResourceValue {
  const bad = (): never => {
    throw new ValueError(`expected a ${type} value, found ${JSON.stringify(v)}`);
  };
  switch (type) {
    case 'integer':
    case 'unsignedInteger':
    case 'time':
      if ((typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?[0-9]+$/.test(v))) return BigInt(v);
      return bad();
    case 'float':
      return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v)) ? Number(v) : bad();
    case 'boolean':
      return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : bad();
    case 'opaque':
      return typeof v === 'string' && /^([0-9a-fA-F]{2})*$/.test(v) ? Buffer.from(v, 'hex') : bad();
    case 'objlnk': {
      const m = typeof v === 'string' ? /^([0-9]+):([0-9]+)$/.exec(v) : null;
      return m ? { objectId: Number(m[1]), instanceId: Number(m[2]) } : bad();
    }
    default:
      return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : bad();
  }
}
