/**
 * What the steps of one case hand on to later steps, as typed fields. `need` reads a field an
 * earlier step must have set, and says which when a feature puts steps in the wrong order.
 */
import type { IncomingResponse } from '../../src/coap/endpoint';
import type { RdEvent } from '../../src/peers/test-server';

export class CaseState {
  /** Registration events from here on belong to the procedure step that ran last. */
  eventsFrom = 0;
  /** The lifetime (s) the procedure set or expects. */
  lifetime?: number;
  /** The client's answer to the last request the Test Server sent in a procedure step. */
  response?: IncomingResponse;
  /** The Register the procedure waited for. */
  register?: RdEvent;
  /** Reads of a procedure step, in the order sent. */
  reads?: [string, IncomingResponse][];
  /** DTLS handshakes from here on happened after the registration. */
  handshakesFrom = 0;

  need<K extends keyof CaseState>(key: K): NonNullable<CaseState[K]> {
    const v = this[key];
    if (v === undefined || v === null) throw new Error(`step order: "${String(key)}" was not set by an earlier step of this case`);
    return v as NonNullable<CaseState[K]>;
  }
}
