/**
 * Information Reporting judged from the server side (ETS int-301 … 303, 306, 311): the Observe
 * the server sends (GET with Observe=0, LwM2M 1.1 §6.4.1, RFC 7641 §3.1), its ACK to each CON
 * notification (RFC 7252 §4.2), cancellation by RST after it forgot an observation (RFC 7641
 * §3.6) or by a GET with Observe=1 and the observation's token (§3.6), and Send (`POST /dp`,
 * §6.4.6) answered 2.04 with the values reaching the server's API.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import { LwM2MPath } from '../../lwm2m/path';
import { toJson } from '../../peers/reference-server/json-values';
import type { NotificationEvent, Observation } from '../../peers/test-client/test-client';
import type { ActionName, ActionOutcome } from '../actions/types';
import { connectionKeptProblems } from '../checks/tcp';
import { CriterionFailure, DutFailure, PreconditionFailure } from '../failures';
import type { ServerAct } from './device-management';
import { attributeQueryProblem, shapeProblem } from './request-checks';
import type { ServerDutSession } from './session';

export class ServerReportingOperations {
  constructor(private readonly s: ServerDutSession) {}

  /** Asks the server to observe `path`; `attributes` are to go with the Observe as its parameters (LwM2M 1.2). */
  async observe(path: string, format?: string, attributes?: Record<string, string | number>): Promise<ServerAct> {
    const { outcome, request } = await this.s.act(
      'observe',
      { path, format, attributes },
      () => true,
      `a request from the server after asking it to observe ${path}`,
    );
    return { path, format, asked: Object.entries(attributes ?? {}), outcome, request };
  }

  /** Precondition: the server observes `path` (the Test Client holds the observation). */
  async ensureObserved(path: string): Promise<ServerAct> {
    const act = await this.observe(path).catch((e: Error) => {
      throw new PreconditionFailure(`the server to observe ${path}`, e.message);
    });
    if (this.s.client.observationsOf(path).length === 0)
      throw new PreconditionFailure(
        `the server to observe ${path}`,
        `the Test Client holds no observation of it (it answered ${act.request.responseCode})`,
      );
    return act;
  }

  /**
   * Criterion: the Observe is a GET on the path with Observe=0; asked with attributes as
   * parameters (LwM2M 1.2), its query holds exactly those, one Uri-Query option each.
   */
  checkObserve(criterion: string, act: ServerAct): void {
    const m = act.request.request.message;
    const problem =
      shapeProblem(`the Observe of ${act.path}`, m, { method: 'GET', path: act.path, observe: 0, payload: null }) ??
      (act.asked.length ? attributeQueryProblem(m, Object.fromEntries(act.asked) as Record<string, string | number>) : undefined);
    if (problem) throw new CriterionFailure(criterion, problem.expected, problem.actual);
  }

  /** Changes values as the device would, then sends one CON notification for each observation of the paths. */
  async notifyChanges(paths: string[], changes: [string, unknown][] = []): Promise<NotificationEvent[]> {
    for (const [at, v] of changes) this.s.client.setValue(at, typeof v === 'number' ? BigInt(v) : (v as string));
    const events: NotificationEvent[] = [];
    for (const p of paths) {
      const held = this.s.client.observationsOf(p);
      if (held.length === 0) throw new PreconditionFailure(`an observation of ${p} to notify`, 'the Test Client holds none');
      for (const o of held) events.push(await this.s.untilDutExits(this.s.client.notify(o, true), `an answer to the notification of ${p}`));
    }
    return events;
  }

  /**
   * Criterion: the server ACKs each CON notification (RFC 7252 §4.2; RFC 7641 §4.5). Over TCP
   * there is no ACK (RFC 8323 §2): the server must take the notification on its connection.
   */
  async checkAcknowledged(criterion: string, events: NotificationEvent[]): Promise<void> {
    if (this.s.client.endpoint.reliable) return this.checkConnectionKept(criterion, events);
    for (const e of events) {
      if (e.outcome !== 'ack')
        throw new CriterionFailure(
          criterion,
          `an ACK to the CON notification of ${e.observation.path} (MID ${e.messageId})`,
          outcomeText(e),
        );
    }
  }

  /** Over TCP: no Release or Abort after the notifications, no reconnect, and a Ping after them answered with a Pong. */
  private async checkConnectionKept(criterion: string, events: NotificationEvent[]): Promise<void> {
    const since = Math.min(...events.map((e) => e.at));
    const ping = await this.s.tcp.ping();
    const opened = this.s.channel.connections?.all().filter((c) => c.at >= since).length ?? 0;
    const problems = connectionKeptProblems(this.s.client.endpoint.inbox.all(), this.s.serverAddress, since, opened, ping.answer?.message);
    if (problems.length)
      throw new CriterionFailure(
        criterion,
        `the notification of ${events.map((e) => e.observation.path).join(', ')} taken on the connection (over TCP it has no ACK): no Release or Abort, a Pong to a later Ping`,
        problems.join('; '),
      );
  }

  /** Criterion: after forgetting the observation, the server answers its next CON notification with RST (RFC 7641 §3.6). */
  checkReset(criterion: string, events: NotificationEvent[]): void {
    for (const e of events)
      if (e.outcome !== 'rst')
        throw new CriterionFailure(criterion, `RST to the notification of ${e.observation.path} after the cancellation`, outcomeText(e));
  }

  /** The values the server last received in notifications of `path`, through the profile's action. */
  notified(criterion: string, path: string): Promise<ActionOutcome> {
    return this.reportedAsCriterion(criterion, 'observed-value', { path }, `the notified values of ${path}`);
  }

  /** An action asking what the server holds: refused, it is the criterion's failure (the server cannot tell). */
  private async reportedAsCriterion(criterion: string, name: ActionName, request: { path?: string }, what: string): Promise<ActionOutcome> {
    try {
      return await this.s.perform(name, request);
    } catch (e) {
      if (e instanceof DutFailure) throw new CriterionFailure(criterion, `the server to report ${what}`, e.actual);
      throw e;
    }
  }

  /** Criterion: what the server reports for `path` holds the Test Client's current values (the notified ones). */
  checkReportedValues(criterion: string, path: string, outcome: ActionOutcome, what: string): void {
    const held = this.s.client.store.read(LwM2MPath.parse(path));
    checkValues(
      criterion,
      held.map((r) => [String(r.path), toJson(r.value)]),
      outcome,
      what,
    );
  }

  async cancelPassively(path: string): Promise<void> {
    await this.s.perform('cancel-observation-passive', { path });
  }

  async cancelActively(path: string): Promise<ServerAct> {
    const { outcome, request } = await this.s.act(
      'cancel-observation',
      { path },
      () => true,
      `a request from the server after asking it to cancel the observation of ${path}`,
    );
    return { path, asked: [], outcome, request };
  }

  /** Criterion: the cancellation is a GET on the path with Observe=1 and the token of the observation (RFC 7641 §3.6). */
  checkCancel(criterion: string, cancel: ServerAct, observation: ServerAct): void {
    const m = cancel.request.request.message;
    const problem = shapeProblem(`the cancellation of ${cancel.path}`, m, { method: 'GET', path: cancel.path, observe: 1, payload: null });
    if (problem) throw new CriterionFailure(criterion, problem.expected, problem.actual);
    const token = observation.request.request.message.token;
    if (!m.token.equals(token))
      throw new CriterionFailure(
        criterion,
        `the token of the observation (0x${token.toString('hex')}) in the cancellation`,
        `it carried the token 0x${m.token.toString('hex') || '(empty)'}`,
      );
  }

  /** The Test Client reports values by Send (after setting the given ones). */
  send(paths: string[], changes: [string, unknown][] = []): Promise<IncomingResponse> {
    for (const [at, v] of changes) this.s.client.setValue(at, typeof v === 'number' ? BigInt(v) : (v as string));
    return this.s.request(() => this.s.client.send(paths), 'the Send (POST /dp)');
  }

  sentValues(criterion: string): Promise<ActionOutcome> {
    return this.reportedAsCriterion(criterion, 'sent-values', {}, 'the values the Test Client sent');
  }

  /** Criterion: the values the Test Client sent reached the server's API. */
  checkSentValues(criterion: string, paths: string[], outcome: ActionOutcome): void {
    const held = paths.flatMap((p) => this.s.client.store.read(LwM2MPath.parse(p)));
    checkValues(
      criterion,
      held.map((r) => [String(r.path), toJson(r.value)]),
      outcome,
      'what the server received by Send',
    );
  }
}

function checkValues(criterion: string, expected: [string, unknown][], outcome: ActionOutcome, what: string): void {
  if (outcome.manual) throw new PreconditionFailure('an action answer to check the values in', 'the action is manual');
  const reported = outcome.value;
  for (const [at, value] of expected) {
    const got =
      expected.length === 1 && (typeof reported !== 'object' || reported === null)
        ? reported
        : (reported as Record<string, unknown> | null)?.[at];
    if (got === undefined || String(got) !== String(value))
      throw new CriterionFailure(
        criterion,
        `${at} = ${JSON.stringify(value)} in ${what}`,
        got === undefined ? `it is missing: ${outcome.evidence}` : `the server reports ${JSON.stringify(got)}`,
      );
  }
}

function outcomeText(e: NotificationEvent): string {
  if (e.outcome === 'rst') return 'the server answered RST';
  if (e.outcome === 'ack') return 'the server answered ACK';
  return 'no answer (ACK or RST) within the retransmission window';
}

export type { Observation };
