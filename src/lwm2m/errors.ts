/**
 * The one error type every LwM2M decoder throws. It names where the payload went wrong
 * (byte or character offset, or a field such as a SenML record key) and what was expected,
 * so that a verdict can tell a device author exactly what to fix.
 */

export interface DecodeErrorInit {
  /** Which format or grammar was being read, e.g. 'TLV', 'SenML JSON', 'link-format', 'path'. */
  format: string;
  /** Byte offset (binary formats) or character offset (text formats) of the problem. */
  offset?: number;
  /** Field or element concerned, e.g. 'record 2 "bn"', 'resource /3/0/9'. */
  field?: string;
  /** What the specification requires at that place. */
  expected: string;
  /** What was found instead. */
  actual: string;
}

export class DecodeError extends Error {
  readonly format: string;
  readonly offset?: number;
  readonly field?: string;
  readonly expected: string;
  readonly actual: string;

  constructor(init: DecodeErrorInit) {
    super(describe(init));
    this.name = 'DecodeError';
    this.format = init.format;
    this.offset = init.offset;
    this.field = init.field;
    this.expected = init.expected;
    this.actual = init.actual;
  }

  /** The same error, re-labelled with outer context (e.g. the record a nested value sits in). */
  within(format: string, field?: string, offsetShift = 0): DecodeError {
    return new DecodeError({
      format,
      offset: this.offset === undefined ? undefined : this.offset + offsetShift,
      field: field && this.field ? `${field}: ${this.field}` : (field ?? this.field),
      expected: this.expected,
      actual: this.actual,
    });
  }
}

function describe(e: DecodeErrorInit): string {
  const where: string[] = [];
  if (e.offset !== undefined) where.push(`offset ${e.offset}`);
  if (e.field !== undefined) where.push(e.field);
  const at = where.length ? ` at ${where.join(', ')}` : '';
  return `${e.format}${at}: expected ${e.expected}, got ${e.actual}`;
}

/** Short printable rendering of an unexpected character or value for `actual`. */
export function shown(value: string | number | undefined): string {
  if (value === undefined) return 'end of input';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Thrown by encoders when the records cannot be expressed in the chosen format (caller error). */
export class EncodeError extends Error {
  constructor(
    readonly format: string,
    message: string,
  ) {
    super(`${format}: ${message}`);
    this.name = 'EncodeError';
  }
}
