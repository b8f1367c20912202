/**
 * Which CoAP options OSCORE encrypts (class E, inner) and which stay readable in the outer
 * message (class U), RFC 8613 §4.1. Options not listed (unknown ones too) are class E. Observe
 * is both: inner and outer in a request, outer in a response (§4.1.3.5). Block-wise options are
 * kept inner only: this endpoint does block-wise end to end (§4.1.3.4.2), never at a proxy.
 */
import type { CoapOption } from '../message';
import { OptionNumber } from '../message';
import { OSCORE_OPTION } from './option';

const CLASS_U = new Set<number>([
  OptionNumber.UriHost,
  OptionNumber.UriPort,
  OSCORE_OPTION,
  OptionNumber.ProxyUri,
  OptionNumber.ProxyScheme,
]);

export function isClassU(number: number): boolean {
  return CLASS_U.has(number);
}

/** The inner (encrypted) and outer options of a message being protected. */
export function splitOptions(options: CoapOption[], isRequest: boolean): { inner: CoapOption[]; outer: CoapOption[] } {
  const inner: CoapOption[] = [];
  const outer: CoapOption[] = [];
  for (const o of options) {
    if (o.number === OSCORE_OPTION) continue;
    if (o.number === OptionNumber.Observe) {
      outer.push(o);
      if (isRequest) inner.push(o);
    } else if (isClassU(o.number)) outer.push(o);
    else inner.push(o);
  }
  return { inner, outer };
}

/** The options of the unprotected message: the outer class U ones (not OSCORE) and the inner ones (§8.2, §8.4). */
export function joinOptions(outer: CoapOption[], inner: CoapOption[]): CoapOption[] {
  const innerHasObserve = inner.some((o) => o.number === OptionNumber.Observe);
  const kept = outer.filter(
    (o) => o.number !== OSCORE_OPTION && (isClassU(o.number) || (o.number === OptionNumber.Observe && !innerHasObserve)),
  );
  return [...kept, ...inner].sort((a, b) => a.number - b.number);
}

/** Class E options found outside: an OSCORE sender must have encrypted them (§4.1.1). */
export function classEOutside(outer: CoapOption[]): number[] {
  return outer
    .filter((o) => !isClassU(o.number) && o.number !== OptionNumber.Observe && o.number !== OptionNumber.MaxAge)
    .map((o) => o.number);
}
