/** Steps of the Device Management & Service Enablement cases (ETS int-2xx, 6xx, 16xx), DUT = LwM2M client. */
import { Given, When, Then, type DataTable } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import type { Criterion, ProcedureStep } from '../src/conformance/procedure';
import { checkReadsOfDevice, checkRecordsHoldWithClock } from '../src/conformance/checks/device';
import { checkReadLevel, checkReadResponse } from '../src/conformance/checks/content';
import { checkRecordsHold, restorableRecords, writableRecords } from '../src/conformance/checks/values';
import {
  checkDiscoveredLinks,
  checkLinkDepth,
  dimOptionalOn,
  discoveredLinks,
  parseExpectedAttributes,
} from '../src/conformance/checks/discover';
import { checkCompositeRead } from '../src/conformance/checks/composite';
import {
  allReads,
  checkAnswerCodes,
  checkCreated,
  checkNothingUnder,
  declaredFormats,
  lastRead,
} from '../src/conformance/checks/management';
import { awaitCriterion, requireCriterion } from '../src/conformance/criteria';
import { contentFormat } from '../src/coap/message';

const rowsOf = (table: DataTable) => table.rows();
/** Milliseconds since the last write step (how far a clock resource may have run on). */
const sinceWrite = (world: ConformanceWorld) => Date.now() - (world.state.writtenAt ?? Date.now());

// ---- preconditions ------------------------------------------------------------------------

Given('the Test Server has saved the values of {path}', async function (this: ConformanceWorld, path: string) {
  this.state.saved.set(path, await this.clientDut.dm.snapshot(path));
});

// ---- procedure: reads ---------------------------------------------------------------------

When(
  '{step} the Test Server reads {paths} one by one, accepting Content-Format {int}',
  async function (this: ConformanceWorld, _step: ProcedureStep, paths: string[], format: number) {
    this.state.reads = await this.clientDut.dm.readEach(paths, format);
  },
);

When(
  '{step} the Test Server reads {path}, accepting Content-Format {int}',
  async function (this: ConformanceWorld, _step: ProcedureStep, path: string, format: number) {
    this.state.reads = await this.clientDut.dm.readEach([path], format);
  },
);

When(
  '{step} the Test Server reads {paths} one by one without an Accept option',
  async function (this: ConformanceWorld, _step: ProcedureStep, paths: string[]) {
    this.state.reads = await this.clientDut.dm.readEach(paths);
  },
);

When(
  '{step} the Test Server reads {path} without an Accept option',
  async function (this: ConformanceWorld, _step: ProcedureStep, path: string) {
    this.state.reads = await this.clientDut.dm.readEach([path]);
  },
);

When('{step} the Test Server executes Reboot on the Device object instance', async function (this: ConformanceWorld, _step: ProcedureStep) {
  this.state.eventsFrom = this.clientDut.registration.cursor();
  this.state.response = await this.clientDut.dm.execute('/3/0/4');
});

// ---- procedure: writes, create, delete ----------------------------------------------------

When(
  '{step} the Test Server writes each of these resources by a replace, in Content-Format {int}:',
  async function (this: ConformanceWorld, _step: ProcedureStep, format: number, table: DataTable) {
    const dm = this.clientDut.dm;
    this.state.eventsFrom = this.clientDut.registration.cursor();
    this.state.written = await dm.records(rowsOf(table));
    this.state.writtenAt = Date.now();
    this.state.writes = [];
    for (const r of this.state.written)
      this.state.writes.push([String(r.path), await dm.writeRecords(String(r.path), [r], format, 'replace')]);
  },
);

When(
  '{step} the Test Server writes these values to {path} by {writeMode}, in Content-Format {int}:',
  async function (
    this: ConformanceWorld,
    _step: ProcedureStep,
    path: string,
    mode: 'replace' | 'partial',
    format: number,
    table: DataTable,
  ) {
    const dm = this.clientDut.dm;
    this.state.eventsFrom = this.clientDut.registration.cursor();
    this.state.written = await dm.records(rowsOf(table));
    this.state.writtenAt = Date.now();
    this.state.writes = [[path, await dm.writeRecords(path, this.state.written, format, mode)]];
  },
);

When(
  '{step} the Test Server writes the saved values of {path} back by {writeMode}, in Content-Format {int}',
  async function (this: ConformanceWorld, _step: ProcedureStep, path: string, mode: 'replace' | 'partial', format: number) {
    const saved = this.state.saved.get(path);
    if (!saved) throw new Error(`step order: nothing was saved for ${path}`);
    this.state.eventsFrom = this.clientDut.registration.cursor();
    this.state.written = writableRecords(saved, this.registry);
    this.state.writtenAt = Date.now();
    this.state.writes = [[path, await this.clientDut.dm.writeRecords(path, this.state.written, format, mode)]];
  },
);

