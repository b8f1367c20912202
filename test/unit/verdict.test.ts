import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verdictOf, type StepOutcome } from '../../src/conformance/verdict';

const ok = (type: StepOutcome['type'], text = type): StepOutcome => ({ type, text, status: 'PASSED' });
const failed = (type: StepOutcome['type'], exceptionType: string, message = 'boom'): StepOutcome => ({
  type,
  text: 'x',
  status: 'FAILED',
  exceptionType,
  message,
});
const skipped: StepOutcome = { type: 'Outcome', text: 's', status: 'SKIPPED' };

test('every step passed is PASS', () => assert.equal(verdictOf([ok('Context'), ok('Action'), ok('Outcome')]).verdict, 'PASS'));
test('a failed pass criterion is FAIL', () =>
  assert.equal(verdictOf([ok('Context'), failed('Outcome', 'CriterionFailure'), skipped]).verdict, 'FAIL'));
test('a DUT failure in a procedure step is FAIL', () =>
  assert.equal(verdictOf([ok('Context'), failed('Action', 'DutFailure')]).verdict, 'FAIL'));
test('a failed Given is INCONC', () => assert.equal(verdictOf([failed('Context', 'PreconditionFailure'), skipped]).verdict, 'INCONC'));
test('a DUT failure inside a Given is INCONC, not FAIL', () =>
  assert.equal(verdictOf([failed('Context', 'DutFailure')]).verdict, 'INCONC'));
test('a harness exception is ERROR even in a Then', () =>
  assert.equal(verdictOf([ok('Context'), failed('Outcome', 'TypeError')]).verdict, 'ERROR'));
test('a harness exception in a Given is ERROR, not INCONC', () =>
  assert.equal(verdictOf([failed('Context', 'TypeError')]).verdict, 'ERROR'));
test('an undefined step is ERROR, whatever else passed', () => {
  const r = verdictOf([ok('Context'), { type: 'Action', text: 'the moon turns blue', status: 'UNDEFINED' }, skipped]);
  assert.equal(r.verdict, 'ERROR');
  assert.match(r.reason!, /"the moon turns blue" has no step definition/);
});
test('a failing hook is ERROR', () =>
  assert.equal(verdictOf([{ type: 'Hook', text: 'Before', status: 'FAILED', exceptionType: 'Error' }, skipped]).verdict, 'ERROR'));
test('a case with no steps is ERROR', () => assert.equal(verdictOf([]).verdict, 'ERROR'));
test('skipped steps without a failure are not PASS', () => assert.equal(verdictOf([ok('Context'), skipped]).verdict, 'ERROR'));
