/**
 * The numbering of an ETS test case as feature steps carry it: procedure steps "(1)", "(2)" and
 * lettered pass criteria "(A)", "(B, C)". Steps receive these as values (Cucumber parameter
 * types in steps/support/parameters.ts), so a failure names the step or criterion it happened
 * in from the step itself, never from a number written into the code.
 */

/** A numbered step of the ETS procedure, e.g. "(2)". */
export class ProcedureStep {
  constructor(readonly number: number) {}

  /** As the diagnosis names it: "step 2". */
  get label(): string {
    return `step ${this.number}`;
  }

  static parse(text: string): ProcedureStep {
    const m = /^\(?(\d+)\)?$/.exec(text.trim());
    if (!m) throw new Error(`"${text}" is not a procedure step number such as (1)`);
    return new ProcedureStep(Number(m[1]));
  }

  toString(): string {
    return this.label;
  }
}

/** One or more pass-criterion letters judged together, e.g. "(B, C)". */
export class Criterion {
  constructor(readonly letters: readonly string[]) {
    if (letters.length === 0 || letters.some((l) => !/^[A-Z]$/.test(l))) throw new Error(`bad criterion letters: ${letters.join(', ')}`);
  }

  /** As the diagnosis names it: "B, C". */
  get label(): string {
    return this.letters.join(', ');
  }

  static parse(text: string): Criterion {
    const m = /^\(?([A-Z](?:, [A-Z])*)\)?$/.exec(text.trim());
    if (!m) throw new Error(`"${text}" is not a pass-criterion letter list such as (A) or (B, C)`);
    return new Criterion(m[1].split(', '));
  }

  toString(): string {
    return this.label;
  }
}

/** The regular expressions the parameter types use (the parenthesised forms in feature text). */
export const PROCEDURE_STEP_PATTERN = /\(\d+\)/;
export const CRITERION_PATTERN = /\([A-Z](?:, [A-Z])*\)/;
