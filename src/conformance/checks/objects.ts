/**
 * Judging a Read of a core object instance (/4, /5, /6, /7) against its object definition (the
 * DDF the harness loads): every mandatory readable resource present, nothing unreadable served,
 * each value of its defined type (the strict decoders check that) within its defined range, and
 * the admissible values the definitions state in words (an IP address, degrees of latitude).
 */
import { isIP } from 'node:net';
import type { ObjectRegistry } from '../../lwm2m/model';
import { checkRanges } from '../../lwm2m/ranges';
import type { ResourceRecord } from '../../lwm2m/content';
import { showValue } from '../../peers/payload-view';

/** Admissibility the DDF gives in its descriptions rather than as a RangeEnumeration. */
const ADMISSIBLE: Record<string, { what: string; ok: (v: unknown) => boolean }> = {
  '4/4': { what: 'an IP address', ok: (v) => typeof v === 'string' && isIP(v) !== 0 },
  '4/5': { what: 'an IP address', ok: (v) => typeof v === 'string' && isIP(v) !== 0 },
  '6/0': { what: 'degrees of latitude in -90..90', ok: (v) => typeof v === 'number' && v >= -90 && v <= 90 },
  '6/1': { what: 'degrees of longitude in -180..180', ok: (v) => typeof v === 'number' && v >= -180 && v <= 180 },
  '6/3': { what: 'a radius of 0 m or more', ok: (v) => typeof v === 'number' && v >= 0 },
  '6/5': { what: 'a time after 1970-01-01', ok: (v) => typeof v === 'bigint' && v > 0n },
  '6/6': { what: 'a speed of 0 m/s or more', ok: (v) => typeof v === 'number' && v >= 0 },
  ...Object.fromEntries(
    [0, 1, 2, 3, 4, 5, 8].map((rid) => [
      `7/${rid}`,
      { what: 'a count of 0 or more', ok: (v: unknown) => typeof v === 'bigint' && v >= 0n },
    ]),
  ),
};

/**
 * Problems of an instance read of `/objectId/instanceId`; `alsoRequired` are optional resources
 * the case needs all the same (int-751: /5/0/8).
 */
export function checkInstanceAgainstDefinition(
  records: ResourceRecord[],
  objectId: number,
  instanceId: number,
  registry: ObjectRegistry,
  alsoRequired: number[] = [],
): string[] {
  const def = registry.get(objectId);
  if (!def) throw new Error(`no definition of object ${objectId} is loaded`);
  const problems: string[] = [];
  const served = new Set(records.map((r) => r.path.resourceId));
  for (const res of def.resources.values()) {
    const readable = res.operations.includes('R');
    const needed = readable && (res.mandatory || alsoRequired.includes(res.id));
    if (needed && !served.has(res.id)) problems.push(`${res.name} (/${objectId}/${instanceId}/${res.id}) is missing`);
    if (!readable && served.has(res.id))
      problems.push(
        `${res.name} (/${objectId}/${instanceId}/${res.id}) is served in a Read, but its operations are "${res.operations || 'none'}"`,
      );
  }
  problems.push(...checkRanges(records, registry).map((p) => p.message));
  for (const r of records) {
    const rule = ADMISSIBLE[`${objectId}/${r.path.resourceId}`];
    if (rule && !rule.ok(r.value)) {
      const name = def.resources.get(r.path.resourceId!)?.name ?? 'resource';
      problems.push(`${r.path} (${name}) is ${showValue(r.value)}, not ${rule.what}`);
    }
  }
  return problems;
}

/** Connectivity Statistics after a collection (int-901): the counts must agree with each other. */
export function checkStatisticsCoherent(records: ResourceRecord[]): string[] {
  const value = (rid: number) => records.find((r) => r.path.resourceId === rid)?.value;
  const max = value(4);
  const average = value(5);
  if (typeof max === 'bigint' && typeof average === 'bigint' && average > max)
    return [`the Average Message Size (/7/0/5) ${average} B exceeds the Max Message Size (/7/0/4) ${max} B`];
  return [];
}

/** The value a resource holds in a read, as the problem sentence names it when it is not `expected`. */
export function checkResourceValue(records: ResourceRecord[], path: string, name: string, expected: bigint): string[] {
  const found = records.find((r) => r.path.toString() === path);
  if (!found) return [`${name} (${path}) is missing`];
  return found.value === expected ? [] : [`${name} (${path}) is ${showValue(found.value)}, not the written ${expected}`];
}
