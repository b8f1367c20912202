/**
 * Judging observations and Sends (ETS int-3xx) from what arrived on the wire. Pure functions:
 * each takes the event log of one observation (or one Send) and returns problem sentences; a
 * problem about a notification names it by its arrival time (ms after the Observe response)
 * and its Observe number, so a person finds it in the trace and in the timeline.
 *
 * Rules and their sources:
 *  - attributes resolve from the resource instance up to the object, then the Server object's
 *    defaults /1/x/2 (pmin) and /1/x/3 (pmax) (LwM2M TS Core 1.1 §5.1.2); 1.2 Observe query
 *    parameters override them for that observation;
 *  - two notifications are at least pmin apart and at most pmax apart, the Observe response
 *    counting as the first (TS §5.1.2); one stated tolerance (timers.notificationToleranceMs)
 *    absorbs scheduling and transmission, never a silent slack;
 *  - a notification sent before pmax needs a reason when gt/lt/st are set: a crossing of gt or
 *    lt, or a step of at least st since the last notified value; and the other way round, such a
 *    change seen from outside (a Read) must be notified once pmin (and epmax, when set) allow;
 *  - same token throughout; Observe numbers newer each time by RFC 7641 §4.4 (mod 2^24, or
 *    more than 128 s later); the Content-Format of the response throughout (RFC 7641 §4.2);
 *  - after an RST or a cancelling Observe=1, no notification later than the grace.
 */
