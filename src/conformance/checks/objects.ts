/**
 * Judging a Read of a core object instance (/4, /5, /6, /7) against its object definition (the
 * DDF the harness loads): every mandatory readable resource present, nothing unreadable served,
 * each value of its defined type (the strict decoders check that) within its defined range, and
 * the admissible values the definitions state in words (an IP address, degrees of latitude).
 */
import { isIP } from 'node:net';
import type { ObjectRegistry } from '../../lwm2m/model';
import { checkRanges } from '../../lwm2m/ranges';
import { isObjlnk } from '../../lwm2m/values';
import type { ResourceRecord } from '../../lwm2m/content';
import { showValue } from '../../peers/payload-view';
import { nameNotification, type Notification } from './information-reporting';
import { parseLinkFormatBytes } from '../../lwm2m/link-format';
import { DecodeError } from '../../lwm2m/errors';
import { checkTransitions, stateName } from './firmware';

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
  problems.push(...checkValues(records, registry));
  return problems;
}

/** Each value within its defined range and, where the definition says so in words, admissible. */
export function checkValues(records: ResourceRecord[], registry: ObjectRegistry): string[] {
  const problems = checkRanges(records, registry).map((p) => p.message);
  for (const r of records) {
    const rule = ADMISSIBLE[`${r.path.objectId}/${r.path.resourceId}`];
    if (rule && !rule.ok(r.value)) {
      const name = registry.get(r.path.objectId!)?.resources.get(r.path.resourceId!)?.name ?? 'resource';
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

/**
 * Observation of an object instance or resource (int-710, 810, 910, 1203, 1900, …): the Observe
 * response (`which` "response") or each notification after it ("notifications") decoded and
 * admissible by the object definition, as a Read of the same path must be.
 */
export function checkObservedInstance(
  log: readonly Notification[],
  objectId: number,
  instanceId: number,
  registry: ObjectRegistry,
  which: 'response' | 'notifications',
  resourceId?: number,
): string[] {
  const start = log[0]?.at ?? 0;
  const messages = which === 'response' ? log.slice(0, 1) : log.slice(1);
  return messages.flatMap((n) => {
    const name = which === 'response' ? 'the Observe response' : nameNotification(n, start);
    if (n.code !== '2.05') return [`${name} is ${n.code}, not 2.05 Content`];
    if (n.problem) return [`${name} does not decode: ${n.problem}`];
    if (!n.records) return [`${name} carries no values`];
    const problems =
      resourceId === undefined
        ? checkInstanceAgainstDefinition(n.records, objectId, instanceId, registry)
        : checkValues(n.records, registry);
    return problems.map((p) => `${name}: ${p}`);
  });
}

/**
 * Location Timestamps (/6/0/5, int-810): the time of a measurement already made, so never later
 * than the message carrying it (the seconds truncated, plus the tolerance), and never earlier
 * than the one notified before.
 */
export function checkLocationTimestamps(log: readonly Notification[], toleranceMs: number): string[] {
  const start = log[0]?.at ?? 0;
  const problems: string[] = [];
  let before: bigint | undefined;
  for (const [i, n] of log.entries()) {
    const ts = n.records?.find((r) => r.path.resourceId === 5)?.value;
    if (typeof ts !== 'bigint') continue;
    const name = i === 0 ? 'the Observe response' : nameNotification(n, start);
    const aheadMs = Number(ts) * 1000 - n.at;
    if (aheadMs > 1000 + toleranceMs)
      problems.push(`${name}: Timestamp (/6/0/5) ${ts} is ${Math.round(aheadMs / 1000)} s after its arrival`);
    if (before !== undefined && ts < before)
      problems.push(`${name}: Timestamp (/6/0/5) ${ts} is earlier than the ${before} notified before`);
    before = ts;
  }
  return problems;
}

/** What an observation of one object instance must show beyond its definition, by object. */
export function checkObjectSpecifics(log: readonly Notification[], objectId: number): string[] {
  if (objectId === 7) return log.flatMap((n) => (n.records ? checkStatisticsCoherent(n.records) : []));
  return [];
}

/** The States an observation of /5/0/3 carried, as firmware reads (time after the response). */
function notifiedStates(log: readonly Notification[]) {
  const start = log[0]?.at ?? 0;
  return log.flatMap((n) => {
    const v = n.records?.[0]?.value;
    return typeof v === 'bigint' ? [{ state: Number(v), result: NaN, at: n.at - start }] : [];
  });
}

/** The Observe response of State (/5/0/3, int-760): 2.05 with State Idle. */
export function checkStateResponse(log: readonly Notification[]): string[] {
  const first = log[0];
  if (!first) return ['no response to the Observe of State arrived'];
  if (first.code !== '2.05') return [`the Observe response is ${first.code}, not 2.05 Content`];
  if (first.problem) return [`the Observe response does not decode: ${first.problem}`];
  const [seen] = notifiedStates(log.slice(0, 1));
  if (!seen) return ['the Observe response carries no State'];
  return seen.state === 0 ? [] : [`the Observe response shows State ${stateName(seen.state)}, not Idle (0)`];
}

/** Notifications of State during a delivery (int-760): moves the TS allows, reaching Downloaded. */
export function checkStateNotifiedDownloaded(log: readonly Notification[]): string[] {
  const seen = notifiedStates(log);
  const problems = checkTransitions(seen, 'delivery');
  const notified = seen.slice(1);
  if (!notified.some((s) => s.state === 2))
    problems.push(`no notification showed Downloaded (2); the notified States were ${notified.map((s) => s.state).join(', ') || 'none'}`);
  return problems;
}

/**
 * A Discover of an object (int-1201, 1202, 1203, 1900): 2.05 in link-format, the object link
 * with the version the client implements ("ver", absent meaning 1.0: TS Core 1.1 §5.4.2 and
 * the registry's ObjectVersion), and a link for each path in `required`.
 */
export function checkObjectDiscover(
  code: string,
  payload: Buffer,
  objectId: number,
  /** undefined: any version. */
  version: string | undefined,
  required: string[] = [],
): string[] {
  if (code !== '2.05') return [`the Discover was answered ${code}, not 2.05 Content`];
  let links;
  try {
    links = parseLinkFormatBytes(payload);
  } catch (e) {
    if (e instanceof DecodeError) return [`the Discover payload is not link-format: ${e.message}`];
    throw e;
  }
  const problems: string[] = [];
  const object = links.find((l) => l.target === `/${objectId}`);
  if (!object) problems.push(`the Discover has no link </${objectId}>`);
  else if (version !== undefined) {
    const ver = object.attributes.get('ver');
    const shown = ver === undefined ? '1.0' : String(ver).replace(/^"|"$/g, '');
    if (shown !== version)
      problems.push(
        `</${objectId}> shows version ${ver === undefined ? 'none (1.0)' : shown}, not ${version}, the version of the object definition`,
      );
  }
  for (const p of required) if (!links.some((l) => l.target === p)) problems.push(`the Discover has no link <${p}>`);
  return problems;
}

/**
 * A multiple-instance Objlnk resource lists `target` (ETS CONMGMT-int-1250 E: Activated Profile
 * Names /10/0/11 holds a link to the APN profile just enabled). `name` is the resource's name.
 */
export function checkObjectLinkListed(
  records: readonly ResourceRecord[],
  path: string,
  name: string,
  target: { objectId: number; instanceId: number },
): string[] {
  const links = records
    .filter((r) => `/${r.path.objectId}/${r.path.instanceId}/${r.path.resourceId}` === path)
    .map((r) => r.value)
    .filter(isObjlnk);
  const wanted = `${target.objectId}:${target.instanceId}`;
  if (links.some((l) => l.objectId === target.objectId && l.instanceId === target.instanceId)) return [];
  const shown = links.map((l) => `${l.objectId}:${l.instanceId}`).join(', ');
  return [`${name} (${path}) holds no object link ${wanted}; it holds ${shown || 'no link at all'}`];
}
