/**
 * Judging the Registration interface from the specification (LwM2M TS Core 1.0/1.1/1.2 §6.2,
 * the Register / Update parameters and object list), never from what our reference client does.
 * Each function returns the rules broken, as sentences; an empty list means the message is right.
 */
import { contentFormat, uriPath } from '../../coap/message';
import type { RdEvent } from '../../peers/test-server';
import type { InboundEvent } from '../../coap/endpoint';
import { objectsFromRegistration, parseLinkFormatBytes } from '../../lwm2m/link-format';
import { DecodeError } from '../../lwm2m/errors';

export interface RegisterExpectations {
  endpoint: string;
  /** The LwM2M version the DUT declares ("1.0", "1.1", "1.2"). */
  lwm2mVersion: string;
}

/** Binding modes of LwM2M 1.0 (TS 1.0 §5.3.1.1): U, UQ, S, SQ, US, UQS. */
const BINDINGS_1_0 = new Set(['U', 'UQ', 'S', 'SQ', 'US', 'UQS']);

export function bindingProblem(binding: string, version: string): string | undefined {
  if (version === '1.0') {
    return BINDINGS_1_0.has(binding) ? undefined : `b="${binding}" is not a LwM2M 1.0 binding mode (U, UQ, S, SQ, US, UQS)`;
  }
  // 1.1+: one or more of U, S, T, N, each once; queue mode moved to its own "Q" parameter.
  const ok = /^[USTN]{1,4}$/.test(binding) && new Set(binding).size === binding.length;
  return ok
    ? undefined
    : `b="${binding}" is not a LwM2M ${version} binding (letters U, S, T, N, each at most once; Q is its own parameter since 1.1)`;
}

export function checkRegister(event: RdEvent, exp: RegisterExpectations): string[] {
  const problems: string[] = [];
  const req = event.request;
  if (!req) return ['no Register request was received'];
  const m = req.message;
  problems.push(...req.problems.map((p) => `CoAP: ${p}`));
  if (event.kind === 'rejected' && event.problem) problems.push(event.problem);
  // Over TCP (RFC 8323) a frame has no type: reliability comes from the stream.
  if (!m.reliable && m.type !== 'CON') problems.push(`the Register was ${m.type}; it must be a confirmable (CON) request`);
  if (uriPath(m) !== '/rd') problems.push(`the Register went to ${uriPath(m)}; the registration resource is /rd`);
  const cf = contentFormat(m);
  if (cf !== 40) problems.push(`Content-Format is ${cf ?? 'absent'}; the object list must be 40 (application/link-format)`);

  const q = req.query;
  const ep = q.get('ep');
  if (ep === undefined) problems.push('the mandatory "ep" (Endpoint Client Name) parameter is missing');
  else if (ep !== exp.endpoint) problems.push(`ep="${ep}", but the DUT profile declares the endpoint name "${exp.endpoint}"`);
  if (q.has('lt') && !/^[1-9][0-9]*$/.test(q.get('lt')!)) problems.push(`lt="${q.get('lt')}" is not a positive integer number of seconds`);

  const version = q.get('lwm2m');
  if (exp.lwm2mVersion === '1.0') {
    if (version !== undefined && version !== '1.0') problems.push(`lwm2m="${version}", but the DUT declares LwM2M 1.0`);
  } else if (version === undefined) {
    problems.push(`the "lwm2m" parameter is missing; it is mandatory since LwM2M 1.1 and must be "${exp.lwm2mVersion}"`);
  } else if (version !== exp.lwm2mVersion) {
    problems.push(`lwm2m="${version}", but the DUT declares LwM2M ${exp.lwm2mVersion}`);
  }
  const b = q.get('b');
  if (b !== undefined) {
    const bp = bindingProblem(b, exp.lwm2mVersion);
    if (bp) problems.push(bp);
  }
  if (q.has('Q') && exp.lwm2mVersion === '1.0') problems.push('the "Q" parameter does not exist in LwM2M 1.0 (queue mode is part of b=)');
  if (q.has('Q') && q.get('Q') !== '') problems.push(`the "Q" parameter takes no value, found Q=${q.get('Q')}`);

  const reg = event.registration;
  if (reg) {
    const objects = new Map(reg.objects.objects.map((o) => [o.objectId, o]));
    if (exp.lwm2mVersion !== '1.0') {
      if (objects.has(0)) problems.push('the object list contains the Security object /0, which a LwM2M 1.1+ client must not list');
      if (objects.has(21)) problems.push('the object list contains the OSCORE object /21, which a LwM2M 1.1+ client must not list');
    }
    if (!objects.get(1)?.instances.length) problems.push('the object list has no instance of the Server object /1');
    if (!objects.get(3)?.instances.includes(0)) problems.push('the object list does not contain the Device object instance </3/0>');
  }
  return problems;
}

