/** Steps of the Registration interface cases (ETS int-101 … int-107), DUT = LwM2M client. */
import { Given, When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { RdEvent } from '../src/peers/test-server';
import type { IncomingResponse } from '../src/coap/endpoint';
import { codeName } from '../src/coap/message';
import { checkRegister, checkParameterlessUpdate } from '../src/conformance/checks/registration';
import { awaitCriterion, requireCode, requireCriterion } from '../src/conformance/criteria';
import { describeResponse, describeWaitFailure } from '../src/conformance/client-session';
import { DutFailure, PreconditionFailure } from '../src/conformance/failures';

const LIFETIMES = {
  'the short lifetime': (w: ConformanceWorld) => w.profile.timers.shortLifetime,
  'the first extended lifetime': (w: ConformanceWorld) => w.profile.timers.extendedLifetime[0],
  'the second extended lifetime': (w: ConformanceWorld) => w.profile.timers.extendedLifetime[1],
} as const;
type LifetimeName = keyof typeof LIFETIMES;

// ---- preconditions --------------------------------------------------------------------------

Given('the client is switched on with the Test Server as its only LwM2M Server', async function (this: ConformanceWorld) {
  await this.client.switchOn();
});

Given(
  /^the client is switched on with (the first extended lifetime) as its registration lifetime$/,
  async function (this: ConformanceWorld, name: LifetimeName) {
    await this.client.switchOn(LIFETIMES[name](this));
  },
);

Given('the client has registered at the Test Server', async function (this: ConformanceWorld) {
  await this.client.ensureRegistered();
});

Given(/^the client has registered with (the first extended lifetime)$/, async function (this: ConformanceWorld, name: LifetimeName) {
  const reg = await this.client.ensureRegistered();
  const wanted = LIFETIMES[name](this);
  if (reg.lifetime !== wanted)
    throw new PreconditionFailure(`a registration with lifetime ${wanted} s`, `the client registered with lt=${reg.lifetime}`);
});

Given(/^the registration lifetime is (the short lifetime)$/, async function (this: ConformanceWorld, name: LifetimeName) {
  const lt = this.remember('lifetime', LIFETIMES[name](this));
  const reg = await this.client.ensureRegistered();
  if (reg.lifetime === lt) return;
  const after = this.client.server.events.cursor();
  const res = await this.client.writeLifetime(lt);
  if (res.message.code !== '2.04') throw new PreconditionFailure(`2.04 to the Write of lifetime ${lt}`, describeResponse(res));
  try {
    await this.client.nextEvent(['update'], after, this.profile.timers.responseTimeoutMs, 'Update with the new lifetime');
  } catch (e) {
    throw new PreconditionFailure(`an Update after the lifetime was set to ${lt} s`, describeWaitFailure(e, this.client.dut));
  }
});

// ---- procedure ------------------------------------------------------------------------------

When('the client sends a Register request to the Test Server', async function (this: ConformanceWorld) {
  try {
    this.remember('register', await this.client.nextRegister(0));
  } catch (e) {
    throw new DutFailure(
      'step 1',
      'a Register request (CoAP POST /rd)',
      describeWaitFailure(e, this.client.dut) + this.client.malformedSince(0) + this.client.handshakeFailures(),
    );
  }
});

When(
  /^the Test Server writes (the short lifetime|the second extended lifetime) to the Lifetime resource of its Server instance$/,
  async function (this: ConformanceWorld, name: LifetimeName) {
    this.remember('cursor', this.client.server.events.cursor());
    this.remember('lifetime', LIFETIMES[name](this));
    this.remember('response', await this.client.writeLifetime(LIFETIMES[name](this)));
  },
);

When('the Test Server executes Disable on its Server instance', async function (this: ConformanceWorld) {
  this.remember('cursor', this.client.server.events.cursor());
  this.remember('response', await this.client.executeServerResource(4));
});

When('the Test Server executes Registration Update Trigger on its Server instance', async function (this: ConformanceWorld) {
  this.remember('cursor', this.client.server.events.cursor());
  this.remember('triggeredAt', Date.now());
  this.remember('response', await this.client.executeServerResource(8));
});

When('the Test Server discards the registration of the client', function (this: ConformanceWorld) {
  this.remember('cursor', this.client.server.events.cursor());
  this.client.server.discard(this.client.registration!);
});

// ---- pass criteria --------------------------------------------------------------------------

Then(
  /^\(([A-Z](?:, [A-Z])*)\) the client answers "([0-9]\.[0-9]{2})[^"]*"$/,
  function (this: ConformanceWorld, letter: string, code: string) {
    const res = this.recall<IncomingResponse>('response');
    requireCode(letter, code, res.message.code, describeRequest(res));
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) the Register request carries the endpoint name, lifetime, LwM2M version, binding and object list as the specification requires$/,
  function (this: ConformanceWorld, letter: string) {
    const event = this.recall<RdEvent>('register');
    requireCriterion(
      letter,
      `a Register with ep="${this.client.endpointName}", a valid lt, lwm2m="${this.profile.lwm2mVersion}", a valid binding and a link-format object list`,
      checkRegister(event, {
        endpoint: this.client.endpointName,
        lwm2mVersion: this.profile.lwm2mVersion,
      }),
    );
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) the client receives "2.01 Created" with the location of its registration$/,
  function (this: ConformanceWorld, letter: string) {
    const event = this.recall<RdEvent>('register');
    requireCode(letter, '2.01', event.responseCode ?? '(none)', 'the Register');
    this.client.registration = event.registration;
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) the client sends an Update whose "lt" parameter is the new lifetime, and receives "2.04 Changed"$/,
  async function (this: ConformanceWorld, letter: string) {
    const lt = this.recall<number>('lifetime');
    const event = await awaitCriterion(
      letter,
      `an Update with lt=${lt}`,
      this.client.nextEvent(['update'], this.recall('cursor'), this.profile.timers.responseTimeoutMs, 'Update'),
    );
    const got = event.request!.query.get('lt');
    if (got !== String(lt))
      requireCriterion(letter, `an Update with lt=${lt}`, [`the first Update carries ${got === undefined ? 'no lt' : `lt=${got}`}`]);
    requireCode(letter, '2.04', event.responseCode!, 'the Update');
    this.remember('cursor', this.client.server.events.cursor());
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) before the new lifetime runs out, the client sends an Update without parameters, or its registration expires$/,
  async function (this: ConformanceWorld, letter: string) {
    const lt = this.recall<number>('lifetime');
    const timeout = this.client.expiryDeadlineMs(lt);
    const event = await awaitCriterion(
      letter,
      'an Update or the expiry of the registration',
      this.client.nextEvent(['update', 'expired', 'register', 'deregister'], this.recall('cursor'), timeout, 'Update or expiry'),
    );
    if (event.kind === 'expired') return this.log('the registration expired (allowed by the ETS criterion)');
    if (event.kind !== 'update')
      requireCriterion(letter, 'an Update without parameters or the expiry of the registration', [
        `the client sent a ${event.kind} instead`,
      ]);
    requireCriterion(letter, 'an Update without parameters', checkParameterlessUpdate(event));
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) the client promptly sends an Update without parameters, and receives "2.04 Changed"$/,
  async function (this: ConformanceWorld, letter: string) {
    const promptMs = this.client.promptUpdateMs(this.recall<number>('lifetime'));
    const expected = `an Update within ${promptMs} ms of the trigger`;
    const event = await awaitCriterion(
      letter,
      expected,
      this.client.nextEvent(['update', 'register', 'deregister'], this.recall('cursor'), promptMs, 'Update'),
    );
    if (event.kind !== 'update') requireCriterion(letter, 'an Update', [`the client sent a ${event.kind} instead`]);
    requireCriterion(letter, 'an Update without parameters', checkParameterlessUpdate(event));
    requireCode(letter, '2.04', event.responseCode!, 'the Update');
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) after the lifetime has passed, the client is still registered at the Test Server$/,
  async function (this: ConformanceWorld, letter: string) {
    const lt = this.profile.timers.shortLifetime;
    const timeout = this.client.expiryDeadlineMs(lt);
    const events = this.client.server.events;
    const expired = await events.absentFor((e) => e.kind === 'expired', { after: this.recall('cursor'), timeoutMs: timeout });
    requireCriterion(
      letter,
      `the registration kept alive for ${lt} s by Updates`,
      expired ? [] : ['the registration expired: no Update arrived within its lifetime'],
    );
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) the client sends a De-register request for its registration, and receives "2.02 Deleted"$/,
  async function (this: ConformanceWorld, letter: string) {
    const event = await awaitCriterion(
      letter,
      'a De-register (CoAP DELETE /rd/<location>)',
      this.client.nextEvent(
        ['deregister', 'unknown-location'],
        this.recall('cursor'),
        this.profile.timers.responseTimeoutMs,
        'De-register',
      ),
    );
    if (event.kind !== 'deregister')
      requireCriterion(letter, 'a De-register of the registration', [
        `the request went to ${event.request?.path}, which is not the registration`,
      ]);
    requireCode(letter, '2.02', event.responseCode!, 'the De-register');
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) the Test Server no longer holds a registration for the client$/,
  function (this: ConformanceWorld, letter: string) {
    const still = this.client.server.registrationOf(this.client.endpointName);
    requireCriterion(letter, 'no registration left for the client', still ? [`the client is registered as /rd/${still.id}`] : []);
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) the client sends an Update to its discarded registration, which the Test Server answers "4.04 Not Found"$/,
  async function (this: ConformanceWorld, letter: string) {
    const timeout = this.client.registration!.lifetime * 1000 + this.profile.timers.responseTimeoutMs;
    await awaitCriterion(
      letter,
      'an Update to the discarded registration before its lifetime ran out',
      this.client.nextEvent(['unknown-location'], this.recall('cursor'), timeout, 'Update'),
    );
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) the client registers anew with a Register request and receives "2.01 Created"$/,
  async function (this: ConformanceWorld, letter: string) {
    const event = await awaitCriterion(
      letter,
      'a new Register (CoAP POST /rd)',
      this.client.nextRegister(this.recall('cursor'), this.profile.timers.registrationTimeoutMs),
    );
    requireCriterion(
      letter,
      'a valid Register',
      checkRegister(event, { endpoint: this.client.endpointName, lwm2mVersion: this.profile.lwm2mVersion }),
    );
    requireCode(letter, '2.01', event.responseCode!, 'the Register');
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) the client sends its next Update before the new lifetime runs out$/,
  async function (this: ConformanceWorld, letter: string) {
    const lt = this.recall<number>('lifetime');
    await awaitCriterion(
      letter,
      `another Update within the new lifetime of ${lt} s`,
      this.client.nextEvent(['update'], this.recall('cursor'), lt * 1000, 'Update'),
    );
  },
);

function describeRequest(res: IncomingResponse): string {
  const code = codeName(res.request.code).split(' ')[1];
  const path = res.request.options
    .filter((o) => o.number === 11)
    .map((o) => o.value.toString())
    .join('/');
  return `the ${code} /${path}`;
}
