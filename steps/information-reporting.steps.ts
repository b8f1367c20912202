/** Steps of the Information Reporting cases (ETS int-301 … int-313), DUT = LwM2M client. */
import { Given, When, Then, type DataTable } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';
import type { Attributes } from '../src/conformance/checks/information-reporting';
import {
  checkCompositeContent,
  checkCompositeInstances,
  checkEstablished,
  checkSend,
  checkSendValues,
  checkTiming,
} from '../src/conformance/checks/information-reporting';
import { awaitCriterion, requireCode, requireCriterion } from '../src/conformance/criteria';
import { DutFailure, PreconditionFailure } from '../src/conformance/failures';
import { describeResponse } from '../src/conformance/client-dut/session';
import type { Observation } from '../src/conformance/client-dut/information-reporting';
import { contentFormat } from '../src/coap/message';
import { encodeContent } from '../src/lwm2m/content';
import { LwM2MPath } from '../src/lwm2m/path';

const key = (paths: string[]) => paths.join(', ');

function observation(w: ConformanceWorld, paths: string[]): Observation {
  const obs = w.state.observations.get(key(paths));
  if (!obs) throw new Error(`step order: ${key(paths)} is not observed by an earlier step of this case`);
  return obs;
}

/** The observations named: one composite of all the paths, or one per path. */
const named = (w: ConformanceWorld, paths: string[]) =>
  w.state.observations.has(key(paths)) ? [observation(w, paths)] : paths.map((p) => observation(w, [p]));

/** Remembers, for every running observation, how many messages it had when a Create or Delete was answered. */
function markChange(w: ConformanceWorld): void {
  for (const [name, obs] of w.state.observations) w.state.changedAt.set(name, obs.log.length);
}

// ---- preconditions ------------------------------------------------------------------------

Given(
  'the client holds no instance of {path}, the Test Server having deleted those it held',
  async function (this: ConformanceWorld, path: string) {
    const saved = this.state.saved.get(path) ?? (await this.clientDut.dm.snapshot(path));
    for (const iid of [...new Set(saved.map((r) => r.path.instanceId!))]) {
      const res = await this.clientDut.dm.delete(`${path}/${iid}`);
      if (!res.message.code.startsWith('2.'))
        throw new PreconditionFailure(`${path}/${iid} deleted, so that the case can create it`, `it was answered ${describeResponse(res)}`);
    }
    // A Read that fails (e.g. 4.04 on an object without instances) shows nothing left.
    const left = await this.clientDut.dm.snapshot(path).catch((e: unknown) => (e instanceof PreconditionFailure ? [] : Promise.reject(e)));
    const instances = [...new Set(left.map((r) => `${path}/${r.path.instanceId}`))];
    if (instances.length)
      throw new PreconditionFailure(`no instance of ${path} after deleting them`, `a Read still shows ${instances.join(', ')}`);
  },
);

// ---- procedure ------------------------------------------------------------------------------

When(
  '{step} the Test Server writes the attributes {attributes} to {observedPaths}',
  async function (this: ConformanceWorld, step: ProcedureStep, ets: Attributes, paths: string[]) {
    const ir = this.clientDut.reporting;
    for (const shown of paths) {
      const path = await ir.resolvePath(shown);
      const res = await ir.writeAttributes(path, ir.runAttributes(ets));
      if (res.message.code !== '2.04')
        throw new DutFailure(step.label, `2.04 Changed to the Write-Attributes of ${path}`, `it was answered ${describeResponse(res)}`);
    }
    this.state.judgedFrom = Date.now();
    // An observation already running now has the attributes just written.
    for (const obs of this.state.observations.values()) obs.attributes = await ir.expectedAttributes(obs.paths, obs.composite);
  },
);

When('{step} the Test Server observes {observedPaths}', async function (this: ConformanceWorld, _step: ProcedureStep, shown: string[]) {
  const ir = this.clientDut.reporting;
  for (const s of shown) {
    const path = await ir.resolvePath(s);
    this.state.observations.set(s, await ir.observe(path, await ir.expectedAttributes([path], false)));
  }
});

When(
  '{step} the Test Server observes {observedPaths} with the attributes {attributes} as parameters',
  async function (this: ConformanceWorld, _step: ProcedureStep, shown: string[], ets: Attributes) {
    const ir = this.clientDut.reporting;
    const params = ir.runAttributes(ets);
    const path = await ir.resolvePath(shown[0]);
    this.state.observations.set(shown[0], await ir.observe(path, await ir.expectedAttributes([path], false, params), { params }));
  },
);

