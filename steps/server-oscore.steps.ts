/** Steps of OSCORE with a server DUT (int-405 server side). Thin: logic is in src/conformance/server-dut/oscore.ts. */
import { When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import { ServerDutSession } from '../src/conformance/server-dut/session';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';

function server(w: ConformanceWorld): ServerDutSession {
  const s = w.session;
  if (!(s instanceof ServerDutSession)) throw new Error(`a server-DUT step in a ${s.role}-DUT case (check the feature's @dut-… tag)`);
  return s;
}

When(
  '{step} the Test Client sends a Register request protected with OSCORE to the server under test',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    this.state.protectedRegister = await server(this).oscore.register();
  },
);

Then(
  '{criterion} the answer carried the OSCORE option under the outer code 2.04 Changed and decrypted to "2.01 Created" with a Location-Path',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).oscore.checkRegisterAnswer(c.label, this.state.need('protectedRegister'));
  },
);

Then(
  "{criterion} asked to read {path} in format {word}, the server sends the Read protected with OSCORE, outer code POST and inner GET, and reports the Test Client's values",
  async function (this: ConformanceWorld, c: Criterion, path: string, format: string) {
    const s = server(this);
    s.oscore.requireRegistered(this.state.protectedRegister);
    const read = await s.oscore.read(c.label, path, format);
    s.oscore.checkProtectedRead(c.label, read);
    s.dm.checkReadRequest(c.label, read);
    s.dm.checkReportedValue(c.label, read);
  },
);
