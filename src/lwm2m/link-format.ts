/**
 * CoRE Link Format (RFC 6690, Content-Format 40) as LwM2M uses it: the Register/Update payload
 * (`</>;rt="oma.lwm2m";ct=11543,</1/0>,</3>;ver=1.1,</3/0>`) and Discover output with
 * notification attributes (`</3/0/7>;dim=2;pmin=10`). The parser is strict: anything outside
 * RFC 6690's grammar is a DecodeError naming the character offset.
 */
import { DecodeError, shown } from './errors';
import { LwM2MPath } from './path';
import { decodeUtf8Strict } from './utf8';

export interface Link {
  target: string;
  /** Attribute name -> value; `true` for an attribute given without a value (e.g. `;obs`). */
  attributes: Map<string, string | true>;
}

const FORMAT = 'link-format';

// RFC 6690 section 2: ptokenchar (unquoted values) and parmname (RFC 5987 attr-char).
const PTOKEN_CHAR = /[!#$%&'()*+\-./0-9:<=>?@A-Z[\]^_`a-z{|}~]/;
const PARMNAME_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;
// A URI-reference without spaces, brackets or quotes (RFC 3986 characters).
const TARGET_CHAR = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/;

class Reader {
  pos = 0;
  constructor(readonly text: string) {}
  peek(): string | undefined {
    return this.pos < this.text.length ? this.text[this.pos] : undefined;
  }
  fail(expected: string, offset = this.pos): never {
    const ch = offset < this.text.length ? this.text[offset] : undefined;
    throw new DecodeError({ format: FORMAT, offset, expected, actual: shown(ch) });
  }
  expect(ch: string, expected: string): void {
    if (this.peek() !== ch) this.fail(expected);
    this.pos++;
  }
}

/** Parses a whole link-format document. An empty string is an empty list (RFC 6690 allows it). */
export function parseLinkFormat(text: string): Link[] {
  const r = new Reader(text);
  const links: Link[] = [];
  if (text.length === 0) return links;
  for (;;) {
    links.push(readLink(r));
    if (r.peek() === undefined) return links;
    r.expect(',', '"," between links, ";" before an attribute, or the end');
    if (r.peek() === undefined) r.fail('another link after "," (trailing comma)');
  }
}

/** Parses link-format bytes, rejecting invalid UTF-8 with its byte offset first. */
export function parseLinkFormatBytes(bytes: Uint8Array): Link[] {
  return parseLinkFormat(decodeUtf8Strict(bytes, FORMAT));
}

function readLink(r: Reader): Link {
  r.expect('<', '"<" opening a link target');
  const start = r.pos;
  while (r.peek() !== undefined && r.peek() !== '>') {
    const ch = r.peek()!;
    if (ch === '<') r.fail('">" closing the target opened at offset ' + (start - 1));
    if (!TARGET_CHAR.test(ch)) r.fail('a URI character in the link target');
    r.pos++;
  }
  if (r.peek() === undefined) r.fail(`">" closing the target opened at offset ${start - 1} (unterminated "<")`);
  const target = r.text.slice(start, r.pos);
  if (target === '') r.fail('a non-empty link target', start);
  r.pos++; // '>'
  const attributes = new Map<string, string | true>();
  while (r.peek() === ';') {
    r.pos++;
    const nameAt = r.pos;
    const name = readParmname(r);
    if (attributes.has(name)) {
      throw new DecodeError({
        format: FORMAT,
        offset: nameAt,
        field: `<${target}>`,
        expected: 'each attribute at most once',
        actual: `a second "${name}"`,
      });
    }
    if (r.peek() === '=') {
      r.pos++;
      attributes.set(name, r.peek() === '"' ? readQuoted(r) : readPtoken(r));
    } else {
      attributes.set(name, true);
    }
  }
  return { target, attributes };
}

function readParmname(r: Reader): string {
  const start = r.pos;
  while (r.peek() !== undefined && PARMNAME_CHAR.test(r.peek()!)) r.pos++;
  if (r.pos === start) r.fail('an attribute name after ";"');
  return r.text.slice(start, r.pos);
}

function readPtoken(r: Reader): string {
  const start = r.pos;
  while (r.peek() !== undefined && PTOKEN_CHAR.test(r.peek()!)) r.pos++;
  if (r.pos === start) r.fail('an attribute value (token or quoted string) after "="');
  return r.text.slice(start, r.pos);
}

function readQuoted(r: Reader): string {
  const open = r.pos;
  r.pos++; // opening quote
  let value = '';
  for (;;) {
    const ch = r.peek();
    if (ch === undefined) r.fail(`'"' closing the string opened at offset ${open}`);
    if (ch === '"') {
      r.pos++;
      return value;
    }
    if (ch === '\\') {
      r.pos++;
      const next = r.peek();
      if (next === undefined || next < ' ' || next === '\x7f') r.fail('a printable character after "\\"');
      value += next;
      r.pos++;
      continue;
    }
    if (ch < ' ' || ch === '\x7f') r.fail('a printable character inside a quoted string');
    value += ch;
    r.pos++;
  }
}

// Attributes whose values RFC 6690 / LwM2M write as quoted strings (uri: Bootstrap-Discover).
const ALWAYS_QUOTED = new Set(['rt', 'if', 'anchor', 'rev', 'title', 'uri']);

/** Encodes links; values are quoted when they are not plain tokens (and rt/if always). */
export function formatLinks(links: Link[]): string {
  return links
    .map((l) => {
      let s = `<${l.target}>`;
      for (const [name, value] of l.attributes) {
        if (value === true) s += `;${name}`;
        else if (ALWAYS_QUOTED.has(name) || !isPtoken(value)) s += `;${name}="${value.replace(/["\\]/g, '\\$&')}"`;
        else s += `;${name}=${value}`;
      }
      return s;
    })
    .join(',');
}

function isPtoken(value: string): boolean {
  return value.length > 0 && [...value].every((c) => PTOKEN_CHAR.test(c));
}

/** Convenience constructor: `link('/3/0/7', { dim: '2', obs: true })`. */
export function link(target: string, attributes: Record<string, string | number | true> = {}): Link {
  return {
    target,
    attributes: new Map(Object.entries(attributes).map(([k, v]) => [k, v === true ? true : String(v)])),
  };
}

// ---------------------------------------------------------------------------------------------
// Registration payload -> objects

export interface RegisteredObject {
  objectId: number;
  /** Object version from `ver=` (LwM2M 1.1+); undefined means the version the client's enabler implies. */
  version?: string;
  /** Instance ids listed as `</o/i>`, ascending. Empty when only `</o>` was listed. */
  instances: number[];
}

export interface RegistrationObjects {
  /** The alternate root path ("/" unless the client declared e.g. `</lwm2m>;rt="oma.lwm2m"`). */
  rootPath: string;
  /** The root link when present: the one with `rt="oma.lwm2m"` (1.1+), else a `</>` link (1.0); its `ct=` names formats. */
  rootLink?: Link;
  /** Content formats from the root link's `ct=` (space separated when quoted). */
  contentFormats?: number[];
  objects: RegisteredObject[];
}

/**
 * Interprets a Register/Update payload as each LwM2M version defines it:
 *  - 1.0 (TS 1.0 §5.3.1): the root link `</>` is optional and may carry `ct=` alone, e.g.
 *    `</>;ct=11543,</1/0>,</3/0>` (the client's preferred format for all objects);
 *  - 1.1 and 1.2 (TS Core §6.2.1): the root link is the one with `rt="oma.lwm2m"`, which may name
 *    an alternate root path (`</lwm2m>;rt="oma.lwm2m",</lwm2m/1/0>`); its `ct=` may list several.
 * Object and object-instance links follow under that root. Link attributes the specification does
 * not define here (e.g. `hb`, `title`) are ignored, never refused (RFC 6690 §3 lets a link carry any).
 */
export function objectsFromRegistration(links: Link[]): RegistrationObjects {
  function fail(field: string, expected: string, actual: string): never {
    throw new DecodeError({ format: 'registration payload', field, expected, actual });
  }
  const rootLink = links.find((l) => hasResourceType(l, 'oma.lwm2m')) ?? links.find((l) => l.target === '/');
  let rootPath = '/';
  if (rootLink) {
    rootPath = rootLink.target;
    if (!rootPath.startsWith('/')) fail(`<${rootPath}>`, 'an absolute root path', JSON.stringify(rootPath));
  }
  let contentFormats: number[] | undefined;
  const ct = rootLink?.attributes.get('ct');
  if (ct !== undefined) {
    if (ct === true) fail('ct', 'a value for ct', 'ct without "="');
    contentFormats = ct.split(' ').map((t) => {
      if (!/^(0|[1-9][0-9]{0,4})$/.test(t) || Number(t) > 65535)
        fail('ct', 'content-format numbers 0..65535 separated by spaces', JSON.stringify(ct));
      return Number(t);
    });
  }
  const prefix = rootPath === '/' ? '' : rootPath.replace(/\/$/, '');
  const byId = new Map<number, RegisteredObject>();
  const seen = new Set<string>();
  for (const l of links) {
    if (l === rootLink) continue;
    const field = `<${l.target}>`;
    if (prefix && !l.target.startsWith(prefix + '/')) fail(field, `a link under the root path ${rootPath}`, JSON.stringify(l.target));
    let path: LwM2MPath;
    try {
      path = LwM2MPath.parse(l.target.slice(prefix.length));
    } catch (e) {
      throw e instanceof DecodeError ? e.within('registration payload', field) : e;
    }
    if (path.depth < 1 || path.depth > 2) fail(field, 'an object "</o>" or object-instance "</o/i>" link', `a ${path.level} link`);
    if (seen.has(path.toString())) fail(field, 'each object and instance listed once', 'a repeated link');
    seen.add(path.toString());
    const objectId = path.objectId!;
    let obj = byId.get(objectId);
    if (!obj) {
      obj = { objectId, instances: [] };
      byId.set(objectId, obj);
    }
    const ver = l.attributes.get('ver');
    if (ver !== undefined) {
      if (ver === true || !/^[0-9]+\.[0-9]+$/.test(ver))
        fail(field, 'ver=<major>.<minor>', ver === true ? 'ver without "="' : JSON.stringify(ver));
      if (obj.version !== undefined && obj.version !== ver) fail(field, `the same version as before (${obj.version})`, ver);
      obj.version = ver;
    }
    if (path.depth === 2) obj.instances.push(path.instanceId!);
  }
  const objects = [...byId.values()].sort((a, b) => a.objectId - b.objectId);
  for (const o of objects) o.instances.sort((a, b) => a - b);
  return { rootPath, rootLink, contentFormats, objects };
}

/** True when the link's `rt=` (one value or a space-separated list, RFC 6690 §3.1) holds `type`. */
function hasResourceType(l: Link, type: string): boolean {
  const rt = l.attributes.get('rt');
  return typeof rt === 'string' && rt.split(' ').includes(type);
}

// ---------------------------------------------------------------------------------------------
// LwM2M attributes on a link (Discover output, Bootstrap-Discover, Write-Attributes)

/** The attributes LwM2M defines (1.1 §5.1.2, 1.2 §5.1.2), typed; anything else in `other`. */
export interface LinkAttributes {
  pmin?: number;
  pmax?: number;
  gt?: number;
  lt?: number;
  st?: number;
  epmin?: number;
  epmax?: number;
  /** Number of resource instances of a multiple resource (Discover). */
  dim?: number;
  /** Short Server ID (Bootstrap-Discover). */
  ssid?: number;
  /** Server URI (Bootstrap-Discover). */
  uri?: string;
  /** Object version. */
  ver?: string;
  /** Enabler version on the root link of a Bootstrap-Discover (1.1+). */
  lwm2m?: string;
  /** 1.2: confirmable notifications, maximum historical queue, edge-triggered. */
  con?: boolean;
  hqmax?: number;
  edge?: boolean;
  other: Map<string, string | true>;
}

const NON_NEGATIVE_INT = ['pmin', 'pmax', 'epmin', 'epmax', 'hqmax'] as const;
const NUMBER_ATTRS = ['gt', 'lt', 'st'] as const;
const BOOL_ATTRS = ['con', 'edge'] as const;

/** Reads and checks the LwM2M attributes of a link; a malformed value is a DecodeError naming it. */
export function linkAttributes(l: Link): LinkAttributes {
  const out: LinkAttributes = { other: new Map() };
  for (const [name, value] of l.attributes) {
    const bad = (expected: string): never => {
      throw new DecodeError({
        format: FORMAT,
        field: `<${l.target}>;${name}`,
        expected,
        actual: value === true ? 'no value' : JSON.stringify(value),
      });
    };
    const text = () => (value === true ? bad('a value') : value);
    const int = (min: number, max: number) => {
      const v = text();
      if (!/^(0|[1-9][0-9]*)$/.test(v) || Number(v) < min || Number(v) > max) bad(`an integer ${min}..${max}`);
      return Number(v);
    };
    if ((NON_NEGATIVE_INT as readonly string[]).includes(name)) out[name as (typeof NON_NEGATIVE_INT)[number]] = int(0, 2 ** 31 - 1);
    else if ((NUMBER_ATTRS as readonly string[]).includes(name)) {
      const v = text();
      if (!/^-?[0-9]+(\.[0-9]+)?$/.test(v)) bad('a decimal number');
      out[name as (typeof NUMBER_ATTRS)[number]] = Number(v);
    } else if ((BOOL_ATTRS as readonly string[]).includes(name)) {
      const v = text();
      if (v !== '0' && v !== '1') bad('0 or 1');
      out[name as (typeof BOOL_ATTRS)[number]] = v === '1';
    } else if (name === 'dim') out.dim = int(0, 65535);
    else if (name === 'ssid') out.ssid = int(1, 65534);
    else if (name === 'uri') out.uri = text();
    else if (name === 'ver' || name === 'lwm2m') {
      const v = text();
      if (!/^[0-9]+\.[0-9]+$/.test(v)) bad('<major>.<minor>');
      out[name] = v;
    } else out.other.set(name, value);
  }
  // LwM2M 1.1 §5.1.2: a maximum period below its minimum period makes no sense (pmax=0 means none).
  if (out.pmin !== undefined && out.pmax !== undefined && out.pmax !== 0 && out.pmax < out.pmin) {
    throw new DecodeError({
      format: FORMAT,
      field: `<${l.target}>;pmax`,
      expected: `pmax >= pmin (${out.pmin})`,
      actual: String(out.pmax),
    });
  }
  if (out.epmin !== undefined && out.epmax !== undefined && out.epmax < out.epmin) {
    throw new DecodeError({
      format: FORMAT,
      field: `<${l.target}>;epmax`,
      expected: `epmax >= epmin (${out.epmin})`,
      actual: String(out.epmax),
    });
  }
  return out;
}