When(
  '{step} the Test Server observes {observedPaths} together \\(Observe-Composite)',
  async function (this: ConformanceWorld, _step: ProcedureStep, shown: string[]) {
    const ir = this.clientDut.reporting;
    const paths = await Promise.all(shown.map((p) => ir.resolvePath(p)));
    this.state.observations.set(key(shown), await ir.observeComposite(paths, await ir.expectedAttributes(paths, true)));
  },
);

When(
  '{step} the Test Server observes {observedPaths} together \\(Observe-Composite), though {observedPaths} does not exist yet',
  async function (this: ConformanceWorld, _step: ProcedureStep, shown: string[], _absent: string[]) {
    const ir = this.clientDut.reporting;
    const paths = await Promise.all(shown.map((p) => ir.resolvePath(p)));
    // The response is judged by a criterion: a client may refuse the absent path, which the ETS does not allow.
    this.state.observations.set(key(shown), await ir.observeComposite(paths, await ir.expectedAttributes(paths, true), undefined, true));
  },
);

When(
  '{step} the Test Server creates an instance of {path} during the observation of {observedPaths}, with these values, in Content-Format {int}:',
  async function (this: ConformanceWorld, _step: ProcedureStep, path: string, _shown: string[], format: number, table: DataTable) {
    this.state.written = await this.clientDut.dm.records(table.rows());
    this.state.response = await this.clientDut.dm.create(path, this.state.written, format);
    markChange(this);
  },
);

When(
  '{step} the Test Server deletes {path} during the observation of {observedPaths}',
  async function (this: ConformanceWorld, _step: ProcedureStep, path: string, _shown: string[]) {
    this.state.response = await this.clientDut.dm.delete(path);
    markChange(this);
  },
);

When(
  '{step} the Test Server watches the notifications for {int} period(s) of the largest pmax',
  async function (this: ConformanceWorld, _step: ProcedureStep, periods: number) {
    const ir = this.clientDut.reporting;
    const pmax = Math.max(...[...this.state.observations.values()].map((o) => o.attributes.pmax ?? 0));
    this.state.watchedUntil = await ir.watch(periods * pmax * 1000 + ir.toleranceMs);
  },
);

When(
  '{step} the Test Server waits for a notification of {observedPaths}',
  async function (this: ConformanceWorld, step: ProcedureStep, shown: string[]) {
    const ir = this.clientDut.reporting;
    const obs = observation(this, shown);
    if (obs.notifications().length > 0) return;
    await obs.next(ir.dueWithinMs(obs), `a notification of ${obs.label}`).catch((e: DutFailure) => {
      throw new DutFailure(step.label, e.expected, e.actual);
    });
  },
);

When(
  '{step} the Test Server answers the next notification of {observedPaths} with RST',
  async function (this: ConformanceWorld, _step: ProcedureStep, shown: string[]) {
    await this.clientDut.reporting.cancelByReset(observation(this, shown));
  },
);

When(
  '{step} the Test Server cancels the observation of {observedPaths} with Observe=1',
  async function (this: ConformanceWorld, _step: ProcedureStep, shown: string[]) {
    const ir = this.clientDut.reporting;
    // One request per observation: RFC 7641 §3.6 cancels by the observation's token (see the feature on int-303).
    for (const paths of shown.length > 1 && !this.state.observations.has(key(shown)) ? shown.map((s) => [s]) : [shown]) {
      const res = await ir.cancelByObserve(observation(this, paths));
      (this.state.cancelResponses ??= []).push([key(paths), res]);
    }
  },
);

When('{step} the Test Server makes the client Send, as its profile says', async function (this: ConformanceWorld, _step: ProcedureStep) {
  this.state.sendCursor = this.clientDut.server.sends.cursor();
  await this.clientDut.reporting.triggerSend();
});

When('{step} the client sends a Send request to the Test Server', async function (this: ConformanceWorld, _step: ProcedureStep) {
  this.state.send = await this.clientDut.reporting.nextSend(this.state.need('sendCursor'));
});

