/**
 * Steps of the server-side composite cases (int-280, 281, 230, 304, 305; @dut-server). Thin:
 * what is judged lives in src/conformance/server-dut/composite.ts.
 */
import { When, Then, type DataTable } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import { ServerDutSession } from '../src/conformance/server-dut/session';
import type { AskedValue } from '../src/conformance/server-dut/request-checks';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';

function server(w: ConformanceWorld): ServerDutSession {
  const s = w.session;
  if (!(s instanceof ServerDutSession)) throw new Error(`a server-DUT step in a ${s.role}-DUT case (check the feature's @dut-… tag)`);
  return s;
}

const key = (paths: string[]) => [...paths].sort().join(',');

/** Table rows `| /1/0/1 | 61 |`: integers and booleans as JSON numbers and booleans. */
function askedValues(table: DataTable): AskedValue[] {
  return table
    .raw()
    .map(([path, text]) => [path, /^-?[0-9]+$/.test(text) ? Number(text) : text === 'true' ? true : text === 'false' ? false : text]);
}

When(
  /^(\(\d+\)) the server is asked to read (\/[0-9/]+(?:, \/[0-9/]+)+) in one Read-Composite(?: in format ([a-z-]+))?$/,
  async function (this: ConformanceWorld, _s: ProcedureStep, paths: string, format?: string) {
    this.state.serverComposite = await server(this).composite.read(paths.split(', '), format);
  },
);

Then(
  '{criterion} the Read-Composite the server sends is a FETCH whose SenML body lists exactly those paths, with an Accept',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).composite.checkRead(c.label, this.state.need('serverComposite'));
  },
);

Then('{criterion} the server reports the values the Test Client answered for each path', function (this: ConformanceWorld, c: Criterion) {
  server(this).composite.checkReported(c.label, this.state.need('serverComposite'));
});

Then(
  '{criterion} the server reports the values the Test Client answered, and none for the paths it left out',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).composite.checkReported(c.label, this.state.need('serverComposite'), true);
  },
);

When(
  '{step} the server is asked to write in one Write-Composite:',
  async function (this: ConformanceWorld, _s: ProcedureStep, table: DataTable) {
    this.state.serverComposite = await server(this).composite.write(askedValues(table));
  },
);

Then(
  '{criterion} the Write-Composite the server sends is an iPATCH with a SenML Content-Format',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).composite.checkWrite(c.label, this.state.need('serverComposite'));
  },
);

Then(
  '{criterion} the body of the Write-Composite decodes and holds exactly the values asked for',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).composite.checkWrittenValues(c.label, this.state.need('serverComposite'));
  },
);

When(
  '{step} the server is asked to observe {paths} in one Observe-Composite',
  async function (this: ConformanceWorld, _s: ProcedureStep, paths: string[]) {
    const act = await server(this).composite.observe(paths);
    this.state.serverComposite = act;
    this.state.serverCompositeObservations.set(key(paths), act);
  },
);

Then(
  '{criterion} the Observe-Composite the server sends is a FETCH with Observe=0 whose SenML body lists exactly those paths',
  function (this: ConformanceWorld, c: Criterion) {
    server(this).composite.checkObserve(c.label, this.state.need('serverComposite'));
  },
);

When(
  /^(\(\d+\)) the Test Client notifies the Observe-Composite of (\/[0-9/]+(?:, \/[0-9/]+)+) after setting (\/[0-9/]+) to (\S+)$/,
  async function (this: ConformanceWorld, _s: ProcedureStep, paths: string, at: string, value: string) {
    const s = server(this);
    const observed = this.state.serverCompositeObservations.get(key(paths.split(', ')));
    if (observed) s.composite.requireObserved(observed);
    this.state.compositeNotifications = await s.composite.notify(paths.split(', '), [
      [at, /^-?[0-9]+$/.test(value) ? Number(value) : value],
    ]);
  },
);

Then('{criterion} the server acknowledges the confirmable composite notification', function (this: ConformanceWorld, c: Criterion) {
  return server(this).reporting.checkAcknowledged(c.label, this.state.need('compositeNotifications'));
});

Then('{criterion} the server answers the composite notification with RST', function (this: ConformanceWorld, c: Criterion) {
  server(this).reporting.checkReset(c.label, this.state.need('compositeNotifications'));
});

When(
  '{step} the server is asked to cancel the Observe-Composite of {paths} {word}',
  async function (this: ConformanceWorld, _s: ProcedureStep, paths: string[], how: string) {
    const ops = server(this).composite;
    if (how === 'passively') return ops.cancelPassively(paths);
    this.state.serverComposite = await ops.cancelActively(paths);
  },
);

Then(
  '{criterion} the cancellation is a FETCH with Observe=1, the token of the observation and the same path list',
  function (this: ConformanceWorld, c: Criterion) {
    const cancel = this.state.need('serverComposite');
    const observation = this.state.serverCompositeObservations.get(key(cancel.paths));
    if (!observation) throw new Error('step order: no Observe-Composite of these paths before the cancellation');
    server(this).composite.checkCancel(c.label, cancel, observation);
  },
);
