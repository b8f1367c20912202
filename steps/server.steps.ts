/** Steps of the server-side cases (@dut-server): the harness plays a Test Client. Thin: logic is in src/conformance/server-dut. */
import { Given, When, Then } from '@cucumber/cucumber';
import { SESSION_FACTORIES, type ConformanceWorld } from './support/world';
import { ServerDutSession } from '../src/conformance/server-dut/session';
import type { ServerRead } from '../src/conformance/server-dut/device-management';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';
import { formatByName } from '../src/lwm2m/format-names';

SESSION_FACTORIES.server = (ctx) => new ServerDutSession(ctx.profile, ctx.trace, ctx.operator, ctx.registry);

function server(w: ConformanceWorld): ServerDutSession {
  const s = w.session;
  if (!(s instanceof ServerDutSession)) throw new Error(`a server-DUT step in a ${s.role}-DUT case (check the feature's @dut-… tag)`);
  return s;
}

const reads = new WeakMap<ConformanceWorld, ServerRead[]>();

// ---- preconditions --------------------------------------------------------------------------

Given('the server under test is running', async function (this: ConformanceWorld) {
  await server(this).switchOn();
});

Given('the Test Client has registered with the server under test', async function (this: ConformanceWorld) {
  await server(this).registration.ensureRegistered();
});

Given('the Test Client has registered with the server under test with the short lifetime', async function (this: ConformanceWorld) {
  await server(this).registration.ensureRegistered((this.state.lifetime = this.profile.timers.shortLifetime));
});

Given('the Test Client answers reads without an Accept in format {word}', function (this: ConformanceWorld, format: string) {
  const n = formatByName(format);
  if (n === undefined) throw new Error(`unknown format "${format}"`);
  server(this).client.answerReadsIn(n);
});

// ---- registration ---------------------------------------------------------------------------

When(
  '{step} the Test Client sends a Register request with its endpoint name, lifetime, LwM2M version, binding and object list',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    this.state.response = await server(this).registration.register();
  },
);

When('{step} the Test Client sends an Update with the short lifetime', async function (this: ConformanceWorld, _step: ProcedureStep) {
  this.state.lifetime = this.profile.timers.shortLifetime;
  this.state.response = await server(this).registration.update({ lifetime: this.state.lifetime });
});

When(
  '{step} the Test Client sends an Update without parameters halfway through the lifetime',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    const s = server(this);
    await s.registration.halfwayThroughLifetime(this.state.need('lifetime'));
    this.state.response = await s.registration.update();
  },
);

When('{step} the Test Client sends an Update to its old registration', async function (this: ConformanceWorld, _step: ProcedureStep) {
  const r = server(this).registration;
  this.state.response = await r.update({}, r.endedRegistration);
});

When('{step} the Test Client sends a De-register request', async function (this: ConformanceWorld, _step: ProcedureStep) {
  this.state.response = await server(this).registration.deregister();
});

When('{step} the short lifetime passes without an Update', async function (this: ConformanceWorld, _step: ProcedureStep) {
  await server(this).registration.outliveLifetime(this.state.lifetime ?? this.profile.timers.shortLifetime);
});

Then(
  '{criterion} the server answers {string} with a Location-Path naming the registration',
  function (this: ConformanceWorld, c: Criterion, _code: string) {
    server(this).registration.checkCreated(c.label, this.state.need('response'));
  },
);

Then('{criterion} the server answers {string}', function (this: ConformanceWorld, c: Criterion, code: string) {
  server(this).registration.checkCode(c.label, this.state.need('response'), code.split(' ')[0], "the Test Client's request");
});

Then('{criterion} the server has removed the registration', async function (this: ConformanceWorld, c: Criterion) {
  await server(this).registration.checkRemoved(c.label, 'its lifetime passed or it was de-registered');
});

Then('{criterion} past the first lifetime the server still holds the registration', async function (this: ConformanceWorld, c: Criterion) {
  const r = server(this).registration;
  await r.pastFirstLifetime(this.state.need('lifetime'), r.registeredAt);
  r.checkCode(c.label, await r.update(), '2.04', 'an Update after the first lifetime (the earlier Update renewed it)');
});

Then(
  '{criterion} asked to read {path} of the Test Client by its endpoint name, the server sends the Read to the Test Client',
  async function (this: ConformanceWorld, c: Criterion, path: string) {
    await server(this).dm.readAsCriterion(c.label, path);
  },
);

// ---- device management ----------------------------------------------------------------------

When(
  '{step} the server is asked to read {paths} in format {word}',
  async function (this: ConformanceWorld, _s: ProcedureStep, paths: string[], format: string) {
    const dm = server(this).dm;
    const done: ServerRead[] = [];
    for (const p of paths) done.push(await dm.read(p, format));
    reads.set(this, done);
  },
);

When(
  '{step} the server is asked to read {path} in format {word}',
  async function (this: ConformanceWorld, _s: ProcedureStep, path: string, format: string) {
    reads.set(this, [await server(this).dm.read(path, format)]);
  },
);

When(
  '{step} the server is asked to read {path} without a format',
  async function (this: ConformanceWorld, _s: ProcedureStep, path: string) {
    reads.set(this, [await server(this).dm.read(path)]);
  },
);

Then(
  '{criterion} each Read the server sends is a GET on its path with the Accept of that format',
  function (this: ConformanceWorld, c: Criterion) {
    for (const r of needReads(this)) server(this).dm.checkReadRequest(c.label, r);
  },
);

Then(
  '{criterion} the Read the server sends is a plain GET on its path, with no Accept or the Accept of a LwM2M data format',
  function (this: ConformanceWorld, c: Criterion) {
    for (const r of needReads(this)) server(this).dm.checkPlainRead(c.label, r);
  },
);

Then(
  '{criterion} the Read the server sends is a GET on its path without an Accept option',
  function (this: ConformanceWorld, c: Criterion) {
    for (const r of needReads(this)) server(this).dm.checkReadRequest(c.label, r);
  },
);

Then('{criterion} the server reports the values the Test Client answered', function (this: ConformanceWorld, c: Criterion) {
  for (const r of needReads(this)) server(this).dm.checkReportedValue(c.label, r);
});

function needReads(w: ConformanceWorld): ServerRead[] {
  const r = reads.get(w);
  if (!r) throw new Error('step order: no Read was asked of the server earlier in this case');
  return r;
}
