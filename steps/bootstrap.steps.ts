/** Steps of the Bootstrap interface cases (ETS int-0 … int-9, 1.2-int-12), DUT = LwM2M client. */
import { Given, When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';
import type { IncomingResponse } from '../src/coap/endpoint';
import type { BsEvent } from '../src/peers/test-bootstrap-server';
import { codeName } from '../src/coap/message';
import { LwM2MPath } from '../src/lwm2m/path';
import { awaitCriterion, requireCode, requireCriterion } from '../src/conformance/criteria';
import { describeWaitFailure } from '../src/conformance/client-dut/session';
import { DutFailure, PreconditionFailure } from '../src/conformance/failures';
import {
  bootstrapAccountLinks,
  checkBootstrapAccountKept,
  checkBootstrapDiscover,
  checkBootstrapRead,
  bootstrapRequests,
  checkBootstrapRequest,
  checkCodes,
  checkNoBootstrapWhileRegistered,
  checkRegisteredBeforeBootstrap,
  checkDeleted,
  checkPackRequest,
  discoverLinks,
} from '../src/conformance/checks/bootstrap';
import { PACK_FORMATS } from '../src/conformance/client-dut/bootstrap';

const responses = (w: ConformanceWorld) => (w.state.bootstrapResponses ??= []);
const record = (w: ConformanceWorld, what: string, res: IncomingResponse) => responses(w).push([what, res]);
const last = (w: ConformanceWorld, prefix: string) => {
  const found = [...w.state.need('bootstrapResponses')].reverse().find(([what]) => what.startsWith(prefix));
  if (!found) throw new Error(`step order: no "${prefix}" was sent by an earlier step`);
  return found[1];
};

// ---- preconditions --------------------------------------------------------------------------

Given('the client starts with only a Bootstrap-Server account, for the Test Bootstrap Server', async function (this: ConformanceWorld) {
  await this.clientDut.bootstrap.switchOn();
});

/** The whole client-initiated bootstrap as a precondition: anything but success is INCONC. */
async function bootstrapAsPrecondition(w: ConformanceWorld, provision: () => Promise<[string, IncomingResponse][]>): Promise<void> {
  const bs = w.clientDut.bootstrap;
  await bs.switchOn();
  await bs.nextRequest('bootstrap-request', 0).catch((e) => {
    throw new PreconditionFailure('a Bootstrap-Request from the client', describeWaitFailure(e, w.clientDut.dut));
  });
  const problems = checkCodes([...(await provision()), ['Bootstrap-Finish', await bs.finish()]], '2.04');
  if (problems.length)
    throw new PreconditionFailure('a completed bootstrap (2.04 to each Bootstrap-Write and the Finish)', problems.join('; '));
}

Given(
  'the client has bootstrapped from the Test Bootstrap Server and registered at the Test Server',
  async function (this: ConformanceWorld) {
    await bootstrapAsPrecondition(this, async () => (await this.clientDut.bootstrap.provisionTestServer()).responses);
    await this.clientDut.registration.ensureRegistered();
    this.state.bootstrapFrom = this.clientDut.bootstrap.cursor();
  },
);

Given('the client has been bootstrapped with an account for an LwM2M Server that never answers', async function (this: ConformanceWorld) {
  await bootstrapAsPrecondition(this, () => this.clientDut.bootstrap.provisionSilentServer());
  this.state.bootstrapFrom = this.clientDut.bootstrap.cursor();
});

Given(
  'the client starts with only a Bootstrap-Server account, and the Test Bootstrap Server holds a Bootstrap-Pack for the Test Server',
  async function (this: ConformanceWorld) {
    const bs = this.clientDut.bootstrap;
    this.state.account = await bs.servePack();
    await bs.switchOn();
  },
);

Given(
  'the client holds a factory configuration with an LwM2M Server account and a Bootstrap-Server account for the Test Bootstrap Server',
  async function (this: ConformanceWorld) {
    this.clientDut.bootstrap.factoryLaunch(); // INCONC now when the profile cannot start the DUT so
    await this.clientDut.bootstrap.start();
  },
);

// ---- procedure ------------------------------------------------------------------------------

/** int-6: (re)starts the DUT with both accounts; later waits see only what follows. */
async function switchOnWithBothAccounts(w: ConformanceWorld, server?: { uri: string; host: string; port: number }): Promise<void> {
  const dut = w.clientDut;
  w.state.eventsFrom = dut.registration.cursor();
  w.state.bootstrapFrom = dut.bootstrap.cursor();
  w.state.poweredOnAt = Date.now();
  await dut.bootstrap.switchOnWithBothAccounts(server);
}

When(
  '{step} the client is switched on with its LwM2M Server account for the Test Server',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    const dut = this.clientDut;
    await switchOnWithBothAccounts(this);
    try {
      this.state.register = await dut.registration.nextRegister(this.state.eventsFrom, dut.firstRegisterTimeoutMs);
    } catch (e) {
      this.state.registerMissing = describeWaitFailure(e, dut.dut) + dut.unusableSince();
    }
  },
);

