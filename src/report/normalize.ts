/**
 * The reporters run last, often from a signal handler, on whatever the run managed to collect.
 * A half-built result (a list missing, a verdict mistyped, a time out of range) must still give
 * a report, so each reporter first brings the run into the full shape of the model. Unknown
 * fields are kept; a verdict that is not one of the five becomes ERROR (never PASS).
 */
import { VERDICTS, type CaseResult, type DutSummary, type RunResult, type StepResult, type Verdict } from '../conformance/results';
import type { TraceEntry } from '../trace/trace';

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const optionalStr = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : str(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? NaN));
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function step(v: unknown): StepResult {
  const s = obj(v);
  return dropUndefined({
    ...s,
    keyword: str(s.keyword),
    text: str(s.text),
    status: (str(s.status) || 'not-run') as StepResult['status'],
    durationMs: num(s.durationMs),
    error: optionalStr(s.error),
  });
}

function traceEntry(v: unknown): TraceEntry {
  const e = obj(v);
  return dropUndefined({
    ...e,
    t: num(e.t),
    layer: str(e.layer) as TraceEntry['layer'],
    direction: str(e.direction) as TraceEntry['direction'],
    local: optionalStr(e.local),
    peer: optionalStr(e.peer),
    hex: optionalStr(e.hex),
    summary: str(e.summary),
    problem: optionalStr(e.problem),
  });
}

function caseResult(v: unknown): CaseResult {
  const c = obj(v);
  const d = c.diagnosis === undefined || c.diagnosis === null ? undefined : obj(c.diagnosis);
  return dropUndefined({
    ...c,
    id: str(c.id),
    title: str(c.title),
    interface: str(c.interface),
    verdict: (VERDICTS as readonly unknown[]).includes(c.verdict) ? (c.verdict as Verdict) : 'ERROR',
    reason: optionalStr(c.reason),
    diagnosis:
      d &&
      dropUndefined({
        ...d,
        criterion: optionalStr(d.criterion),
        expected: optionalStr(d.expected),
        actual: optionalStr(d.actual),
        message: str(d.message),
      }),
    durationMs: num(c.durationMs),
    unfinished: c.unfinished === undefined ? undefined : c.unfinished === true,
    featureFile: optionalStr(c.featureFile),
    tags: list(c.tags).map(str),
    steps: list(c.steps).map(step),
    trace: list(c.trace).map(traceEntry),
  });
}

function dut(v: unknown): DutSummary {
  const d = obj(v);
  return dropUndefined({
    ...d,
    name: str(d.name),
    role: (str(d.role) || 'client') as DutSummary['role'],
    lwm2mVersion: str(d.lwm2mVersion),
    endpoint: optionalStr(d.endpoint),
    profileFile: optionalStr(d.profileFile),
    launch: str(d.launch),
    security: optionalStr(d.security),
    ics: list(d.ics).map(str),
  });
}

/** The run in the full shape of the model, whatever parts of it were missing. */
export function normalizeRun(run: RunResult): RunResult {
  const r = obj(run);
  const tool = obj(r.tool);
  const timers = Object.fromEntries(Object.entries(obj(r.timers)).map(([k, v]) => [k, typeof v === 'number' ? v : str(v)]));
  return dropUndefined({
    ...r,
    tool: { ...tool, name: str(tool.name) || 'lwm2m-conformance', version: str(tool.version) },
    startedAt: str(r.startedAt),
    finishedAt: str(r.finishedAt),
    interrupted: r.interrupted === true,
    dut: dut(r.dut),
    timers,
    tagExpression: optionalStr(r.tagExpression),
    cases: list(r.cases).map(caseResult),
  });
}
