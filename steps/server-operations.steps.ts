/**
 * Steps of the server-side Device Management, Information Reporting and queue-mode cases
 * (@dut-server). Thin: what is judged lives in src/conformance/server-dut.
 */
import { Given, When, Then, type DataTable } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import { ServerDutSession } from '../src/conformance/server-dut/session';
import type { ServerAct } from '../src/conformance/server-dut/device-management';
import type { AskedValue } from '../src/conformance/server-dut/request-checks';
import type { HeldRead } from '../src/conformance/server-dut/queue-mode';
import type { NotificationEvent } from '../src/peers/test-client/test-client';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';
import type { ActionOutcome } from '../src/conformance/actions/types';
import type { IncomingResponse } from '../src/coap/endpoint';

function server(w: ConformanceWorld): ServerDutSession {
  const s = w.session;
  if (!(s instanceof ServerDutSession)) throw new Error(`a server-DUT step in a ${s.role}-DUT case (check the feature's @dut-… tag)`);
  return s;
}

/** What the steps of one server-side case hand on. */
interface ServerCase {
  /** The requests of the last procedure step that asked the server to act. */
  acts?: ServerAct[];
  /** The Write-Attributes of the case so far, judged together. */
  attributeWrites: ServerAct[];
  observations: Map<string, ServerAct>;
  notifications?: NotificationEvent[];
  sent?: string[];
  held?: HeldRead;
  readWhileAwake?: boolean;
  updateMark?: number;
  response?: IncomingResponse;
}
const cases = new WeakMap<ConformanceWorld, ServerCase>();
function state(w: ConformanceWorld): ServerCase {
  let c = cases.get(w);
  if (!c) cases.set(w, (c = { observations: new Map(), attributeWrites: [] }));
  return c;
}
function need<K extends keyof ServerCase>(w: ConformanceWorld, key: K): NonNullable<ServerCase[K]> {
  const v = state(w)[key];
  if (v === undefined) throw new Error(`step order: "${String(key)}" was not set by an earlier step of this case`);
  return v as NonNullable<ServerCase[K]>;
}

/** Table rows `| /1/0/2 | 101 |` as asked values: integers and booleans as JSON numbers and booleans. */
function askedValues(table: DataTable): AskedValue[] {
  return table
    .raw()
    .map(([path, text]) => [path, /^-?[0-9]+$/.test(text) ? Number(text) : text === 'true' ? true : text === 'false' ? false : text]);
}

/** "pmin=10&pmax=200" as attributes. */
function attributes(query: string): Record<string, number> {
  return Object.fromEntries(query.split('&').map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]));
}

/** "/3/0/7/0 to 3900 and /3/0/8/0 to 130" as values to set. */
function settings(text: string): [string, unknown][] {
  return text.split(' and ').map((s) => {
    const [path, value] = s.split(' to ');
    return [path, /^-?[0-9]+$/.test(value) ? Number(value) : value];
  });
}

// ---- preconditions --------------------------------------------------------------------------

Given('the Test Client holds Portfolio instance {path}', function (this: ConformanceWorld, path: string) {
  const iid = Number(path.split('/')[2]);
  server(this).client.store.put(16, iid, { 0: [`Host Device ID #${iid + 1}`, `Host Device Model #${iid + 1}`] });
});

Given('the server under test observes {path}', async function (this: ConformanceWorld, path: string) {
  state(this).observations.set(path, await server(this).reporting.ensureObserved(path));
});

Given('the Test Client has registered with the server under test in queue mode', async function (this: ConformanceWorld) {
  await server(this).registration.ensureRegistered(undefined, true);
});

Given(
  'the server under test has read {path} from the Test Client while it is awake',
  async function (this: ConformanceWorld, path: string) {
    await server(this).dm.readAsPrecondition(path);
    state(this).readWhileAwake = true;
  },
);

// ---- device management ----------------------------------------------------------------------

When(
  '{step} the server is asked to write each resource in format {word}:',
  async function (this: ConformanceWorld, _s: ProcedureStep, format: string, table: DataTable) {
    const ops = server(this).management;
    const acts: ServerAct[] = [];
    for (const [path, value] of askedValues(table)) acts.push(await ops.write('replace', path, format, [[path, value]]));
    state(this).acts = acts;
  },
);

When(
  '{step} the server is asked to update {path} partially in format {word} with:',
  async function (this: ConformanceWorld, _s: ProcedureStep, path: string, format: string, table: DataTable) {
    state(this).acts = [await server(this).management.write('partial', path, format, askedValues(table))];
  },
);

When(
  '{step} the server is asked to replace {path} in format {word} with:',
  async function (this: ConformanceWorld, _s: ProcedureStep, path: string, format: string, table: DataTable) {
    state(this).acts = [await server(this).management.write('replace', path, format, askedValues(table))];
  },
);

Then(
  '{criterion} each Write the server sends is a PUT on its path with the Content-Format of that format',
  function (this: ConformanceWorld, c: Criterion) {
    for (const a of need(this, 'acts')) server(this).management.checkWrite(c.label, a, 'replace');
  },
);

