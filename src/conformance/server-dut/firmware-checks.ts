/**
 * Judging rules of a server's firmware update (LwM2M TS 1.1 §E.6; RFC 7959 for the push), as
 * pure functions over what the Test Client's Firmware Update object recorded
 * (src/peers/test-client/firmware.ts), each returning the problem or undefined. Events are in
 * the order they happened (one log), so "before" is the log's order, never clock time.
 */
import { createHash } from 'node:crypto';
import { ContentFormat, contentFormatName } from '../../lwm2m/content';
import type { FirmwareEvent } from '../../peers/test-client/firmware';
import type { Problem } from './request-checks';

/** A package larger than this must come block-wise: a CoAP message should fit a datagram (RFC 7252 §4.6, RFC 7959 §1). */
export const LARGEST_UNBLOCKED_PACKAGE = 1024;

type Ev<K extends FirmwareEvent['kind']> = Extract<FirmwareEvent, { kind: K }>;

const isEmpty = (b: Buffer) => b.length === 0 || (b.length === 1 && b[0] === 0);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 16);

/** The index of the first delivery of a package (push) or URI (pull) that is not a reset, or -1. */
export function deliveryIndex(events: readonly FirmwareEvent[], mode: 'push' | 'pull'): number {
  return events.findIndex((e) =>
    mode === 'push' ? e.kind === 'package' && !isEmpty(e.bytes) : e.kind === 'uri' && (e.uri === undefined || e.uri !== ''),
  );
}

/** Push: the package written to /5/0/0 is the one given, byte for byte, as application/octet-stream, block-wise when large. */
export function pushedPackageProblem(given: Buffer, events: readonly FirmwareEvent[], blocksSeen: number): Problem | undefined {
  const i = deliveryIndex(events, 'push');
  if (i < 0)
    return {
      expected: `the server to write the package it was given (${given.length} bytes) to /5/0/0`,
      actual: blocksSeen
        ? `${blocksSeen} Block1 blocks of a write of /5/0/0 arrived, but never a complete package (the trace shows how the Test Client answered each)`
        : 'it wrote no package',
    };
  const d = events[i] as Ev<'package'>;
  if (d.contentFormat !== ContentFormat.OPAQUE)
    return {
      expected: `the package with Content-Format 42 (application/octet-stream)`,
      actual:
        d.contentFormat === undefined
          ? 'it carried no Content-Format'
          : `it carried Content-Format ${d.contentFormat} (${contentFormatName(d.contentFormat)})`,
    };
  if (!d.bytes.equals(given)) {
    const n = Math.min(d.bytes.length, given.length);
    let at = 0;
    while (at < n && d.bytes[at] === given[at]) at++;
    return {
      expected: `the package it was given: ${given.length} bytes, SHA-256 ${sha(given)}…`,
      actual: `the Test Client received ${d.bytes.length} bytes, SHA-256 ${sha(d.bytes)}…, ${at < n ? `first different at byte ${at}` : `equal for the first ${n}`}`,
    };
  }
  if (given.length > LARGEST_UNBLOCKED_PACKAGE && d.blocks === undefined)
    return {
      expected: `a package of ${given.length} bytes in Block1 blocks (RFC 7959), none larger than ${LARGEST_UNBLOCKED_PACKAGE} bytes`,
      actual: `it came in one datagram of ${d.bytes.length} bytes without Block1`,
    };
  if (d.problems.length) return { expected: 'well-formed Block1 blocks', actual: d.problems.join('; ') };
  return undefined;
}

/** Pull: the URI written to /5/0/1 is the one given, and it is a string the Test Client could read. */
export function writtenUriProblem(given: string, events: readonly FirmwareEvent[]): Problem | undefined {
  const i = deliveryIndex(events, 'pull');
  if (i < 0) return { expected: `the server to write the URI it was given, ${given}, to /5/0/1`, actual: 'it wrote none' };
  const d = events[i] as Ev<'uri'>;
  if (d.problem) return { expected: `the URI it was given, ${given}, as a Package URI the Test Client can read`, actual: d.problem };
  if (d.uri !== given)
    return { expected: `the URI it was given, ${given}, written to /5/0/1`, actual: `it wrote ${JSON.stringify(d.uri)}` };
  return undefined;
}

/** Update (/5/0/2) is executed after the delivery, and only once the server has seen State 2 (Downloaded). */
export function executeProblem(events: readonly FirmwareEvent[], mode: 'push' | 'pull'): Problem | undefined {
  const from = Math.max(deliveryIndex(events, mode), 0);
  const at = events.findIndex((e, i) => i >= from && e.kind === 'execute');
  if (at < 0) return { expected: 'the server to execute Update (/5/0/2) once the Test Client had the package', actual: 'it never did' };
  const execute = events[at] as Ev<'execute'>;
  const seen = events
    .slice(from, at)
    .filter((e): e is Ev<'told'> => e.kind === 'told' && e.state !== undefined)
    .map((e) => e.state!);
  const met = `the Test Client was in State ${execute.state} and answered ${execute.answer}`;
  if (!seen.includes(2))
    return {
      expected: 'the Execute of Update (/5/0/2) only after the server saw State 2 (Downloaded), by a Read or a notification',
      actual: seen.length
        ? `it executed after learning State ${seen.join(', ')}, never 2 (${met})`
        : `it executed without reading or observing State (${met})`,
    };
  if (execute.state !== 2) return { expected: 'the Execute of Update (/5/0/2) in State 2 (Downloaded)', actual: met };
  return undefined;
}

/**
 * The server reports the update's end as the Test Client told it: the Update Result it read (or
 * was notified of) after executing Update, 1 (success) at the end. `reported` is the action's
 * value; `until` the log position when the action answered.
 */
export function reportedResultProblem(reported: unknown, events: readonly FirmwareEvent[], until: number): Problem | undefined {
  const at = events.findIndex((e) => e.kind === 'execute' && e.answer === '2.04');
  const told = events.slice(at < 0 ? events.length : at, until).filter((e): e is Ev<'told'> => e.kind === 'told' && e.result !== undefined);
  const last = told.at(-1)?.result;
  if (last === undefined)
    return {
      expected: 'the server to report the Update Result the Test Client gave it after Update',
      actual: `it reports ${JSON.stringify(reported)}, but never read the Update Result after executing Update`,
    };
  if (String(reported) !== String(last))
    return {
      expected: `the server to report the Update Result the Test Client gave it last: ${last}`,
      actual: `it reports ${JSON.stringify(reported)}`,
    };
  if (last !== 1) return { expected: 'the update to end with Update Result 1 (success)', actual: `it ended with Update Result ${last}` };
  return undefined;
}
