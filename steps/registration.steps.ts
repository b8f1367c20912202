/** Steps of the Registration interface cases (ETS int-101 … int-107), DUT = LwM2M client. */
import { Given, When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { ProcedureStep, Criterion } from '../src/conformance/procedure';
import { codeName, Method } from '../src/coap/message';
import type { IncomingResponse } from '../src/coap/endpoint';
import {
  checkRegister,
  checkParameterlessUpdate,
  checkLifetimeUpdate,
  checkTookRegistration,
  checkStillRegistered,
} from '../src/conformance/checks/registration';
import { awaitCriterion, requireCode, requireCriterion } from '../src/conformance/criteria';
import { describeWaitFailure } from '../src/conformance/client-dut/session';
import { DutFailure, PreconditionFailure } from '../src/conformance/failures';
import { requireConfiguration } from '../src/conformance/client-dut/configuration';

const LIFETIMES = {
  'the short lifetime': (w: ConformanceWorld) => w.profile.timers.shortLifetime,
  'the first extended lifetime': (w: ConformanceWorld) => w.profile.timers.extendedLifetime[0],
  'the second extended lifetime': (w: ConformanceWorld) => w.profile.timers.extendedLifetime[1],
} as const;
type LifetimeName = keyof typeof LIFETIMES;
const lifetimeNamed = (w: ConformanceWorld, name: string) => LIFETIMES[name as LifetimeName](w);

// ---- preconditions --------------------------------------------------------------------------

Given('the client is switched on with the Test Server as its only LwM2M Server', async function (this: ConformanceWorld) {
  await this.clientDut.switchOn();
});

Given('the client is switched on with {lifetime} as its registration lifetime', async function (this: ConformanceWorld, name: string) {
  await this.clientDut.switchOn(lifetimeNamed(this, name));
});

Given('the client has registered at the Test Server', async function (this: ConformanceWorld) {
  await this.clientDut.registration.ensureRegistered();
});

Given('the client has registered with {lifetime}', async function (this: ConformanceWorld, name: string) {
  const reg = await this.clientDut.registration.ensureRegistered();
  const wanted = lifetimeNamed(this, name);
  if (reg.lifetime !== wanted)
    throw new PreconditionFailure(`a registration with lifetime ${wanted} s`, `the client registered with lt=${reg.lifetime}`);
});

Given('the registration lifetime is {lifetime}', async function (this: ConformanceWorld, name: string) {
  this.state.lifetime = lifetimeNamed(this, name);
  await this.clientDut.registration.establishLifetime(this.state.lifetime);
});

// ---- procedure ------------------------------------------------------------------------------

When('{step} the client sends a Register request to the Test Server', async function (this: ConformanceWorld, step: ProcedureStep) {
  const dut = this.clientDut;
  try {
    this.state.register = await dut.registration.nextRegister(0);
  } catch (e) {
    throw new DutFailure(step.label, 'a Register request (CoAP POST /rd)', describeWaitFailure(e, dut.dut) + dut.unusableSince());
  }
});

When(
  '{step} the Test Server writes {lifetime} to the Lifetime resource of its Server instance',
  async function (this: ConformanceWorld, _step: ProcedureStep, name: string) {
    this.state.eventsFrom = this.clientDut.registration.cursor();
    this.state.lifetime = lifetimeNamed(this, name);
    this.state.response = await this.clientDut.registration.writeLifetime(this.state.lifetime);
  },
);

When(
  '{step} the Test Server executes {serverResource} on its Server instance',
  async function (this: ConformanceWorld, _step, resource: number) {
    this.state.eventsFrom = this.clientDut.registration.cursor();
    this.state.response = await this.clientDut.registration.executeServerResource(resource);
  },
);

When('{step} the Test Server discards the registration of the client', function (this: ConformanceWorld, _step: ProcedureStep) {
  this.state.eventsFrom = this.clientDut.registration.cursor();
  this.clientDut.registration.discard();
});

// ---- pass criteria --------------------------------------------------------------------------

Then('{criterion} the client answers {string}', function (this: ConformanceWorld, criterion: Criterion, code: string) {
  const res = this.state.need('response');
  requireCode(criterion, code.split(' ')[0], res.message.code, describeRequest(res));
});

Then(
  '{criterion} the Register request carries the endpoint name, lifetime, LwM2M version, binding and object list as the specification requires',
  function (this: ConformanceWorld, criterion: Criterion) {
    const dut = this.clientDut;
    requireCriterion(
      criterion,
      `a Register with ep="${dut.endpointName}", a valid lt, lwm2m="${this.profile.lwm2mVersion}", a valid binding and a link-format object list`,
      checkRegister(this.state.need('register'), { endpoint: dut.endpointName, lwm2mVersion: this.profile.lwm2mVersion }),
    );
  },
);

Then(
  '{criterion} the client receives "2.01 Created" with the location of its registration, and takes it',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const register = this.state.need('register');
    requireCode(criterion, '2.01', register.responseCode ?? '(none)', 'the Register');
    // The DUT's part: having the 2.01, it neither repeats that Register nor registers again.
    const dut = this.clientDut;
    const again = await dut.server.events
      .waitFor((e) => e.kind === 'register' || e.kind === 'rejected', {
        after: dut.server.events.all().indexOf(register) + 1,
        timeoutMs: this.profile.timers.quietWindowMs,
        what: 'Register',
      })
      .catch(() => undefined);
    requireCriterion(
      criterion,
      'the client to take the 2.01 Created (no further Register)',
      checkTookRegistration(register, again, dut.server.endpoint.inbox.all()),
    );
  },
);

