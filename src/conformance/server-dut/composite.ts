/**
 * The composite operations judged from the server side (ETS int-280, 281, 230, 304, 305): the
 * server is asked (through the profile's action) to read, write or observe several paths at
 * once; the FETCH or iPATCH it sends must be well formed (checks/server-composite.ts), what it
 * reports must be what the Test Client answered (values by path, none for paths left out), and
 * an Observe-Composite is kept (its CON notifications ACKed) until cancelled by a FETCH with
 * Observe=1, its token and the same paths, or forgotten (the next notification answered RST).
 */
import { ContentFormat, decodeComposite } from '../../lwm2m/content';
import { formatByName } from '../../lwm2m/format-names';
import { LwM2MPath } from '../../lwm2m/path';
import { toJson } from '../../peers/reference-server/json-values';
import type { NotificationEvent, ServerRequest } from '../../peers/test-client/test-client';
import type { ActionName, ActionOutcome } from '../actions/types';
import {
  compositeFetchProblem,
  compositePatchShapeProblem,
  compositePatchValuesProblem,
  reportedCompositeProblem,
  type FetchShape,
} from '../checks/server-composite';
import { CriterionFailure, PreconditionFailure } from '../failures';
import type { AskedValue, Problem } from './request-checks';
import type { ServerDutSession } from './session';

/** One composite action asked of the server and the first request it then sent the Test Client. */
export interface CompositeAct {
  paths: string[];
  format?: string;
  asked: AskedValue[];
  outcome: ActionOutcome;
  request: ServerRequest;
}

export class ServerCompositeOperations {
  constructor(private readonly s: ServerDutSession) {}

  private async ask(name: ActionName, paths: string[], format?: string, asked: AskedValue[] = []): Promise<CompositeAct> {
    const value = asked.length ? Object.fromEntries(asked) : undefined;
    const { outcome, request } = await this.s.act(
      name,
      { paths, format, value },
      () => true,
      `a request from the server after asking it to ${name} ${paths.join(', ')}`,
    );
    return { paths, format, asked, outcome, request };
  }

  read(paths: string[], format?: string): Promise<CompositeAct> {
    return this.ask('read-composite', paths, format);
  }

  write(asked: AskedValue[], format?: string): Promise<CompositeAct> {
    return this.ask(
      'write-composite',
      asked.map(([p]) => p),
      format,
      asked,
    );
  }

  observe(paths: string[], format?: string): Promise<CompositeAct> {
    return this.ask('observe-composite', paths, format);
  }

  cancelActively(paths: string[]): Promise<CompositeAct> {
    return this.ask('cancel-observation-composite', paths);
  }

  async cancelPassively(paths: string[]): Promise<void> {
    await this.s.perform('cancel-observation-composite-passive', { paths });
  }

  /** Precondition: the Test Client holds the Observe-Composite of exactly these paths. */
  requireObserved(act: CompositeAct): void {
    if (this.s.client.compositeObservationsOf(act.paths).length === 0)
      throw new PreconditionFailure(
        `the server to observe ${act.paths.join(', ')} in one Observe-Composite`,
        `the Test Client holds no such observation (it took the request for ${act.request.operation} and answered ${act.request.responseCode})`,
      );
  }

  /** Changes values as the device would, then sends one CON notification of each Observe-Composite of these paths. */
  async notify(paths: string[], changes: [string, unknown][] = []): Promise<NotificationEvent[]> {
    for (const [at, v] of changes) this.s.client.setValue(at, typeof v === 'number' ? BigInt(v) : (v as string));
    const held = this.s.client.compositeObservationsOf(paths);
    if (held.length === 0)
      throw new PreconditionFailure(`an Observe-Composite of ${paths.join(', ')} to notify`, 'the Test Client holds none');
    const events: NotificationEvent[] = [];
    for (const o of held)
      events.push(await this.s.untilDutExits(this.s.client.notify(o, true), `an answer to the notification of ${paths.join(', ')}`));
    return events;
  }

