/**
 * The reference server's OSCORE (RFC 8613) with the one client it knows: the context from the
 * configured Master Secret, Sender ID, Recipient ID and Master Salt (the server's view: its Sender
 * ID is the client's Recipient ID). It protects its requests only towards a peer that has spoken
 * OSCORE to it (a plain client is served in plain CoAP), and its answers to protected requests
 * (the endpoint does that). The faults of int-405 server side break one rule on the wire each.
 */
import type { CoapMessage } from '../../coap/message';
import { isRequestCode } from '../../coap/message';
import { deriveContext, type ContextInput } from '../../coap/oscore/context';
import { OscoreLayer } from '../../coap/oscore/layer';
import { formatPeer, type PeerAddress } from '../../transport/types';
import { defineFaults, on } from '../faults';

export type ServerOscore = Pick<ContextInput, 'masterSecret' | 'senderId' | 'recipientId' | 'masterSalt'>;

const PROFILE = 'reference-server-oscore.yaml';

/** Spread into the reference server's registry (faults.ts). */
export const OSCORE_SERVER_FAULTS = defineFaults({
  'oscore-register-answered-plain': {
    description: 'with OSCORE configured, answer a protected Register in clear (no OSCORE option)',
    breaks: [on(405, 'A', /answer to the protected Register .*carried no OSCORE option: it was sent in clear/, PROFILE)],
  },
  'oscore-answer-bad-tag': {
    description: 'with OSCORE configured, corrupt the ciphertext of its protected answers (their tag fails)',
    breaks: [on(405, 'A', /answer .*carried the OSCORE option but could not be verified: .*authentication tag does not verify/, PROFILE)],
  },
  'oscore-request-code-outside': {
    description: 'with OSCORE configured, leave the real method of its requests in the outer header instead of POST',
    breaks: [on(405, 'B', /the Read of \/3\/0 had the outer code 0\.01 GET; RFC 8613 §4\.2 requires 0\.02 POST/, PROFILE)],
  },
  'oscore-read-unprotected': {
    description: 'with OSCORE configured, send its requests to a client that spoke OSCORE in clear',
    breaks: [on(405, 'B', /the Read of \/3\/0 .*carried no OSCORE option: it was sent in clear/, PROFILE)],
  },
});

export type OscoreServerFaultName = keyof typeof OSCORE_SERVER_FAULTS;

export class ReferenceServerOscore {
  /** Peers ("host:port") that sent a protected request: the server's requests to them are protected. */
  private readonly speakers = new Set<string>();
  readonly layer: OscoreLayer;

  constructor(settings: ServerOscore, has: (fault: OscoreServerFaultName) => boolean) {
    const context = deriveContext(settings);
    this.layer = new OscoreLayer({
      contexts: [context],
      contextFor: (peer) => (this.speakers.has(formatPeer(peer)) ? context : undefined),
      tamper: (wire, inner) => tamper(wire, inner, has),
    });
  }

  /** A request came protected from `peer`: from now on the server's requests to it are protected too. */
  spokeOscore(peer: PeerAddress): void {
    this.speakers.add(formatPeer(peer));
  }
}

function tamper(wire: CoapMessage, inner: CoapMessage, has: (fault: OscoreServerFaultName) => boolean): CoapMessage {
  if (has('oscore-register-answered-plain') && inner.code === '2.01') return inner;
  if (has('oscore-read-unprotected') && isRequestCode(inner.code)) return inner;
  if (has('oscore-request-code-outside') && isRequestCode(inner.code)) return { ...wire, code: inner.code };
  if (has('oscore-answer-bad-tag') && !isRequestCode(inner.code)) {
    const payload = Buffer.from(wire.payload);
    payload[payload.length - 1] ^= 0x5a;
    return { ...wire, payload };
  }
  return wire;
}
