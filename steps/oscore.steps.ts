/** Steps of the OSCORE case (ETS int-405), DUT = LwM2M client; judged from the wire (src/conformance/checks/oscore.ts). */
import { When, Then } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';
import { checkReadResponse, checkValues } from '../src/conformance/checks/content';
import { DEVICE_RESOURCES } from '../src/conformance/checks/device';
import { checkEveryMessageProtected, checkProtectedRegister, checkProtectedResponse } from '../src/conformance/checks/oscore';
import { requireCriterion } from '../src/conformance/criteria';

When(
  '{step} the client sends its first request, a Register protected with OSCORE, to the Test Server',
  async function (this: ConformanceWorld, step: ProcedureStep) {
    const { event, register } = await this.clientDut.oscore.firstRequest(step.label);
    this.state.firstRequest = event;
    this.state.register = register;
  },
);

Then(
  '{criterion} the Register carried the OSCORE option under the outer code POST, decrypted to POST \\/rd, and was answered "2.01 Created"',
  function (this: ConformanceWorld, criterion: Criterion) {
    const problems = checkProtectedRegister(this.state.need('firstRequest'), this.state.register);
    requireCriterion(criterion, 'an OSCORE-protected Register (outer POST, inner POST /rd), answered 2.01', problems);
  },
);

Then(
  '{criterion} the Read response carried the OSCORE option under the outer code 2.04 Changed and decrypted to "2.05 Content" with the Device object values the DUT declares, and every message from the client carried the OSCORE option',
  function (this: ConformanceWorld, criterion: Criterion) {
    const [[, res]] = this.state.need('reads');
    const problems = checkProtectedResponse(res.oscore, 'the Read of /3/0');
    const outcome = checkReadResponse(res, '/3/0', undefined, this.registry);
    problems.push(...outcome.problems);
    if (outcome.problems.length === 0) {
      const declared = this.profile.declared.device ?? {};
      problems.push(
        ...checkValues(
          outcome.records,
          DEVICE_RESOURCES.map((d) => ({ path: d.path, name: d.name, value: d.declared(declared) })),
        ),
      );
    }
    problems.push(...checkEveryMessageProtected(this.clientDut.oscore.fromClient()));
    requireCriterion(
      criterion,
      'an OSCORE-protected 2.05 Content (outer 2.04) with the declared Device values; every message protected',
      problems,
    );
  },
);
