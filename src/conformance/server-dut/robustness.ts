/**
 * The harness's own robustness cases with a server DUT (LwM2M-Robustness-1.1-srv-N; the ETS has
 * none): the Test Client misbehaves on purpose (a Register without ep, an unreadable object
 * list, datagrams that are not CoAP, a flood of Updates) and the server must refuse what it
 * cannot accept and go on serving the client.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import { codeName } from '../../coap/message';
import { CriterionFailure, DutFailure, PreconditionFailure } from '../failures';
import type { ServerDutSession } from './session';

export class ServerRobustnessOperations {
  constructor(private readonly s: ServerDutSession) {}

  /** Positive control for the refusals: this Test Client, well formed, is registered (and then de-registered). */
  async positiveControl(): Promise<void> {
    await this.s.registration.ensureRegistered();
    const res = await this.s.request(() => this.s.client.deregister(), 'the De-register of the positive control');
    if (res.message.code !== '2.02')
      throw new PreconditionFailure('2.02 Deleted to the De-register of the positive control', codeName(res.message.code));
    this.s.trace.note('harness', 'positive control: the server registered the well-formed Test Client and de-registered it');
  }

  registerWithoutEndpoint(): Promise<IncomingResponse> {
    return this.s.request(() => this.s.client.registerWithoutEndpoint(), 'the Register without ep');
  }

  registerMalformed(): Promise<IncomingResponse> {
    return this.s.request(() => this.s.client.registerMalformed(), 'the Register with an unreadable object list');
  }

  sendGarbage(): Promise<void> {
    return this.s.client.sendGarbage();
  }

  /** What the flood's Updates were answered, for the diagnosis ("18 × 2.04 Changed, 2 unanswered"). */
  floodOutcome = '';

  async floodUpdates(count: number): Promise<void> {
    const results = await this.s.untilDutExits(this.s.client.floodUpdates(count), `answers to ${count} Updates`);
    const tally = new Map<string, number>();
    for (const r of results) {
      const k = r.status === 'fulfilled' ? codeName(r.value.message.code) : 'unanswered';
      tally.set(k, (tally.get(k) ?? 0) + 1);
    }
    this.floodOutcome = [...tally].map(([k, n]) => `${n} × ${k}`).join(', ');
    this.s.trace.note('harness', `Update flood of ${count}: ${this.floodOutcome}`);
  }

  /** Criterion: after the misbehaviour, an Update is answered 2.04 and the server still reaches the client when asked to read. */
  async checkStillServing(criterion: string, path: string): Promise<void> {
    const flood = this.floodOutcome ? ` (the flood's Updates: ${this.floodOutcome})` : '';
    let res: IncomingResponse;
    try {
      res = await this.s.registration.update();
    } catch (e) {
      if (e instanceof DutFailure) throw new CriterionFailure(criterion, e.expected, `${e.actual}${flood}`);
      throw e;
    }
    if (res.message.code !== '2.04')
      throw new CriterionFailure(
        criterion,
        '2.04 Changed to an Update after the misbehaviour',
        `it was answered ${codeName(res.message.code)}${flood}`,
      );
    await this.s.dm.readAsCriterion(criterion, path);
  }
}
