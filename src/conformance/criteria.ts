/** Small helpers that turn checks and waits into verdict-bearing failures with a criterion letter. */
import { DeadlineError } from '../util/event-log';
import { codeName } from '../coap/message';
import { CriterionFailure } from './failures';
import type { Criterion } from './procedure';

type Letters = Criterion | string;
const label = (c: Letters) => (typeof c === 'string' ? c : c.label);

/** Throws FAIL for criterion `letter` when the check found problems. */
export function requireCriterion(letter: Letters, expected: string, problems: string[]): void {
  if (problems.length > 0) throw new CriterionFailure(label(letter), expected, problems.join('; '));
}

/** Awaits an event for criterion `letter`; a deadline that passes is that criterion's FAIL. */
export async function awaitCriterion<T>(letter: Letters, expected: string, wait: Promise<T>, context = ''): Promise<T> {
  try {
    return await wait;
  } catch (e) {
    if (e instanceof DeadlineError) throw new CriterionFailure(label(letter), expected, `${e.message}${context}`);
    throw e;
  }
}

/** Requires a response code for criterion `letter`; `request` names what was answered ("the Update"). */
export function requireCode(letter: Letters, expectedCode: string, actual: string, request: string): void {
  if (actual !== expectedCode)
    throw new CriterionFailure(label(letter), `${codeName(expectedCode)} to ${request}`, `it was answered ${codeName(actual)}`);
}
