/**
 * Judging rules for the requests a server DUT sends the Test Client (LwM2M 1.1 §5.4, §6.3, §6.4,
 * Table 6.4-1; RFC 7252; RFC 7641). Pure functions: each returns what was expected and what the
 * server did instead, or undefined when the request keeps the rule. The operations (device-
 * management.ts, information-reporting.ts) turn a problem into the failure of a criterion.
 */
import type { CoapMessage } from '../../coap/message';
import {
  accept as acceptOf,
  codeName,
  contentFormat as contentFormatOf,
  observe as observeOf,
  uriPath,
  uriQuery,
} from '../../coap/message';
import { contentFormatName, decodeContent, instanceIdInCreate, type ResourceRecord } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import { parseLinkFormat, type Link } from '../../lwm2m/link-format';
import type { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import { toJson } from '../../peers/reference-server/json-values';

export interface Problem {
  expected: string;
  actual: string;
}

const METHODS: Record<string, string> = {
  '0.01': 'GET',
  '0.02': 'POST',
  '0.03': 'PUT',
  '0.04': 'DELETE',
  '0.05': 'FETCH',
  '0.07': 'iPATCH',
};

export function methodName(code: string): string {
  return METHODS[code] ?? code;
}

/** How a request must look; an absent field is not judged, `null` means the option (or payload) must be absent. */
export interface RequestShape {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  contentFormat?: number | null;
  accept?: number | null;
  observe?: number | null;
  payload?: null;
}

function optionText(name: string, v: number | undefined, describe = (n: number) => `${name} ${n} (${contentFormatName(n)})`): string {
  return v === undefined ? `no ${name} option` : describe(v);
}

/** Method, path, Content-Format, Accept, Observe and payload, in that order: the first rule broken. */
export function shapeProblem(what: string, m: CoapMessage, want: RequestShape): Problem | undefined {
  const sent = `${methodName(m.code)} ${uriPath(m)}`;
  if (methodName(m.code) !== want.method) return { expected: `${what} as ${want.method}`, actual: `the server sent ${sent}` };
  if (uriPath(m) !== want.path) return { expected: `${what} as ${want.method} on ${want.path}`, actual: `the server sent ${sent}` };
  const formats: [string, number | null | undefined, number | undefined][] = [
    ['Content-Format', want.contentFormat, contentFormatOf(m)],
    ['Accept', want.accept, acceptOf(m)],
  ];
  for (const [name, wanted, got] of formats) {
    if (wanted === undefined || wanted === got || (wanted === null && got === undefined)) continue;
    if (wanted === null) return { expected: `${what} without a ${name} option`, actual: `it carried ${optionText(name, got)}` };
    return {
      expected: `${what} with ${optionText(name, wanted)}`,
      actual: `it carried ${got === undefined ? 'none' : optionText(name, got)}`,
    };
  }
  const obs = observeOf(m);
  if (want.observe !== undefined && want.observe !== (obs ?? null)) {
    const text = (v: number | null | undefined) => (v === null || v === undefined ? 'no Observe option' : `Observe=${v}`);
    return { expected: `${what} with ${text(want.observe)}`, actual: `it carried ${text(obs)}` };
  }
  if (want.payload === null && m.payload.length > 0)
    return { expected: `${what} without a payload`, actual: `it carried ${m.payload.length} bytes: ${preview(m.payload)}` };
  return undefined;
}

/** A value asked of the server: the path it is at and its value as the action was given it (JSON). */
export type AskedValue = [path: string, value: unknown];

/** The records a Write (or Create) payload holds, or why it does not decode. */
export function decodeWrite(
  m: CoapMessage,
  path: LwM2MPath,
  registry: ObjectRegistry,
  create = false,
): { records: ResourceRecord[] } | { problem: Problem } {
  const format = contentFormatOf(m);
  if (format === undefined) return { problem: { expected: 'a Content-Format to decode the payload by', actual: 'it carried none' } };
  try {
    if (!create) return { records: decodeContent(format, path, m.payload, registry) };
    const named = instanceIdInCreate(format, path, m.payload, registry);
    // Without an instance id in the payload the records are the new instance's (id chosen by the client).
    return { records: decodeContent(format, named === undefined ? LwM2MPath.of(path.objectId!, 0) : path, m.payload, registry) };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return {
      problem: {
        expected: `a payload that decodes as ${contentFormatName(format)} for ${path}`,
        actual: `${e.message}; payload ${preview(m.payload)}`,
      },
    };
  }
}

/**
 * The payload holds every value asked for, each as asked (compared as JSON text). In a Create
 * whose payload names no instance, the asked paths' instance id is the client's choice:
 * `anyInstance` compares by object, resource and resource instance only.
 */
export function valuesProblem(records: ResourceRecord[], asked: AskedValue[], anyInstance = false): Problem | undefined {
  const key = (p: LwM2MPath | string) => {
    const ids = (typeof p === 'string' ? LwM2MPath.parse(p) : p).ids.slice();
    if (anyInstance && ids.length > 1) ids[1] = -1;
    return ids.join('/');
  };
  const held = new Map(records.map((r) => [key(r.path), r]));
  for (const [at, value] of asked) {
    const r = held.get(key(at));
    if (!r)
      return {
        expected: `${at} = ${shownValue(value)} in the payload`,
        actual: `the payload holds no ${at}; it holds ${records.map((x) => String(x.path)).join(', ') || 'nothing'}`,
      };
    const got = toJson(r.value);
    if (String(got) !== String(value))
      return { expected: `${at} = ${shownValue(value)} in the payload`, actual: `the payload holds ${at} = ${shownValue(got)}` };
  }
  return undefined;
}

const INTEGER_ATTRIBUTES = new Set(['pmin', 'pmax', 'epmin', 'epmax']);
const NUMBER_ATTRIBUTES = new Set(['gt', 'lt', 'st']);

/**
 * Write-Attributes (LwM2M 1.1 §5.4.4, RFC 7252 §6.5): one Uri-Query option per attribute,
 * `name=value` with a known name and a number of the attribute's type; exactly the attributes
 * asked for, each with the value asked (compared as numbers).
 */
export function attributeQueryProblem(m: CoapMessage, asked: Record<string, string | number>): Problem | undefined {
  const options = uriQuery(m);
  const want = Object.entries(asked)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const seen = new Map<string, number>();
  for (const o of options) {
    const match = /^([a-z]+)=(.*)$/.exec(o);
    const name = match?.[1] ?? o;
    if (!match || (!INTEGER_ATTRIBUTES.has(name) && !NUMBER_ATTRIBUTES.has(name)) || /[&;]/.test(match[2]))
      return {
        expected: `one Uri-Query option per attribute, name=value (${want})`,
        actual: `it carried the option ${JSON.stringify(o)} (options: ${JSON.stringify(options)})`,
      };
    const value = Number(match[2]);
    const integer = INTEGER_ATTRIBUTES.has(name);
    if (match[2].trim() === '' || !Number.isFinite(value) || (integer && (!Number.isInteger(value) || value < 0)))
      return { expected: `${name} as ${integer ? 'an integer of seconds' : 'a number'}`, actual: `it carried ${JSON.stringify(o)}` };
    if (seen.has(name)) return { expected: `${name} once`, actual: `it carried ${name} twice: ${JSON.stringify(options)}` };
    seen.set(name, value);
  }
  for (const [name, v] of Object.entries(asked)) {
    if (seen.get(name) !== Number(v))
      return {
        expected: `${name}=${v} in the query (${want})`,
        actual: seen.has(name) ? `it carried ${name}=${seen.get(name)}` : `it carried ${JSON.stringify(options)}`,
      };
  }
  const extra = [...seen.keys()].filter((n) => !(n in asked));
  if (extra.length) return { expected: `only the attributes asked for (${want})`, actual: `it carried ${extra.join(', ')} as well` };
  return undefined;
}

/**
 * The depth of a Discover (LwM2M 1.2 §5.4.2, §8.2.4: `?depth=N`, N from 0 to 3): one Uri-Query
 * option `depth=N` with the depth asked for, and nothing else in the query.
 */
export function depthQueryProblem(m: CoapMessage, depth: number): Problem | undefined {
  const options = uriQuery(m);
  const expected = `the query depth=${depth} (one Uri-Query option)`;
  if (options.length === 0) return { expected, actual: 'it carried no Uri-Query option' };
  const depths = options.filter((o) => /^depth(=|$)/.test(o));
  if (depths.length === 0) return { expected, actual: `it carried no depth: ${JSON.stringify(options)}` };
  if (depths.length > 1) return { expected: `depth once in the query`, actual: `it carried ${JSON.stringify(depths)}` };
  const value = depths[0].slice('depth='.length);
  if (!/^[0-3]$/.test(value))
    return { expected: `depth as one digit from 0 to 3 (${expected})`, actual: `it carried ${JSON.stringify(depths[0])}` };
  if (Number(value) !== depth) return { expected, actual: `it carried depth=${value}` };
  const extra = options.filter((o) => o !== depths[0]);
  if (extra.length) return { expected: `only depth in the query of a Discover`, actual: `it carried ${JSON.stringify(extra)} as well` };
  return undefined;
}

/** The links a server reports (one link-format string, or one string per link) are those the client answered. */
export function linksProblem(reported: unknown, answered: string): Problem | undefined {
  const expected = `the links the Test Client answered: ${answered}`;
  const text = Array.isArray(reported) ? reported.map(String).join(',') : typeof reported === 'string' ? reported : undefined;
  if (text === undefined) return { expected, actual: `the server reports ${JSON.stringify(reported)}` };
  let got: Link[];
  try {
    got = parseLinkFormat(text);
  } catch (e) {
    return { expected, actual: `the server reports links that do not parse (${(e as Error).message}): ${text}` };
  }
  const canonical = (links: Link[]) =>
    links
      .map(
        (l) =>
          `${l.target};${[...l.attributes]
            .map(([k, v]) => `${k}=${v}`)
            .sort()
            .join(';')}`,
      )
      .sort()
      .join(',');
  return canonical(got) === canonical(parseLinkFormat(answered)) ? undefined : { expected, actual: `the server reports ${text}` };
}

/**
 * What a server reports of a request the client refused names the client's error code: "4.05",
 * "405", or its reason phrase in any case and spacing ("Method Not Allowed", "METHOD_NOT_ALLOWED").
 */
export function reportedFailureProblem(reported: unknown, code: string): Problem | undefined {
  const text = typeof reported === 'string' ? reported : JSON.stringify(reported);
  const squeeze = (t: string) => t.toLowerCase().replace(/[^a-z0-9.]/g, '');
  const squeezed = squeeze(text);
  const phrase = squeeze(codeName(code).slice(code.length));
  const digits = new RegExp(`(^|[^0-9.])(${code.replace('.', '\\.')}|${code.replace('.', '')})($|[^0-9])`);
  if (digits.test(squeezed) || (phrase !== '' && squeezed.includes(phrase))) return undefined;
  return { expected: `the server to report the failure the Test Client answered (${codeName(code)})`, actual: `it reports ${text}` };
}

function shownValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function preview(b: Buffer): string {
  const printable = /^[\x20-\x7e]*$/.test(b.toString('latin1'));
  return printable ? JSON.stringify(b.toString('latin1').slice(0, 80)) : `0x${b.subarray(0, 40).toString('hex')}`;
}