Then(
  '{criterion} the client sends an Update whose "lt" parameter is the new lifetime, and receives "2.04 Changed"',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const lt = this.state.need('lifetime');
    const ops = this.clientDut.registration;
    const event = await awaitCriterion(
      criterion,
      `an Update with lt=${lt}`,
      ops.nextEvent(['update'], this.state.eventsFrom, ops.promptMs(lt), 'Update'),
    );
    requireCriterion(criterion, `an Update with lt=${lt}`, checkLifetimeUpdate(event, lt));
    requireCode(criterion, '2.04', event.responseCode!, 'the Update');
  },
);

Then(
  '{criterion} before the new lifetime runs out, the client sends an Update without parameters, or its registration expires',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const lt = this.state.need('lifetime');
    const ops = this.clientDut.registration;
    // The Update after the one announcing the new lifetime (criteria B, C).
    const announced = await awaitCriterion(
      criterion,
      'the Update announcing the new lifetime',
      ops.nextEvent(['update'], this.state.eventsFrom, ops.promptMs(lt), 'Update'),
    );
    const from = this.clientDut.server.events.all().indexOf(announced) + 1;
    const event = await awaitCriterion(
      criterion,
      'an Update or the expiry of the registration',
      ops.nextEvent(['update', 'expired', 'register', 'deregister'], from, ops.expiryDeadlineMs(lt), 'Update or expiry'),
    );
    if (event.kind === 'expired') return this.log('the registration expired (allowed by the ETS criterion)');
    if (event.kind !== 'update')
      requireCriterion(criterion, 'an Update without parameters or the expiry of the registration', [
        `the client sent a ${event.kind} instead`,
      ]);
    requireCriterion(criterion, 'an Update without parameters', checkParameterlessUpdate(event));
  },
);

Then(
  '{criterion} the client promptly sends an Update without parameters, and receives "2.04 Changed"',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const ops = this.clientDut.registration;
    const promptMs = ops.promptMs(this.state.need('lifetime'));
    const event = await awaitCriterion(
      criterion,
      `an Update within ${promptMs} ms of the trigger`,
      ops.nextEvent(['update', 'register', 'deregister'], this.state.eventsFrom, promptMs, 'Update'),
    );
    if (event.kind !== 'update') requireCriterion(criterion, 'an Update', [`the client sent a ${event.kind} instead`]);
    requireCriterion(criterion, 'an Update without parameters', checkParameterlessUpdate(event));
    requireCode(criterion, '2.04', event.responseCode!, 'the Update');
  },
);

Then(
  '{criterion} after the lifetime has passed, the client is still registered at the Test Server',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const lt = this.profile.timers.shortLifetime;
    const ops = this.clientDut.registration;
    // Anything that ends the registration within its lifetime breaks the criterion.
    const ended = await ops
      .nextEvent(['expired', 'deregister', 'register'], this.state.eventsFrom, ops.expiryDeadlineMs(lt), 'end of the registration')
      .catch(() => undefined);
    requireCriterion(criterion, `the registration kept alive for ${lt} s by Updates`, checkStillRegistered(ended));
  },
);

