/**
 * Judging the Bootstrap interface (ETS int-0 … int-9, 1.2-int-12): pure functions that return
 * problem sentences (empty when the DUT did what LwM2M TS 1.1 §5.2 / §6.1 asks). They accept
 * every variation the TS allows (extra links and attributes, object links beside instance
 * links, a Bootstrap-Read of an empty object as an empty 2.05 or 4.04).
 */
import type { IncomingResponse } from '../../coap/endpoint';
import { accept, codeName, contentFormat } from '../../coap/message';
import { parseLinkFormatBytes, linkAttributes, type Link } from '../../lwm2m/link-format';
import { decodeContent, type ResourceRecord } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import { LwM2MPath } from '../../lwm2m/path';
import type { ObjectRegistry } from '../../lwm2m/model';
import type { BsEvent } from '../../peers/test-bootstrap-server';

/** Content-Format numbers a Bootstrap-Request's pct may name (TS 1.1 §5.2.7.1, Table 7.2.1-1). */
const LWM2M_FORMATS = [0, 40, 42, 60, 110, 112, 11542, 11543, 11544];

/** The Bootstrap-Request: the DUT's own endpoint name, a known pct if any, and our 2.04 taken. */
export function checkBootstrapRequest(event: BsEvent, endpointName: string): string[] {
  const problems: string[] = [];
  if (event.endpoint !== endpointName)
    problems.push(
      event.endpoint === undefined
        ? 'the Bootstrap-Request carries no "ep" (endpoint name) parameter'
        : `the Bootstrap-Request carries endpoint name "${event.endpoint}", the DUT registers as "${endpointName}"`,
    );
  const pct = event.preferredFormat;
  if (pct !== undefined && !(/^[0-9]+$/.test(pct) && LWM2M_FORMATS.includes(Number(pct))))
    problems.push(`pct="${pct}" is not an LwM2M content format (TS 1.1 §5.2.7.1)`);
  if (event.responseCode !== '2.04') problems.push(`the Test Bootstrap Server answered it ${event.responseCode ?? 'not at all'}`);
  return problems;
}

/** Each response has the expected code: "the Bootstrap-Write of /1 was answered 4.05 Method Not Allowed". */
export function checkCodes(responses: readonly [string, IncomingResponse][], expectedCode: string): string[] {
  return responses
    .filter(([, res]) => res.message.code !== expectedCode)
    .map(([what, res]) => `the ${what} was answered ${codeName(res.message.code)}${payloadNote(res)}`);
}

function payloadNote(res: IncomingResponse): string {
  const p = res.message.payload;
  return p.length > 0 && p.length < 200 && /^[\x20-\x7e]*$/.test(p.toString('latin1')) ? ` ("${p.toString('latin1')}")` : '';
}

/** A Bootstrap-Discover answer as links, or the problem with it. */
export function discoverLinks(res: IncomingResponse): { links: Link[]; problems: string[] } {
  if (res.message.code !== '2.05') return { links: [], problems: [`the Bootstrap-Discover was answered ${codeName(res.message.code)}`] };
  const cf = contentFormat(res.message);
  if (cf !== 40)
    return { links: [], problems: [`the Bootstrap-Discover answer has Content-Format ${cf ?? '(none)'}, not 40 (link-format)`] };
  try {
    return { links: parseLinkFormatBytes(res.message.payload), problems: [] };
  } catch (e) {
    if (e instanceof DecodeError) return { links: [], problems: [`the Bootstrap-Discover answer is not valid link-format: ${e.message}`] };
    throw e;
  }
}

/** What a Bootstrap-Discover of "/" must list after the Test Server's account was written. */
export interface ExpectedAccounts {
  securityInstance: number;
  serverInstance: number;
  shortServerId: number;
}

/**
 * int-0 D (TS 1.1 §5.2.7.3): the enabler version on the root link, the written Security and
 * Server instances with the Short Server ID, a Bootstrap-Server account (a Security instance
 * without ssid) and the Device instance.
 */