When(
  '{step} the Test Server writes these values in one Write-Composite, in Content-Format {int}:',
  async function (this: ConformanceWorld, _step: ProcedureStep, format: number, table: DataTable) {
    const dm = this.clientDut.dm;
    this.state.eventsFrom = this.clientDut.registration.cursor();
    this.state.written = await dm.records(rowsOf(table));
    this.state.writtenAt = Date.now();
    this.state.writes = [['/', await dm.writeComposite(this.state.written, format)]];
  },
);

When(
  '{step} the Test Server creates an instance of {path} with these values, in Content-Format {int}:',
  async function (this: ConformanceWorld, _step: ProcedureStep, path: string, format: number, table: DataTable) {
    this.state.written = await this.clientDut.dm.records(rowsOf(table));
    this.state.createdFrom = this.clientDut.registration.cursor();
    this.state.response = await this.clientDut.dm.create(path, this.state.written, format);
  },
);

When('{step} the Test Server deletes {path}', async function (this: ConformanceWorld, _step: ProcedureStep, path: string) {
  this.state.response = await this.clientDut.dm.delete(path);
});

When(
  '{step} the Test Server deletes each instance of {path} that the Discover listed',
  async function (this: ConformanceWorld, _step: ProcedureStep, path: string) {
    const [at, res] = this.state.need('discovery');
    const instances = discoveredLinks(res, at).links.filter((l) => l.target.startsWith(path + '/') && l.target.split('/').length === 3);
    this.state.writes = [];
    for (const l of instances) this.state.writes.push([l.target, await this.clientDut.dm.delete(l.target)]);
  },
);

// ---- procedure: Discover and Write-Attributes ----------------------------------------------

When('{step} the Test Server discovers {path}', async function (this: ConformanceWorld, _step: ProcedureStep, path: string) {
  this.state.discovery = [path, await this.clientDut.dm.discover(path)];
});

When(
  '{step} the Test Server discovers {path} with depth {int}',
  async function (this: ConformanceWorld, _step: ProcedureStep, path: string, depth: number) {
    this.state.discovery = [path, await this.clientDut.dm.discover(path, `depth=${depth}`)];
  },
);

When(
  '{step} the Test Server writes the attributes {string} to {path}',
  async function (this: ConformanceWorld, _step: ProcedureStep, query: string, path: string) {
    this.state.writes = [[path, await this.clientDut.dm.writeAttributes(path, query)]];
  },
);

When('{step} the Test Server writes these attributes:', async function (this: ConformanceWorld, _step: ProcedureStep, table: DataTable) {
  this.state.writes = [];
  for (const [path, query] of rowsOf(table)) this.state.writes.push([path, await this.clientDut.dm.writeAttributes(path, query)]);
});

// ---- procedure: composite ------------------------------------------------------------------

When(
  '{step} the Test Server reads {paths} in one Read-Composite, in Content-Format {int}',
  async function (this: ConformanceWorld, _step: ProcedureStep, paths: string[], format: number) {
    const resolved = await Promise.all(paths.map((p) => this.clientDut.dm.resolve(p)));
    this.state.composite = { paths: resolved, format, response: await this.clientDut.dm.readComposite(resolved, format) };
  },
);

When(
  '{step} the Test Server reads {path} in one Read-Composite, in Content-Format {int}',
  async function (this: ConformanceWorld, _step: ProcedureStep, path: string, format: number) {
    this.state.composite = { paths: [path], format, response: await this.clientDut.dm.readComposite([path], format) };
  },
);

// ---- restoring what a case changed (not judged: the case's criteria are decided by then) ----

When('the Test Server restores the client by deleting {path}', async function (this: ConformanceWorld, path: string) {
  await this.clientDut.dm.delete(path);
});

When(
  'the Test Server restores the written resources to the saved values of {path}, in Content-Format {int}',
  async function (this: ConformanceWorld, path: string, format: number) {
    const saved = this.state.saved.get(path) ?? [];
    for (const w of this.state.need('written')) {
      const old = saved.find((s) => s.path.equals(w.path));
      if (old) await this.clientDut.dm.writeRecords(String(old.path), [old], format, 'replace');
    }
  },
);

When(
  'the Test Server restores the saved instances of {path} by Create, in Content-Format {int}',
  async function (this: ConformanceWorld, path: string, format: number) {
    await this.clientDut.dm.recreate(path, this.state.saved.get(path) ?? [], format);
  },
);

When(
  'the Test Server restores the client by removing the attributes {string} of {path}',
  async function (this: ConformanceWorld, query: string, path: string) {
    await this.clientDut.dm.writeAttributes(path, query);
  },
);

