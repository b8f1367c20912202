/**
 * A table of the verdicts an implementation nobody here wrote must get, case by case: for every
 * non-PASS the criterion, the words the diagnosis must hold and the clause it breaks.
 */
import type { RunResult } from '../../src/conformance/results';
import { caseOf } from '../e2e/harness';

export type Expected = { verdict: 'PASS' } | { verdict: 'FAIL' | 'INCONC'; criterion: string; words: RegExp; clause: string };
export const PASS: Expected = { verdict: 'PASS' };

/** Where a run departs from its table (empty when it matches). */
export function tableMismatches(run: RunResult | undefined, table: Record<string, Expected>): string[] {
  const wrong: string[] = [];
  for (const [id, want] of Object.entries(table)) {
    const got = caseOf(run, id);
    if (got.verdict !== want.verdict) wrong.push(`${id}: ${got.verdict} (${got.reason}), the table says ${want.verdict}`);
    else if (want.verdict !== 'PASS') {
      if (got.diagnosis?.criterion !== want.criterion)
        wrong.push(`${id}: criterion ${got.diagnosis?.criterion}, the table says ${want.criterion}`);
      if (!want.words.test(`${got.diagnosis?.expected} ${got.diagnosis?.actual}`))
        wrong.push(`${id}: "${got.reason}" does not say ${want.words}`);
    }
  }
  return wrong;
}
