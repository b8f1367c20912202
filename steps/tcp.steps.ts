/** Steps of CoAP over TCP/TLS (RFC 8323): ETS int-106 TCP Binding, DUT = LwM2M client. */
import { Given, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { Criterion } from '../src/conformance/procedure';
import { checkRegister } from '../src/conformance/checks/registration';
import { checkCsmExchange, checkTcpBinding } from '../src/conformance/checks/tcp';
import { requireCriterion } from '../src/conformance/criteria';

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
