/**
 * Steps of the server-side firmware update cases (int-770 push, int-771 pull; @dut-server). Thin:
 * what is judged lives in src/conformance/server-dut/firmware.ts.
 */
import { Given, When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import { ServerDutSession } from '../src/conformance/server-dut/session';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';

function server(w: ConformanceWorld): ServerDutSession {
  const s = w.session;
  if (!(s instanceof ServerDutSession)) throw new Error(`a server-DUT step in a ${s.role}-DUT case (check the feature's @dut-… tag)`);
  return s;
}

Given('the Test Client holds a Firmware Update object in State Idle', function (this: ConformanceWorld) {
  server(this).firmware.hold();
});

When(
  /^(\(\d+\)) the server is asked to update the firmware with a package of (\d+) bytes (by push|from a URI at the harness)$/,
  async function (this: ConformanceWorld, _s: ProcedureStep, size: string, how: string) {
    this.state.serverFirmware = await server(this).firmware.start(how === 'by push' ? 'push' : 'pull', Number(size));
  },
);

When('{step} the server carries the update through to its end', async function (this: ConformanceWorld, _s: ProcedureStep) {
  await server(this).firmware.end(this.state.need('serverFirmware'));
});

Then(
  '{criterion} the package the server writes to \\/5\\/0\\/0 is the one it was given, as application\\/octet-stream in Block1 blocks',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).firmware.checkPushedPackage(c.label, this.state.need('serverFirmware'));
  },
);

Then('{criterion} the server writes the URI it was given to \\/5\\/0\\/1', function (this: ConformanceWorld, c: Criterion) {
  server(this).firmware.checkWrittenUri(c.label, this.state.need('serverFirmware'));
});

Then(
  '{criterion} the server executes \\/5\\/0\\/2 only after it has seen State 2 \\(Downloaded\\)',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).firmware.checkExecute(c.label, this.state.need('serverFirmware'));
  },
);

Then(
  '{criterion} the server reports the Update Result the Test Client ended with, 1 \\(success)',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).firmware.checkReported(c.label, this.state.need('serverFirmware'));
  },
);
