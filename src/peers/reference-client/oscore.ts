/**
 * The reference client's OSCORE (RFC 8613) towards its LwM2M Server: the context from the
 * configured Master Secret, Sender ID, Recipient ID and Master Salt (what resources 0, 1, 2 and
 * 5 of the LwM2M OSCORE object /21 hold), and the faults of int-405, each breaking one rule on
 * the wire after honest protection.
 */
import type { CoapMessage } from '../../coap/message';
import { isResponseCode, uriPath } from '../../coap/message';
import { deriveContext } from '../../coap/oscore/context';
import { OscoreLayer } from '../../coap/oscore/layer';
import type { FaultName } from './faults';

/** The client's OSCORE settings, as the OSCORE object holds them. */
export interface ClientOscore {
  masterSecret: Buffer;
  senderId: Buffer;
  recipientId: Buffer;
  masterSalt?: Buffer;
}

export function clientOscoreLayer(settings: ClientOscore, faults: ReadonlySet<FaultName>): OscoreLayer {
  const context = deriveContext(settings);
  return new OscoreLayer({ contexts: [context], tamper: (wire, inner) => tamper(wire, inner, faults) });
}

function tamper(wire: CoapMessage, inner: CoapMessage, faults: ReadonlySet<FaultName>): CoapMessage {
  const isRegister = inner.code === '0.02' && uriPath(inner) === '/rd';
  if (faults.has('oscore-plain-register') && isRegister) return inner;
  if (faults.has('oscore-read-unprotected') && isResponseCode(inner.code)) return inner;
  let out = wire;
  if (faults.has('oscore-inner-code-outside')) out = { ...out, code: inner.code };
  if (faults.has('oscore-bad-tag')) {
    const payload = Buffer.from(out.payload);
    payload[payload.length - 1] ^= 0x5a;
    out = { ...out, payload };
  }
  return out;
}
