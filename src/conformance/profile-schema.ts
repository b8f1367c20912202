/**
 * The DUT profile's shape as a JSON Schema (schemas/dut-profile.schema.json, shipped so that
 * editors complete and check profiles), checked by ajv. Each schema error becomes a problem in
 * today's words: the field path ("launch.stop.signal", "ics[2]"), its line, what was expected (the
 * schema's `expected` annotation) and what was found.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import { PACKAGE_ROOT } from '../util/package-root';

export const SCHEMA_FILE = path.join(PACKAGE_ROOT, 'schemas', 'dut-profile.schema.json');

export interface SchemaProblem {
  field: string;
  line?: number;
  message: string;
}

let validator: ValidateFunction | undefined;

/** What the code knows and the schema file may lag behind: the ICS feature names and the timer names. */
export interface SchemaVocabulary {
  features: readonly string[];
  /** Timer names whose value is a whole number of seconds or milliseconds (other timers stay as the file has them). */
  timers: readonly string[];
}

type JsonObject = Record<string, unknown> & { properties?: Record<string, JsonObject>; items?: JsonObject };

/** The shipped schema, with the ICS names and timers taken from the code (one source of truth). */
export function shippedSchema(vocabulary?: SchemaVocabulary): JsonObject {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as JsonObject;
  if (!vocabulary) return schema;
  const props = schema.properties!;
  const ics = props.ics;
  if (ics?.items) {
    ics.items.enum = [...vocabulary.features];
    ics.items.expected = `an optional feature name, one of: ${vocabulary.features.join(', ')}`;
  }
  const timers = props.timers?.properties;
  if (timers) {
    for (const name of vocabulary.timers) timers[name] ??= { type: 'integer', minimum: 0, expected: 'a non-negative integer' };
  }
  return schema;
}

/** The validator the build compiles ahead of time (ajv standalone code), so that a run need not load ajv. */
export const PRECOMPILED_VALIDATOR = path.join(PACKAGE_ROOT, 'dist', 'profile-validator.js');

function newAjv(source: boolean) {
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true, code: { source } });
  // `expected` is our annotation: the words a problem uses; editors ignore it.
  ajv.addKeyword({ keyword: 'expected', schemaType: 'string' });
  return ajv;
}

/** The source of a module exporting the compiled validator and the vocabulary it was compiled with (for scripts/build.js). */
export function precompiledValidatorSource(vocabulary?: SchemaVocabulary): string {
  const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
  const ajv = newAjv(true);
  const code = standaloneCode(ajv, ajv.compile(shippedSchema(vocabulary)));
  return `${code}\nmodule.exports.vocabulary = ${JSON.stringify(vocabulary ?? null)};\n`;
}

/** The precompiled validator, while it is newer than the schema file and was made from this vocabulary. */
function precompiled(vocabulary?: SchemaVocabulary): ValidateFunction | undefined {
  try {
    const built = fs.statSync(PRECOMPILED_VALIDATOR, { throwIfNoEntry: false })?.mtimeMs;
    if (built === undefined || fs.statSync(SCHEMA_FILE).mtimeMs > built) return undefined;
    const mod = require(PRECOMPILED_VALIDATOR) as ValidateFunction & { vocabulary: unknown };
    return JSON.stringify(mod.vocabulary) === JSON.stringify(vocabulary ?? null) ? mod : undefined;
  } catch {
    return undefined; // the schema is the source of truth; the precompiled form only saves time
  }
}

function compiled(vocabulary?: SchemaVocabulary): ValidateFunction {
  // Compiling the schema costs a process ~0.3-0.6 s: the build does it once (see above).
  validator ??= precompiled(vocabulary) ?? newAjv(false).compile(shippedSchema(vocabulary));
  return validator;
}

/** Checks a profile's data (YAML already read) against the schema; `doc` and `lines` locate each problem. */
export function schemaProblems(data: unknown, doc?: Document, lines?: LineCounter, vocabulary?: SchemaVocabulary): SchemaProblem[] {
  const validate = compiled(vocabulary);
  if (validate(data)) return [];
  const problems = new Map<string, SchemaProblem>();
  for (const e of validate.errors ?? []) {
    const found = problemOf(e);
    if (!found) continue;
    // The first problem of a field says enough (a wrong type also breaks its minimum, ...).
    if (problems.has(found.field)) continue;
    problems.set(found.field, { ...found, line: doc && lines ? lineOf(doc, lines, found.field) : undefined });
  }
  return [...problems.values()];
}

function problemOf(e: ErrorObject): { field: string; message: string } | undefined {
  const here = fieldOf(e.instancePath);
  const parent = (e.parentSchema ?? {}) as { expected?: string; properties?: Record<string, unknown> };
  switch (e.keyword) {
    case 'if':
      return undefined; // the branch's own errors say what is wrong
    case 'required':
      return { field: join(here, (e.params as { missingProperty: string }).missingProperty), message: 'required, but missing' };
    case 'additionalProperties': {
      const known = Object.keys(parent.properties ?? {});
      return {
        field: join(here, (e.params as { additionalProperty: string }).additionalProperty),
        message: `unknown key (expected one of ${known.join(', ')})`,
      };
    }
    case 'propertyNames':
      return undefined; // reported by the name's own schema, below
    default: {
      const name = (e as { propertyName?: string }).propertyName;
      if (name !== undefined) return { field: join(here, name), message: `unknown key (expected ${parent.expected ?? 'a known name'})` };
      const what = parent.expected ?? e.message ?? 'a valid value';
      const hint = typeof e.data === 'number' && /string/.test(what) ? ' (put the value in quotes)' : '';
      return { field: here, message: `expected ${what}, found ${describeValue(e.data)}${hint}` };
    }
  }
}

/** "/launch/stop/signal" → "launch.stop.signal"; "/ics/2" → "ics[2]". */
function fieldOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((acc, k) => (/^(0|[1-9][0-9]*)$/.test(k) ? `${acc}[${k}]` : join(acc, k)), '');
}

function join(field: string, key: string): string {
  return field ? `${field}.${key}` : key;
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${v}`;
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}

/** The line of the deepest node that exists along a field path. */
export function lineOf(doc: Document, lines: LineCounter, field: string): number {
  const keys = field
    .split(/\.|\[(\d+)\]/)
    .filter(Boolean)
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}