export function checkBootstrapDiscover(links: Link[], expected: ExpectedAccounts): string[] {
  const problems: string[] = [];
  const attrs = (l: Link) => linkAttributes(l);
  const find = (target: string) => links.find((l) => l.target === target);
  const root = links.find((l) => l.attributes.has('lwm2m'));
  if (!root) problems.push('the answer has no lwm2m="…" enabler version (TS 1.1 §5.2.7.3)');
  try {
    for (const [target, ssid] of [
      [`/0/${expected.securityInstance}`, expected.shortServerId],
      [`/1/${expected.serverInstance}`, expected.shortServerId],
    ] as const) {
      const l = find(target);
      if (!l) problems.push(`it is missing the link <${target}>;ssid=${ssid}`);
      else if (attrs(l).ssid !== ssid) problems.push(`<${target}> has ssid=${attrs(l).ssid ?? '(none)'}, the account written has ${ssid}`);
    }
    const bootstrapAccount = links.some(
      (l) => /^\/0\/\d+$/.test(l.target) && l.target !== `/0/${expected.securityInstance}` && attrs(l).ssid === undefined,
    );
    if (!bootstrapAccount) problems.push('it is missing the Bootstrap-Server account (a </0/x> link without ssid)');
    if (!find('/3/0')) problems.push('it is missing the Device instance </3/0>');
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    problems.push(`an attribute is malformed: ${e.message}`);
  }
  return problems;
}

/** The Security instances without ssid: the Bootstrap-Server account(s). */
export function bootstrapAccountLinks(links: Link[]): string[] {
  return links
    .filter((l) => /^\/0\/\d+$/.test(l.target))
    .filter((l) => {
      try {
        return linkAttributes(l).ssid === undefined;
      } catch {
        return false;
      }
    })
    .map((l) => l.target);
}

/** int-4 D: the Bootstrap-Server account listed before the Delete is still listed after it. */
export function checkBootstrapAccountKept(before: string[], after: Link[]): string[] {
  if (before.length === 0) return ['the first Bootstrap-Discover showed no Bootstrap-Server account to compare with'];
  const gone = before.filter((t) => !after.some((l) => l.target === t));
  return gone.map((t) => `the Bootstrap-Server account <${t}> is gone after the Bootstrap-Delete (TS 1.1 §5.2.7.6 keeps it)`);
}

/** int-4 E: no Server instance, and no Security instance but the Bootstrap-Server account, after deleting /0 and /1. */
export function checkDeleted(after: Link[], bootstrapAccounts: string[], read: IncomingResponse, registry: ObjectRegistry): string[] {
  const problems: string[] = [];
  const left = after.filter((l) => /^\/1\/\d+$/.test(l.target) || (/^\/0\/\d+$/.test(l.target) && !bootstrapAccounts.includes(l.target)));
  if (left.length > 0) problems.push(`the Bootstrap-Discover still holds ${left.map((l) => `<${l.target}>`).join(', ')}`);
  if (read.message.code === '2.05') {
    const records = decodeOrProblem(read, '/1', registry, problems);
    const instances = [...new Set(records.map((r) => r.path.instanceId))];
    if (instances.length > 0) problems.push(`the Bootstrap-Read of /1 still holds instance(s) ${instances.join(', ')}`);
  } else if (read.message.code !== '4.04') {
    problems.push(`the Bootstrap-Read of /1 was answered ${codeName(read.message.code)} (2.05 with no instance or 4.04 expected)`);
  }
  return problems;
}

/** A Bootstrap-Read answer (2.05) holding the given resource values. */
export function checkBootstrapRead(
  res: IncomingResponse,
  path: string,
  expected: { path: string; value: bigint | string | boolean }[],
  registry: ObjectRegistry,
): string[] {
  if (res.message.code !== '2.05') return [`the Bootstrap-Read of ${path} was answered ${codeName(res.message.code)}`];
  const problems: string[] = [];
  const records = decodeOrProblem(res, path, registry, problems);
  if (problems.length) return problems;
  for (const e of expected) {
    const r = records.find((x) => x.path.toString() === e.path);
    if (!r) problems.push(`the Bootstrap-Read of ${path} is missing ${e.path}`);
    else if (r.value !== e.value) problems.push(`${e.path} is ${String(r.value)}, the Test Bootstrap Server wrote ${String(e.value)}`);
  }
  return problems;
}

function decodeOrProblem(res: IncomingResponse, path: string, registry: ObjectRegistry, problems: string[]): ResourceRecord[] {
  const cf = contentFormat(res.message);
  if (res.message.payload.length === 0) return [];
  try {
    return decodeContent(cf ?? 0, LwM2MPath.parse(path), res.message.payload, registry);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    problems.push(`the Bootstrap-Read of ${path} could not be decoded (Content-Format ${cf ?? 'none'}): ${e.message}`);
    return [];
  }
}

/**
 * A Register at one of several servers (int-950): accepted (2.01), with the DUT's endpoint name
 * and the lifetime of that server's own account (/1/x/1 of the Server instance with its SSID).
 */