When(
  '{step} the Test Server writes {word} to Mute Send of its Server instance',
  async function (this: ConformanceWorld, step: ProcedureStep, value: string) {
    const dut = this.clientDut;
    const path = await dut.registration.serverResourcePath(23);
    const payload = encodeContent(0, LwM2MPath.parse(path), [{ path: LwM2MPath.parse(path), type: 'boolean', value: value === 'true' }]);
    const res = await dut.dm.write(path, payload, 0);
    if (res.message.code !== '2.04')
      throw new DutFailure(step.label, `2.04 Changed to the Write of ${value} to ${path}`, `it was answered ${describeResponse(res)}`);
  },
);

When('{step} the Test Server watches for a Send during the quiet window', async function (this: ConformanceWorld, _step: ProcedureStep) {
  const cursor = this.state.need('sendCursor');
  await this.clientDut.reporting.watch(this.profile.timers.quietWindowMs);
  this.state.mutedSends = this.clientDut.server.sends.since(cursor);
});

// ---- pass criteria --------------------------------------------------------------------------

Then(
  '{criterion} the Test Server receives the notifications of {observedPaths} regularly, as their attributes and RFC 7641 require',
  function (this: ConformanceWorld, criterion: Criterion, shown: string[]) {
    const ir = this.clientDut.reporting;
    const until = this.state.need('watchedUntil');
    const problems = named(this, shown).flatMap((o) => ir.judgeRegular(o, until));
    requireCriterion(
      criterion,
      'notifications no closer than pmin and no further apart than pmax (within the tolerance), with one token and rising Observe numbers',
      problems,
    );
  },
);

Then(
  '{criterion} no notification of {observedPaths} follows its cancellation',
  async function (this: ConformanceWorld, criterion: Criterion, shown: string[]) {
    const ir = this.clientDut.reporting;
    const observations = named(this, shown);
    const until = await ir.watch(ir.stopWatchMs(observations));
    requireCriterion(
      criterion,
      `no notification later than ${ir.toleranceMs} ms after each cancellation`,
      observations.flatMap((o) => ir.judgeStopped(o, until)),
    );
  },
);

Then('{criterion} each cancelling request is answered {string}', function (this: ConformanceWorld, criterion: Criterion, code: string) {
  for (const [label, res] of this.state.need('cancelResponses'))
    requireCode(criterion, code.split(' ')[0], res.message.code, `the Observe=1 request of ${label}`);
});

Then(
  '{criterion} the response to the Observe-Composite of {observedPaths} carries exactly these paths',
  function (this: ConformanceWorld, criterion: Criterion, shown: string[]) {
    const obs = observation(this, shown);
    requireCriterion(
      criterion,
      `a 2.05 with values of ${obs.paths.join(', ')} and nothing else`,
      checkCompositeContent(obs.log, obs.paths, 'response'),
    );
  },
);

Then(
  '{criterion} the response to the Observe of {observedPaths} carries {observedPaths}',
  function (this: ConformanceWorld, criterion: Criterion, shown: string[], carried: string[]) {
    const obs = observation(this, shown);
    requireCriterion(criterion, `a 2.05 with values of ${carried.join(', ')}`, checkCompositeContent(obs.log, carried, 'response'));
  },
);

Then(
  '{criterion} a composite notification of {observedPaths} arrives between pmin and pmax, carrying exactly these paths',
  async function (this: ConformanceWorld, criterion: Criterion, shown: string[]) {
    const ir = this.clientDut.reporting;
    const obs = observation(this, shown);
    const expected = `a composite notification between pmin and pmax with values of ${obs.paths.join(', ')} only`;
    const first = await ir.firstNotification(obs);
    if (!first) requireCriterion(criterion, expected, [`no composite notification within ${ir.dueWithinMs(obs)} ms of the response`]);
    const log = obs.log.slice(0, 2);
    const problems = [
      ...checkTiming(log, obs.attributes, { until: first!.at, toleranceMs: ir.toleranceMs }),
      ...checkCompositeContent(log, obs.paths, 'notifications'),
    ];
    ir.recordTimeline(obs, first!.at, problems);
    requireCriterion(criterion, expected, problems);
  },
);

Then(
  '{criterion} the Observe-Composite of {observedPaths} is answered {string} carrying {observedPaths} only',
  function (this: ConformanceWorld, criterion: Criterion, shown: string[], _code: string, carriedPaths: string[]) {
    const obs = observation(this, shown);
    const established = checkEstablished(obs.log, `the Observe-Composite of ${obs.label}`);
    requireCriterion(
      criterion,
      `2.05 Content with an Observe option and values of ${carriedPaths.join(', ')} only`,
      established.length ? established : checkCompositeContent(obs.log, carriedPaths, 'response'),
    );
  },
);

