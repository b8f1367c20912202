/** Steps of the several-servers cases (ETS int-950, int-951), DUT = LwM2M client with two Test Servers. */
import { Given, When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';
import { requireCriterion } from '../src/conformance/criteria';
import { describeWaitFailure } from '../src/conformance/client-dut/session';
import type { ServerNumber } from '../src/conformance/client-dut/multi-server';
import { checkAccountRegister, checkCodes } from '../src/conformance/checks/bootstrap';
import { checkDiscoveredLinks, discoveredLinks, parseExpectedAttributes } from '../src/conformance/checks/discover';

const serverNumber = (n: number): ServerNumber => {
  if (n !== 1 && n !== 2) throw new Error(`the features name Test Server 1 or 2, not ${n}`);
  return n;
};
const responses = (w: ConformanceWorld) => (w.state.serverResponses ??= []);
const answer = (w: ConformanceWorld, prefix: string) => {
  const found = w.state.need('serverResponses').find(([what]) => what.startsWith(prefix));
  if (!found) throw new Error(`step order: no "${prefix}" was sent by an earlier step`);
  return found[1];
};

Given(
  'the client has been bootstrapped with two server accounts, for Test Server 1 and Test Server 2',
  async function (this: ConformanceWorld) {
    await this.clientDut.servers.provisionTwoServers();
  },
);

Given('the client has registered at both Test Servers', async function (this: ConformanceWorld) {
  await this.clientDut.servers.ensureBothRegistered();
});

When(
  '{step} the client sends a Register request to Test Server {int}',
  async function (this: ConformanceWorld, _step: ProcedureStep, n: number) {
    const dut = this.clientDut;
    const registers = (this.state.serverRegisters ??= new Map());
    try {
      registers.set(serverNumber(n), await dut.servers.nextRegister(serverNumber(n)));
    } catch (e) {
      registers.set(serverNumber(n), describeWaitFailure(e, dut.dut) + dut.unusableSince());
    }
  },
);

Then(
  '{criterion} Test Server {int} answers it "2.01 Created" and it carries the client\'s endpoint name and the lifetime of its account',
  function (this: ConformanceWorld, criterion: Criterion, n: number) {
    const dut = this.clientDut;
    const number = serverNumber(n);
    const account = dut.servers.accounts.get(number)!;
    const event = this.state.need('serverRegisters').get(number);
    if (event === undefined) throw new Error(`step order: no step waited for a Register at Test Server ${n}`);
    requireCriterion(
      criterion,
      `a Register at Test Server ${n} with ep="${dut.endpointName}" and lt=${account.lifetime} (SSID ${account.shortServerId}), answered 2.01`,
      typeof event === 'string'
        ? [`no Register at Test Server ${n}: ${event}`]
        : checkAccountRegister(event, account, dut.endpointName, `Test Server ${n}`),
    );
  },
);

When(
  '{step} Test Server {int} writes the attributes {string} on {path}',
  async function (this: ConformanceWorld, _step: ProcedureStep, n: number, query: string, path: string) {
    const res = await this.clientDut.servers.writeAttributes(serverNumber(n), path, query);
    responses(this).push([`Write-Attributes ${path}?${query} from Test Server ${n}`, res]);
  },
);

When(
  '{step} Test Server {int} sends a Discover of {path}',
  async function (this: ConformanceWorld, _step: ProcedureStep, n: number, path: string) {
    responses(this).push([`Discover ${path} from Test Server ${n}`, await this.clientDut.servers.discover(serverNumber(n), path)]);
  },
);

Then('{criterion} both Write-Attributes are answered "2.04 Changed"', function (this: ConformanceWorld, criterion: Criterion) {
  const written = this.state.need('serverResponses').filter(([what]) => what.startsWith('Write-Attributes'));
  requireCriterion(criterion, '2.04 Changed to the Write-Attributes of each Test Server', checkCodes(written, '2.04'));
});

Then(
  '{criterion} the Discover of Test Server {int} shows {string} on {path} and the Device resources 0, 1, 2, 3, 11 and 16',
  function (this: ConformanceWorld, criterion: Criterion, n: number, attributes: string, path: string) {
    const res = answer(this, `Discover ${path} from Test Server ${n}`);
    const { links, problems } = discoveredLinks(res, path);
    // The instance link carries exactly this server's attributes; its resources need only be listed (with dim where multiple).
    const resources = [0, 1, 2, 3, 11, 16].map((r) => `${path}/${r}`);
    const missing = resources.filter((t) => !links.some((l) => l.target === t)).map((t) => `<${t}> is missing`);
    const expected = [{ target: path, attributes: parseExpectedAttributes(attributes) }];
    requireCriterion(
      criterion,
      `2.05 Content listing <${path}>;${attributes} (Test Server ${n}'s own attributes) and its resources`,
      problems.length ? problems : [...checkDiscoveredLinks(links, expected, false), ...missing],
    );
  },
);
