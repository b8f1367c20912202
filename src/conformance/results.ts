/** The result model of a conformance run: what the reporters read and results.json holds. */
import type { TraceEntry } from '../trace/trace';
import type { EtsCatalogueEntry } from './ets-catalogue';
import type { DutRole } from './dut-profile';

export type Verdict = 'PASS' | 'FAIL' | 'INCONC' | 'N/A' | 'ERROR';
export const VERDICTS: readonly Verdict[] = ['PASS', 'FAIL', 'INCONC', 'N/A', 'ERROR'];

export type StepStatus = 'passed' | 'failed' | 'skipped' | 'undefined' | 'pending' | 'ambiguous' | 'not-run';

export interface StepResult {
  keyword: string; // "Given ", "When ", "Then ", "And "
  text: string;
  status: StepStatus;
  durationMs: number;
  error?: string;
}

/** Why a case did not PASS, in the words of the ETS: which criterion, what was expected, what arrived. */
export interface Diagnosis {
  /** Pass-criterion letter ("A", "B", ...) or "precondition" / "procedure step 2". */
  criterion?: string;
  expected?: string;
  actual?: string;
  message: string;
}

export interface CaseResult {
  /** The OMA ID of the ETS edition that fits the DUT, e.g. "LightweightM2M-1.1-int-101". */
  id: string;
  title: string;
  /** Interface group, e.g. "Registration". */
  interface: string;
  verdict: Verdict;
  /** One sentence: why this verdict (always set unless PASS). */
  reason?: string;
  diagnosis?: Diagnosis;
  durationMs: number;
  /** True when the run stopped (Ctrl-C, crash) before this case finished. */
  unfinished?: boolean;
  featureFile?: string;
  tags: string[];
  steps: StepResult[];
  trace: TraceEntry[];
}

export interface DutSummary {
  name: string;
  role: DutRole;
  lwm2mVersion: string;
  endpoint?: string;
  profileFile?: string;
  launch: string;
  /** Declared optional features (ICS), as the @requires-... tags name them. */
  ics: string[];
  /** The channel security the run used, with fingerprints (never keys). */
  security?: string;
  /** Declared values the pass criteria compare against (e.g. Device object). */
  declared?: Record<string, unknown>;
}

export interface RunResult {
  /** The harness; `revision` is its source revision (git), when known. */
  tool: { name: string; version: string; revision?: string };
  startedAt: string; // ISO 8601
  finishedAt: string;
  interrupted: boolean;
  dut: DutSummary;
  /** Protocol timers and deadlines used, so a reader can judge timing verdicts. */
  timers: Record<string, string | number>;
  tagExpression?: string;
  /** run --shard i/n: this run holds the i-th of n shares of the cases (merged reports hold all). */
  shard?: { index: number; count: number };
  cases: CaseResult[];
  /** The ETS edition the DUT is judged against, with every case ID of it (run or not). */
  ets?: { edition: string; title: string; cases: EtsCatalogueEntry[] };
  /** `fast`: the profile's timers; `ets`: the ETS's literal values (`run --timing ets`). */
  timing?: 'fast' | 'ets';
  /** The profile as run, with secrets removed, and the SHA-256 of its file. */
  profile?: { sha256: string; text: string };
}

export function summarize(cases: CaseResult[]): Record<Verdict, number> {
  const out: Record<Verdict, number> = { PASS: 0, FAIL: 0, INCONC: 0, 'N/A': 0, ERROR: 0 };
  for (const c of cases) out[c.verdict]++;
  return out;
}

/** Media type of the attachment in which a test case hands its diagnosis and trace to the reporter. */
export const CASE_ATTACHMENT = 'application/vnd.lwm2m-conformance.case+json';