When(
  '{step} the client is switched on again, its LwM2M Server account now for a server that never answers',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    const bs = this.clientDut.bootstrap;
    const silent = await bs.silentServer();
    this.trace.note('harness', `the factory LwM2M Server account now names ${silent.uri}: a server that never answers`);
    await switchOnWithBothAccounts(this, silent);
  },
);

When(
  '{step} the client sends a Bootstrap-Pack-Request to the Test Bootstrap Server',
  async function (this: ConformanceWorld, step: ProcedureStep) {
    const dut = this.clientDut;
    try {
      this.state.bootstrapRequest = await dut.bootstrap.nextRequest('pack-request', this.state.bootstrapFrom);
    } catch (e) {
      throw new DutFailure(
        step.label,
        'a Bootstrap-Pack-Request (CoAP GET /bspack?ep=…)',
        describeWaitFailure(e, dut.dut) + dut.unusableSince(),
      );
    }
  },
);

When(
  '{step} the client sends a Bootstrap-Request to the Test Bootstrap Server',
  async function (this: ConformanceWorld, step: ProcedureStep) {
    const dut = this.clientDut;
    try {
      this.state.bootstrapRequest = await dut.bootstrap.nextRequest('bootstrap-request', this.state.bootstrapFrom);
    } catch (e) {
      throw new DutFailure(step.label, 'a Bootstrap-Request (CoAP POST /bs?ep=…)', describeWaitFailure(e, dut.dut) + dut.unusableSince());
    }
  },
);

When(
  '{step} the Test Bootstrap Server writes the Security and Server accounts of the Test Server',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    const { account, responses: written } = await this.clientDut.bootstrap.provisionTestServer();
    this.state.account = account;
    responses(this).push(...written);
  },
);

When(
  '{step} the Test Bootstrap Server writes the Security and Server accounts of the Test Server and an Access Control instance for it',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    const bs = this.clientDut.bootstrap;
    const { account, responses: written } = await bs.provisionTestServer();
    this.state.account = account;
    responses(this).push(...written);
    const acl = ACL_VALUES.map(([path, type, value]) => ({ path: LwM2MPath.parse(path), type, value }));
    record(this, 'Bootstrap-Write of /2', await bs.write('/2', bs.encode('/2', acl), bs.writeFormat()));
  },
);

/** int-8: an Access Control instance for the Device object, the ETS values. */
const ACL_VALUES = [
  ['/2/0/0', 'integer', 3n],
  ['/2/0/1', 'integer', 0n],
  ['/2/0/2/0', 'integer', 31n],
  ['/2/0/3', 'integer', 65535n],
] as const;

When('{step} the Test Bootstrap Server sends a Bootstrap-Discover of \\/', async function (this: ConformanceWorld, _step: ProcedureStep) {
  record(this, 'Bootstrap-Discover of /', await this.clientDut.bootstrap.discover('/'));
});

When(
  '{step} the Test Bootstrap Server sends a Bootstrap-Discover of \\/ and a Bootstrap-Read of \\/1( again)',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    const bs = this.clientDut.bootstrap;
    record(this, 'Bootstrap-Discover of /', await bs.discover('/'));
    record(this, 'Bootstrap-Read of /1', await bs.read('/1'));
  },
);

When(
  '{step} the Test Bootstrap Server sends a Bootstrap-Read of \\/1 and of \\/2',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    const bs = this.clientDut.bootstrap;
    record(this, 'Bootstrap-Read of /1', await bs.read('/1'));
    record(this, 'Bootstrap-Read of /2', await bs.read('/2'));
  },
);