Then(
  '{criterion} the next composite notification of {observedPaths} arrives between pmin and pmax, carrying {observedPaths}',
  async function (this: ConformanceWorld, criterion: Criterion, shown: string[], present: string[]) {
    const ir = this.clientDut.reporting;
    const obs = observation(this, shown);
    const index = this.state.changedAt.get(key(shown));
    if (index === undefined) throw new Error(`step order: no Create or Delete ran during the observation of ${key(shown)}`);
    const absent = obs.paths.filter((p) => !present.includes(p));
    const expected = `the first composite notification after the change, between pmin and pmax, with values of ${present.join(', ')}${absent.length ? ` and none of ${absent.join(', ')}` : ''}`;
    const next = await ir.notificationAt(obs, index);
    if (!next) requireCriterion(criterion, expected, [`no composite notification within ${ir.dueWithinMs(obs)} ms after the change`]);
    const problems = [
      ...checkTiming(obs.log.slice(0, index + 1), obs.attributes, { until: next!.at, toleranceMs: ir.toleranceMs }),
      ...checkCompositeInstances(next!, obs.start, present, absent),
    ];
    ir.recordTimeline(obs, next!.at, problems);
    requireCriterion(criterion, expected, problems);
  },
);

Then(
  '{criterion} the composite notifications of {observedPaths} come at least every pmax after the Write-Attributes, carrying exactly these paths',
  function (this: ConformanceWorld, criterion: Criterion, shown: string[]) {
    const ir = this.clientDut.reporting;
    const obs = observation(this, shown);
    const problems = ir.judgeRegular(obs, this.state.need('watchedUntil'), this.state.need('judgedFrom'));
    requireCriterion(
      criterion,
      `a notification at least every pmax ${obs.attributes.pmax} s (within the tolerance) with values of ${obs.paths.join(', ')} only`,
      problems,
    );
  },
);

Then(
  '{criterion} the Send is SenML JSON or SenML CBOR and carries only objects the client registered',
  function (this: ConformanceWorld, criterion: Criterion) {
    const send = this.state.need('send');
    const objects = (send.registration ?? this.clientDut.registration.current)?.objects.objects.map((o) => o.objectId) ?? [];
    const { problems } = checkSend(
      { contentFormat: contentFormat(send.request.message), payload: send.request.message.payload },
      objects,
      this.registry,
    );
    requireCriterion(criterion, 'a Send in SenML JSON (110) or SenML CBOR (112) with values of registered objects only', problems);
  },
);

Then(
  '{criterion} the Send carries {observedPaths} with the values a Read gives',
  async function (this: ConformanceWorld, criterion: Criterion, shown: string[]) {
    const dut = this.clientDut;
    const send = this.state.need('send');
    const outcome = checkSend(
      { contentFormat: contentFormat(send.request.message), payload: send.request.message.payload },
      [1, 3],
      this.registry,
    );
    requireCriterion(
      criterion,
      `a valid Send with ${shown.join(', ')}`,
      outcome.problems.filter((p) => !p.includes('did not register')),
    );
    const expected: { path: string; value: string }[] = [];
    for (const s of shown) {
      const path = await dut.reporting.resolvePath(s);
      const [value] = (await dut.reporting.readValues(path)) ?? [];
      if (value !== undefined) expected.push({ path, value });
    }
    requireCriterion(criterion, `the Send's values of ${shown.join(', ')} equal to a Read`, checkSendValues(outcome.records, expected));
  },
);

Then('{criterion} after unmuting, a Send arrives', async function (this: ConformanceWorld, criterion: Criterion) {
  const ir = this.clientDut.reporting;
  const after = this.state.need('sendCursor');
  this.state.send = await awaitCriterion(
    criterion,
    'a Send (POST /dp) after Mute Send became false',
    this.clientDut.server.sends.waitFor((e) => e.at > 0, { after, timeoutMs: ir.sendTimeoutMs, what: 'Send (POST /dp)' }),
  );
});

Then('{criterion} while Mute Send was true, no Send arrived', function (this: ConformanceWorld, criterion: Criterion) {
  this.state.need('send'); // the positive control: the client can Send
  const muted = this.state.need('mutedSends');
  requireCriterion(
    criterion,
    'no Send while Mute Send (/1/x/23) was true',
    muted.length ? [`a Send arrived while Mute Send was true, ${muted.length} in all`] : [],
  );
});