When(
  'the Test Server restores the client by removing the attributes {string} of {path} and {string} of {path}',
  async function (this: ConformanceWorld, first: string, firstPath: string, second: string, secondPath: string) {
    await this.clientDut.dm.writeAttributes(firstPath, first);
    await this.clientDut.dm.writeAttributes(secondPath, second);
  },
);

// ---- pass criteria -------------------------------------------------------------------------

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

Then(
  '{criterion} each Read is answered "2.05 Content" in Content-Format {int} with the data of its level',
  function (this: ConformanceWorld, criterion: Criterion, format: number) {
    const problems = this.state.need('reads').flatMap(([path, res]) => {
      const outcome = checkReadResponse(res, path, format, this.registry);
      return outcome.problems.length
        ? outcome.problems
        : checkReadLevel(path, outcome.records, this.registry, this.clientDut.dm.registeredInstances(path));
    });
    requireCriterion(criterion, `2.05 Content in Content-Format ${format} holding the data of each path`, problems);
  },
);

Then(
  '{criterion} each Read is answered "2.05 Content" in a Content-Format the DUT declares, with the data of its level',
  function (this: ConformanceWorld, criterion: Criterion) {
    const allowed = declaredFormats(this.profile.ics);
    const problems = this.state.need('reads').flatMap(([path, res]) => {
      const outcome = checkReadResponse(res, path, undefined, this.registry);
      const cf = contentFormat(res.message);
      if (outcome.problems.length) return outcome.problems;
      if (cf !== undefined && !allowed.includes(cf))
        return [`Read ${path} was answered in Content-Format ${cf}, which the DUT's ICS does not declare`];
      return checkReadLevel(path, outcome.records, this.registry, this.clientDut.dm.registeredInstances(path));
    });
    requireCriterion(
      criterion,
      `2.05 Content in a declared Content-Format (${allowed.join(', ')}) holding the data of each path`,
      problems,
    );
  },
);

Then('{criterion} the Read shows these values:', async function (this: ConformanceWorld, criterion: Criterion, table: DataTable) {
  const expected = await this.clientDut.dm.expectations(rowsOf(table));
  const read = lastRead(this.state.need('reads'), this.registry);
  requireCriterion(
    criterion,
    'the Read to show the values of the test case',
    read.problems.length ? read.problems : checkRecordsHold(read.records, expected, 'is expected'),
  );
});

Then('{criterion} the Reads show these values:', async function (this: ConformanceWorld, criterion: Criterion, table: DataTable) {
  const expected = await this.clientDut.dm.expectations(rowsOf(table));
  const read = allReads(this.state.need('reads'), this.registry);
  requireCriterion(
    criterion,
    'the Reads to show the values of the test case',
    read.problems.length ? read.problems : checkRecordsHold(read.records, expected, 'is expected'),
  );
});

Then('{criterion} the Read shows the written values', function (this: ConformanceWorld, criterion: Criterion) {
  const read = lastRead(this.state.need('reads'), this.registry);
  requireCriterion(
    criterion,
    'the Read to show the values written',
    read.problems.length
      ? read.problems
      : checkRecordsHoldWithClock(read.records, this.state.need('written'), 'was written', sinceWrite(this)),
  );
});

Then('{criterion} the Reads show the written values', function (this: ConformanceWorld, criterion: Criterion) {
  const read = allReads(this.state.need('reads'), this.registry);
  requireCriterion(
    criterion,
    'the Reads to show the values written',
    read.problems.length
      ? read.problems
      : checkRecordsHoldWithClock(read.records, this.state.need('written'), 'was written', sinceWrite(this)),
  );
});

Then(
  '{criterion} the Read shows the written values, and the saved values of {path} where nothing was written',
  function (this: ConformanceWorld, criterion: Criterion, path: string) {
    const read = lastRead(this.state.need('reads'), this.registry);
    const written = this.state.need('written');
    const untouched = (this.state.saved.get(path) ?? []).filter((s) => !written.some((w) => w.path.equals(s.path)));
    requireCriterion(
      criterion,
      'the written values, and the other resources as they were (a partial update)',
      read.problems.length
        ? read.problems
        : [
            ...checkRecordsHold(read.records, written, 'was written'),
            ...checkRecordsHold(read.records, untouched, 'was there before and not written'),
          ],
    );
  },
);

Then('{criterion} the Read shows the saved values of {path} again', function (this: ConformanceWorld, criterion: Criterion, path: string) {
  const read = lastRead(this.state.need('reads'), this.registry);
  const saved = this.state.saved.get(path);
  if (!saved) throw new Error(`step order: nothing was saved for ${path}`);
  requireCriterion(
    criterion,
    `the values of ${path} as saved before the procedure`,
    read.problems.length
      ? read.problems
      : checkRecordsHoldWithClock(
          read.records,
          restorableRecords(saved, this.registry),
          'was saved before the procedure',
          sinceWrite(this),
        ),
  );
});

