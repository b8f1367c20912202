/**
 * The fault registry of the reference peers. A fault makes a reference client (or server) break
 * exactly one rule of the specification; each entry says which test case and pass criterion it
 * must make FAIL, and what the diagnosis says. The project's e2e fault test is generated from
 * these entries, and a coverage test fails when an automated case's criterion has no fault.
 */

/** What one fault must do to one test case. */
export interface FaultEffect {
  /** The case ID as the feature tags it, e.g. "LightweightM2M-1.1-int-101". */
  case: string;
  /** The criterion letter(s) of the FAIL ("A", "B, C"), or the procedure step ("step 1"). */
  criterion: string;
  /** Words the diagnosis (expected + actual) must contain. */
  diagnosis: RegExp;
  /** The bundled profile (fixtures/duts) to run with, when not the default reference client. */
  profile?: string;
}

export interface FaultDefinition {
  /** The rule the peer breaks, in one sentence (shown by `reference-client --help`). */
  description: string;
  breaks: FaultEffect[];
  /** For a fault below any one ETS case (e.g. CoAP): the test file that shows it is caught. */
  provenBy?: string;
}

/** Keeps the literal names as a type while checking each entry's shape. */
export function defineFaults<T extends Record<string, FaultDefinition>>(faults: T): T {
  return faults;
}

/** Shorthand for an effect on an LwM2M 1.1 ETS case by its number. */
export function on(caseNumber: number | string, criterion: string, diagnosis: RegExp, profile?: string): FaultEffect {
  return { case: `LightweightM2M-1.1-int-${caseNumber}`, criterion, diagnosis, ...(profile ? { profile } : {}) };
}

/** Shorthand for an effect on one of the connectivity-management cases (`LightweightM2M-CONMGMT-1.1-int-1250`). */
export function onConmgmt(caseNumber: number, criterion: string, diagnosis: RegExp, profile?: string): FaultEffect {
  return { ...on(caseNumber, criterion, diagnosis, profile), case: `LightweightM2M-CONMGMT-1.1-int-${caseNumber}` };
}
