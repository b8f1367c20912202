/** Small judging rules shared by the Device Management steps: answer codes, declared formats, the last Read. */
import type { IncomingResponse } from '../../coap/endpoint';
import { OptionNumber, accept, codeName } from '../../coap/message';
import type { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import type { ResourceRecord } from '../../lwm2m/content';
import { checkReadResponse, type ReadOutcome } from './content';

/** Content-Format numbers by the ICS feature that declares them. */
const FORMAT_FEATURES: Record<string, number> = {
  'format-text': 0,
  'format-opaque': 42,
  'format-cbor': 60,
  'format-senml-json': 110,
  'format-senml-cbor': 112,
  'format-tlv': 11542,
  'format-json': 11543,
  'format-lwm2m-cbor': 11544,
};

/** The content formats a DUT's ICS declares. */
export function declaredFormats(ics: readonly string[]): number[] {
  return ics.filter((f) => f in FORMAT_FEATURES).map((f) => FORMAT_FEATURES[f]);
}

/** Each answer must carry `expected` ("2.04 Changed" or just "2.04"). */
export function checkAnswerCodes(answers: [string, IncomingResponse][], expected: string): string[] {
  const code = expected.split(' ')[0];
  return answers
    .filter(([, res]) => res.message.code !== code)
    .map(([what, res]) => `${what} was answered ${codeName(res.message.code)}, not ${codeName(code)}`);
}

/** The last Read of a step, checked as a 2.05 in the format it was asked in (or announced) and decoded. */
export function lastRead(reads: [string, IncomingResponse][], registry: ObjectRegistry): ReadOutcome {
  const [path, res] = reads[reads.length - 1];
  return checkReadResponse(res, path, accept(res.request), registry);
}

/** Every Read of a step, each checked as `lastRead` checks one; records and problems of all together. */
export function allReads(reads: [string, IncomingResponse][], registry: ObjectRegistry): ReadOutcome {
  const outcomes = reads.map(([path, res]) => checkReadResponse(res, path, accept(res.request), registry));
  return { problems: outcomes.flatMap((o) => o.problems), records: outcomes.flatMap((o) => o.records) };
}

/** A Read must hold nothing under `path` (e.g. no /3/1 after a refused Create). */
export function checkNothingUnder(records: ResourceRecord[], path: string): string[] {
  const under = records.filter((r) => r.path.startsWith(LwM2MPath.parse(path)));
  return under.length ? [`the Read shows ${under.map((r) => String(r.path)).join(', ')}`] : [];
}

/** A Create answered with `code` and the new instance's Location-Path (TS Core, Create). */
export function checkCreated(res: IncomingResponse, code: string, path: string): string[] {
  const problems = checkAnswerCodes([['the Create', res]], code);
  if (problems.length) return problems;
  const location =
    '/' +
    res.message.options
      .filter((o) => o.number === OptionNumber.LocationPath)
      .map((o) => o.value.toString('utf8'))
      .join('/');
  return location === path ? [] : [`the Create was answered with Location-Path "${location === '/' ? '(none)' : location}", not ${path}`];
}
