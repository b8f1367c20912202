/**
 * Judging a Discover answer (LwM2M TS Core, Discover and Write-Attributes): a 2.05 in
 * link format, the links a case expects, each with exactly the attributes in force there
 * (set on it, or on a level above for a resource Discover), and `dim` on multiple resources.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import { codeName, contentFormat } from '../../coap/message';
import { DecodeError } from '../../lwm2m/errors';
import { parseLinkFormatBytes, type Link } from '../../lwm2m/link-format';

export type ExpectedAttribute = string | true | { optional: string };

export interface ExpectedLink {
  target: string;
  /** name → value; `true` means "present, any value" (for dim); `{ optional }`: may be absent, else equal. */
  attributes: Map<string, ExpectedAttribute>;
}

/**
 * Parses a feature's attribute text "pmin=10;pmax=200;dim" (empty: no attributes); "pmin?=1" is
 * an attribute the DUT may leave out, but must give that value if it shows it.
 */
export function parseExpectedAttributes(text: string): Map<string, ExpectedAttribute> {
  const out = new Map<string, ExpectedAttribute>();
  for (const part of text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, value] = part.split('=');
    if (name.endsWith('?') && value !== undefined) out.set(name.slice(0, -1), { optional: value });
    else out.set(name, value === undefined ? true : value);
  }
  return out;
}

/** The links of a Discover answer, or the problems that stop them being read. */
export function discoveredLinks(res: IncomingResponse, path: string): { links: Link[]; problems: string[] } {
  if (res.message.code !== '2.05')
    return { links: [], problems: [`Discover ${path} was answered ${codeName(res.message.code)}, not 2.05 Content`] };
  const cf = contentFormat(res.message);
  if (cf !== 40)
    return { links: [], problems: [`Discover ${path} was answered in Content-Format ${cf ?? '(none)'}, not 40 (application/link-format)`] };
  try {
    return { links: parseLinkFormatBytes(res.message.payload), problems: [] };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { links: [], problems: [`the Discover ${path} answer is not valid link format: ${e.message}`] };
  }
}

const shown = (attrs: Map<string, ExpectedAttribute>) =>
  [...attrs].map(([n, v]) => (v === true ? n : typeof v === 'object' ? `${n}?=${v.optional}` : `${n}=${v}`)).join(';') || '(no attributes)';

const sameNumber = (a: string, b: string) => a === b || (!Number.isNaN(Number(a)) && Number(a) === Number(b));

/**
 * Whether `dim` may be left out of the resource links of a Discover on `path`: on an object, LwM2M
 * 1.0 and 1.1 return the attributes of the object level only (TS 1.1 Core, Discover; its example
 * lists </3/0/6> without dim for Discover /3, with dim=8 for Discover /3/0), and the ETS int-260
 * table asks for more (OMA ISS #135/#234). LwM2M 1.2 (Discover with depth) shows dim there too.
 */
export function dimOptionalOn(path: string, lwm2mVersion: string): boolean {
  return /^\/\d+$/.test(path) && (lwm2mVersion === '1.0' || lwm2mVersion === '1.1');
}

/**
 * Requires each expected link with exactly its attributes (`dimOptional`: a missing dim is no
 * problem, one given must still be right). `exactly`: no other link, except
 * attribute-less resource-instance links under an expected resource (a 1.1 client lists them on a
 * resource Discover, a 1.0 client does not).
 */
export function checkDiscoveredLinks(links: Link[], expected: ExpectedLink[], exactly: boolean, dimOptional = false): string[] {
  const problems: string[] = [];
  for (const e of expected) {
    const found = links.filter((l) => l.target === e.target);
    if (found.length === 0) {
      problems.push(`<${e.target}> is missing`);
      continue;
    }
    if (found.length > 1) problems.push(`<${e.target}> is listed ${found.length} times`);
    const got = found[0].attributes;
    const wrong: string[] = [];
    for (const [name, want] of e.attributes) {
      const have = got.get(name);
      const value = typeof want === 'object' ? want.optional : want;
      if (have === undefined) {
        if (typeof want !== 'object' && !(name === 'dim' && dimOptional)) wrong.push(`no ${name}`);
      } else if (value !== true && (have === true || !sameNumber(have, value)))
        wrong.push(`${name}=${have === true ? '(no value)' : have}, not ${value}`);
    }
    for (const name of got.keys()) if (!e.attributes.has(name)) wrong.push(`${name} should not be there`);
    const dim = got.get('dim');
    const instances = links.filter(
      (l) => l.target.startsWith(e.target + '/') && l.target.split('/').length === e.target.split('/').length + 1,
    );
    if (typeof dim === 'string' && instances.length > 0 && e.target.split('/').length === 4 && Number(dim) !== instances.length) {
      wrong.push(`dim=${dim} but ${instances.length} resource instances are listed`);
    }
    if (wrong.length) problems.push(`<${e.target}>;${shown(got)}: ${wrong.join(', ')} (expected ${shown(e.attributes)})`);
  }
  if (exactly) {
    for (const l of links) {
      if (expected.some((e) => e.target === l.target)) continue;
      const underResource = expected.some((e) => e.target.split('/').length === 4 && l.target.startsWith(e.target + '/'));
      if (underResource && l.attributes.size === 0) continue;
      problems.push(`<${l.target}>;${shown(l.attributes)} should not be listed`);
    }
  }
  return problems;
}

/** A Discover with depth (TS 1.2 Core, Discover) lists no link more than `depth` levels below its target. */
export function checkLinkDepth(links: Link[], target: string, depth: number): string[] {
  const levels = (p: string) => p.split('/').filter(Boolean).length;
  const base = levels(target);
  const deeper = links.filter((l) => levels(l.target) - base > depth);
  if (deeper.length === 0) return [];
  const [first] = deeper;
  const more = deeper.length > 1 ? ` (and ${deeper.length - 1} more links as deep or deeper)` : '';
  return [`<${first.target}> is ${levels(first.target) - base} levels below ${target}, deeper than the depth ${depth} asked for${more}`];
}
