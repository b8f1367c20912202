/**
 * The errors steps throw. Their class decides the verdict (see verdict.ts):
 *  - CriterionFailure: the DUT broke a lettered pass criterion → FAIL;
 *  - DutFailure: the DUT misbehaved during a procedure step (no answer, wrong message) → FAIL;
 *  - PreconditionFailure: the case could not be set up → INCONC;
 *  anything else is a harness problem → ERROR.
 * The name property is what Cucumber records as the exception type, so keep names stable.
 */

export interface FailureDetail {
  /** "A", "B", ... for a pass criterion; "step 2" for a procedure step; "precondition". */
  criterion: string;
  expected: string;
  actual: string;
}

abstract class JudgedFailure extends Error implements FailureDetail {
  constructor(
    readonly criterion: string,
    readonly expected: string,
    readonly actual: string,
    label: string,
  ) {
    super(`${label}: expected ${expected}; ${actual}`);
  }
}

/** `criterion` is the letter or letters of the ETS pass criterion: "A", "B, C". */
export class CriterionFailure extends JudgedFailure {
  override name = 'CriterionFailure';
  constructor(criterion: string, expected: string, actual: string) {
    super(criterion, expected, actual, `pass criterion ${criterion}`);
  }
}

/** `step` names the procedure step: "step 1". */
export class DutFailure extends JudgedFailure {
  override name = 'DutFailure';
  constructor(step: string, expected: string, actual: string) {
    super(step, expected, actual, `procedure ${step}`);
  }
}

export class PreconditionFailure extends JudgedFailure {
  override name = 'PreconditionFailure';
  constructor(expected: string, actual: string) {
    super('precondition', expected, actual, 'precondition');
  }
}

export function isJudgedFailure(e: unknown): e is JudgedFailure {
  return e instanceof JudgedFailure;
}
