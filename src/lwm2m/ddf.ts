/**
 * Loads OMA DDF object definitions (schemas LWM2M.xsd and LWM2M-v1_1.xsd) with fast-xml-parser.
 * A malformed file is a DecodeError naming the file and the element (e.g. "Object 3 / Item 7 / Type").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DecodeError } from './errors';
import type { ObjectDefinition, Operations, RangeInterval, ResourceDefinition, ResourceType } from './model';

const FORMAT = 'DDF';

const TYPES: Record<string, ResourceType> = {
  string: 'string',
  integer: 'integer',
  'unsigned integer': 'unsignedInteger',
  float: 'float',
  boolean: 'boolean',
  opaque: 'opaque',
  time: 'time',
  objlnk: 'objlnk',
  corelnk: 'corelnk',
  '': 'none',
};
const OPERATIONS = new Set(['', 'R', 'W', 'RW', 'E']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'Object' || name === 'Item',
});

type Node = Record<string, unknown>;

/** Parses DDF XML text; `source` names the file in diagnoses. */
export function parseDdf(xml: string, source = '<ddf>'): ObjectDefinition[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new DecodeError({
      format: FORMAT,
      field: `${source} line ${valid.err.line} column ${valid.err.col}`,
      expected: 'well-formed XML',
      actual: valid.err.msg,
    });
  }
  const doc = parser.parse(xml) as Node;
  const root = doc['LWM2M'] as Node | undefined;
  if (!root || typeof root !== 'object') fail(source, 'LWM2M', 'a root element <LWM2M>', 'none');
  const objects = root['Object'] as Node[] | undefined;
  if (!objects?.length) fail(source, 'LWM2M', 'at least one <Object>', 'none');
  return objects.map((o, i) => readObject(o, source, `Object[${i}]`));
}

export function loadDdfFile(file: string): ObjectDefinition[] {
  return parseDdf(fs.readFileSync(file, 'utf8'), file);
}

export function loadDdfDirectory(dir: string): ObjectDefinition[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.xml'))
    .sort();
  return files.flatMap((f) => loadDdfFile(path.join(dir, f)));
}

function readObject(o: Node, source: string, where: string): ObjectDefinition {
  const id = readId(text(o, 'ObjectID', source, where), source, `${where} / ObjectID`, 0, 65534);
  where = `Object ${id}`;
  const resources = new Map<number, ResourceDefinition>();
  const res = o['Resources'];
  const items = res && typeof res === 'object' ? (((res as Node)['Item'] as Node[] | undefined) ?? []) : [];
  for (const item of items) {
    const r = readResource(item, source, where);
    if (resources.has(r.id)) fail(source, `${where} / Item ${r.id}`, 'each resource ID once', 'a repeated ID');
    resources.set(r.id, r);
  }
  const version = optionalText(o, 'ObjectVersion') || '1.0';
  const lwm2mVersion = optionalText(o, 'LWM2MVersion') || '1.0';
  for (const [field, v] of [
    ['ObjectVersion', version],
    ['LWM2MVersion', lwm2mVersion],
  ]) {
    if (!/^[0-9]+\.[0-9]+$/.test(v)) fail(source, `${where} / ${field}`, '<major>.<minor>', JSON.stringify(v));
  }
  return {
    id,
    name: text(o, 'Name', source, where),
    urn: optionalText(o, 'ObjectURN') || undefined,
    version,
    lwm2mVersion,
    multiple: readChoice(o, 'MultipleInstances', ['Multiple', 'Single'], source, where) === 'Multiple',
    mandatory: readChoice(o, 'Mandatory', ['Mandatory', 'Optional'], source, where) === 'Mandatory',
    resources,
    source,
  };
}

function readResource(item: Node, source: string, objWhere: string): ResourceDefinition {
  const id = readId(String(item['@ID'] ?? ''), source, `${objWhere} / Item @ID`, 0, 65534);
  const where = `${objWhere} / Item ${id}`;
  const ops = optionalText(item, 'Operations');
  if (!OPERATIONS.has(ops)) fail(source, `${where} / Operations`, 'one of R, W, RW, E or empty', JSON.stringify(ops));
  const typeText = optionalText(item, 'Type');
  const type = TYPES[typeText.toLowerCase()];
  if (!type)
    fail(
      source,
      `${where} / Type`,
      'String, Integer, Unsigned Integer, Float, Boolean, Opaque, Time, Objlnk, Corelnk or empty',
      JSON.stringify(typeText),
    );
  if ((ops === 'E') !== (type === 'none') && !(ops === 'E' && type === 'string')) {
    // Executable resources have no type; a typed resource is not executable. (Some registry
    // objects give E resources a String type for their arguments; that is tolerated.)
    fail(
      source,
      `${where} / Type`,
      ops === 'E' ? 'an empty Type for an executable resource' : 'a Type for a non-executable resource',
      JSON.stringify(typeText),
    );
  }
  const rangeText = optionalText(item, 'RangeEnumeration') || undefined;
  const units = optionalText(item, 'Units') || undefined;
  return {
    id,
    name: text(item, 'Name', source, where),
    operations: ops as Operations,
    multiple: readChoice(item, 'MultipleInstances', ['Multiple', 'Single'], source, where) === 'Multiple',
    mandatory: readChoice(item, 'Mandatory', ['Mandatory', 'Optional'], source, where) === 'Mandatory',
    type,
    rangeText,
    range: rangeText ? parseRange(rangeText) : undefined,
    units,
  };
}

/** "0..255" -> [{0,255}]; "16,32,48" -> three points; anything else (free text) -> undefined. */
export function parseRange(textValue: string): RangeInterval[] | undefined {
  const parts = textValue.split(',').map((s) => s.trim());
  const out: RangeInterval[] = [];
  for (const p of parts) {
    const m = /^(-?[0-9]+(?:\.[0-9]+)?)(?:\s*\.\.\s*(-?[0-9]+(?:\.[0-9]+)?))?$/.exec(p);
    if (!m) return undefined;
    out.push({ min: Number(m[1]), max: Number(m[2] ?? m[1]) });
  }
  return out;
}

function optionalText(n: Node, key: string): string {
  const v = n[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return String((v as Node)['#text'] ?? '').trim();
  return String(v).trim();
}

function text(n: Node, key: string, source: string, where: string): string {
  const v = optionalText(n, key);
  if (!v) fail(source, `${where} / ${key}`, `a non-empty <${key}>`, n[key] === undefined ? 'no element' : 'an empty element');
  return v;
}

function readChoice(n: Node, key: string, allowed: string[], source: string, where: string): string {
  const v = optionalText(n, key);
  if (!allowed.includes(v)) fail(source, `${where} / ${key}`, allowed.join(' or '), v ? JSON.stringify(v) : 'no value');
  return v;
}

function readId(v: string, source: string, where: string, min: number, max: number): number {
  if (!/^(0|[1-9][0-9]*)$/.test(v) || Number(v) < min || Number(v) > max)
    fail(source, where, `a decimal ID ${min}..${max}`, JSON.stringify(v));
  return Number(v);
}

function fail(source: string, element: string, expected: string, actual: string): never {
  throw new DecodeError({ format: FORMAT, field: `${source}: ${element}`, expected, actual });
}
