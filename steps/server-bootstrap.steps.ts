/** Steps of the Bootstrap-Server cases (@dut-bootstrap-server): the harness plays a client that bootstraps. Thin: logic is in src/conformance/server-dut/bootstrap.ts. */
import { Given, When, Then } from '@cucumber/cucumber';
import { SESSION_FACTORIES, type ConformanceWorld } from './support/world';
import { ServerDutSession } from '../src/conformance/server-dut/session';
import { isBootstrapScript } from '../src/peers/reference-server/bootstrap-server';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';

SESSION_FACTORIES['bootstrap-server'] = (ctx) => new ServerDutSession(ctx.profile, ctx.trace, ctx.operator, ctx.registry);

function bootstrap(w: ConformanceWorld) {
  const s = w.session;
  if (!(s instanceof ServerDutSession) || s.role !== 'bootstrap-server')
    throw new Error(`a Bootstrap-Server step in a ${s.role}-DUT case (check the feature's @dut-… tag)`);
  return s.bootstrap;
}

Given('the bootstrap server under test is running', async function (this: ConformanceWorld) {
  const s = this.session as ServerDutSession;
  await s.switchOn();
});

When(
  '{step} the Test Client sends a Bootstrap-Request for the endpoint of the {string} script',
  async function (this: ConformanceWorld, _s: ProcedureStep, script: string) {
    if (!isBootstrapScript(script)) throw new Error(`unknown bootstrap script "${script}"`);
    await bootstrap(this).requestBootstrap(script);
  },
);

for (const what of [
  'the Security and Server accounts',
  'the Security and Server accounts and an Access Control instance',
  'the accounts again',
])
  When(`{step} the bootstrap server writes ${what}`, async function (this: ConformanceWorld, _s: ProcedureStep) {
    await bootstrap(this).takePhase('writes', 'Bootstrap-Write');
  });

When('{step} the bootstrap server sends Bootstrap-Deletes', async function (this: ConformanceWorld, _s: ProcedureStep) {
  await bootstrap(this).takePhase('deletes', 'Bootstrap-Delete');
});

When('{step} the bootstrap server sends its next request', async function (this: ConformanceWorld, _s: ProcedureStep) {
  await bootstrap(this).takeNext(1, 'a request');
});

When('{step} the bootstrap server sends its next two requests', async function (this: ConformanceWorld, _s: ProcedureStep) {
  await bootstrap(this).takeNext(2, 'two requests');
});

When(
  '{step} the bootstrap server sends its next two requests other than Bootstrap-Discover',
  async function (this: ConformanceWorld, _s: ProcedureStep) {
    await bootstrap(this).takeNext(2, 'two requests', ['discover']);
  },
);

Then(
  '{criterion} the bootstrap server answers the Bootstrap-Request {string}',
  function (this: ConformanceWorld, c: Criterion, _code: string) {
    bootstrap(this).checkRequestAnswered(c.label);
  },
);

Then(
  '{criterion} each Bootstrap-Write is a PUT in a format the Test Client takes, with a payload that decodes',
  function (this: ConformanceWorld, c: Criterion) {
    bootstrap(this).checkWrites(c.label);
  },
);

Then(
  '{criterion} the Bootstrap-Request is answered {string} and each Bootstrap-Write is a PUT in a format the Test Client takes, with a payload that decodes',
  function (this: ConformanceWorld, c: Criterion, _code: string) {
    const b = bootstrap(this);
    b.checkRequestAnswered(c.label);
    b.checkWrites(c.label);
  },
);

Then(
  '{criterion} the writes leave a Security instance for an LwM2M server whose Short Server ID matches a Server instance, and the Bootstrap-Server account',
  function (this: ConformanceWorld, c: Criterion) {
    bootstrap(this).checkConfiguration(c.label);
  },
);

Then('{criterion} it is a Bootstrap-Discover', function (this: ConformanceWorld, c: Criterion) {
  bootstrap(this).checkDiscover(c.label, 0);
});

Then('{criterion} the {word} is a Bootstrap-Read of {path}', function (this: ConformanceWorld, c: Criterion, nth: string, path: string) {
  bootstrap(this).checkRead(c.label, nth === 'first' ? 0 : 1, objectOf(path));
});

/** The object a Bootstrap-Read may target: the Server (/1) or Access Control (/2) object. */
function objectOf(path: string): 1 | 2 {
  if (path !== '/1' && path !== '/2') throw new Error(`a Bootstrap-Read targets /1 or /2, not ${path}`);
  return path === '/1' ? 1 : 2;
}

Then('{criterion} they are a Bootstrap-Discover and a Bootstrap-Read of \\/1', function (this: ConformanceWorld, c: Criterion) {
  const b = bootstrap(this);
  b.checkDiscover(c.label, 0);
  b.checkRead(c.label, 1, 1);
});

Then(
  '{criterion} they are a Bootstrap-Discover and a Bootstrap-Read of \\/1 again, after the Bootstrap-Deletes',
  function (this: ConformanceWorld, c: Criterion) {
    const b = bootstrap(this);
    b.checkDiscover(c.label, 0, 'a Bootstrap-Discover after the Bootstrap-Deletes (GET with Accept 40, link-format)');
    b.checkRead(c.label, 1, 1);
  },
);

Then(
  '{criterion} they delete \\/0 and \\/1, each a DELETE of "\\/", an object or an instance',
  function (this: ConformanceWorld, c: Criterion) {
    bootstrap(this).checkDeletes(c.label);
  },
);

Then('{criterion} the Bootstrap-Server account of the Test Client is left in place', function (this: ConformanceWorld, c: Criterion) {
  bootstrap(this).checkBootstrapAccountKept(c.label);
});

Then('{criterion} it is a Bootstrap-Finish', function (this: ConformanceWorld, c: Criterion) {
  bootstrap(this).checkFinish(c.label);
});

Then(
  '{criterion} the writes are well formed and leave a consistent configuration, and the request after them is a Bootstrap-Finish',
  function (this: ConformanceWorld, c: Criterion) {
    const b = bootstrap(this);
    b.checkWrites(c.label);
    b.checkConfiguration(c.label);
    b.checkFinish(c.label);
  },
);