Then(
  '{criterion} the Write the server sends is a {word} on its path with the Content-Format of that format',
  function (this: ConformanceWorld, c: Criterion, method: string) {
    for (const a of need(this, 'acts')) server(this).management.checkWrite(c.label, a, method === 'PUT' ? 'replace' : 'partial');
  },
);

Then('{criterion} the payload of each Write decodes and holds the value asked for', function (this: ConformanceWorld, c: Criterion) {
  for (const a of need(this, 'acts')) server(this).management.checkPayload(c.label, a);
});

Then('{criterion} the server reports the failure the Test Client answered to each Write', function (this: ConformanceWorld, c: Criterion) {
  for (const a of need(this, 'acts')) server(this).management.checkReportedFailure(c.label, a);
});

When('{step} the server is asked to execute {path}', async function (this: ConformanceWorld, _s: ProcedureStep, path: string) {
  state(this).acts = [await server(this).management.execute(path)];
});

Then('{criterion} the Execute the server sends is a POST on its path without a payload', function (this: ConformanceWorld, c: Criterion) {
  for (const a of need(this, 'acts')) server(this).management.checkExecute(c.label, a);
});

When(
  '{step} the server is asked to create an instance of {path} in format {word} with:',
  async function (this: ConformanceWorld, _s: ProcedureStep, path: string, format: string, table: DataTable) {
    state(this).acts = [await server(this).management.create(path, format, askedValues(table))];
  },
);

Then(
  '{criterion} the Create the server sends is a POST on the object with the Content-Format of that format and the values asked for',
  function (this: ConformanceWorld, c: Criterion) {
    for (const a of need(this, 'acts')) server(this).management.checkCreate(c.label, a);
  },
);

Then('{criterion} the server reports the instance the Test Client created', function (this: ConformanceWorld, c: Criterion) {
  for (const a of need(this, 'acts')) server(this).management.checkCreatedLocation(c.label, a);
});

When('{step} the server is asked to delete {path}', async function (this: ConformanceWorld, _s: ProcedureStep, path: string) {
  state(this).acts = [await server(this).management.delete(path)];
});

Then('{criterion} the Delete the server sends is a DELETE on its path without a payload', function (this: ConformanceWorld, c: Criterion) {
  for (const a of need(this, 'acts')) server(this).management.checkDelete(c.label, a);
});

When(
  '{step} the server is asked to write the attributes {word} to {path}',
  async function (this: ConformanceWorld, _s: ProcedureStep, query: string, path: string) {
    state(this).attributeWrites.push(await server(this).management.writeAttributes(path, attributes(query)));
  },
);

Then(
  '{criterion} each Write-Attributes the server sends is a PUT on its path with one query option per attribute and no payload',
  function (this: ConformanceWorld, c: Criterion) {
    const writes = state(this).attributeWrites;
    if (writes.length === 0) throw new Error('step order: no Write-Attributes was asked of the server earlier in this case');
    for (const a of writes) server(this).management.checkWriteAttributes(c.label, a);
  },
);

When('{step} the server is asked to discover {path}', async function (this: ConformanceWorld, _s: ProcedureStep, path: string) {
  state(this).acts = [await server(this).management.discover(path)];
});

When(
  '{step} the server is asked to discover {path} with depth {int}',
  async function (this: ConformanceWorld, _s: ProcedureStep, path: string, depth: number) {
    state(this).acts = [await server(this).management.discover(path, depth)];
  },
);

Then(
  '{criterion} the Discover the server sends is a GET on its path with Accept 40, the query depth={int} and no payload',
  function (this: ConformanceWorld, c: Criterion, depth: number) {
    for (const a of need(this, 'acts')) {
      if (a.depth !== depth) throw new Error(`step text: the Discover was asked with depth ${a.depth}, not ${depth}`);
      server(this).management.checkDiscover(c.label, a);
    }
  },
);

Then(
  '{criterion} the Discover the server sends is a GET on its path with Accept 40 and no payload',
  function (this: ConformanceWorld, c: Criterion) {
    for (const a of need(this, 'acts')) server(this).management.checkDiscover(c.label, a);
  },
);

Then('{criterion} the server reports the links the Test Client answered', function (this: ConformanceWorld, c: Criterion) {
  for (const a of need(this, 'acts')) server(this).management.checkReportedLinks(c.label, a);
});

// ---- information reporting ------------------------------------------------------------------

When('{step} the server is asked to observe {paths}', async function (this: ConformanceWorld, _s: ProcedureStep, paths: string[]) {
  const acts: ServerAct[] = [];
  for (const p of paths) {
    const act = await server(this).reporting.observe(p);
    state(this).observations.set(p, act);
    acts.push(act);
  }
  state(this).acts = acts;
});

When('{step} the server is asked to observe {path}', async function (this: ConformanceWorld, _s: ProcedureStep, path: string) {
  const act = await server(this).reporting.observe(path);
  state(this).observations.set(path, act);
  state(this).acts = [act];
});