export function checkAccountRegister(
  event: { kind: string; responseCode?: string; problem?: string; registration?: { endpoint: string; lifetime: number } },
  account: { shortServerId: number; lifetime: number },
  endpointName: string,
  server: string,
): string[] {
  if (event.kind !== 'register' || !event.registration)
    return [`${server} refused the Register (${event.responseCode ?? 'no answer'}): ${event.problem ?? 'not a valid Register'}`];
  const { endpoint, lifetime } = event.registration;
  const problems: string[] = [];
  if (endpoint !== endpointName) problems.push(`the Register at ${server} carries ep="${endpoint}", not "${endpointName}"`);
  if (lifetime !== account.lifetime)
    problems.push(
      `the Register at ${server} carries lt=${lifetime}, not the lifetime ${account.lifetime} of its own account (SSID ${account.shortServerId}, TS 1.1 §6.2.1)`,
    );
  if (event.responseCode !== '2.01') problems.push(`${server} answered it ${event.responseCode ?? 'not at all'}`);
  return problems;
}

/**
 * The Bootstrap-Pack-Request: GET /bspack with the DUT's endpoint name, an
 * Accept (if any) that a pack can be given in, and our 2.05 with the pack taken.
 */
export function checkPackRequest(event: BsEvent, endpointName: string, packFormats: readonly number[]): string[] {
  const problems: string[] = [];
  if (event.endpoint !== endpointName)
    problems.push(
      event.endpoint === undefined
        ? 'the Bootstrap-Pack-Request carries no "ep" (endpoint name) parameter'
        : `the Bootstrap-Pack-Request carries endpoint name "${event.endpoint}", the DUT registers as "${endpointName}"`,
    );
  const wanted = accept(event.request.message);
  if (wanted !== undefined && !packFormats.includes(wanted))
    problems.push(
      `the Bootstrap-Pack-Request accepts Content-Format ${wanted}; a pack is ${packFormats.join(', ')} (LwM2M TS 1.2, Bootstrap-Pack-Request)`,
    );
  if (event.responseCode !== '2.05') problems.push(`the Test Bootstrap Server answered it ${event.responseCode ?? 'not at all'}`);
  return problems;
}

/** The order int-6 judges: LwM2M TS 1.1 §6.1 (Bootstrap Sequence). */
const SEQUENCE = 'TS 1.1 §6.1: a client with a usable LwM2M Server account registers, and bootstraps only if every registration fails';

/** Bootstrap-Requests and Bootstrap-Pack-Requests among the Test Bootstrap Server's events. */
export function bootstrapRequests(events: readonly BsEvent[]): BsEvent[] {
  return events.filter((e) => e.kind === 'bootstrap-request' || e.kind === 'pack-request');
}

/**
 * int-6 with both accounts usable: a Register accepted by the Test Server (`register`, or why none
 * came) and no Bootstrap-Request sent before it (`requests`: those since power-on, `at` ms).
 */
export function checkRegisteredBeforeBootstrap(
  register: { at: number; responseCode?: string; problem?: string } | { missing: string },
  requests: readonly BsEvent[],
  poweredOnAt: number,
): string[] {
  const registeredAt = 'missing' in register ? Infinity : register.at;
  const early = requests.filter((e) => e.at < registeredAt);
  const problems: string[] = [];
  if (early.length)
    problems.push(
      `the client sent a Bootstrap-Request ${early[0].kind === 'pack-request' ? '(GET /bspack) ' : ''}${early[0].at - poweredOnAt} ms after power-on, before any Register to its factory LwM2M Server account (${SEQUENCE})`,
    );
  if ('missing' in register) problems.push(`no Register reached the Test Server: ${register.missing}`);
  else if (register.responseCode !== '2.01')
    problems.push(
      `the Test Server answered the Register ${register.responseCode ?? 'not at all'}${register.problem ? ` (${register.problem})` : ''}`,
    );
  return problems;
}

/** int-6, the must-not-send half: no Bootstrap-Request while the client is registered (`request`: the first one, if any). */
export function checkNoBootstrapWhileRegistered(request: BsEvent | undefined, registeredAt: number, watchedMs: number): string[] {
  if (!request) return [];
  return [
    `the client sent a Bootstrap-Request ${request.at - registeredAt} ms after its Register was accepted (watched ${watchedMs} ms), although its factory LwM2M Server account works (${SEQUENCE})`,
  ];
}
