/** Steps of the Device Management & Service Enablement cases (ETS int-2xx), DUT = LwM2M client. */
import { When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { IncomingResponse } from '../src/coap/endpoint';
import { checkReadResponse, checkValues } from '../src/conformance/checks/content';
import { requireCriterion } from '../src/conformance/criteria';
import { DEVICE_RESOURCES } from '../src/conformance/checks/device';

When(
  /^the Test Server reads (\/[0-9/]+(?:, \/[0-9/]+)*) one by one, accepting Content-Format (\d+)$/,
  async function (this: ConformanceWorld, paths: string, format: string) {
    const reads: [string, IncomingResponse][] = [];
    for (const path of paths.split(', ')) reads.push([path, await this.client.read(path, Number(format))]);
    this.remember('reads', reads);
  },
);

When('the Test Server executes Reboot on the Device object instance', async function (this: ConformanceWorld) {
  this.remember('cursor', this.client.server.events.cursor());
  this.remember('response', await this.client.execute('/3/0/4'));
});

When(
  /^the Test Server reads (\/[0-9/]+), accepting Content-Format (\d+)$/,
  async function (this: ConformanceWorld, path: string, format: string) {
    this.remember('reads', [[path, await this.client.read(path, Number(format))]]);
  },
);

Then(
  /^\(([A-Z](?:, [A-Z])*)\) each Read is answered "2.05 Content" in Content-Format (\d+) with (?:the|these) resources? of the Device object as the DUT declares them: (.+)$/,
  function (this: ConformanceWorld, letter: string, format: string, names: string) {
    const wanted = names.split(', ').map((n) => {
      const r = DEVICE_RESOURCES.find((d) => d.name === n);
      if (!r) throw new Error(`unknown Device resource name "${n}" in the feature file`);
      return r;
    });
    const problems: string[] = [];
    for (const [path, res] of this.recall<[string, IncomingResponse][]>('reads')) {
      const outcome = checkReadResponse(res, path, Number(format), this.client.registry);
      problems.push(...outcome.problems);
      if (outcome.problems.length > 0) continue;
      const here = wanted.filter((w) => w.path === path || w.path.startsWith(path + '/'));
      problems.push(
        ...checkValues(
          outcome.records,
          here.map((w) => ({ path: w.path, name: w.name, value: w.declared(this.profile.declared.device ?? {}) })),
        ),
      );
    }
    requireCriterion(letter, `2.05 Content in Content-Format ${format} with ${names} as declared`, problems);
  },
);
