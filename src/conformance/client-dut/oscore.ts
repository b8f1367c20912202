/**
 * OSCORE operations of a client-DUT session (ETS int-405): the session's OSCORE material and the
 * Test Server's protection layer (one context for the session, so a restarted Test Server never
 * reuses a nonce), and the waits that judge from what the Test Server's endpoint received.
 */
import type { InboundEvent } from '../../coap/endpoint';
import { isRequestCode } from '../../coap/message';
import type { OscoreLayer } from '../../coap/oscore/layer';
import type { RdEvent } from '../../peers/test-server';
import { describeWaitFailure, type ClientDutSession } from './session';
import { DutFailure } from '../failures';
import { oscoreMaterial, oscorePlaceholders, testServerOscoreLayer, type OscoreMaterial } from '../oscore';

export class OscoreOperations {
  /** Set when the profile declares ICS oscore; then the Test Server speaks OSCORE. */
  readonly material?: OscoreMaterial;
  readonly layer?: OscoreLayer;

  constructor(private readonly session: ClientDutSession) {
    this.material = oscoreMaterial(session.profile);
    this.layer = this.material && testServerOscoreLayer(this.material);
  }

  placeholders(): Record<string, string> {
    return oscorePlaceholders(this.material);
  }

  /**
   * The first request from the client, protected or not, verified or not (a refused one is
   * judged, not waited past), and the registration it led to, if any.
   */
  async firstRequest(step: string): Promise<{ event: InboundEvent; register?: RdEvent }> {
    const s = this.session;
    const inbox = s.server.endpoint.inbox;
    const isRequest = (e: InboundEvent) => !!e.message && isRequestCode((e.oscore?.outer ?? e.message).code);
    let event: InboundEvent;
    try {
      event = await s.untilDutExits(
        inbox.waitFor(isRequest, { after: 0, timeoutMs: s.firstRegisterTimeoutMs, what: 'a request from the client' }),
        'a request',
      );
    } catch (e) {
      throw new DutFailure(step, 'a Register request (CoAP POST /rd, OSCORE-protected)', describeWaitFailure(e, s.dut) + s.unusableSince());
    }
    if (event.oscore?.error) return { event };
    const register = await s.server.events
      .waitFor((e) => e.request?.receivedAt === event.at, {
        after: 0,
        timeoutMs: s.timers.registrationTimeoutMs,
        what: 'the registration',
      })
      .catch(() => undefined);
    return { event, register };
  }

  /** Every message the client sent the Test Server so far. */
  fromClient(): readonly InboundEvent[] {
    return this.session.server.endpoint.inbox.all();
  }
}