Then('{criterion} each Write is answered {string}', function (this: ConformanceWorld, criterion: Criterion, code: string) {
  requireCriterion(criterion, `${code} to each`, checkAnswerCodes(this.state.need('writes'), code));
});

Then('{criterion} the request is answered {string}', function (this: ConformanceWorld, criterion: Criterion, code: string) {
  requireCriterion(criterion, code, checkAnswerCodes([['the request', this.state.need('response')]], code));
});

Then('{criterion} the client sends an Update carrying the written lifetime', async function (this: ConformanceWorld, criterion: Criterion) {
  const lifetime = this.state.need('written').find((r) => r.path.objectId === 1 && r.path.resourceId === 1);
  if (!lifetime) throw new Error('the last write step wrote no Lifetime (/1/x/1)');
  await awaitCriterion(
    criterion,
    `an Update with lt=${lifetime.value}`,
    this.clientDut.dm.lifetimeUpdate(this.state.eventsFrom, lifetime.value as bigint),
  );
});

Then(
  /^(\([A-Z](?:, [A-Z])*\)) the Discover is answered "2\.05 Content" with (at least|exactly) these links:$/,
  function (this: ConformanceWorld, criterion: Criterion, how: string, table: DataTable) {
    const [path, res] = this.state.need('discovery');
    const { links, problems } = discoveredLinks(res, path);
    const expected = rowsOf(table).map(([target, attributes]) => ({
      target: target.replace(/^<|>$/g, ''),
      attributes: parseExpectedAttributes(attributes),
    }));
    requireCriterion(
      criterion,
      `2.05 Content in link format with ${how} ${expected.map((e) => `<${e.target}>`).join(',')}`,
      problems.length ? problems : checkDiscoveredLinks(links, expected, how === 'exactly', dimOptionalOn(path, this.profile.lwm2mVersion)),
    );
  },
);

Then(
  '{criterion} the Discover lists nothing more than {int} level(s) below {path}',
  function (this: ConformanceWorld, criterion: Criterion, depth: number, target: string) {
    const [path, res] = this.state.need('discovery');
    const { links, problems } = discoveredLinks(res, path);
    requireCriterion(
      criterion,
      `no link more than ${depth} level(s) below ${target}`,
      problems.length ? problems : checkLinkDepth(links, target, depth),
    );
  },
);

Then(
  /^(\([A-Z](?:, [A-Z])*\)) the Read-Composite is answered "2\.05 Content" with data for (.+?)(?:, leaving out (.+?))?( and nothing of \/0, \/21 or \/23)?$/,
  async function (
    this: ConformanceWorld,
    criterion: Criterion,
    present: string,
    absent: string | undefined,
    forbidden: string | undefined,
  ) {
    const { paths, format, response } = this.state.need('composite');
    const outcome = checkReadResponse(response, '/', format, this.registry);
    const resolve = (list: string) => Promise.all(list.split(', ').map((p) => this.clientDut.dm.resolve(p)));
    const expect = {
      present: await resolve(present),
      absent: absent ? await resolve(absent) : [],
      forbiddenObjects: forbidden ? [0, 21, 23] : [],
    };
    requireCriterion(
      criterion,
      `2.05 Content in Content-Format ${format} with data for ${present}${absent ? `, without ${absent}` : ''}`,
      outcome.problems.length ? outcome.problems : checkCompositeRead(paths, outcome.records, expect, this.registry),
    );
  },
);

Then('{criterion} the Read-Composite shows these values:', async function (this: ConformanceWorld, criterion: Criterion, table: DataTable) {
  const { format, response } = this.state.need('composite');
  const outcome = checkReadResponse(response, '/', format, this.registry);
  const expected = await this.clientDut.dm.expectations(rowsOf(table));
  requireCriterion(
    criterion,
    'the values of the test case',
    outcome.problems.length ? outcome.problems : checkRecordsHold(outcome.records, expected, 'is expected'),
  );
});

Then('{criterion} each Read is answered {string}', function (this: ConformanceWorld, criterion: Criterion, code: string) {
  requireCriterion(criterion, `${code} to each Read`, checkAnswerCodes(this.state.need('reads'), code));
});

Then('{criterion} the Read holds no data under {path}', function (this: ConformanceWorld, criterion: Criterion, path: string) {
  const read = lastRead(this.state.need('reads'), this.registry);
  requireCriterion(criterion, `no data under ${path}`, read.problems.length ? read.problems : checkNothingUnder(read.records, path));
});

Then(
  '{criterion} the Create is answered {string} with the Location-Path {path}',
  function (this: ConformanceWorld, criterion: Criterion, code: string, path: string) {
    requireCriterion(criterion, `${code} with Location-Path ${path}`, checkCreated(this.state.need('response'), code, path));
  },
);
