/**
 * Judging OSCORE (RFC 8613) from the wire (ETS int-405): what the Test Server's endpoint recorded
 * of each message from the client (the outer message, the OSCORE option, the decrypted inner one).
 * Each rule returns problem sentences; none means the rule holds.
 */
import type { InboundEvent } from '../../coap/endpoint';
import type { CoapMessage } from '../../coap/message';
import { OPTION_NAMES, codeName, isEmpty, uriPath } from '../../coap/message';
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
