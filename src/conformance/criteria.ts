/** Small helpers that turn checks and waits into verdict-bearing failures with a criterion letter. */
import { DeadlineError } from '../util/event-log';
import { codeName } from '../coap/message';
import { CriterionFailure } from './failures';

/** Throws FAIL for criterion `letter` when the check found problems. */
export function requireCriterion(letter: string, expected: string, problems: string[]): void {
  if (problems.length > 0) throw new CriterionFailure(letter, expected, problems.join('; '));
}

/** Awaits an event for criterion `letter`; a deadline that passes is that criterion's FAIL. */
export async function awaitCriterion<T>(letter: string, expected: string, wait: Promise<T>, context = ''): Promise<T> {
  try {
    return await wait;
  } catch (e) {
    if (e instanceof DeadlineError) throw new CriterionFailure(letter, expected, `${e.message}${context}`);
    throw e;
  }
}

/** Requires a response code for criterion `letter`; `request` names what was answered ("the Update"). */
export function requireCode(letter: string, expectedCode: string, actual: string, request: string): void {
  if (actual !== expectedCode)
    throw new CriterionFailure(letter, `${codeName(expectedCode)} to ${request}`, `it was answered ${codeName(actual)}`);
}
