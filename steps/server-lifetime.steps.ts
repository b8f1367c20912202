/**
 * Steps of the server-side lifetime extension (int-107, @dut-server). Thin: what is judged lives
 * in src/conformance/server-dut/registration.ts.
 */
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
  '{step} the Test Client sends an Update with the lifetime the server wrote',
  async function (this: ConformanceWorld, _step: ProcedureStep) {
    const r = server(this).registration;
    const old = this.state.need('lifetime');
    this.state.extendedFrom = old;
    this.state.lifetime = r.writtenLifetime(old);
    this.state.response = await r.update({ lifetime: this.state.lifetime });
  },
);

When('{step} the Test Client announces the written Lifetime in an Update', async function (this: ConformanceWorld, _step: ProcedureStep) {
  const r = server(this).registration;
  this.state.response = await r.update({ lifetime: r.heldLifetime() });
});

Then('{criterion} past the old lifetime the server still holds the registration', async function (this: ConformanceWorld, c: Criterion) {
  const s = this.state;
  await server(this).registration.checkKeptPastOldLifetime(
    c.label,
    s.need('extendedFrom'),
    s.need('lifetime'),
    s.need('response').receivedAt,
  );
});
