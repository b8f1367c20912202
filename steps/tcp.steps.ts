/** Steps of CoAP over TCP/TLS (RFC 8323): ETS int-106 TCP Binding, int-406 TLS PSK; DUT = LwM2M client. */
import { Given, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { Criterion } from '../src/conformance/procedure';
import { checkRegister } from '../src/conformance/checks/registration';
import { checkCsmExchange, checkTcpBinding, checkTlsChannel, type TlsExpectations } from '../src/conformance/checks/tcp';
import { requireCriterion } from '../src/conformance/criteria';
import { checkReadResponse, checkValues } from '../src/conformance/checks/content';
import { DEVICE_RESOURCES } from '../src/conformance/checks/device';
import { formatPeer, samePeer } from '../src/transport/types';

Given(
  'the client is switched on with the Test Server, listening on CoAP over TCP, as its only LwM2M Server',
  async function (this: ConformanceWorld) {
    const dut = this.clientDut;
    await dut.startTestServer({ tcp: true });
    this.trace.note('harness', `Test Server listening on ${dut.server.uri}`);
    await dut.switchOn();
  },
);

Then(
  "{criterion} the client opens the connection with its CSM and takes the Test Server's CSM",
  function (this: ConformanceWorld, criterion: Criterion) {
    const dut = this.clientDut;
    const register = this.state.need('register');
    requireCriterion(
      criterion,
      'a CSM (7.01) as the first message on the connection, and no Abort',
      checkCsmExchange(dut.server.endpoint.inbox.all(), register.request!.peer),
    );
  },
);

Then(
  '{criterion} the Register request carries the endpoint name, lifetime, LwM2M version, binding T and object list as the specification requires',
  function (this: ConformanceWorld, criterion: Criterion) {
    const dut = this.clientDut;
    const register = this.state.need('register');
    requireCriterion(
      criterion,
      `a Register with ep="${dut.endpointName}", lt, lwm2m="${this.profile.lwm2mVersion}", b=T and the object list`,
      [...checkRegister(register, { endpoint: dut.endpointName, lwm2mVersion: this.profile.lwm2mVersion }), ...checkTcpBinding(register)],
    );
  },
);

Given(
  'the client starts with only a Bootstrap-Server account, for the Test Bootstrap Server, and both Test servers listen on CoAP over TLS',
  async function (this: ConformanceWorld) {
    const dut = this.clientDut;
    await dut.startTestServer({ tcp: true });
    this.trace.note('harness', `Test Server listening on ${dut.server.uri}`);
    await dut.bootstrap.switchOn({ tcp: true });
  },
);

function tlsExpectations(w: ConformanceWorld, mode: 'psk' | 'x509'): TlsExpectations {
  return { mode, pskIdentity: w.clientDut.security.psk?.identity.toString('utf8') };
}

Then(
  '{criterion} the client opened its TLS connection to the Test Bootstrap Server with its CSM, with a {securityKind} cipher suite and {securityIdentity}',
  function (this: ConformanceWorld, criterion: Criterion, mode: 'psk' | 'x509', _identity: string) {
    const request = this.state.need('bootstrapRequest').request;
    const bs = this.clientDut.bootstrap.server!;
    requireCriterion(criterion, 'a CSM first on a TLS connection secured as the profile declares', [
      ...checkCsmExchange(bs.endpoint.inbox.all(), request.peer),
      ...checkTlsChannel(request.info, tlsExpectations(this, mode)),
    ]);
  },
);

Then(
  '{criterion} the Register arrived over a TLS connection opened with the client\'s CSM, with a {securityKind} cipher suite and {securityIdentity}, carried b=T and was answered "2.01 Created"',
  function (this: ConformanceWorld, criterion: Criterion, mode: 'psk' | 'x509', _identity: string) {
    const dut = this.clientDut;
    const register = this.state.need('register');
    const request = register.request!;
    const answered = register.responseCode === '2.01' ? [] : [`the Register was answered ${register.responseCode ?? '(nothing)'}`];
    requireCriterion(criterion, `a Register over TLS (${mode}) with b=T, answered 2.01`, [
      ...checkCsmExchange(dut.server.endpoint.inbox.all(), request.peer),
      ...checkTlsChannel(request.info, tlsExpectations(this, mode)),
      ...checkTcpBinding(register),
      ...answered,
    ]);
  },
);

Then(
  '{criterion} the Read is answered "2.05 Content" over the same TLS connection, with the Device object values the DUT declares',
  function (this: ConformanceWorld, criterion: Criterion) {
    const [[, res]] = this.state.need('reads');
    const registeredFrom = this.state.need('register').request!.peer;
    const outcome = checkReadResponse(res, '/3/0', undefined, this.registry);
    const declared = this.profile.declared.device ?? {};
    const problems = [...outcome.problems];
    if (problems.length === 0) {
      const expected = DEVICE_RESOURCES.map((d) => ({ path: d.path, name: d.name, value: d.declared(declared) }));
      problems.push(...checkValues(outcome.records, expected));
    }
    // A new connection would come from another port: the Read must use the registration's.
    if (!samePeer(res.peer, registeredFrom))
      problems.push(
        `the response came from ${formatPeer(res.peer)}, not over the connection of the Register (${formatPeer(registeredFrom)})`,
      );
    requireCriterion(criterion, "2.05 Content with the declared Device values, over the registration's TLS connection", problems);
  },
);