When(
  '{step} the Test Bootstrap Server sends a Bootstrap-Delete of \\/0 and of \\/1',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    const bs = this.clientDut.bootstrap;
    // What the first Discover showed as the Bootstrap-Server account, to compare with afterwards.
    const { links } = discoverLinks(last(this, 'Bootstrap-Discover of /'));
    this.state.bootstrapAccounts = bootstrapAccountLinks(links);
    record(this, 'Bootstrap-Delete of /0', await bs.delete('/0'));
    record(this, 'Bootstrap-Delete of /1', await bs.delete('/1'));
  },
);

When('{step} the Test Bootstrap Server sends Bootstrap-Finish', async function (this: ConformanceWorld, _step: ProcedureStep) {
  this.state.eventsFrom = this.clientDut.registration.cursor();
  record(this, 'Bootstrap-Finish', await this.clientDut.bootstrap.finish());
});

When(
  "{step} the Test Bootstrap Server writes the Test Server's account( again) and sends Bootstrap-Finish",
  async function (this: ConformanceWorld, step: ProcedureStep) {
    const bs = this.clientDut.bootstrap;
    const { responses: written } = await bs.provisionTestServer();
    const refused = checkCodes(written, '2.04');
    if (refused.length) throw new DutFailure(step.label, "2.04 to each Bootstrap-Write of the Test Server's account", refused.join('; '));
    this.state.eventsFrom = this.clientDut.registration.cursor();
    record(this, 'Bootstrap-Finish', await bs.finish());
  },
);

When(
  '{step} the Test Bootstrap Server writes only the Disable Timeout of a Server instance, 86400 s',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    const bs = this.clientDut.bootstrap;
    const path = '/1/0/5';
    const payload = bs.encode(path, [{ path: LwM2MPath.parse(path), type: 'integer', value: 86400n }]);
    record(this, `Bootstrap-Write of ${path}`, await bs.write(path, payload, bs.writeFormat()));
  },
);

When('{step} the client sends a Register request to that server', async function (this: ConformanceWorld, step: ProcedureStep) {
  const dut = this.clientDut;
  await dut
    .untilDutExits(
      // From the first datagram: the server that never answers exists only for this case.
      dut.bootstrap.silentArrivals.waitFor(() => true, {
        after: 0,
        timeoutMs: dut.timers.registrationTimeoutMs,
        what: 'a datagram to the provisioned server',
      }),
      'a Register to the provisioned server',
    )
    .catch((e) => {
      throw new DutFailure(step.label, 'a Register (or DTLS handshake) towards the provisioned server', describeWaitFailure(e, dut.dut));
    });
});

When('{step} the Test Server waits for the client to register', async function (this: ConformanceWorld, _step: ProcedureStep) {
  const dut = this.clientDut;
  try {
    this.state.register = await dut.registration.nextRegister(this.state.eventsFrom, dut.firstRegisterTimeoutMs);
  } catch (e) {
    this.state.registerMissing = describeWaitFailure(e, dut.dut) + dut.unusableSince();
  }
});

// ---- pass criteria --------------------------------------------------------------------------

Then(
  '{criterion} the Bootstrap-Request carries the client\'s endpoint name and is answered "2.04 Changed"',
  function (this: ConformanceWorld, criterion: Criterion) {
    const dut = this.clientDut;
    requireCriterion(
      criterion,
      `a Bootstrap-Request with ep="${dut.endpointName}", answered 2.04`,
      checkBootstrapRequest(this.state.need('bootstrapRequest'), dut.endpointName),
    );
  },
);

Then(
  '{criterion} the Bootstrap-Pack-Request carries the client\'s endpoint name and accepts a pack format, and is answered "2.05 Content" with the pack',
  function (this: ConformanceWorld, criterion: Criterion) {
    const dut = this.clientDut;
    requireCriterion(
      criterion,
      `a Bootstrap-Pack-Request with ep="${dut.endpointName}", answered 2.05 with the pack (the ETS's "2.04" is an erratum)`,
      checkPackRequest(this.state.need('bootstrapRequest'), dut.endpointName, PACK_FORMATS),
    );
  },
);