Then(
  '{criterion} the client sends a De-register request for its registration, and receives "2.02 Deleted"',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const ops = this.clientDut.registration;
    const event = await awaitCriterion(
      criterion,
      'a De-register (CoAP DELETE /rd/<location>)',
      ops.nextEvent(['deregister', 'unknown-location'], this.state.eventsFrom, this.profile.timers.responseTimeoutMs, 'De-register'),
    );
    if (event.kind !== 'deregister')
      requireCriterion(criterion, 'a De-register of the registration', [
        `the request went to ${event.request?.path}, which is not the registration`,
      ]);
    requireCode(criterion, '2.02', event.responseCode!, 'the De-register');
  },
);

Then(
  '{criterion} having de-registered, the client sends nothing more to the Test Server within the quiet window',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const dut = this.clientDut;
    // Positive control: the De-register shows the client can reach the Test Server.
    const deregister = await awaitCriterion(
      criterion,
      'the De-register first',
      dut.registration.nextEvent(['deregister'], this.state.eventsFrom, this.profile.timers.responseTimeoutMs, 'De-register'),
    );
    const from = dut.server.events.all().indexOf(deregister) + 1;
    const later = await dut.registration
      .nextEvent(['update', 'register', 'unknown-location', 'rejected'], from, this.profile.timers.quietWindowMs, 'request')
      .catch(() => undefined);
    requireCriterion(
      criterion,
      `no registration request for ${this.profile.timers.quietWindowMs} ms after the De-register (Disable Timeout not over)`,
      later
        ? [
            `the client sent ${methodName(later.request?.message.code)} ${later.request?.path} ${later.at - deregister.at} ms after its De-register`,
          ]
        : [],
    );
  },
);

Then(
  '{criterion} the client sends an Update to its discarded registration, which the Test Server answers "4.04 Not Found"',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const ops = this.clientDut.registration;
    const lt = this.state.need('lifetime');
    const event = await awaitCriterion(
      criterion,
      'an Update (CoAP POST) to the discarded registration before its lifetime ran out',
      ops.nextEvent(['unknown-location'], this.state.eventsFrom, ops.expiryDeadlineMs(lt), 'Update'),
    );
    const method = event.request?.message.code;
    if (method !== Method.POST)
      requireCriterion(criterion, 'an Update (CoAP POST) to the discarded registration', [
        `the client sent ${methodName(method)} ${event.request?.path} instead`,
      ]);
  },
);

Then(
  '{criterion} the client registers anew with a Register request and receives "2.01 Created"',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const dut = this.clientDut;
    const event = await awaitCriterion(
      criterion,
      'a new Register (CoAP POST /rd)',
      dut.registration.nextRegister(this.state.eventsFrom, this.profile.timers.registrationTimeoutMs),
    );
    requireCriterion(
      criterion,
      'a valid Register',
      checkRegister(event, { endpoint: dut.endpointName, lwm2mVersion: this.profile.lwm2mVersion }),
    );
    requireCode(criterion, '2.01', event.responseCode!, 'the Register');
  },
);

Then(
  '{criterion} the client sends its next Update before the new lifetime runs out',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const lt = this.state.need('lifetime');
    const ops = this.clientDut.registration;
    await awaitCriterion(
      criterion,
      `another Update within the new lifetime of ${lt} s`,
      ops.nextEvent(['update'], this.state.eventsFrom, lt * 1000 + this.profile.timers.lifetimeGraceMs, 'second Update', 2),
    );
  },
);

/** "POST" for 0.02. */
function methodName(code: string | undefined): string {
  return codeName(code ?? '0.00').split(' ')[1] ?? String(code);
}

function describeRequest(res: IncomingResponse): string {
  const code = codeName(res.request.code).split(' ')[1];
  const path = res.request.options
    .filter((o) => o.number === 11)
    .map((o) => o.value.toString())
    .join('/');
  return `the ${code} /${path}`;
}

Given('the client holds ETS configuration {word}', async function (this: ConformanceWorld, name: string) {
  await requireConfiguration(this.clientDut, name);
});
