/** Human-readable views of CoAP messages for the trace and for diagnoses. */
import { describeSignal, isSignal } from './signalling';
import { decodeOscoreOption } from './oscore/option';
import { type CoapMessage, OPTION_NAMES, OptionNumber as O, codeName, decodeUint, isRequestCode, uriPath, uriQuery } from './message';

const UINT_OPTIONS = new Set<number>([O.ContentFormat, O.Accept, O.Observe, O.MaxAge, O.UriPort, O.Size1, O.Size2]);
const TEXT_OPTIONS = new Set<number>([O.UriPath, O.UriQuery, O.LocationPath, O.LocationQuery, O.UriHost, O.ProxyUri, O.ProxyScheme]);

export function describeBlock(v: Buffer): string {
  const n = decodeUint(v);
  return `${n >> 4}/${(n >> 3) & 1 ? 'M' : '-'}/${16 << (n & 7)}`;
}

/** The OSCORE option (RFC 8613 §6.1) as its fields, e.g. `PIV=0x14,kid=0x01`; a malformed one as hex. */
function describeOscoreOption(value: Buffer): string {
  try {
    const v = decodeOscoreOption(value);
    const fields = [
      v.partialIv && `PIV=0x${v.partialIv.toString('hex')}`,
      v.kidContext && `kidctx=0x${v.kidContext.toString('hex')}`,
      v.kid && `kid=0x${v.kid.toString('hex')}`,
    ];
    return fields.filter((f) => f).join(',') || '(empty)';
  } catch {
    return `0x${value.toString('hex')} (malformed)`;
  }
}

export function optionText(number: number, value: Buffer): string {
  if (UINT_OPTIONS.has(number)) return String(decodeUint(value));
  if (TEXT_OPTIONS.has(number)) return value.toString('utf8');
  if (number === O.Block1 || number === O.Block2) return describeBlock(value);
  if (number === O.OSCORE) return describeOscoreOption(value);
  return value.length === 0 ? '(empty)' : `0x${value.toString('hex')}`;
}

/** One line, e.g. `CON POST /rd?ep=a&lt=30 MID=7 T=0a0b CF=40 (52 B)`. */
export function summarizeMessage(m: CoapMessage): string {
  // Over TCP (RFC 8323) a frame has no type and no Message ID; signals have options of their own.
  if (m.reliable && isSignal(m.code)) return `${describeSignal(m)} (TCP)`;
  const parts: string[] = m.reliable ? ['TCP'] : [m.type];
  if (isRequestCode(m.code)) {
    const q = uriQuery(m);
    parts.push(codeName(m.code).split(' ')[1] ?? m.code, uriPath(m) + (q.length ? '?' + q.join('&') : ''));
  } else {
    parts.push(m.code === '0.00' ? 'Empty' : codeName(m.code));
  }
  if (!m.reliable) parts.push(`MID=${m.messageId}`);
  if (m.token.length) parts.push(`T=${m.token.toString('hex')}`);
  for (const o of m.options) {
    if (o.number === O.UriPath || o.number === O.UriQuery) continue;
    const name = o.number === O.ContentFormat ? 'CF' : (OPTION_NAMES[o.number] ?? `Opt${o.number}`);
    parts.push(`${name}=${optionText(o.number, o.value)}`);
  }
  if (m.payload.length) parts.push(`(${m.payload.length} B)`);
  return parts.join(' ');
}

/** A structured view for the trace's detail pane. */
export function messageDetail(m: CoapMessage): Record<string, unknown> {
  return {
    ...(m.reliable ? { transport: 'reliable (RFC 8323)' } : { type: m.type }),
    code: codeName(m.code),
    ...(m.reliable ? {} : { messageId: m.messageId }),
    token: m.token.toString('hex'),
    options: m.options.map((o) => ({
      number: o.number,
      name: OPTION_NAMES[o.number] ?? `option ${o.number}`,
      value: optionText(o.number, o.value),
    })),
    payload: payloadView(m.payload),
  };
}

/** Payload as text when it is printable UTF-8, otherwise hex. */
export function payloadView(p: Buffer): string | undefined {
  if (p.length === 0) return undefined;
  const text = p.toString('utf8');
  const printable = !text.includes('\uFFFD') && !/[\x00-\x08\x0e-\x1f]/.test(text);
  return printable ? text : `hex:${p.toString('hex')}`;
}