When(
  '{step} the server is asked to observe {path} with the attributes {word} as parameters',
  async function (this: ConformanceWorld, _s: ProcedureStep, path: string, query: string) {
    const act = await server(this).reporting.observe(path, undefined, attributes(query));
    state(this).observations.set(path, act);
    state(this).acts = [act];
  },
);

Then(
  '{criterion} each Observe the server sends is a GET on its path with Observe=0 and the attributes asked for, one query option each',
  function (this: ConformanceWorld, c: Criterion) {
    for (const a of need(this, 'acts')) server(this).reporting.checkObserve(c.label, a);
  },
);

Then('{criterion} each Observe the server sends is a GET on its path with Observe=0', function (this: ConformanceWorld, c: Criterion) {
  for (const a of need(this, 'acts')) server(this).reporting.checkObserve(c.label, a);
});

When(
  /^(\(\d+\)) the Test Client notifies (\/[0-9/]+(?:, \/[0-9/]+)*) after setting (.+?)( and the server acknowledges it)?$/,
  // The "(4)" group is a {step} (its pattern is the parameter type's): the session knows the step.
  async function (this: ConformanceWorld, _s: ProcedureStep, paths: string, changes: string, acked?: string) {
    const s = server(this);
    const events = await s.reporting.notifyChanges(paths.split(', '), settings(changes));
    if (acked) await s.reporting.checkAcknowledged(s.currentStep, events);
    state(this).notifications = events;
  },
);

Then('{criterion} the server acknowledges each confirmable notification', function (this: ConformanceWorld, c: Criterion) {
  return server(this).reporting.checkAcknowledged(c.label, need(this, 'notifications'));
});

Then(
  '{criterion} the server reports the notified values of {paths}',
  async function (this: ConformanceWorld, c: Criterion, paths: string[]) {
    const r = server(this).reporting;
    for (const p of paths) r.checkReportedValues(c.label, p, await r.notified(c.label, p), 'the notified values');
  },
);

Then('{criterion} the server reports the notified values of {path}', async function (this: ConformanceWorld, c: Criterion, path: string) {
  const r = server(this).reporting;
  r.checkReportedValues(c.label, path, await r.notified(c.label, path), 'the notified values');
});

When(
  '{step} the server is asked to cancel the observation of {path} {word}',
  async function (this: ConformanceWorld, _s: ProcedureStep, path: string, how: string) {
    const r = server(this).reporting;
    if (how === 'passively') return r.cancelPassively(path);
    state(this).acts = [await r.cancelActively(path)];
  },
);

Then('{criterion} the server answers the notification with a Reset', function (this: ConformanceWorld, c: Criterion) {
  server(this).reporting.checkReset(c.label, need(this, 'notifications'));
});

Then(
  '{criterion} the cancellation is a GET on the observed path with Observe=1 and the token of the observation',
  function (this: ConformanceWorld, c: Criterion) {
    for (const a of need(this, 'acts')) {
      const observed = state(this).observations.get(a.path);
      if (!observed) throw new Error(`step order: no observation of ${a.path} was asked for`);
      server(this).reporting.checkCancel(c.label, a, observed);
    }
  },
);

When(
  /^(\(\d+\)) the Test Client sends (\/[0-9/]+(?:, \/[0-9/]+)*) by Send(?: after setting (.+))?$/,
  async function (this: ConformanceWorld, _s: ProcedureStep, paths: string, changes?: string) {
    const st = state(this);
    st.sent = paths.split(', ');
    this.state.response = await server(this).reporting.send(st.sent, changes ? settings(changes) : []);
  },
);

Then('{criterion} the server reports the values the Test Client sent', async function (this: ConformanceWorld, c: Criterion) {
  const r = server(this).reporting;
  const outcome: ActionOutcome = await r.sentValues(c.label);
  r.checkSentValues(c.label, need(this, 'sent'), outcome);
});

// ---- queue mode -----------------------------------------------------------------------------

When('{step} the Test Client sends a Register request in queue mode', async function (this: ConformanceWorld, _s: ProcedureStep) {
  this.state.response = await server(this).queue.register();
});

When(
  '{step} the server is asked to read {path} while the Test Client is awake',
  async function (this: ConformanceWorld, _s: ProcedureStep, path: string) {
    await server(this).dm.read(path);
    state(this).readWhileAwake = true;
  },
);

When(
  '{step} the Test Client sleeps and the server is asked to read {path}',
  async function (this: ConformanceWorld, _s: ProcedureStep, path: string) {
    const q = server(this).queue;
    await q.sleep();
    state(this).held = q.askRead(path);
  },
);

Then('{criterion} the server sends nothing while the Test Client sleeps', async function (this: ConformanceWorld, c: Criterion) {
  await server(this).queue.checkNothingSent(c.label, need(this, 'held'), state(this).readWhileAwake === true);
});

When('{step} the Test Client sends an Update', async function (this: ConformanceWorld, _s: ProcedureStep) {
  state(this).updateMark = await server(this).queue.wake();
});

Then('{criterion} the server sends the held Read after the Update', async function (this: ConformanceWorld, c: Criterion) {
  await server(this).queue.checkSentAfterUpdate(c.label, need(this, 'held'), need(this, 'updateMark'));
});
