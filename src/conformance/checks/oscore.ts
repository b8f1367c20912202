/**
 * Judging OSCORE (RFC 8613) from the wire (ETS int-405): what the harness's endpoint recorded of
 * each message from the DUT (the outer message, the OSCORE option, the decrypted inner one): the
 * Test Server's of a client DUT, the Test Client's of a server DUT.
 * Each rule returns problem sentences; none means the rule holds.
 */
import type { InboundEvent, IncomingRequest, IncomingResponse } from '../../coap/endpoint';
import type { CoapMessage } from '../../coap/message';
import { OPTION_NAMES, codeName, isEmpty, locationPath, uriPath } from '../../coap/message';
import { summarizeMessage } from '../../coap/describe';
import type { OscoreRecord } from '../../coap/oscore/layer';
import { outerCodeFor } from '../../coap/oscore/protect';
import { classEOutside } from '../../coap/oscore/option-classes';
import type { RdEvent } from '../../peers/test-server';

/** The outer message follows §4.1 and §4.2: the outer code that hides the real one, no class E option outside. */
export function checkOuterMessage(record: OscoreRecord, what: string): string[] {
  const problems: string[] = [];
  const inner = record.inner;
  if (!inner) return problems;
  const expected = outerCodeFor(inner);
  if (record.outer.code !== expected)
    problems.push(
      `${what} had the outer code ${codeName(record.outer.code)}; RFC 8613 §4.2 requires ${codeName(expected)} (the real code, ${codeName(inner.code)}, belongs inside)`,
    );
  const outside = classEOutside(record.outer.options);
  if (outside.length)
    problems.push(
      `${what} carried class E option(s) ${outside.map((n) => OPTION_NAMES[n] ?? n).join(', ')} outside the encryption (RFC 8613 §4.1.1)`,
    );
  return problems;
}

/** int-405 (A): the first request is a protected Register: it verifies, decrypts to POST /rd, and was registered (2.01). */
export function checkProtectedRegister(event: InboundEvent, register: RdEvent | undefined): string[] {
  const shown = event.message ? summarizeMessage(event.oscore?.outer ?? event.message) : 'a malformed datagram';
  const record = event.oscore;
  if (!record) return [`the Register (${shown}) carried no OSCORE option: it was sent in clear`];
  if (record.error)
    return [
      `the Register (${shown}) could not be verified (RFC 8613 §8.2): ${record.error}; the Test Server answered ${codeName(record.answerCode ?? '')}`,
    ];
  const inner = record.inner!;
  const problems = checkOuterMessage(record, 'the Register');
  if (inner.code !== '0.02' || uriPath(inner) !== '/rd')
    problems.push(`the decrypted request is ${codeName(inner.code)} ${uriPath(inner)}, not a Register (POST /rd)`);
  if (!register) problems.push('the Test Server registered nothing from it');
  else if (register.responseCode !== '2.01')
    problems.push(`the Register was answered ${register.responseCode ?? '(nothing)'}${register.problem ? `: ${register.problem}` : ''}`);
  return problems;
}

/** int-405 (B): the client's response to a protected request was protected too, with the right outer message. */
export function checkProtectedResponse(oscore: OscoreRecord | undefined, what: string): string[] {
  if (!oscore) return [`the response to ${what} carried no OSCORE option: it was sent in clear`];
  return checkOuterMessage(oscore, `the response to ${what}`);
}

/** "Every message carries the OSCORE option": the non-empty messages from the client that did not. */
export function checkEveryMessageProtected(events: readonly InboundEvent[]): string[] {
  const plain = events.filter((e): e is InboundEvent & { message: CoapMessage } => !!e.message && !isEmpty(e.message) && !e.oscore);
  if (plain.length === 0) return [];
  return [`${plain.length} message(s) from the client carried no OSCORE option, the first: ${summarizeMessage(plain[0].message)}`];
}

/**
 * int-405 server side (A): the server's answer to the Test Client's protected Register is
 * protected too (outer 2.04 Changed, RFC 8613 §4.2) and decrypts to 2.01 Created with a
 * Location-Path (LwM2M 1.1 §6.2.1).
 */
export function checkProtectedRegisterAnswer(res: IncomingResponse): string[] {
  if (!res.oscore)
    return [`the answer to the protected Register (${summarizeMessage(res.message)}) carried no OSCORE option: it was sent in clear`];
  const problems = checkOuterMessage(res.oscore, 'the answer to the Register');
  if (res.message.code !== '2.01') problems.push(`the answer decrypted to ${codeName(res.message.code)}, not 2.01 Created`);
  else if (locationPath(res.message).length === 0) problems.push('the decrypted 2.01 Created carried no Location-Path');
  return problems;
}

/** A protected message from the server that the Test Client could not verify (RFC 8613 §8.4, §8.2). */
export function describeUnverified(record: OscoreRecord, what: string): string {
  return `${what} (${summarizeMessage(record.outer)}) carried the OSCORE option but could not be verified: ${record.error}`;
}

/** int-405 server side (B): a request from the server is protected: outer POST (FETCH for an Observe), the real method inside. */
export function checkProtectedRequest(request: IncomingRequest, what: string): string[] {
  if (!request.oscore) return [`${what} (${summarizeMessage(request.message)}) carried no OSCORE option: it was sent in clear`];
  return checkOuterMessage(request.oscore, what);
}