/** An Update that must carry no parameter and no payload (ETS int-102 D, int-104 C). */
export function checkParameterlessUpdate(event: RdEvent): string[] {
  const req = event.request;
  if (!req) return ['no Update was received'];
  const problems = req.problems.map((p) => `CoAP: ${p}`);
  if (req.query.size > 0) problems.push(`the Update carries parameters (${[...req.query.keys()].join(', ')}); none was expected`);
  if (req.message.payload.length > 0) problems.push('the Update carries an object list although nothing changed');
  return problems;
}

/** The Update announcing a new lifetime carries exactly that lt (ETS int-102 B, int-107 B). */
export function checkLifetimeUpdate(event: RdEvent, lifetime: number): string[] {
  const got = event.request?.query.get('lt');
  if (got === String(lifetime)) return [];
  return [`the first Update after the Write carries ${got === undefined ? 'no lt' : `lt=${got}`}`];
}

/**
 * Having been answered 2.01, the client took the registration (ETS int-101 B): it did not
 * repeat that Register (a retransmission means it never took our answer) and did not register
 * again within the watch window.
 */
export function checkTookRegistration(register: RdEvent, later: RdEvent | undefined, inbox: readonly InboundEvent[]): string[] {
  const problems: string[] = [];
  const mid = register.request?.message.messageId;
  const repeats = inbox.filter(
    (i) => i.message && !i.message.reliable && i.at > register.at && i.message.type === 'CON' && i.message.messageId === mid,
  );
  if (repeats.length > 0)
    problems.push(`the client retransmitted the Register (MID ${mid}) ${repeats.length} time(s) after the 2.01 Created`);
  if (later) problems.push(`the client sent another Register ${later.at - register.at} ms after its registration was created`);
  return problems;
}

/** Nothing ended the registration within its lifetime (ETS int-104 E). */
export function checkStillRegistered(ended: RdEvent | undefined): string[] {
  if (!ended) return [];
  const why = {
    expired: 'the registration expired: no Update arrived within its lifetime',
    deregister: 'the client de-registered',
    register: 'the client registered anew, ending its registration',
  };
  return [why[ended.kind as keyof typeof why] ?? `the registration ended (${ended.kind})`];
}

/**
 * An instance created since the last Register reached the server's object list (ETS
 * CONMGMT-int-1250 C). TS Core §6.2.2: an Update carries the Objects and Object Instances when
 * they changed since the last registration message; `updates` are the Updates (and refused ones)
 * from the Create up to the one the procedure waited for, oldest first. The newest list counts.
 */
export function checkUpdateListsInstance(updates: readonly RdEvent[], objectId: number, instanceId: number): string[] {
  const target = `</${objectId}/${instanceId}>`;
  const listing = updates.filter((e) => (e.request?.message.payload.length ?? 0) > 0).at(-1);
  if (!listing) {
    const which = updates.length === 1 ? 'the Update after the Create carries' : `the ${updates.length} Updates after the Create carry`;
    return [`${which} no object list, although ${target} was created since the last Register or Update`];
  }
  if (listing.kind === 'rejected') return [`the Test Server refused the object list of the Update: ${listing.problem}`];
  const m = listing.request!.message;
  const cf = contentFormat(m);
  if (cf !== undefined && cf !== 40) return [`the object list of the Update has Content-Format ${cf}, not 40 (application/link-format)`];
  let listed: number[];
  let shown: string;
  try {
    const objects = objectsFromRegistration(parseLinkFormatBytes(m.payload)).objects;
    listed = objects.find((o) => o.objectId === objectId)?.instances ?? [];
    shown = objects
      .filter((o) => o.objectId === objectId)
      .flatMap((o) => (o.instances.length ? o.instances.map((i) => `</${objectId}/${i}>`) : [`</${objectId}>`]))
      .join(', ');
  } catch (e) {
    if (e instanceof DecodeError) return [`the object list of the Update is not valid link format: ${e.message}`];
    throw e;
  }
  if (listed.includes(instanceId)) return [];
  return [`the object list of the Update lacks ${target}; for /${objectId} it lists ${shown || 'nothing'}`];
}
