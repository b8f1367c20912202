/**
 * Verdict rules (DESIGN.md): from what happened to each step of a case, decide PASS, FAIL,
 * INCONC or ERROR. N/A is decided before a case runs (ics.ts). A case the harness could not
 * judge is never PASS.
 */
import type { Verdict } from './results';

export interface StepOutcome {
  /** Gherkin step type: Context (Given), Action (When), Outcome (Then); Hook for Before/After. */
  type: 'Context' | 'Action' | 'Outcome' | 'Unknown' | 'Hook';
  text: string;
  status: 'PASSED' | 'FAILED' | 'SKIPPED' | 'UNDEFINED' | 'PENDING' | 'AMBIGUOUS' | 'UNKNOWN';
  /** Class name of the thrown error (Cucumber's exception.type), e.g. "CriterionFailure". */
  exceptionType?: string;
  message?: string;
}

const DUT_FAILURES = new Set(['CriterionFailure', 'DutFailure']);
const JUDGED = new Set(['CriterionFailure', 'DutFailure', 'PreconditionFailure']);

export function verdictOf(steps: StepOutcome[]): { verdict: Verdict; reason?: string } {
  if (steps.filter((s) => s.type !== 'Hook').length === 0) return { verdict: 'ERROR', reason: 'the case has no steps' };
  const unimplemented = steps.find((s) => s.status === 'UNDEFINED' || s.status === 'PENDING' || s.status === 'AMBIGUOUS');
  if (unimplemented) {
    const why = { UNDEFINED: 'has no step definition', PENDING: 'is not implemented yet', AMBIGUOUS: 'matches several step definitions' }[
      unimplemented.status as 'UNDEFINED'
    ];
    return { verdict: 'ERROR', reason: `The step "${unimplemented.text}" ${why}.` };
  }
  const failed = steps.find((s) => s.status === 'FAILED' || s.status === 'UNKNOWN');
  if (!failed) {
    if (steps.some((s) => s.status !== 'PASSED')) return { verdict: 'ERROR', reason: 'some steps did not run' };
    return { verdict: 'PASS' };
  }
  const message = failed.message ?? 'no message';
  if (failed.type === 'Hook' || !JUDGED.has(failed.exceptionType ?? '')) {
    return { verdict: 'ERROR', reason: `Harness error in "${failed.text}": ${message}` };
  }
  if (failed.type === 'Context' || failed.exceptionType === 'PreconditionFailure') {
    return { verdict: 'INCONC', reason: `Precondition not met: ${message}` };
  }
  if (DUT_FAILURES.has(failed.exceptionType!)) return { verdict: 'FAIL', reason: message };
  return { verdict: 'ERROR', reason: message };
}
