/**
 * The exit code of a run, for a release gate: 0 only when something was judged and every
 * applicable case PASSed. INCONC is not a pass (a DUT that never registered proved nothing)
 * unless the user allows it; N/A never fails a run, but a run of N/A alone judged nothing.
 */
import { summarize, type CaseResult } from '../conformance/results';

export const EXIT = { passed: 0, notPassed: 1, usage: 2 } as const;

export interface ExitPolicy {
  interrupted?: boolean;
  /** --allow-inconclusive: INCONC cases neither pass nor fail the run. */
  allowInconclusive?: boolean;
  /** Cucumber or the harness failed outside any case (a hook, a worker): the run cannot be trusted. */
  harnessFailed?: boolean;
  /** A shard (run --shard) whose share held no applicable case: nothing to judge here is fine. */
  emptyShare?: boolean;
}

/** The exit code and, when it is not 0, one sentence saying why. */
export function exitCodeOf(cases: CaseResult[], policy: ExitPolicy = {}): { code: number; why?: string } {
  const s = summarize(cases);
  if (policy.interrupted) return { code: EXIT.notPassed, why: 'the run was interrupted' };
  if (s.FAIL + s.ERROR > 0) return { code: EXIT.notPassed, why: `${s.FAIL} FAIL, ${s.ERROR} ERROR` };
  if (policy.harnessFailed) return { code: EXIT.notPassed, why: 'the harness failed outside the test cases' };
  if (s.INCONC > 0 && !policy.allowInconclusive)
    return { code: EXIT.notPassed, why: `${s.INCONC} INCONC: not judged (--allow-inconclusive accepts that)` };
  if (s.PASS === 0 && !policy.emptyShare) return { code: EXIT.notPassed, why: 'no case was judged (none PASSed)' };
  return { code: EXIT.passed };
}
