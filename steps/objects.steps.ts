/**
 * Steps of the core-object cases, DUT = LwM2M client: Connectivity Monitoring /4, Firmware Update
 * /5, Location /6, Connectivity Statistics /7 (ETS int-7xx, 8xx, 9xx). Operations are in
 * src/conformance/client-dut/{objects,firmware}.ts, judging rules in checks/{objects,firmware}.ts.
 */
import { Given, When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';
import { awaitCriterion, requireCode, requireCriterion } from '../src/conformance/criteria';
import { codeName, uriPath } from '../src/coap/message';
import { valueAt } from '../src/lwm2m/content';
import { LwM2MPath } from '../src/lwm2m/path';
import {
  checkInstanceAgainstDefinition,
  checkLocationTimestamps,
  checkObjectLinkListed,
  checkObjectDiscover,
  checkObjectSpecifics,
  checkObservedInstance,
  checkResourceValue,
  checkStateNotifiedDownloaded,
  checkStateResponse,
  checkStatisticsCoherent,
  checkValues,
} from '../src/conformance/checks/objects';
import type { Attributes } from '../src/conformance/checks/information-reporting';
import * as fw from '../src/conformance/checks/firmware';
import { firmwarePackage } from '../src/conformance/firmware-packages';
import type { FirmwarePackageKind } from '../src/conformance/dut-profile';
import type { Delivery } from '../src/conformance/client-dut/firmware';
import { isUpdate } from '../src/conformance/client-dut/registration';
import { missingFromRead } from '../src/conformance/configurations';
import { checkUpdateListsInstance } from '../src/conformance/checks/registration';
import { PreconditionFailure } from '../src/conformance/failures';

// ---- procedure: reads, writes, executes --------------------------------------------------------

When('{step} the Test Server reads the object instance {path}', async function (this: ConformanceWorld, step: ProcedureStep, path: string) {
  const read = await this.clientDut.objects.read(path);
  this.state.objectReads.set(step.number, read);
  this.state.answers.set(step.number, read.response);
});

When('{step} the Test Server executes {path}', async function (this: ConformanceWorld, step: ProcedureStep, path: string) {
  this.state.answers.set(step.number, await this.clientDut.dm.execute(path));
});

When('{step} the Test Server exchanges a few requests with the client', async function (this: ConformanceWorld, _step: ProcedureStep) {
  await this.clientDut.objects.exchangeSomeTraffic();
});

When(
  '{step} the Test Server writes a Collection Period other than the one read in step {int} to {path}',
  async function (this: ConformanceWorld, step: ProcedureStep, readStep: number, path: string) {
    const read = this.state.objectReads.get(readStep);
    const missing = read?.response.message.code === '2.05' ? missingFromRead(read.records ?? [], path, 'C.9') : undefined;
    if (missing) throw new PreconditionFailure('ETS configuration C.9 (a Collection Period to set)', missing);
    const old = valueAt(read?.records ?? [], path);
    this.state.writtenValue = typeof old === 'bigint' ? old + 60n : 60n;
    this.state.answers.set(step.number, await this.clientDut.objects.writeInteger(path, this.state.writtenValue));
  },
);

When(
  '{step} the Test Server writes the integer {int} to {path}',
  async function (this: ConformanceWorld, step: ProcedureStep, value: number, path: string) {
    this.state.answers.set(step.number, await this.clientDut.objects.writeInteger(path, BigInt(value)));
  },
);

When(
  '{step} the Test Server writes to {path} an integer other than the one it holds',
  async function (this: ConformanceWorld, step: ProcedureStep, path: string) {
    const objects = this.clientDut.objects;
    const held = valueAt((await objects.read(path)).records, path);
    const max = this.registry.get(LwM2MPath.parse(path).objectId!)?.resources.get(LwM2MPath.parse(path).resourceId!)?.range?.[0]?.max;
    const current = typeof held === 'bigint' ? held : 0n;
    this.state.writtenValue = max !== undefined && current + 1n > BigInt(max) ? current - 1n : current + 1n;
    this.state.answers.set(step.number, await objects.writeInteger(path, this.state.writtenValue));
  },
);

When(
  '{step} the Test Server writes the boolean {word} to {path}',
  async function (this: ConformanceWorld, step: ProcedureStep, value: string, path: string) {
    if (value !== 'true' && value !== 'false') throw new Error(`feature text: a boolean is true or false, not "${value}"`);
    this.state.answers.set(step.number, await this.clientDut.objects.writeBoolean(path, value === 'true'));
  },
);

When('{step} the Test Server writes new Data to {path}', async function (this: ConformanceWorld, step: ProcedureStep, path: string) {
  const data = (this.state.writtenData = Buffer.from(`lwm2m-conformance ${Date.now()}`));
  this.state.answers.set(step.number, await this.clientDut.objects.writeOpaqueList(path, [data]));
});

// ---- procedure: observation of object resources (Information Reporting engine) -----------------

When(
  '{step} the Test Server sets the attributes {attributes} on {path}',
  async function (this: ConformanceWorld, step: ProcedureStep, ets: Attributes, path: string) {
    this.state.answers.set(step.number, await this.clientDut.objects.setAttributes(path, ets));
  },
);

When('{step} the Test Server starts observing {path}', async function (this: ConformanceWorld, _step: ProcedureStep, path: string) {
  const outcome = await this.clientDut.objects.observe(path);
  if (outcome.observation) this.state.observations.set(path, outcome.observation);
  else this.state.observeProblems.set(path, outcome.problem);
});

When(
  '{step} the Test Server stops observing {path} \\(Observe=1)',
  async function (this: ConformanceWorld, _step: ProcedureStep, path: string) {
    const obs = this.state.observations.get(path);
    if (obs) await this.clientDut.reporting.cancelByObserve(obs); // else the Observe failed: its criterion says so
  },
);

When(
  '{step} the Test Server waits for a notification of {path} showing Downloaded',
  async function (this: ConformanceWorld, _step: ProcedureStep, path: string) {
    const obs = this.state.observations.get(path);
    if (!obs) return; // the Observe failed: its criterion says so
    const timers = this.profile.timers;
    await this.clientDut.objects.awaitNotification(obs, (r) => r[0]?.value === 2n, timers.firmwareMs + timers.notificationToleranceMs);
  },
);

// ---- procedure: firmware update ----------------------------------------------------------------

Given('the Test Server has read the Firmware Version of the client', async function (this: ConformanceWorld) {
  this.state.firmwareVersionBefore = await this.clientDut.firmware.firmwareVersion();
});

When(
  '{step} the Test Server resets the firmware update with an empty {firmwareResource}',
  async function (this: ConformanceWorld, step: ProcedureStep, resource: Delivery | 'declared') {
    const fwOps = this.clientDut.firmware;
    this.state.answers.set(step.number, await fwOps.reset(fwOps.delivery(resource)));
  },
);

When(
  '{step} the Test Server delivers {package} through {firmwareResource}',
  async function (this: ConformanceWorld, step: ProcedureStep, kind: FirmwarePackageKind, resource: Delivery | 'declared') {
    const fwOps = this.clientDut.firmware;
    const pkg = (this.state.firmwarePackage = firmwarePackage(this.profile, kind));
    const res = fwOps.delivery(resource) === 'push' ? await fwOps.writePackage(pkg.bytes) : await fwOps.writeUri(await fwOps.offer(pkg));
    this.state.answers.set(step.number, res);
  },
);

When(
  '{step} the Test Server delivers a valid package through Package URI and cuts the download off halfway',
  async function (this: ConformanceWorld, step: ProcedureStep) {
    const fwOps = this.clientDut.firmware;
    const pkg = (this.state.firmwarePackage = firmwarePackage(this.profile, 'valid'));
    this.state.answers.set(step.number, await fwOps.writeUri(await fwOps.offer(pkg, { cutOff: true })));
  },
);

When('{step} the Test Server writes a Package URI that names nothing', async function (this: ConformanceWorld, step: ProcedureStep) {
  const fwOps = this.clientDut.firmware;
  this.state.answers.set(step.number, await fwOps.writeUri(await fwOps.missingUri()));
});

When(
  '{step} the Test Server reads State and Update Result until the download ends',
  async function (this: ConformanceWorld, step: ProcedureStep) {
    const followed = await this.clientDut.firmware.follow((s) => s.state === 2 || s.result !== 0);
    this.state.firmwareSeen.set(step.number, followed.seen);
  },
);

When(
  '{step} the Test Server reads State and Update Result until the update ends',
  async function (this: ConformanceWorld, step: ProcedureStep) {
    const followed = await this.clientDut.firmware.follow((s) => s.state === 0 || s.result !== 0, true);
    this.state.firmwareSeen.set(step.number, followed.seen);
  },
);

When('{step} the Test Server reads State and Update Result', async function (this: ConformanceWorld, step: ProcedureStep) {
  this.state.firmwareSeen.set(step.number, [await this.clientDut.firmware.status()]);
});

When('{step} the Test Server reads the Firmware Version', async function (this: ConformanceWorld, _step: ProcedureStep) {
  this.state.firmwareVersionAfter = await this.clientDut.firmware.firmwareVersion();
});

// ---- pass criteria ---------------------------------------------------------------------------

function answerOf(world: ConformanceWorld, step: number) {
  const res = world.state.answers.get(step);
  if (!res) throw new Error(`step order: step ${step} sent no request`);
  return res;
}

function readOf(world: ConformanceWorld, step: number) {
  const read = world.state.objectReads.get(step);
  if (!read) throw new Error(`step order: step ${step} read no object instance`);
  return read;
}

function seenIn(world: ConformanceWorld, step: number): fw.FirmwareStatus[] {
  const seen = world.state.firmwareSeen.get(step);
  if (!seen) throw new Error(`step order: step ${step} read no State`);
  return seen;
}

/** State and Update Result from a read of /5/0 (NaN when absent: the checks then name it). */
function statusOf(world: ConformanceWorld, step: number): fw.FirmwareStatus {
  const records = readOf(world, step).records;
  const n = (p: string) => Number(valueAt(records, p) ?? NaN);
  return { state: n('/5/0/3'), result: n('/5/0/5'), at: 0 };
}

Then(
  '{criterion} the client answers the request of step {int} {string}',
  function (this: ConformanceWorld, criterion: Criterion, step: number, code: string) {
    const res = answerOf(this, step);
    requireCode(criterion, code.split(' ')[0], res.message.code, `the request of step ${step}`);
  },
);

Then(
  '{criterion} the client takes the package of step {int}: "2.31 Continue" to each block before the last, "2.04 Changed" at the end',
  function (this: ConformanceWorld, criterion: Criterion, step: number) {
    const res = answerOf(this, step);
    const early = (res.parts ?? []).slice(0, -1).filter((p) => p.message.code !== '2.31');
    const problems = early.map((p) => `a block before the last was answered ${codeName(p.message.code)}, not 2.31 Continue`);
    if (res.message.code !== '2.04') problems.push(`the delivery was answered ${codeName(res.message.code)}, not 2.04 Changed`);
    requireCriterion(criterion, '2.31 Continue to each block before the last, 2.04 Changed at the end', problems);
  },
);

Then(
  '{criterion} the client answers the Read of step {int} "2.05 Content" in a format it announces',
  function (this: ConformanceWorld, criterion: Criterion, step: number) {
    requireCriterion(criterion, '2.05 Content, decodable in its Content-Format', readOf(this, step).problems);
  },
);

Then(
  '{criterion} the answer of step {int} holds every mandatory readable resource of the object, each of its defined type with an admissible value',
  function (this: ConformanceWorld, criterion: Criterion, step: number) {
    const read = readOf(this, step);
    const path = LwM2MPath.parse(uriPath(read.response.request));
    requireCriterion(
      criterion,
      'the mandatory readable resources, each of its defined type and range',
      checkInstanceAgainstDefinition(read.records, path.objectId!, path.instanceId!, this.registry),
    );
  },
);

Then(
  '{criterion} the answer of step {int} holds {paths} and every mandatory readable resource, each of its defined type with an admissible value',
  function (this: ConformanceWorld, criterion: Criterion, step: number, paths: string[]) {
    const read = readOf(this, step);
    const path = LwM2MPath.parse(uriPath(read.response.request));
    const extra = paths.map((p) => LwM2MPath.parse(p).resourceId!);
    requireCriterion(
      criterion,
      `${paths.join(', ')} and the mandatory readable resources, each admissible`,
      checkInstanceAgainstDefinition(read.records, path.objectId!, path.instanceId!, this.registry, extra),
    );
  },
);

Then(
  '{criterion} the statistics read in step {int} are admissible and coherent',
  function (this: ConformanceWorld, criterion: Criterion, step: number) {
    const records = readOf(this, step).records;
    requireCriterion(criterion, 'admissible, coherent statistics', [
      ...checkInstanceAgainstDefinition(records, 7, 0, this.registry),
      ...checkStatisticsCoherent(records),
    ]);
  },
);

Then(
  '{criterion} the answer of step {int} holds the Collection Period written in step {int}',
  function (this: ConformanceWorld, criterion: Criterion, step: number, _written: number) {
    const records = readOf(this, step).records;
    requireCriterion(criterion, 'the written Collection Period', [
      ...readOf(this, step).problems,
      ...checkResourceValue(records, '/7/0/8', 'Collection Period', this.state.need('writtenValue')),
    ]);
  },
);

Then(
  '{criterion} the answer of step {int} shows State Idle \\(0) and Update Result 0',
  function (this: ConformanceWorld, criterion: Criterion, step: number) {
    requireCriterion(criterion, 'State 0 (Idle) and Update Result 0', [
      ...readOf(this, step).problems,
      ...fw.checkIdle(statusOf(this, step)),
    ]);
  },
);

Then(
  '{criterion} the answer of step {int} shows a State other than Downloaded and a defined Update Result',
  function (this: ConformanceWorld, criterion: Criterion, step: number) {
    requireCriterion(criterion, '2.05 Content, State not 2, Update Result 0..9', [
      ...readOf(this, step).problems,
      ...fw.checkNotDownloaded(statusOf(this, step)),
    ]);
  },
);

Then(
  '{criterion} State and Update Result read in step {int} are those of step {int}',
  function (this: ConformanceWorld, criterion: Criterion, step: number, before: number) {
    const after = seenIn(this, step)[0];
    requireCriterion(criterion, 'State and Update Result unchanged', fw.checkUnchanged(statusOf(this, before), after));
  },
);

Then(
  '{criterion} State and Update Result of step {int} move as the TS allows and reach Downloaded with Update Result 0',
  function (this: ConformanceWorld, criterion: Criterion, step: number) {
    const problems = fw.checkDownloaded(seenIn(this, step));
    const pull = this.state.answers.get(step - 1)?.request && uriPath(this.state.answers.get(step - 1)!.request) === '/5/0/1';
    if (pull && this.clientDut.firmware.fetches.length === 0) problems.push('the download server handed out no package');
    requireCriterion(criterion, 'allowed moves to Downloaded (2), Update Result 0', problems);
  },
);

Then(
  '{criterion} State and Update Result of step {int} move as the TS allows and never reach Downloaded',
  function (this: ConformanceWorld, criterion: Criterion, step: number) {
    requireCriterion(criterion, 'allowed moves, never Downloaded (2)', fw.checkDeliveryFailed(seenIn(this, step)));
  },
);

Then(
  '{criterion} during step {int} the client shows only Updating and Idle, with Update Result 0 or 1',
  function (this: ConformanceWorld, criterion: Criterion, step: number) {
    requireCriterion(criterion, 'Updating (3) then Idle (0), Update Result 0 or 1', fw.checkUpdating(seenIn(this, step)));
  },
);

Then(
  '{criterion} the client ends step {int} in State {states} with Update Result {int}',
  function (this: ConformanceWorld, criterion: Criterion, step: number, states: number[], result: number) {
    requireCriterion(criterion, `State ${states.join(' or ')}, Update Result ${result}`, fw.checkEnd(seenIn(this, step), states, result));
  },
);

Then("{criterion} the Firmware Version is the new package's version", function (this: ConformanceWorld, criterion: Criterion) {
  requireCriterion(
    criterion,
    'the new Firmware Version',
    fw.checkNewVersion(
      this.state.need('firmwareVersionBefore'),
      this.state.need('firmwareVersionAfter'),
      this.state.firmwarePackage?.version,
    ),
  );
});

Then('{criterion} the Firmware Version is unchanged', function (this: ConformanceWorld, criterion: Criterion) {
  requireCriterion(
    criterion,
    'the old Firmware Version',
    fw.checkSameVersion(this.state.need('firmwareVersionBefore'), this.state.need('firmwareVersionAfter')),
  );
});

// ---- pass criteria: observation of object resources --------------------------------------------

/** The observation a step started, or the criterion fails with why the Observe did not establish one. */
function observed(world: ConformanceWorld, criterion: Criterion, path: string, expected: string) {
  const obs = world.state.observations.get(path);
  if (obs) return obs;
  const problem = world.state.observeProblems.get(path);
  if (problem === undefined) throw new Error(`step order: ${path} is not observed by an earlier step of this case`);
  requireCriterion(criterion, expected, [`the Observe of ${path}: ${problem}`]);
  throw new Error('unreachable');
}

Then(
  '{criterion} the Observe of {path} is answered "2.05 Content" with values the object definition admits',
  function (this: ConformanceWorld, criterion: Criterion, path: string) {
    const expected = '2.05 Content with an Observe option and values the object definition admits';
    const obs = observed(this, criterion, path, expected);
    const p = LwM2MPath.parse(path);
    requireCriterion(
      criterion,
      expected,
      checkObservedInstance(obs.log, p.objectId!, p.instanceId!, this.registry, 'response', p.resourceId),
    );
  },
);

Then(
  '{criterion} the notifications of {path} come as its attributes require, each with values the object definition admits',
  function (this: ConformanceWorld, criterion: Criterion, path: string) {
    const expected = 'notifications within pmin/pmax (and the tolerance), each 2.05 with admissible values of the instance';
    const obs = observed(this, criterion, path, expected);
    const p = LwM2MPath.parse(path);
    const ir = this.clientDut.reporting;
    requireCriterion(criterion, expected, [
      ...ir.judgeRegular(obs, this.state.need('watchedUntil')),
      ...checkObservedInstance(obs.log, p.objectId!, p.instanceId!, this.registry, 'notifications', p.resourceId),
      ...checkObjectSpecifics(obs.log.slice(1), p.objectId!),
    ]);
  },
);

Then(
  '{criterion} the Observe of {path} is answered "2.05 Content" with State Idle \\(0)',
  function (this: ConformanceWorld, criterion: Criterion, path: string) {
    const expected = '2.05 Content with an Observe option, State Idle (0)';
    requireCriterion(criterion, expected, checkStateResponse(observed(this, criterion, path, expected).log));
  },
);

Then(
  '{criterion} a notification of {path} shows Downloaded \\(2), after only moves the TS allows',
  function (this: ConformanceWorld, criterion: Criterion, path: string) {
    const expected = 'a notification of State Downloaded (2) after the delivery, with allowed moves only';
    requireCriterion(criterion, expected, checkStateNotifiedDownloaded(observed(this, criterion, path, expected).log));
  },
);

Then(
  '{criterion} the Timestamp in every message of the observation of {path} is admissible',
  function (this: ConformanceWorld, criterion: Criterion, path: string) {
    const expected = 'Timestamps (/6/0/5) no later than their message and never going back';
    requireCriterion(
      criterion,
      expected,
      checkLocationTimestamps(observed(this, criterion, path, expected).log, this.clientDut.reporting.toleranceMs),
    );
  },
);

// ---- pass criteria: Discover, written values -----------------------------------------------------

Then(
  '{criterion} the Discover shows the object at the version of its definition, with {observedPaths}',
  function (this: ConformanceWorld, criterion: Criterion, paths: string[]) {
    const [path, res] = this.state.need('discovery');
    const objectId = LwM2MPath.parse(path).objectId!;
    const version = this.registry.get(objectId)?.version ?? '1.0';
    requireCriterion(
      criterion,
      `2.05 Content in link-format with </${objectId}>${version === '1.0' ? '' : `;ver=${version}`} and ${paths.join(', ')}`,
      checkObjectDiscover(res.message.code, res.message.payload, objectId, version, paths),
    );
  },
);

Then(
  '{criterion} the Discover shows the object with {observedPaths}',
  function (this: ConformanceWorld, criterion: Criterion, paths: string[]) {
    const [path, res] = this.state.need('discovery');
    const objectId = LwM2MPath.parse(path).objectId!;
    requireCriterion(
      criterion,
      `2.05 Content in link-format with </${objectId}> and ${paths.join(', ')}`,
      checkObjectDiscover(res.message.code, res.message.payload, objectId, undefined, paths),
    );
  },
);

Then(
  '{criterion} the client answers the Read of step {int} "2.05 Content" with a value the object definition admits',
  function (this: ConformanceWorld, criterion: Criterion, step: number) {
    const read = readOf(this, step);
    requireCriterion(criterion, '2.05 Content, decodable, within the defined range', [
      ...read.problems,
      ...checkValues(read.records, this.registry),
    ]);
  },
);

Then(
  '{criterion} the answer of step {int} holds the integer written in step {int}',
  function (this: ConformanceWorld, criterion: Criterion, step: number, _written: number) {
    const read = readOf(this, step);
    const path = uriPath(read.response.request);
    const name = this.registry.get(LwM2MPath.parse(path).objectId!)?.resources.get(LwM2MPath.parse(path).resourceId!)?.name ?? path;
    requireCriterion(criterion, 'the written value', [
      ...read.problems,
      ...checkResourceValue(read.records, path, name, this.state.need('writtenValue')),
    ]);
  },
);

Then(
  '{criterion} the answer of step {int} holds the Data written in step {int}',
  function (this: ConformanceWorld, criterion: Criterion, step: number, _written: number) {
    const read = readOf(this, step);
    const written = this.state.need('writtenData');
    const got = read.records.map((r) => r.value);
    const same = got.length === 1 && Buffer.isBuffer(got[0]) && got[0].equals(written);
    requireCriterion(criterion, `the written Data (one instance of ${written.length} bytes)`, [
      ...read.problems,
      ...(same || read.problems.length
        ? []
        : [
            `the Data read is ${got.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : String(v))).join(', ') || 'empty'}, not the written ${written.toString('hex')}`,
          ]),
    ]);
  },
);

// ---- pass criteria: APN profiles (CONMGMT-int-1250) ----------------------------------------------

Then(
  '{criterion} the client promptly sends an Update whose object list holds {path}, and receives "2.04 Changed"',
  async function (this: ConformanceWorld, criterion: Criterion, path: string) {
    const ops = this.clientDut.registration;
    const promptMs = ops.promptMs(ops.current?.lifetime ?? this.profile.timers.lifetime);
    const event = await awaitCriterion(
      criterion,
      `an Update within ${promptMs} ms of the trigger`,
      ops.nextEvent(['update', 'register', 'deregister', 'rejected'], this.state.eventsFrom, promptMs, 'Update'),
    );
    if (!isUpdate(event)) requireCriterion(criterion, 'an Update', [`the client sent a ${event.kind} instead`]);
    const p = LwM2MPath.parse(path);
    requireCriterion(
      criterion,
      `an Update since the Create whose object list holds <${path}>`,
      checkUpdateListsInstance(ops.updatesBetween(this.state.need('createdFrom'), event), p.objectId!, p.instanceId!),
    );
    requireCode(criterion, '2.04', event.responseCode!, 'the Update');
  },
);

Then(
  '{criterion} the answer of step {int} holds an object link to {path}',
  function (this: ConformanceWorld, criterion: Criterion, step: number, target: string) {
    const read = readOf(this, step);
    const path = uriPath(read.response.request);
    const p = LwM2MPath.parse(path);
    const t = LwM2MPath.parse(target);
    const name = this.registry.get(p.objectId!)?.resources.get(p.resourceId!)?.name ?? path;
    requireCriterion(criterion, `2.05 Content, ${path} holding the object link ${t.objectId}:${t.instanceId}`, [
      ...read.problems,
      ...(read.problems.length
        ? []
        : checkObjectLinkListed(read.records, path, name, { objectId: t.objectId!, instanceId: t.instanceId! })),
    ]);
  },
);