Then('{criterion} the client answers each Bootstrap-Write "2.04 Changed"', function (this: ConformanceWorld, criterion: Criterion) {
  const writes = this.state.need('bootstrapResponses').filter(([what]) => what.startsWith('Bootstrap-Write'));
  requireCriterion(criterion, '2.04 Changed to each Bootstrap-Write', checkCodes(writes, '2.04'));
});

Then(
  '{criterion} the Bootstrap-Request and each Bootstrap-Write are answered "2.04 Changed"',
  function (this: ConformanceWorld, criterion: Criterion) {
    const dut = this.clientDut;
    const writes = this.state.need('bootstrapResponses').filter(([what]) => what.startsWith('Bootstrap-Write'));
    requireCriterion(criterion, `a Bootstrap-Request with ep="${dut.endpointName}" and each Bootstrap-Write answered 2.04`, [
      ...checkBootstrapRequest(this.state.need('bootstrapRequest'), dut.endpointName),
      ...checkCodes(writes, '2.04'),
    ]);
  },
);

Then(
  '{criterion} the Bootstrap-Discover is answered "2.05 Content" listing the enabler version, the Test Server\'s Security and Server instances with its Short Server ID, a Bootstrap-Server account and the Device instance',
  function (this: ConformanceWorld, criterion: Criterion) {
    const { links, problems } = discoverLinks(last(this, 'Bootstrap-Discover of /'));
    const account = this.state.need('account');
    requireCriterion(
      criterion,
      `2.05 with lwm2m="…", </0/${account.securityInstance}>;ssid=${account.shortServerId}, </1/${account.serverInstance}>;ssid=${account.shortServerId}, a Bootstrap-Server account and </3/0>`,
      problems.length ? problems : checkBootstrapDiscover(links, account),
    );
  },
);

Then(
  '{criterion} both are answered "2.05 Content" and show the Server instance that was written',
  function (this: ConformanceWorld, criterion: Criterion) {
    const account = this.state.need('account');
    const { links, problems } = discoverLinks(last(this, 'Bootstrap-Discover of /'));
    if (!problems.length) problems.push(...checkBootstrapDiscover(links, account));
    const p = `/1/${account.serverInstance}`;
    const expected = [
      { path: `${p}/0`, value: BigInt(account.shortServerId) },
      { path: `${p}/1`, value: BigInt(account.lifetime) },
    ];
    problems.push(...checkBootstrapRead(last(this, 'Bootstrap-Read of /1'), '/1', expected, this.registry));
    requireCriterion(criterion, `2.05 to the Bootstrap-Discover and to the Bootstrap-Read of /1, showing ${p}`, problems);
  },
);

Then(
  '{criterion} both are answered "2.05 Content" with the values that were written',
  function (this: ConformanceWorld, criterion: Criterion) {
    const account = this.state.need('account');
    const p = `/1/${account.serverInstance}`;
    const problems = [
      ...checkBootstrapRead(
        last(this, 'Bootstrap-Read of /1'),
        '/1',
        [{ path: `${p}/0`, value: BigInt(account.shortServerId) }],
        this.registry,
      ),
      ...checkBootstrapRead(
        last(this, 'Bootstrap-Read of /2'),
        '/2',
        ACL_VALUES.map(([path, , value]) => ({ path, value })),
        this.registry,
      ),
    ];
    requireCriterion(criterion, '2.05 Content to both Bootstrap-Reads, with the values written', problems);
  },
);

Then('{criterion} each Bootstrap-Delete is answered "2.02 Deleted"', function (this: ConformanceWorld, criterion: Criterion) {
  const deletes = this.state.need('bootstrapResponses').filter(([what]) => what.startsWith('Bootstrap-Delete'));
  requireCriterion(criterion, '2.02 Deleted to each Bootstrap-Delete', checkCodes(deletes, '2.02'));
});

Then('{criterion} the Bootstrap-Server account is still listed', function (this: ConformanceWorld, criterion: Criterion) {
  const { links, problems } = discoverLinks(last(this, 'Bootstrap-Discover of /'));
  requireCriterion(
    criterion,
    'the Bootstrap-Server account kept by the Bootstrap-Delete',
    problems.length ? problems : checkBootstrapAccountKept(this.state.need('bootstrapAccounts'), links),
  );
});

