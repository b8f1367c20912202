/**
 * The ETS numbering carried in step text (issue 11 convention): procedure steps `(1) …`, pass
 * criteria `(A) …` and joint criteria `(B, C) …`. The older `A: …` form is read too. From the steps
 * and the diagnosis, each criterion letter gets its own outcome, so a failed `(B, C)` step shows
 * both B and C as failed when the diagnosis names both.
 */
import type { CaseResult, StepResult } from '../conformance/results';

export interface StepLabel {
  /** Procedure step number, e.g. "1". */
  procedure?: string;
  /** Pass-criterion letters, e.g. ["B", "C"]. */
  criteria?: string[];
  /** The step text without its label. */
  text: string;
}

const PROCEDURE = /^\((\d+[a-z]?)\)\s*/;
const CRITERIA = /^\(([A-Z][0-9]?(?:\s*,\s*[A-Z][0-9]?)*)\)\s*/;
const LEGACY_CRITERIA = /^([A-Z][0-9]?(?:\s*,\s*[A-Z][0-9]?)*):\s+/;

export function stepLabel(text: string): StepLabel {
  const p = PROCEDURE.exec(text);
  if (p) return { procedure: p[1], text: text.slice(p[0].length) };
  const c = CRITERIA.exec(text) ?? LEGACY_CRITERIA.exec(text);
  if (c) return { criteria: splitLetters(c[1]), text: text.slice(c[0].length) };
  return { text };
}

/** "B, C" → ["B", "C"]; labels that are not letters ("precondition", "step 2") → []. */
export function splitLetters(criterion: string | undefined): string[] {
  if (!criterion || !/^[A-Z][0-9]?(\s*,\s*[A-Z][0-9]?)*$/.test(criterion.trim())) return [];
  return criterion.split(',').map((s) => s.trim());
}

export type CriterionStatus = 'passed' | 'failed' | 'not judged';

export interface CriterionOutcome {
  letter: string;
  status: CriterionStatus;
}

/** The outcome of one step's letters, given the case's diagnosis. */
export function letterOutcomes(step: StepResult, letters: string[], diagnosisCriterion: string | undefined): CriterionOutcome[] {
  if (step.status === 'passed') return letters.map((letter) => ({ letter, status: 'passed' }));
  if (step.status !== 'failed') return letters.map((letter) => ({ letter, status: 'not judged' }));
  const named = splitLetters(diagnosisCriterion).filter((l) => letters.includes(l));
  // A failure that names none of this step's letters (a message without a criterion) fails them all.
  const failed = named.length > 0 ? named : letters;
  return letters.map((letter) => ({ letter, status: failed.includes(letter) ? 'failed' : 'not judged' }));
}

/** Every pass-criterion letter of a case in step order, each with its outcome. */
export function criteriaOf(c: CaseResult): CriterionOutcome[] {
  const out: CriterionOutcome[] = [];
  for (const s of c.steps) {
    const letters = stepLabel(s.text).criteria;
    if (letters) out.push(...letterOutcomes(s, letters, c.diagnosis?.criterion));
  }
  return out;
}
