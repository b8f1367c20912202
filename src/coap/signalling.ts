/**
 * Signalling messages of CoAP over reliable transports (RFC 8323 §5): code class 7, with option
 * numbers of their own per code. 7.01 CSM (Capabilities and Settings) opens every connection in
 * both directions; 7.02 Ping is answered by 7.03 Pong; 7.04 Release and 7.05 Abort end a connection.
 */
import { type CoapMessage, type CoapOption, decodeUint, encodeUint } from './message';

export const SignalCode = { CSM: '7.01', Ping: '7.02', Pong: '7.03', Release: '7.04', Abort: '7.05' } as const;
export type SignalName = keyof typeof SignalCode;

export const SignalOption = {
  /** CSM: largest message the sender can receive (default 1152 bytes). */
  MaxMessageSize: 2,
  /** CSM: the sender supports block-wise transfers (RFC 8323 §6). */
  BlockWiseTransfer: 4,
  /** Ping / Pong: ask for (and give) an answer only after everything before it was processed. */
  Custody: 2,
  /** Release: another address to connect to; repeatable. */
  AlternativeAddress: 2,
  /** Release: seconds to wait before connecting again. */
  HoldOff: 4,
  /** Abort: the CSM option that made the sender abort. */
  BadCsmOption: 2,
} as const;

/** RFC 8323 §5.3.1: what a peer may assume before it has seen the other side's CSM. */
export const DEFAULT_MAX_MESSAGE_SIZE = 1152;

/** Options each signal knows (name, value length limits, repeatable), by option number. */
const SIGNAL_OPTIONS: Record<string, Record<number, { name: string; min: number; max: number; repeatable: boolean }>> = {
  [SignalCode.CSM]: {
    2: { name: 'Max-Message-Size', min: 0, max: 4, repeatable: false },
    4: { name: 'Block-Wise-Transfer', min: 0, max: 0, repeatable: false },
  },
  [SignalCode.Ping]: { 2: { name: 'Custody', min: 0, max: 0, repeatable: false } },
  [SignalCode.Pong]: { 2: { name: 'Custody', min: 0, max: 0, repeatable: false } },
  [SignalCode.Release]: {
    2: { name: 'Alternative-Address', min: 1, max: 255, repeatable: true },
    4: { name: 'Hold-Off', min: 0, max: 3, repeatable: false },
  },
  [SignalCode.Abort]: { 2: { name: 'Bad-CSM-Option', min: 0, max: 2, repeatable: false } },
};

export const isSignal = (code: string) => code.startsWith('7.');

export function signalName(code: string): SignalName | undefined {
  return (Object.keys(SignalCode) as SignalName[]).find((k) => SignalCode[k] === code);
}

/** Rules of RFC 8323 §5 a readable signalling message breaks. */
export function signalProblems(m: CoapMessage): string[] {
  const known = SIGNAL_OPTIONS[m.code];
  if (!known) return [`code ${m.code} is not a signalling code RFC 8323 defines (7.01..7.05)`];
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const o of m.options) {
    const rule = known[o.number];
    if (!rule) {
      // Elective (even) unknown options are ignored; a critical (odd) one is an error (§5.3).
      if (o.number % 2 === 1) problems.push(`${signalName(m.code)} carries unknown critical option ${o.number}`);
      continue;
    }
    if (o.value.length < rule.min || o.value.length > rule.max) {
      problems.push(`${rule.name} value is ${o.value.length} byte(s); RFC 8323 allows ${rule.min}..${rule.max}`);
    }
    if (!rule.repeatable && seen.has(o.number)) problems.push(`${rule.name} is repeated but is not repeatable`);
    seen.add(o.number);
  }
  return problems;
}

export interface CsmSettings {
  maxMessageSize?: number;
  blockWiseTransfer?: boolean;
}

/** The settings a CSM announces; absent options keep their defaults (§5.3). */
export function readCsm(m: CoapMessage): Required<CsmSettings> {
  const max = m.options.find((o) => o.number === SignalOption.MaxMessageSize);
  return {
    maxMessageSize: max ? decodeUint(max.value) : DEFAULT_MAX_MESSAGE_SIZE,
    blockWiseTransfer: m.options.some((o) => o.number === SignalOption.BlockWiseTransfer),
  };
}

/** A signalling message ready to encode (no token: signals answer nothing by token). */
export function signal(code: string, options: CoapOption[] = [], payload: Buffer = Buffer.alloc(0)): CoapMessage {
  return { type: 'CON', code, messageId: 0, token: Buffer.alloc(0), options, payload, reliable: true };
}

export function csm(settings: CsmSettings): CoapMessage {
  const options: CoapOption[] = [];
  if (settings.maxMessageSize !== undefined)
    options.push({ number: SignalOption.MaxMessageSize, value: encodeUint(settings.maxMessageSize) });
  if (settings.blockWiseTransfer) options.push({ number: SignalOption.BlockWiseTransfer, value: Buffer.alloc(0) });
  return signal(SignalCode.CSM, options);
}

export function abort(diagnostic: string, badCsmOption?: number): CoapMessage {
  const options = badCsmOption === undefined ? [] : [{ number: SignalOption.BadCsmOption, value: encodeUint(badCsmOption) }];
  return signal(SignalCode.Abort, options, Buffer.from(diagnostic, 'utf8'));
}

/** A line for the trace, e.g. `CSM Max-Message-Size=1152 Block-Wise-Transfer`. */
export function describeSignal(m: CoapMessage): string {
  const name = signalName(m.code) ?? m.code;
  const known = SIGNAL_OPTIONS[m.code] ?? {};
  const parts: string[] = [name];
  for (const o of m.options) {
    const rule = known[o.number];
    const label = rule?.name ?? `Opt${o.number}`;
    const uint = rule !== undefined && rule.max <= 4;
    parts.push(o.value.length === 0 ? label : `${label}=${uint ? decodeUint(o.value) : o.value.toString('utf8')}`);
  }
  if (m.payload.length) parts.push(`"${m.payload.toString('utf8')}"`);
  return parts.join(' ');
}