Then(
  '{criterion} no Server instance and no Security instance other than the Bootstrap-Server account is left',
  function (this: ConformanceWorld, criterion: Criterion) {
    const { links, problems } = discoverLinks(last(this, 'Bootstrap-Discover of /'));
    requireCriterion(
      criterion,
      'no /1 instance and no /0 instance but the Bootstrap-Server account after the Bootstrap-Delete of /0 and /1',
      problems.length
        ? problems
        : checkDeleted(links, this.state.need('bootstrapAccounts'), last(this, 'Bootstrap-Read of /1'), this.registry),
    );
  },
);

Then('{criterion} the Bootstrap-Finish is answered {string}', function (this: ConformanceWorld, criterion: Criterion, code: string) {
  const res = last(this, 'Bootstrap-Finish');
  requireCode(criterion, code.split(' ')[0], res.message.code, 'the Bootstrap-Finish');
  if (code.startsWith('4.06'))
    this.trace.note('harness', `the client refused the inconsistent configuration: ${codeName(res.message.code)}`);
});

Then(
  '{criterion} the client registered at the Test Server, answered "2.01 Created"',
  function (this: ConformanceWorld, criterion: Criterion) {
    const missing = this.state.registerMissing;
    if (missing !== undefined) requireCriterion(criterion, 'a Register at the Test Server after the Bootstrap-Finish', [missing]);
    const reg = this.state.need('register');
    requireCode(criterion, '2.01', reg.responseCode ?? '(none)', `the Register${reg.problem ? ` (${reg.problem})` : ''}`);
  },
);

Then(
  '{criterion} the client registered at the Test Server from its factory account, answered "2.01 Created", before any Bootstrap-Request',
  function (this: ConformanceWorld, criterion: Criterion) {
    const missing = this.state.registerMissing;
    const register = missing !== undefined ? { missing } : this.state.need('register');
    const requests = bootstrapRequests(this.clientDut.bootstrap.server!.events.since(this.state.bootstrapFrom));
    requireCriterion(
      criterion,
      'a Register at the Test Server, answered 2.01, and no Bootstrap-Request before it (the factory LwM2M Server account comes first)',
      checkRegisteredBeforeBootstrap(register, requests, this.state.need('poweredOnAt')),
    );
  },
);

Then(
  '{criterion} the client sends no Bootstrap-Request while it is registered',
  async function (this: ConformanceWorld, criterion: Criterion) {
    // The positive control is (A): the DUT registered with the account it holds, the right thing to do.
    const dut = this.clientDut;
    const register = this.state.need('register');
    const watchMs = dut.timers.quietWindowMs;
    const isRequest = (e: BsEvent) => bootstrapRequests([e]).length > 0;
    const events = dut.bootstrap.server!.events;
    const quiet = await events.absentFor(isRequest, { after: this.state.bootstrapFrom, timeoutMs: watchMs });
    const request = quiet ? undefined : events.find(isRequest, this.state.bootstrapFrom);
    requireCriterion(
      criterion,
      `no Bootstrap-Request in the ${watchMs} ms after the Register was accepted`,
      checkNoBootstrapWhileRegistered(request, register.at, watchMs),
    );
  },
);

Then(
  '{criterion} the client sends a new Bootstrap-Request to the Test Bootstrap Server once that Register fails',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const dut = this.clientDut;
    await awaitCriterion(
      criterion,
      'a new Bootstrap-Request after the Register to the provisioned server failed (bootstrap on registration failure, TS 1.1 §6.1.3)',
      dut.bootstrap.nextRequest(
        'bootstrap-request',
        this.state.bootstrapFrom,
        dut.timers.registrationTimeoutMs + dut.bootstrap.requestTimeoutMs,
      ),
    );
  },
);

Then(
  '{criterion} the client sends a Bootstrap-Request to the Test Bootstrap Server',
  async function (this: ConformanceWorld, criterion: Criterion) {
    const dut = this.clientDut;
    const event = await awaitCriterion(
      criterion,
      'a Bootstrap-Request after the Bootstrap-Request Trigger',
      dut.bootstrap.nextRequest('bootstrap-request', this.state.bootstrapFrom, dut.bootstrap.requestTimeoutMs),
    );
    requireCriterion(
      criterion,
      `a Bootstrap-Request with ep="${dut.endpointName}", answered 2.04`,
      checkBootstrapRequest(event, dut.endpointName),
    );
  },
);
