/**
 * Reads results.json back into a RunResult, so the HTML and JUnit reports can be rendered again
 * (by a newer harness, or after a run left only its JSON). A document that is not ours, or is
 * damaged, gives a ResultsFileError naming the field and what was expected.
 */
import { VERDICTS, type CaseResult, type DutSummary, type RunResult, type StepResult } from '../conformance/results';
import type { TraceEntry } from '../trace/trace';
import type { EtsCatalogueEntry } from '../conformance/ets-catalogue';
import { RESULTS_FORMAT, RESULTS_FORMAT_VERSION } from './json';

export class ResultsFileError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly found: unknown,
  ) {
    super(`results.json: ${field} should be ${expected}, found ${describe(found)}`);
    this.name = 'ResultsFileError';
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

type Obj = Record<string, unknown>;

function object(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ResultsFileError(field, 'an object', v);
  return v as Obj;
}
function array(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new ResultsFileError(field, 'an array', v);
  return v;
}
const fieldName = (at: string, key: string) => (at ? `${at}.${key}` : key);
function stringValue(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new ResultsFileError(field, 'a string', v);
  return v;
}
const string = (o: Obj, key: string, at: string) => stringValue(o[key], fieldName(at, key));
const strings = (v: unknown, field: string) => array(v, field).map((s, i) => stringValue(s, `${field}[${i}]`));
/** A number; results.json spells the non-finite ones as text (JSON has no literal for them). */
function number(o: Obj, key: string, at: string): number {
  const v = o[key];
  if (typeof v === 'number') return v;
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
  throw new ResultsFileError(fieldName(at, key), 'a number', v);
}
function optionalString(o: Obj, key: string, at: string): string | undefined {
  return o[key] === undefined || o[key] === null ? undefined : string(o, key, at);
}
function oneOf<T extends string>(o: Obj, key: string, at: string, allowed: readonly T[]): T {
  const v = o[key];
  if (!allowed.includes(v as T)) throw new ResultsFileError(fieldName(at, key), `one of ${allowed.join(', ')}`, v);
  return v as T;
}
/** Drops keys whose value is undefined, so the result equals a model built by the harness. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const STEP_STATUSES = ['passed', 'failed', 'skipped', 'undefined', 'pending', 'ambiguous', 'not-run'] as const;
const LAYERS = ['udp', 'dtls', 'tcp', 'coap', 'harness', 'dut'] as const;
const DIRECTIONS = ['in', 'out', 'note'] as const;

function readStep(v: unknown, at: string): StepResult {
  const o = object(v, at);
  return defined({
    keyword: string(o, 'keyword', at),
    text: string(o, 'text', at),
    status: oneOf(o, 'status', at, STEP_STATUSES),
    durationMs: number(o, 'durationMs', at),
    error: optionalString(o, 'error', at),
  });
}

function readTraceEntry(v: unknown, at: string): TraceEntry {
  const o = object(v, at);
  return defined({
    t: number(o, 't', at),
    layer: oneOf(o, 'layer', at, LAYERS),
    direction: oneOf(o, 'direction', at, DIRECTIONS),
    local: optionalString(o, 'local', at),
    peer: optionalString(o, 'peer', at),
    summary: string(o, 'summary', at),
    problem: optionalString(o, 'problem', at),
    hex: optionalString(o, 'hex', at),
    detail: o.detail,
  });
}

function readCase(v: unknown, at: string): CaseResult {
  const o = object(v, at);
  const d = o.diagnosis === undefined || o.diagnosis === null ? undefined : object(o.diagnosis, `${at}.diagnosis`);
  const dAt = `${at}.diagnosis`;
  return defined({
    id: string(o, 'id', at),
    title: string(o, 'title', at),
    interface: string(o, 'interface', at),
    verdict: oneOf(o, 'verdict', at, VERDICTS),
    reason: optionalString(o, 'reason', at),
    diagnosis:
      d &&
      defined({
        criterion: optionalString(d, 'criterion', dAt),
        expected: optionalString(d, 'expected', dAt),
        actual: optionalString(d, 'actual', dAt),
        message: string(d, 'message', dAt),
      }),
    durationMs: number(o, 'durationMs', at),
    unfinished: o.unfinished === true ? true : undefined,
    featureFile: optionalString(o, 'featureFile', at),
    tags: strings(o.tags ?? [], `${at}.tags`),
    steps: array(o.steps ?? [], `${at}.steps`).map((s, i) => readStep(s, `${at}.steps[${i}]`)),
    trace: array(o.trace ?? [], `${at}.trace`).map((e, i) => readTraceEntry(e, `${at}.trace[${i}]`)),
  });
}

function readDut(v: unknown): DutSummary {
  const o = object(v, 'dut');
  return defined({
    name: string(o, 'name', 'dut'),
    role: oneOf(o, 'role', 'dut', ['client', 'server', 'bootstrap-server'] as const),
    lwm2mVersion: string(o, 'lwm2mVersion', 'dut'),
    endpoint: optionalString(o, 'endpoint', 'dut'),
    profileFile: optionalString(o, 'profileFile', 'dut'),
    launch: string(o, 'launch', 'dut'),
    security: optionalString(o, 'security', 'dut'),
    ics: strings(o.ics, 'dut.ics'),
    declared: o.declared === undefined ? undefined : object(o.declared, 'dut.declared'),
  });
}

const ETS_STATUSES = ['automated', 'not-automated', 'placeholder', 'delegated', 'voided', 'na-in-ets'] as const;
const CLASSES = ['mandatory', 'conditional', 'none'] as const;

function readEtsEntry(v: unknown, at: string): EtsCatalogueEntry {
  const o = object(v, at);
  if (typeof o.forRole !== 'boolean') throw new ResultsFileError(`${at}.forRole`, 'true or false', o.forRole);
  if (typeof o.declared !== 'boolean') throw new ResultsFileError(`${at}.declared`, 'true or false', o.declared);
  return defined({
    id: string(o, 'id', at),
    number: string(o, 'number', at),
    title: string(o, 'title', at),
    interface: string(o, 'interface', at),
    status: oneOf(o, 'status', at, ETS_STATUSES),
    delegatedTo: optionalString(o, 'delegatedTo', at),
    voidedBy: optionalString(o, 'voidedBy', at),
    seeInstead: optionalString(o, 'seeInstead', at),
    naReason: optionalString(o, 'naReason', at),
    renumberedAs: optionalString(o, 'renumberedAs', at),
    classification: oneOf(o, 'classification', at, CLASSES),
    requires: strings(o.requires ?? [], `${at}.requires`),
    judges: array(o.judges ?? [], `${at}.judges`).map((r, i) =>
      oneOf({ r }, 'r', `${at}.judges[${i}]`, ['client', 'server', 'bootstrap-server'] as const),
    ),
    forRole: o.forRole,
    introducedIn: optionalString(o, 'introducedIn', at),
    forVersion: o.forVersion === false ? false : o.forVersion === true ? true : undefined,
    declared: o.declared,
    weight: o.weight === undefined || o.weight === null ? undefined : number(o, 'weight', at),
    errata: strings(o.errata ?? [], `${at}.errata`),
    note: optionalString(o, 'note', at),
    featureFile: optionalString(o, 'featureFile', at),
  });
}

function readEts(v: unknown): RunResult['ets'] {
  if (v === undefined || v === null) return undefined;
  const o = object(v, 'ets');
  return {
    edition: string(o, 'edition', 'ets'),
    title: string(o, 'title', 'ets'),
    cases: array(o.cases, 'ets.cases').map((c, i) => readEtsEntry(c, `ets.cases[${i}]`)),
  };
}

function readProfile(v: unknown): RunResult['profile'] {
  if (v === undefined || v === null) return undefined;
  const o = object(v, 'profile');
  return { sha256: string(o, 'sha256', 'profile'), text: string(o, 'text', 'profile') };
}

/** A parsed results.json document as a RunResult (values made JSON-safe stay as written). */
export function runFromResults(doc: unknown): RunResult {
  const o = object(doc, '(document)');
  if (o.format !== RESULTS_FORMAT) throw new ResultsFileError('format', `"${RESULTS_FORMAT}"`, o.format);
  if (o.formatVersion !== RESULTS_FORMAT_VERSION)
    throw new ResultsFileError('formatVersion', String(RESULTS_FORMAT_VERSION), o.formatVersion);
  const tool = object(o.tool, 'tool');
  const timers = object(o.timers ?? {}, 'timers');
  for (const [k, v] of Object.entries(timers)) {
    if (typeof v !== 'string' && typeof v !== 'number') throw new ResultsFileError(`timers.${k}`, 'a string or number', v);
  }
  if (typeof o.interrupted !== 'boolean') throw new ResultsFileError('interrupted', 'true or false', o.interrupted);
  return defined({
    tool: defined({
      name: string(tool, 'name', 'tool'),
      version: string(tool, 'version', 'tool'),
      revision: optionalString(tool, 'revision', 'tool'),
    }),
    startedAt: string(o, 'startedAt', ''),
    finishedAt: string(o, 'finishedAt', ''),
    interrupted: o.interrupted,
    dut: readDut(o.dut),
    timers: timers as Record<string, string | number>,
    tagExpression: optionalString(o, 'tagExpression', ''),
    cases: array(o.cases, 'cases').map((c, i) => readCase(c, `cases[${i}]`)),
    ets: readEts(o.ets),
    timing: o.timing === undefined || o.timing === null ? undefined : oneOf(o, 'timing', '', ['fast', 'ets'] as const),
    profile: readProfile(o.profile),
  });
}

/** Parses results.json text; bad JSON is a ResultsFileError too. */
export function parseResultsJson(text: string): RunResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ResultsFileError('(document)', 'JSON', (err as Error).message);
  }
  return runFromResults(doc);
}
