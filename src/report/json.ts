/**
 * results.json: the RunResult as JSON, with the summary figures added, keys in a fixed order
 * (so two runs diff cleanly) and every value made JSON-safe (bigint, bytes, Maps in decoded
 * payloads would otherwise throw or vanish).
 */
import { summarize, type CaseResult, type RunResult } from '../conformance/results';
import { criteriaOf, stepLabel } from './criteria';
import { normalizeRun } from './normalize';
import { headline, reportRows, standing, standingLines } from './standing';
import { runDurationMs, summaryByInterface } from './summary';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Identifies the document shape, so readers can tell future changes apart. */
export const RESULTS_FORMAT = 'lwm2m-conformance/results';
export const RESULTS_FORMAT_VERSION = 1;

const MAX_DEPTH = 64;

/**
 * Any value as plain JSON data: bigint as a decimal string, bytes as a hex string, Map as an
 * object (or [key, value] pairs when keys are not strings/numbers), Set as an array, Date as
 * ISO text, non-finite numbers as text, cycles as "[circular]"; undefined and functions dropped.
 */
export function toJsonSafe(value: unknown): JsonValue {
  return convert(value, [], 0) ?? null;
}

function convert(value: unknown, ancestors: object[], depth: number): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const obj = value as object;
  if (ancestors.includes(obj)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (obj instanceof Uint8Array) return Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString('hex');
  if (obj instanceof ArrayBuffer) return Buffer.from(obj).toString('hex');
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (obj instanceof Error) return { name: obj.name, message: obj.message };

  const inner = [...ancestors, obj];
  const item = (v: unknown) => convert(v, inner, depth + 1);
  if (Array.isArray(obj) || obj instanceof Set) return [...obj].map((v) => item(v) ?? null);
  if (obj instanceof Map) {
    const plainKeys = [...obj.keys()].every((k) => typeof k === 'string' || typeof k === 'number');
    if (!plainKeys) return [...obj].map(([k, v]) => [item(k) ?? null, item(v) ?? null]);
    return fromEntries([...obj].map(([k, v]) => [String(k), item(v)]));
  }
  const withToJson = obj as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return item(withToJson.toJSON());
  return fromEntries(Object.entries(obj).map(([k, v]) => [k, item(v)]));
}

/** Sets an own key, even one named "__proto__" (a DUT may send any key in a payload). */
function setOwn(out: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function fromEntries(entries: [string, JsonValue | undefined][]): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [k, v] of entries) if (v !== undefined) setOwn(out, k, v);
  return out;
}

/** The model's own keys in the given order, then any keys added to the model later, sorted. */
function ordered(source: object, order: readonly string[], forced: Record<string, JsonValue> = {}): { [key: string]: JsonValue } {
  const record = source as Record<string, unknown>;
  const extra = Object.keys(record)
    .filter((k) => !order.includes(k))
    .sort();
  const out: { [key: string]: JsonValue } = {};
  for (const key of [...order, ...extra]) {
    const v = Object.hasOwn(forced, key) ? forced[key] : toJsonSafe(record[key]);
    if (record[key] !== undefined || Object.hasOwn(forced, key)) setOwn(out, key, v);
  }
  return out;
}

const RUN_KEYS = [
  'tool',
  'startedAt',
  'finishedAt',
  'durationMs',
  'interrupted',
  'tagExpression',
  'dut',
  'timers',
  'timing',
  'ets',
  'profile',
  'summary',
  'standing',
  'byInterface',
  'cases',
];
const DUT_KEYS = ['name', 'role', 'lwm2mVersion', 'endpoint', 'profileFile', 'launch', 'security', 'ics', 'declared'];
const CASE_KEYS = [
  'id',
  'title',
  'interface',
  'verdict',
  'reason',
  'diagnosis',
  'durationMs',
  'unfinished',
  'featureFile',
  'tags',
  'criteria',
  'steps',
  'trace',
];
const DIAGNOSIS_KEYS = ['criterion', 'expected', 'actual', 'message'];
const STEP_KEYS = ['keyword', 'text', 'status', 'durationMs', 'error'];
const TRACE_KEYS = ['t', 'layer', 'direction', 'local', 'peer', 'summary', 'problem', 'hex', 'detail'];

function caseDocument(c: CaseResult): { [key: string]: JsonValue } {
  return ordered(c, CASE_KEYS, {
    reason: c.reason ?? null,
    unfinished: c.unfinished === true,
    ...(c.diagnosis ? { diagnosis: ordered(c.diagnosis, DIAGNOSIS_KEYS) } : {}),
    criteria: criteriaOf(c).map((o) => ({ letter: o.letter, status: o.status })),
    steps: c.steps.map((s) => {
      const label = stepLabel(s.text);
      const ets: JsonValue | undefined = label.procedure
        ? { procedureStep: label.procedure }
        : label.criteria
          ? { criteria: label.criteria }
          : undefined;
      return ordered(s, STEP_KEYS, ets ? { ets } : {});
    }),
    trace: c.trace.map((e) => ordered(e, TRACE_KEYS)),
  });
}

/** The results.json document as data. */
export function resultsDocument(input: RunResult): { [key: string]: JsonValue } {
  const run = normalizeRun(input);
  const counts = summarize(run.cases);
  const rows = reportRows(run);
  const figures = standing(run, rows);
  const body = ordered(run, RUN_KEYS, {
    standing: toJsonSafe({
      headline: headline(run),
      lines: standingLines(run, figures),
      ...figures,
      notRunCases: rows.filter((r) => !r.result).map((r) => ({ id: r.id, reason: r.notRun })),
    }),
    durationMs: runDurationMs(run) ?? null,
    dut: ordered(run.dut, DUT_KEYS),
    summary: { total: run.cases.length, ...counts, unfinished: run.cases.filter((c) => c.unfinished).length },
    byInterface: summaryByInterface(run.cases).map((s) => ({ interface: s.interface, ...s.counts, total: s.total })),
    cases: run.cases.map(caseDocument),
  });
  return { format: RESULTS_FORMAT, formatVersion: RESULTS_FORMAT_VERSION, ...body };
}

/** The results.json text: two-space indented, ending in a newline. */
export function resultsJson(run: RunResult): string {
  return JSON.stringify(resultsDocument(run), null, 2) + '\n';
}
