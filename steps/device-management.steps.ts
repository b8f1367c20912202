/** Steps of the Device Management & Service Enablement cases (ETS int-2xx), DUT = LwM2M client. */
import { When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';
import { checkReadsOfDevice } from '../src/conformance/checks/device';
import { requireCriterion } from '../src/conformance/criteria';

When(
  '{step} the Test Server reads {paths} one by one, accepting Content-Format {int}',
  async function (this: ConformanceWorld, _step: ProcedureStep, paths: string[], format: number) {
    this.state.reads = await this.clientDut.dm.readEach(paths, format);
  },
);

When(
  '{step} the Test Server reads {path}, accepting Content-Format {int}',
  async function (this: ConformanceWorld, _step, path: string, format: number) {
    this.state.reads = await this.clientDut.dm.readEach([path], format);
  },
);

When('{step} the Test Server executes Reboot on the Device object instance', async function (this: ConformanceWorld, _step: ProcedureStep) {
  this.state.eventsFrom = this.clientDut.registration.cursor();
  this.state.response = await this.clientDut.dm.execute('/3/0/4');
});

Then(
  '{criterion} each Read is answered "2.05 Content" in Content-Format {int} with the/these resource(s) of the Device object as the DUT declares them: {deviceResources}',
  function (this: ConformanceWorld, criterion: Criterion, format: number, names: string[]) {
    requireCriterion(
      criterion,
      `2.05 Content in Content-Format ${format} with ${names.join(', ')} as declared`,
      checkReadsOfDevice(this.state.need('reads'), format, names, this.profile.declared.device ?? {}, this.registry),
    );
  },
);
