/**
 * Judging the composite requests a server DUT sends and what it makes of the answers (LwM2M 1.1
 * §6.3.7 Write-Composite: iPATCH with SenML records; §6.3.8 Read-Composite and §6.4.4
 * Observe-Composite: FETCH with a SenML path list, Content-Format 110 or 112, the answer's
 * format in Accept; RFC 8132 for FETCH and iPATCH; RFC 7641 §3.6 for the cancellation by
 * Observe=1). Pure functions: each returns what was expected and what the server did instead,
 * or undefined when the rule is kept.
 */
import { accept as acceptOf, contentFormat as contentFormatOf, observe as observeOf, type CoapMessage } from '../../coap/message';
import { ContentFormat, contentFormatName, decodeComposite, decodePathList, type ResourceRecord } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import type { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import { methodName, valuesProblem, type AskedValue, type Problem } from '../server-dut/request-checks';

const SENML = [ContentFormat.SENML_JSON, ContentFormat.SENML_CBOR] as number[];
const SENML_TEXT = 'SenML JSON (110) or SenML CBOR (112)';

export interface FetchShape {
  /** 0: Observe-Composite; 1: its cancellation; null: a plain Read-Composite (no Observe option). */
  observe: 0 | 1 | null;
  /** The paths asked for, in any order. */
  paths: string[];
  /** The format asked for (a Content-Format number); undefined: SenML JSON or CBOR, the server's choice. */
  format?: number;
  /** The Accept option must be there (Read-Composite); otherwise, when present, it must name a SenML format. */
  acceptRequired?: boolean;
}

function formatText(n: number | undefined): string {
  return n === undefined ? 'none' : `${n} (${contentFormatName(n)})`;
}

/** A Content-Format or Accept value against the format asked for (or any SenML one). */
function formatProblem(what: string, name: string, got: number | undefined, wanted: number | undefined): Problem | undefined {
  const ok = wanted === undefined ? got !== undefined && SENML.includes(got) : got === wanted;
  if (ok) return undefined;
  return {
    expected: `${what} with ${name} ${wanted === undefined ? SENML_TEXT : formatText(wanted)}`,
    actual: `it carried ${got === undefined ? `no ${name} option` : `${name} ${formatText(got)}`}`,
  };
}

/** The paths a composite request lists are exactly those asked for: none missing, none extra, none twice. */
export function pathListProblem(what: string, listed: readonly string[], asked: readonly string[]): Problem | undefined {
  const expected = `${what} listing exactly ${asked.join(', ')}`;
  const missing = asked.filter((p) => !listed.includes(p));
  const extra = listed.filter((p) => !asked.includes(p));
  const twice = listed.filter((p, i) => listed.indexOf(p) !== i);
  if (missing.length) return { expected, actual: `it leaves out ${missing.join(', ')} (it lists ${listed.join(', ') || 'nothing'})` };
  if (extra.length) return { expected, actual: `it lists ${extra.join(', ')} as well` };
  if (twice.length) return { expected, actual: `it lists ${twice.join(', ')} more than once` };
  return undefined;
}

/** Method FETCH, the SenML Content-Format, Accept, Observe, then a body that decodes as a path list of exactly the paths asked. */
export function compositeFetchProblem(what: string, m: CoapMessage, want: FetchShape): Problem | undefined {
  if (methodName(m.code) !== 'FETCH') return { expected: `${what} as FETCH`, actual: `the server sent ${methodName(m.code)}` };
  const cf = contentFormatOf(m);
  const problem =
    formatProblem(what, 'Content-Format', cf, want.format) ??
    (want.acceptRequired || acceptOf(m) !== undefined ? formatProblem(what, 'Accept', acceptOf(m), want.format) : undefined);
  if (problem) return problem;
  const obs = observeOf(m) ?? null;
  if (obs !== want.observe) {
    const text = (v: number | null) => (v === null ? 'no Observe option' : `Observe=${v}`);
    return { expected: `${what} with ${text(want.observe)}`, actual: `it carried ${text(obs)}` };
  }
  let listed: string[];
  try {
    listed = decodePathList(cf!, m.payload).map(String);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return {
      expected: `${what} with a body that decodes as a path list in ${formatText(cf)}`,
      actual: `${e.message}; body ${preview(m.payload)}`,
    };
  }
  return pathListProblem(what, listed, want.paths);
}

/** Method iPATCH with a SenML Content-Format (the one asked for, when one was). */
export function compositePatchShapeProblem(what: string, m: CoapMessage, format?: number): Problem | undefined {
  if (methodName(m.code) !== 'iPATCH') return { expected: `${what} as iPATCH`, actual: `the server sent ${methodName(m.code)}` };
  return formatProblem(what, 'Content-Format', contentFormatOf(m), format);
}

/** The body decodes as SenML records (in its Content-Format) holding every value asked for, and nothing else. */
export function compositePatchValuesProblem(
  what: string,
  m: CoapMessage,
  asked: AskedValue[],
  registry: ObjectRegistry,
): Problem | undefined {
  const cf = contentFormatOf(m);
  if (cf === undefined || !SENML.includes(cf))
    return { expected: `${what} with a ${SENML_TEXT} body`, actual: `it carried Content-Format ${formatText(cf)}` };
  let records: ResourceRecord[];
  try {
    records = decodeComposite(cf, m.payload, registry);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return {
      expected: `${what} with a body that decodes as records in ${formatText(cf)}`,
      actual: `${e.message}; body ${preview(m.payload)}`,
    };
  }
  const values = valuesProblem(records, asked);
  if (values) return values;
  const askedPaths = asked.map(([p]) => LwM2MPath.parse(p));
  const extra = records.filter((r) => !askedPaths.some((a) => r.path.startsWith(a)));
  if (extra.length)
    return { expected: `only the values asked for in ${what}`, actual: `it writes ${extra.map((r) => String(r.path)).join(', ')} as well` };
  return undefined;
}

/**
 * What a server reports of a composite answer: `answered` are the values the Test Client sent
 * (by path), `left out` the asked paths it sent nothing for. The report (values by path) must
 * hold each answered value as sent, and nothing at or under a path left out.
 */
export function reportedCompositeProblem(
  reported: unknown,
  answered: [path: string, value: unknown][],
  leftOut: string[],
): Problem | undefined {
  if (typeof reported !== 'object' || reported === null || Array.isArray(reported))
    return { expected: 'the values the server read, by path', actual: `the server reports ${JSON.stringify(reported)}` };
  const got = reported as Record<string, unknown>;
  for (const [at, value] of answered) {
    if (!(at in got))
      return {
        expected: `${at} = ${JSON.stringify(value)} in what the server reports`,
        actual: `it is missing: ${JSON.stringify(reported)}`,
      };
    if (String(got[at]) !== String(value))
      return {
        expected: `${at} reported as the Test Client sent it: ${JSON.stringify(value)}`,
        actual: `the server reports ${JSON.stringify(got[at])}`,
      };
  }
  for (const p of leftOut) {
    const path = LwM2MPath.parse(p);
    const invented = Object.keys(got).filter((k) => {
      try {
        return LwM2MPath.parse(k).startsWith(path);
      } catch {
        return false;
      }
    });
    if (invented.length)
      return {
        expected: `no value for ${p}, which the Test Client left out of its answer`,
        actual: `the server reports ${invented.map((k) => `${k} = ${JSON.stringify(got[k])}`).join(', ')}`,
      };
  }
  return undefined;
}

function preview(b: Buffer): string {
  const printable = /^[\x20-\x7e]*$/.test(b.toString('latin1'));
  return printable ? JSON.stringify(b.toString('latin1').slice(0, 80)) : `0x${b.subarray(0, 40).toString('hex')}`;
}