import { contentFormatName, decodeComposite, type ResourceRecord } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import type { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';

/** The notification attributes of LwM2M TS Core §5.1.2 (seconds; gt/lt/st in the resource's unit). */
export const ATTRIBUTE_NAMES = ['pmin', 'pmax', 'gt', 'lt', 'st', 'epmin', 'epmax'] as const;
export type Attributes = Partial<Record<(typeof ATTRIBUTE_NAMES)[number], number>>;

/** One message of an observation as the Test Server saw it: the response first, then notifications. */
export interface Notification {
  /** Arrival time (ms since the epoch). */
  at: number;
  /** The Observe option value; absent when the message carried none. */
  observe?: number;
  type: 'CON' | 'NON' | 'ACK' | 'RST';
  code: string;
  contentFormat?: number;
  messageId: number;
  token: string;
  /** Decoded payload, or the reason it could not be decoded. */
  records?: ResourceRecord[];
  problem?: string;
}

/** Written attributes by path text ("/3/0/7"), as the Test Server wrote them. */
export type WrittenAttributes = ReadonlyMap<string, Attributes>;

/**
 * The attributes in force for `path`: the Server defaults, then each level from the object down
 * to the path itself (the nearest level wins), then Observe parameters (LwM2M 1.2).
 */
export function resolveAttributes(
  path: string,
  written: WrittenAttributes,
  defaults: Attributes = {},
  observeParams: Attributes = {},
): Attributes {
  const ids = path.split('/').filter(Boolean);
  let out: Attributes = { ...defaults };
  for (let depth = 1; depth <= ids.length; depth++) out = { ...out, ...(written.get('/' + ids.slice(0, depth).join('/')) ?? {}) };
  return { ...out, ...observeParams };
}

/**
 * The attributes of a composite observation (our reading of TS 1.1 §6.4.3, stated here because
 * the TS leaves it open): what was written on or above the observed paths decides, the largest
 * pmin and the smallest pmax; the Server defaults fill in what no path has.
 */
export function resolveCompositeAttributes(paths: string[], written: WrittenAttributes, defaults: Attributes = {}): Attributes {
  const each = paths.map((p) => resolveAttributes(p, written));
  const pick = (name: 'pmin' | 'pmax', choose: (...n: number[]) => number) => {
    const set = each.map((a) => a[name]).filter((v): v is number => v !== undefined);
    return set.length ? choose(...set) : defaults[name];
  };
  const out: Attributes = {};
  const pmin = pick('pmin', Math.max);
  const pmax = pick('pmax', Math.min);
  if (pmin !== undefined) out.pmin = pmin;
  if (pmax !== undefined) out.pmax = pmax;
  return out;
}

/** "pmin=5 pmax=15" for diagnoses and the timeline. */
export function describeAttributes(a: Attributes): string {
  const parts = ATTRIBUTE_NAMES.filter((n) => a[n] !== undefined).map((n) => `${n}=${a[n]}`);
  return parts.length ? parts.join(' ') : 'no attributes';
}

/** Names one notification the way every diagnosis does: its time after the response and its Observe number. */
export function nameNotification(n: Notification, start: number): string {
  return `the notification at ${n.at - start} ms (Observe ${n.observe ?? 'none'})`;
}

/** The intervals between consecutive messages of an observation (ms), the response counting as the first. */
export function intervals(log: readonly Notification[]): number[] {
  return log.slice(1).map((n, i) => n.at - log[i].at);
}

export interface TimingWindow {
  /** When watching ended (ms since the epoch): the last gap runs to here. */
  until: number;
  toleranceMs: number;
  /** Judge gaps only from here on (e.g. after a Write-Attributes changed pmax); default: the start. */
  from?: number;
}

/**
 * pmin and pmax against every gap: a notification earlier than pmin after the one before, or a
 * silence longer than pmax (up to the end of watching), each beyond the tolerance, is a problem.
 */
export function checkTiming(log: readonly Notification[], attrs: Attributes, window: TimingWindow): string[] {
  if (log.length === 0) return ['no Observe response to judge'];
  const start = log[0].at;
  const tol = window.toleranceMs;
  const from = window.from ?? start;
  const { pmin, pmax } = attrs;
  const problems: string[] = [];
  for (let i = 1; i < log.length; i++) {
    if (log[i].at < from) continue;
    const gap = log[i].at - log[i - 1].at;
    if (pmin !== undefined && gap < pmin * 1000 - tol) {
      problems.push(
        `${nameNotification(log[i], start)} came ${gap} ms after the one before, earlier than pmin ${pmin} s (tolerance ${tol} ms)`,
      );
    }
    // A gap that began before `from` (e.g. before a new pmax was written) is judged from `from`.
    const anchor = Math.max(log[i - 1].at, from);
    if (pmax !== undefined && log[i].at - anchor > pmax * 1000 + tol) {
      problems.push(
        `${nameNotification(log[i], start)} came ${gap} ms after the one before, later than pmax ${pmax} s (tolerance ${tol} ms)`,
      );
    }
  }
  const last = log[log.length - 1];
  if (pmax !== undefined && window.until - Math.max(last.at, from) > pmax * 1000 + tol) {
    problems.push(
      `after ${last === log[0] ? 'the response' : nameNotification(last, start)} nothing came for ${window.until - last.at} ms, longer than pmax ${pmax} s (tolerance ${tol} ms)`,
    );
  }
  return problems;
}

/** A single numeric value of a notification, for gt/lt/st (undefined when it carries none or several). */
function numericValue(n: Notification, path: string): number | undefined {
  const mine = (n.records ?? []).filter((r) => String(r.path) === path);
  if (mine.length !== 1) return undefined;
  const v = mine[0].value;
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}

/** Did the value move across `limit` (gt or lt) between two observations of it? */
const crossed = (before: number, now: number, limit: number | undefined) =>
  limit !== undefined && before !== now && (before - limit) * (now - limit) <= 0;

/**
 * gt/lt/st (TS §5.1.2): with any of them set, a notification that came before pmax (within the
 * tolerance) must follow a crossing of gt or lt, or a step of at least st, since the last value
 * notified. Only judged for a single numeric resource.
 */
export function checkChangeConditions(log: readonly Notification[], path: string, attrs: Attributes, toleranceMs: number): string[] {
  const { gt, lt, st, pmax } = attrs;
  if (gt === undefined && lt === undefined && st === undefined) return [];
  const start = log[0]?.at ?? 0;
  const problems: string[] = [];
  for (let i = 1; i < log.length; i++) {
    const before = numericValue(log[i - 1], path);
    const now = numericValue(log[i], path);
    if (before === undefined || now === undefined) continue;
    const gap = log[i].at - log[i - 1].at;
    if (pmax !== undefined && gap >= pmax * 1000 - toleranceMs) continue; // pmax is reason enough
    const stepped = st !== undefined && Math.abs(now - before) >= st;
    if (!crossed(before, now, gt) && !crossed(before, now, lt) && !stepped) {
      const why = [gt !== undefined && `gt=${gt}`, lt !== undefined && `lt=${lt}`, st !== undefined && `st=${st}`]
        .filter(Boolean)
        .join(', ');
      problems.push(
        `${nameNotification(log[i], start)} reports ${now} after ${before}: no ${why} condition was met, and pmax had not elapsed`,
      );
    }
  }
  return problems;
}

/**
 * A value the Test Server saw the DUT hold, from outside the observation (e.g. a Read's response).
 * The DUT held it at some instant between `from` (the request went out; defaults to `at`) and `at`
 * (the answer was in): a notification that arrived in between may be older or newer than it.
 */
export interface ValueSample {
  at: number;
  value: number;
  from?: number;
}

/**
 * The other direction of gt/lt/st (TS 1.1 §5.1.2): a change that meets a condition must be
 * notified. For each sample whose value crossed gt or lt, or moved at least st, away from the
 * value last notified before it, the next notification is due by the later of the sample (plus
 * epmax when set: the client need only evaluate that often) and the last notification plus pmin,
 * plus the tolerance. epmin is not judged here: a client that evaluates at most every epmin shows
 * it in no single gap. A sample whose deadline falls after `until` (end of watching) is not judged.
 * Only notifications that arrived before the sample's request are surely older than its value; one
 * that arrived while the request was out counts as the next notification, never as the last.
 */
export function checkChangesNotified(
  log: readonly Notification[],
  samples: readonly ValueSample[],
  path: string,
  attrs: Attributes,
  toleranceMs: number,
  until: number,
): string[] {
  const { gt, lt, st, pmin, epmax } = attrs;
  if ((gt === undefined && lt === undefined && st === undefined) || log.length === 0) return [];
  const start = log[0].at;
  const problems: string[] = [];
  let reported = -1; // index of the last notification already blamed, so one lateness is named once
  for (const s of [...samples].sort((a, b) => a.at - b.at)) {
    const sent = s.from ?? s.at;
    let lastIndex = -1;
    log.forEach((n, i) => {
      if (n.at < sent && numericValue(n, path) !== undefined) lastIndex = i;
    });
    if (lastIndex < 0) continue;
    const last = log[lastIndex];
    const before = numericValue(last, path)!;
    const why = [
      crossed(before, s.value, gt) && `crossed gt=${gt}`,
      crossed(before, s.value, lt) && `crossed lt=${lt}`,
      st !== undefined && Math.abs(s.value - before) >= st && `moved st=${st} or more`,
    ].filter(Boolean);
    if (why.length === 0) continue;
    const due = Math.max(s.at + (epmax ?? 0) * 1000, last.at + (pmin ?? 0) * 1000) + toleranceMs;
    const next = log[lastIndex + 1];
    if (next && next.at <= due) continue;
    if (!next && until <= due) continue;
    if (lastIndex === reported) continue;
    reported = lastIndex;
    const seen = `the value ${s.value} seen at ${s.at - start} ms ${why.join(' and ')} since ${before} (${lastIndex === 0 ? 'the response' : nameNotification(last, start)})`;
    problems.push(
      next
        ? `${seen}, but ${nameNotification(next, start)} came only ${next.at - s.at} ms after it, later than due (${due - toleranceMs - s.at} ms, tolerance ${toleranceMs} ms)`
        : `${seen}, but no notification came by ${due - start} ms (watched until ${until - start} ms)`,
    );
  }
  return problems;
}

/** RFC 7641 §4.4: is Observe number `v2` (arriving at `t2`) newer than `v1` (at `t1`)? */
export function isNewer(v1: number, t1: number, v2: number, t2: number): boolean {
  const half = 2 ** 23;
  return (v1 < v2 && v2 - v1 < half) || (v1 > v2 && v1 - v2 > half) || t2 > t1 + 128_000;
}

/**
 * RFC 7641 semantics of one observation: every notification carries the observation's token
 * (`strays` are notifications with another token that arrived meanwhile), an Observe option,
 * a newer Observe number each time, and the Content-Format of the response.
 */
export function checkObserveSemantics(log: readonly Notification[], strays: readonly Notification[] = []): string[] {
  if (log.length === 0) return ['no Observe response to judge'];
  const [first] = log;
  const start = first.at;
  const problems: string[] = [];
  if (first.observe === undefined)
    problems.push('the response to the Observe request carries no Observe option, so no observation was established');
  for (let i = 1; i < log.length; i++) {
    const n = log[i];
    const name = nameNotification(n, start);
    if (n.token !== first.token) problems.push(`${name} has token ${n.token}, the observation's is ${first.token}`);
    if (n.code !== '2.05') problems.push(`${name} has code ${n.code}, not 2.05 Content`);
    if (n.observe === undefined) problems.push(`${name} carries no Observe option`);
    const prev = log[i - 1];
    if (n.observe !== undefined && prev.observe !== undefined && !isNewer(prev.observe, prev.at, n.observe, n.at)) {
      problems.push(`${name} is not newer than Observe ${prev.observe} before it (RFC 7641 §4.4)`);
    }
    if (n.contentFormat !== first.contentFormat) {
      problems.push(`${name} has Content-Format ${showFormat(n.contentFormat)}, the response had ${showFormat(first.contentFormat)}`);
    }
    if (n.problem) problems.push(`${name} cannot be read: ${n.problem}`);
  }
  if (strays.length) {
    const s = strays[0];
    problems.push(
      `${strays.length} notification(s) arrived with a token of no observation, the first at ${s.at - start} ms with token ${s.token} (Observe ${s.observe ?? 'none'}); the observation's token is ${first.token}`,
    );
  }
  return problems;
}

function showFormat(cf: number | undefined): string {
  return cf === undefined ? '(none)' : `${cf} (${contentFormatName(cf)})`;
}

/** The paths a message carries: each record's resource path, or resource-instance path. */
function carried(n: Notification): string[] {
  return [...new Set((n.records ?? []).map((r) => String(r.path)))];
}

/**
 * Composite observation content: each message carries values for every asked path (a record at
 * or below it) and nothing outside them.
 */
export function checkCompositeContent(
  log: readonly Notification[],
  asked: string[],
  which: 'response' | 'notifications' | 'all' = 'all',
): string[] {
  if (log.length === 0) return ['no Observe response to judge'];
  const start = log[0].at;
  const chosen = which === 'response' ? log.slice(0, 1) : which === 'notifications' ? log.slice(1) : log;
  const problems: string[] = [];
  for (const n of chosen) {
    const name = n === log[0] ? 'the response' : nameNotification(n, start);
    if (n.problem) {
      problems.push(`${name} cannot be read: ${n.problem}`);
      continue;
    }
    const paths = carried(n);
    const under = (p: string, a: string) => p === a || p.startsWith(a + '/');
    const missing = asked.filter((a) => !paths.some((p) => under(p, a)));
    const extra = paths.filter((p) => !asked.some((a) => under(p, a)));
    if (missing.length) problems.push(`${name} lacks ${missing.join(', ')}`);
    if (extra.length) problems.push(`${name} carries ${extra.join(', ')}, which was not asked for`);
  }
  return problems;
}

/** Requires at least `count` notifications after the response (a positive control). */
export function checkNotified(log: readonly Notification[], count: number, what: string): string[] {
  const seen = Math.max(0, log.length - 1);
  return seen >= count ? [] : [`${what}: ${seen} notification(s) arrived, at least ${count} expected`];
}

/** After a cancellation at `cancelledAt`, nothing later than the grace. */
export function checkStopped(log: readonly Notification[], cancelledAt: number, graceMs: number, how: string): string[] {
  const start = log[0]?.at ?? cancelledAt;
  const late = log.filter((n) => n.at > cancelledAt + graceMs);
  if (late.length === 0) return [];
  return [
    `${late.length} notification(s) came after the ${how} (grace ${graceMs} ms), the first: ${nameNotification(late[0], start)}, ${late[0].at - cancelledAt} ms after it`,
  ];
}

// ---- Send (POST /dp) ----------------------------------------------------------------------

export interface SendOutcome {
  problems: string[];
  records: ResourceRecord[];
}

const SEND_FORMATS = [110, 112];

/**
 * A Send (TS 1.1 §6.4.4 / §5.5): SenML JSON or CBOR that decodes strictly, every record in an
 * object the client registered.
 */
export function checkSend(
  send: { contentFormat?: number; payload: Buffer },
  registeredObjects: number[],
  registry: ObjectRegistry,
  extraFormats: number[] = [],
): SendOutcome {
  const cf = send.contentFormat;
  const formats = [...SEND_FORMATS, ...extraFormats];
  if (cf === undefined || !formats.includes(cf)) {
    return { problems: [`the Send has Content-Format ${showFormat(cf)}, not SenML JSON (110) or SenML CBOR (112)`], records: [] };
  }
  let records: ResourceRecord[];
  try {
    records = decodeComposite(cf, send.payload, registry);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { problems: [`the Send is not valid ${contentFormatName(cf)}: ${e.message}`], records: [] };
  }
  const problems: string[] = [];
  if (records.length === 0) problems.push('the Send carries no values');
  const outside = [...new Set(records.filter((r) => !registeredObjects.includes(r.path.objectId!)).map((r) => String(r.path)))];
  if (outside.length) problems.push(`the Send carries ${outside.join(', ')}, of object(s) the client did not register`);
  return { problems, records };
}

/** Requires the Send to carry each path with the value a Read gave (shown as text). */
export function checkSendValues(records: ResourceRecord[], expected: { path: string; value: string }[]): string[] {
  const problems: string[] = [];
  for (const e of expected) {
    const found = records.filter((r) => String(r.path) === e.path);
    if (found.length === 0) problems.push(`the Send lacks ${e.path}`);
    else if (!found.some((r) => String(r.value) === e.value))
      problems.push(`the Send has ${e.path} = ${String(found[0].value)}, a Read gave ${e.value}`);
  }
  return problems;
}

/** The object path of a record path text (for "only registered objects"). */
export function objectOf(path: string): number {
  return LwM2MPath.parse(path).objectId!;
}

/** The response to an Observe request establishes an observation: 2.05 Content with an Observe option (RFC 7641 §3.2). */
export function checkEstablished(log: readonly Notification[], what: string): string[] {
  const first = log[0];
  if (!first) return [`no response to ${what}`];
  if (first.code !== '2.05') return [`${what} was answered ${first.code}, not 2.05 Content`];
  return first.observe === undefined ? [`the 2.05 to ${what} carries no Observe option, so no observation was established`] : [];
}

/**
 * A composite notification after instances were created or deleted (ETS int-308, int-309):
 * values of every path that exists now, and none under a path that no longer (or not yet) exists.
 */
export function checkCompositeInstances(n: Notification, start: number, present: string[], absent: string[]): string[] {
  const name = nameNotification(n, start);
  if (n.problem) return [`${name} cannot be read: ${n.problem}`];
  const paths = carried(n);
  const under = (p: string, a: string) => p === a || p.startsWith(a + '/');
  const problems: string[] = [];
  const missing = present.filter((a) => !paths.some((p) => under(p, a)));
  if (missing.length) problems.push(`${name} lacks ${missing.join(', ')}`);
  for (const a of absent) {
    const stale = paths.filter((p) => under(p, a));
    if (stale.length) problems.push(`${name} carries ${stale.join(', ')}, though ${a} does not exist`);
  }
  return problems;
}