  /** Criterion: a Read-Composite is a FETCH with the SenML path list asked for, its Content-Format and an Accept. */
  checkRead(criterion: string, act: CompositeAct): void {
    this.checkFetch(criterion, act, 'the Read-Composite', { observe: null, acceptRequired: true });
  }

  /** Criterion: an Observe-Composite is a FETCH with Observe=0 and the path list asked for. */
  checkObserve(criterion: string, act: CompositeAct): void {
    this.checkFetch(criterion, act, 'the Observe-Composite', { observe: 0 });
  }

  /** Criterion: the cancellation is a FETCH with Observe=1, the observation's token and the same path list (RFC 7641 §3.6). */
  checkCancel(criterion: string, cancel: CompositeAct, observation: CompositeAct): void {
    this.checkFetch(criterion, cancel, 'the cancellation of the Observe-Composite', { observe: 1 });
    const token = observation.request.request.message.token;
    const sent = cancel.request.request.message.token;
    if (!sent.equals(token))
      throw new CriterionFailure(
        criterion,
        `the token of the observation (0x${token.toString('hex')}) in the cancellation`,
        `it carried the token 0x${sent.toString('hex') || '(empty)'}`,
      );
  }

  /** Criterion: a Write-Composite is an iPATCH with a SenML Content-Format. */
  checkWrite(criterion: string, act: CompositeAct): void {
    fail(criterion, compositePatchShapeProblem('the Write-Composite', act.request.request.message, this.formatOf(act)));
  }

  /** Criterion: the Write-Composite's body decodes and holds exactly the values asked for. */
  checkWrittenValues(criterion: string, act: CompositeAct): void {
    fail(criterion, compositePatchValuesProblem('the Write-Composite', act.request.request.message, act.asked, this.s.registry));
  }

  /**
   * Criterion: what the server reports (the action's answer: values by path) is what the Test
   * Client answered, with nothing for the paths it left out (int-281: a partial answer is handled).
   */
  checkReported(criterion: string, act: CompositeAct, leftOutExpected = false): void {
    const r = act.request;
    if (r.responseCode !== '2.05')
      throw new PreconditionFailure(
        `the Test Client to answer the ${r.operation} with 2.05`,
        `it answered ${r.responseCode}: ${r.problem ?? ''}`,
      );
    const records = decodeComposite(
      r.response.contentFormat ?? ContentFormat.SENML_CBOR,
      r.response.payload ?? Buffer.alloc(0),
      this.s.registry,
    );
    const leftOut = act.paths.filter((p) => !records.some((x) => x.path.startsWith(LwM2MPath.parse(p))));
    if (leftOutExpected && leftOut.length === 0)
      throw new PreconditionFailure('a Test Client answer that leaves out a path', `it answered every path of ${act.paths.join(', ')}`);
    if (act.outcome.manual) throw new PreconditionFailure('an action answer to check what the server reports', 'the action is manual');
    if (!act.outcome.ok)
      throw new CriterionFailure(
        criterion,
        `the server to report what the Test Client answered${leftOut.length ? ` (it left out ${leftOut.join(', ')})` : ''}`,
        `the action failed: ${act.outcome.evidence}`,
      );
    if (act.outcome.value === undefined)
      throw new CriterionFailure(
        criterion,
        'the server to report the values it read',
        `the action's answer holds no value: ${act.outcome.evidence}`,
      );
    fail(
      criterion,
      reportedCompositeProblem(
        act.outcome.value,
        records.map((x) => [String(x.path), toJson(x.value)]),
        leftOut,
      ),
    );
  }

  private checkFetch(criterion: string, act: CompositeAct, what: string, shape: Omit<FetchShape, 'paths' | 'format'>): void {
    const m = act.request.request.message;
    fail(criterion, compositeFetchProblem(what, m, { ...shape, paths: act.paths, format: this.formatOf(act) }));
  }

  private formatOf(act: CompositeAct): number | undefined {
    return act.format ? formatByName(act.format) : undefined;
  }
}

function fail(criterion: string, problem: Problem | undefined): void {
  if (problem) throw new CriterionFailure(criterion, problem.expected, problem.actual);
}
