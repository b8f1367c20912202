/** Figures every report shows: counts by verdict, by interface, and the run's wall-clock span. */
import { summarize, type CaseResult, type RunResult, type Verdict } from '../conformance/results';

export interface InterfaceSummary {
  interface: string;
  counts: Record<Verdict, number>;
  total: number;
}

/** Interfaces in the order their first case ran (the run follows the ETS order). */
export function summaryByInterface(cases: CaseResult[]): InterfaceSummary[] {
  const groups = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const name = c.interface || 'Other';
    const group = groups.get(name);
    if (group) group.push(c);
    else groups.set(name, [c]);
  }
  return [...groups].map(([name, members]) => ({ interface: name, counts: summarize(members), total: members.length }));
}

/** Milliseconds between startedAt and finishedAt, or undefined when either is not a date. */
export function runDurationMs(run: Pick<RunResult, 'startedAt' | 'finishedAt'>): number | undefined {
  const ms = Date.parse(run.finishedAt) - Date.parse(run.startedAt);
  return Number.isFinite(ms) ? ms : undefined;
}
