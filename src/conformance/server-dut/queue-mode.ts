/**
 * Queue mode judged from the server side (ETS int-108, int-109; LwM2M 1.1 §6.5): a client that
 * registered with the "Q" parameter sleeps once the server's awake time after its last Register
 * or Update has passed; the server must send it nothing then, and must send a request made
 * while it sleeps after the client's next Update.
 */
import { CriterionFailure, PreconditionFailure } from '../failures';
import type { ActionOutcome } from '../actions/types';
import type { ServerDutSession } from './session';
import { methodName } from './request-checks';

/** A Read asked of the server while the Test Client sleeps; the action may be held by the server. */
export interface HeldRead {
  path: string;
  /** The Test Client's request log position when the action started. */
  mark: number;
  outcome: Promise<ActionOutcome | Error>;
}

export class ServerQueueModeOperations {
  constructor(private readonly s: ServerDutSession) {}

  /** A Register with the Q parameter (queue mode), the Test Client's other parameters unchanged. */
  register() {
    return this.s.registration.register(undefined, true);
  }

  /** The Test Client stays silent past the server's awake time (plus the watch margin): it sleeps. */
  async sleep(): Promise<void> {
    await this.s.letTimePass(this.s.timers.queueAwakeMs + this.s.timers.expiryWatchMarginMs);
  }

  /** Asks the server to read `path` without waiting: a queue-mode server holds the request. */
  askRead(path: string): HeldRead {
    return { path, mark: this.s.client.requests.cursor(), outcome: this.s.begin('read', { path }) };
  }

  /** Criterion: nothing reaches the sleeping Test Client within the quiet window (its positive control: the Read while awake). */
  async checkNothingSent(criterion: string, held: HeldRead, positiveControl: boolean): Promise<void> {
    if (!positiveControl) throw new PreconditionFailure('the server to read from the Test Client while it is awake', 'no Read was seen');
    const window = this.s.timers.quietWindowMs;
    const early = await this.s
      .untilDutExits(
        this.s.client.requests.waitFor(() => true, { after: held.mark, timeoutMs: window, what: 'a request' }),
        'the quiet window',
      )
      .catch(() => undefined);
    if (early) {
      const m = early.request.message;
      throw new CriterionFailure(
        criterion,
        `nothing while the Test Client sleeps (${window} ms watched, past the awake time of ${this.s.timers.queueAwakeMs} ms)`,
        `the server sent ${methodName(m.code)} ${early.request.path} to the sleeping Test Client`,
      );
    }
    const outcome = await Promise.race([held.outcome, Promise.resolve(undefined)]);
    if (outcome instanceof Error) throw outcome;
  }

  /** The Test Client wakes with an Update; returns the request log position before it. */
  async wake(): Promise<number> {
    const mark = this.s.client.requests.cursor();
    await this.s.request(() => this.s.client.update(), 'the Update after sleeping');
    return mark;
  }

  /** Criterion: after the Update the server sends the held Read, within the response deadline. */
  async checkSentAfterUpdate(criterion: string, held: HeldRead, updateMark: number): Promise<void> {
    const timeoutMs = this.s.timers.responseTimeoutMs;
    const read = await this.s
      .untilDutExits(
        this.s.client.requests.waitFor((r) => r.request.path === held.path, {
          after: updateMark,
          timeoutMs,
          what: `the Read of ${held.path}`,
        }),
        `the Read of ${held.path}`,
      )
      .catch(() => undefined);
    if (!read) {
      const outcome = await Promise.race([held.outcome, new Promise<undefined>((r) => setImmediate(() => r(undefined)))]);
      const said = outcome instanceof Error ? outcome.message : outcome ? outcome.evidence : 'the action has not answered yet';
      throw new CriterionFailure(
        criterion,
        `the Read of ${held.path} after the Update`,
        `nothing came within ${timeoutMs} ms (action: ${said})`,
      );
    }
  }
}
