import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitCodeOf } from '../../src/cli/exit-code';
import type { CaseResult, Verdict } from '../../src/conformance/results';

const cases = (...verdicts: Verdict[]): CaseResult[] =>
  verdicts.map((verdict, i) => ({ id: `c${i}`, title: '', interface: '', verdict, durationMs: 0, tags: [], steps: [], trace: [] }));

test('0 only when something PASSed and every applicable case PASSed; N/A does not fail', () => {
  assert.equal(exitCodeOf(cases('PASS')).code, 0);
  assert.equal(exitCodeOf(cases('PASS', 'N/A')).code, 0);
  assert.equal(exitCodeOf(cases('PASS', 'FAIL')).code, 1);
  assert.equal(exitCodeOf(cases('PASS', 'ERROR')).code, 1);
});

test('nothing judged is 1: no case, only N/A, only INCONC (even with --allow-inconclusive)', () => {
  assert.match(exitCodeOf([]).why!, /no case was judged/);
  assert.equal(exitCodeOf(cases('N/A', 'N/A')).code, 1);
  assert.equal(exitCodeOf(cases('INCONC')).code, 1);
  assert.equal(exitCodeOf(cases('INCONC', 'N/A'), { allowInconclusive: true }).code, 1);
});

test('INCONC is not a pass unless allowed', () => {
  assert.match(exitCodeOf(cases('PASS', 'INCONC')).why!, /1 INCONC/);
  assert.equal(exitCodeOf(cases('PASS', 'INCONC'), { allowInconclusive: true }).code, 0);
  assert.equal(exitCodeOf(cases('PASS', 'INCONC', 'FAIL'), { allowInconclusive: true }).code, 1);
});

test('an interrupted run, or a failure outside the cases, is never 0', () => {
  assert.equal(exitCodeOf(cases('PASS'), { interrupted: true }).code, 1);
  assert.equal(exitCodeOf(cases('PASS'), { harnessFailed: true }).code, 1);
});

test('a shard with no applicable case in its share may judge nothing', () => {
  assert.equal(exitCodeOf(cases('N/A'), { emptyShare: true }).code, 0);
  assert.equal(exitCodeOf(cases('INCONC'), { emptyShare: true }).code, 1);
});
