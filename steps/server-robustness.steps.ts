/** Steps of the harness's own robustness cases with a server DUT (LwM2M-Robustness-1.1-srv-N): a Test Client that misbehaves on purpose. Thin: logic is in src/conformance/server-dut/robustness.ts. */
import { Given, When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import { ServerDutSession } from '../src/conformance/server-dut/session';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';

function server(w: ConformanceWorld): ServerDutSession {
  const s = w.session;
  if (!(s instanceof ServerDutSession)) throw new Error(`a server-DUT step in a ${s.role}-DUT case (check the feature's @dut-… tag)`);
  return s;
}

Given(
  'the server under test accepts a well-formed Register from the Test Client, which then de-registers',
  async function (this: ConformanceWorld) {
    await server(this).robustness.positiveControl();
  },
);

When(
  '{step} the Test Client sends a Register request without the endpoint name',
  async function (this: ConformanceWorld, _s: ProcedureStep) {
    this.state.response = await server(this).robustness.registerWithoutEndpoint();
  },
);

When(
  '{step} the Test Client sends a Register request whose object list is not valid link format',
  async function (this: ConformanceWorld, _s: ProcedureStep) {
    this.state.response = await server(this).robustness.registerMalformed();
  },
);

When(
  '{step} the Test Client sends datagrams that are not readable CoAP messages',
  async function (this: ConformanceWorld, _s: ProcedureStep) {
    await server(this).robustness.sendGarbage();
  },
);

When('{step} the Test Client sends {int} Updates at once', async function (this: ConformanceWorld, _s: ProcedureStep, count: number) {
  await server(this).robustness.floodUpdates(count);
});

Then(
  '{criterion} the server still serves the Test Client: an Update is answered "2.04 Changed" and a Read of {path} asked of the server reaches the Test Client',
  async function (this: ConformanceWorld, c: Criterion, path: string) {
    await server(this).robustness.checkStillServing(c.label, path);
  },
);
