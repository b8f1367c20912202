/**
 * `lwm2m-conformance run`: the conformance suite against one DUT. Decides applicability from the
 * ICS, runs the applicable cases with Cucumber, and always writes the report (also when
 * interrupted). Exit code 0 when no case is FAIL or ERROR, 1 otherwise.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Writable } from 'node:stream';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import parseTagExpression from '@cucumber/tag-expressions';
import {
  loadDutProfile,
  dutSummary,
  timersForReport,
  withTiming,
  TIMING_MODES,
  type DutProfile,
  type TimingMode,
} from '../conformance/dut-profile';
import { dutViewOf, etsCatalogue } from '../conformance/ets-catalogue';
import { editionFor } from '../conformance/ets-editions';
import { harnessRevision, profileRecord } from '../conformance/run-record';
import { loadCatalogue, interfaceTitle, type CatalogueCase } from '../conformance/catalogue';
import { applicability } from '../conformance/ics';
import { describeSecurity, securityMaterial } from '../conformance/security';
import { stopAllDuts } from '../conformance/launcher';
import type { CaseResult, RunResult } from '../conformance/results';
import { summarize } from '../conformance/results';
import { createRunFolder, updateLatest, writeReportsSync, writeStepSummary } from '../report';
import { ObjectRegistry } from '../lwm2m/model';
import { CaseCollector } from './case-collector';
import { UsageError } from './usage';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_DUT = path.join(ROOT, 'fixtures', 'duts', 'reference-client.yaml');
/** `--role server` without `--dut`: the built-in reference server. */
export const DEFAULT_SERVER_DUT = path.join(ROOT, 'fixtures', 'duts', 'reference-server.yaml');

export const RUN_USAGE = `Usage: lwm2m-conformance run [--dut PROFILE.yaml] [--role client|server] [--tags EXPR] [--objects DDF-DIR] [--reports DIR] [--quiet]

Runs the OMA ETS test cases against the device under test described by PROFILE.yaml
(default: the built-in reference client) and writes report.html, junit.xml and results.json
to DIR/<timestamp>/ (default DIR: ./reports), with DIR/latest pointing at the newest run.
  --role server  judge an LwM2M server: without --dut, the built-in reference server (the harness plays Test Clients)
  --tags EXPR    a Cucumber tag expression, e.g. "@registration and not @requires-server-disable"
  --objects DIR  a folder of OMA DDF XML files defining the DUT's own objects
  --timing MODE  fast (default: the profile's timers) or ets (the ETS's literal values, for a formal run)
Exit code: 0 no case FAIL or ERROR, 1 some case FAIL or ERROR, 2 bad usage or configuration.`;

const VERDICT_WIDTH = 7;

export async function runCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dut: { type: 'string' },
      tags: { type: 'string' },
      reports: { type: 'string', default: path.join(process.cwd(), 'reports') },
      features: { type: 'string', default: path.join(ROOT, 'features') },
      objects: { type: 'string' },
      role: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      timing: { type: 'string', default: 'fast' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(RUN_USAGE);
    return 0;
  }
  if (values.role !== undefined && values.role !== 'client' && values.role !== 'server') {
    throw new UsageError(`--role: expected client or server, found "${values.role}"`);
  }
  const profileFile = path.resolve(values.dut ?? (values.role === 'server' ? DEFAULT_SERVER_DUT : DEFAULT_DUT));
  if (!(TIMING_MODES as readonly string[]).includes(values.timing!))
    throw new UsageError(`--timing: expected one of ${TIMING_MODES.join(', ')}, found "${values.timing}"`);
  const timing = values.timing as TimingMode;
  const profile = withTiming(loadDutProfile(profileFile), timing); // ProfileError → exit 2 in main
  if (values.role !== undefined && values.role !== profile.role) {
    throw new UsageError(`--role ${values.role}, but the profile ${profileFile} describes an LwM2M ${profile.role}`);
  }
  const security = describeSecurity(securityMaterial(profile)); // key and certificate files must exist before anything runs
  const catalogue = loadCatalogue(values.features!);
  const objectsDir = values.objects ? path.resolve(values.objects) : undefined;
  if (objectsDir) {
    try {
      new ObjectRegistry().loadDirectory(objectsDir); // reports a bad DDF file before anything runs
    } catch (e) {
      throw new UsageError(`--objects: ${(e as Error).message}`);
    }
  }
  let tagFilter: ((tags: string[]) => boolean) | undefined;
  if (values.tags) {
    try {
      const expr = parseTagExpression(values.tags);
      tagFilter = (tags) => expr.evaluate(tags);
    } catch (e) {
      throw new UsageError(`--tags: ${(e as Error).message}`);
    }
  }
  // A run judges one role: the other role's cases are not part of it.
  const selected = catalogue.filter((c) => c.role === profile.role && (!tagFilter || tagFilter(c.tags)));
  return runSuite({
    profile,
    security,
    cases: selected,
    tags: values.tags,
    reportsDir: path.resolve(values.reports!),
    quiet: values.quiet!,
    objectsDir,
    timing,
    catalogue,
  });
}

interface SuiteOptions {
  profile: DutProfile;
  security: string;
  cases: CatalogueCase[];
  tags?: string;
  reportsDir: string;
  quiet: boolean;
  objectsDir?: string;
  timing: TimingMode;
  /** Every feature file (not only the selected ones): what is automated. */
  catalogue: CatalogueCase[];
}

async function runSuite(opts: SuiteOptions): Promise<number> {
  const { profile } = opts;
  const startedAt = new Date();
  const runDir = createRunFolder(opts.reportsDir, startedAt);
  const out = (line: string) => {
    if (!opts.quiet) process.stdout.write(line + '\n');
  };
  // Ctrl-C: stop the DUT, write what we have, exit. The report is never lost.
  let interrupted = false;
  let harnessFailure: string | undefined;
  const onSignal = () => {
    interrupted = true;
    void stopAllDuts().finally(() => process.exit(finish(buildRun())));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  out(`lwm2m-conformance: ${profile.name} (LwM2M ${profile.lwm2mVersion} ${profile.role}), ${opts.cases.length} test case(s)`);

  const byUri = new Map<string, CatalogueCase>();
  const notApplicable: CaseResult[] = [];
  for (const c of opts.cases) {
    const a = applicability(c, profile);
    const uri = path.relative(ROOT, c.file).split(path.sep).join('/');
    byUri.set(uri, c);
    if (!a.applicable)
      notApplicable.push({
        id: a.reportedId,
        title: c.title,
        interface: interfaceTitle(c.interface),
        verdict: 'N/A',
        reason: a.reason,
        durationMs: 0,
        featureFile: uri,
        tags: c.tags,
        steps: [],
        trace: [],
      });
  }
  const applicable = opts.cases.filter((c) => applicability(c, profile).applicable);
  const collector = new CaseCollector(
    (uri) => {
      const c = byUri.get(uri);
      return c && { id: applicability(c, profile).reportedId, title: c.title, interface: interfaceTitle(c.interface), tags: c.tags };
    },
    (r) =>
      out(
        `${r.verdict.padEnd(VERDICT_WIDTH)}${r.id} ${r.title} (${(r.durationMs / 1000).toFixed(1)} s)${r.reason && r.verdict !== 'PASS' ? `\n${' '.repeat(VERDICT_WIDTH)}${r.reason}` : ''}`,
      ),
  );
  for (const r of notApplicable) out(`${'N/A'.padEnd(VERDICT_WIDTH)}${r.id} ${r.title}\n${' '.repeat(VERDICT_WIDTH)}${r.reason}`);

  const revision = harnessRevision(ROOT);
  const ets = etsCatalogue(editionFor(profile.lwm2mVersion), opts.catalogue, dutViewOf(profile));
  const record = profileRecord(profile.file);
  const buildRun = (): RunResult => ({
    tool: { name: 'lwm2m-conformance', version: toolVersion(), ...(revision ? { revision } : {}) },
    timing: opts.timing,
    ets,
    ...(record ? { profile: record } : {}),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    interrupted,
    dut: { ...dutSummary(profile), security: opts.security },
    timers: timersForReport(profile.timers),
    tagExpression: opts.tags,
    cases: orderCases(
      [
        ...collector.results(),
        ...notRun(
          applicable,
          collector,
          byUri,
          profile,
          interrupted ? 'Not run: the run was interrupted before this case started.' : harnessFailure,
        ),
        ...notApplicable,
      ],
      opts.cases,
      profile,
    ),
  });
  const finish = (run: RunResult): number => {
    writeReportsSync(run, runDir);
    updateLatest(opts.reportsDir, runDir);
    writeStepSummary(run, path.join(runDir, 'report.html'));
    const s = summarize(run.cases);
    out(
      `\n${Object.entries(s)
        .map(([v, n]) => `${v} ${n}`)
        .join(', ')}${run.interrupted ? ' (interrupted)' : ''}`,
    );
    out(`Report: ${path.join(runDir, 'report.html')}`);
    return s.FAIL + s.ERROR > 0 || run.interrupted ? 1 : 0;
  };

  try {
    if (applicable.length > 0)
      await runCucumberOn(applicable, { profileFile: profile.file, objectsDir: opts.objectsDir, timing: opts.timing }, collector);
  } catch (e) {
    // The harness itself broke (e.g. a step definition that does not load): every case not
    // judged is ERROR, and the report is still written.
    harnessFailure = `The harness failed: ${(e as Error).message.split('\n')[0]}`;
    process.stderr.write(`lwm2m-conformance: harness failure: ${(e as Error).stack ?? e}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopAllDuts();
  }
  return finish(buildRun());
}

async function runCucumberOn(
  cases: CatalogueCase[],
  worldParameters: { profileFile: string; objectsDir?: string; timing: TimingMode },
  collector: CaseCollector,
): Promise<void> {
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: cases.map((c) => path.relative(ROOT, c.file)),
        require: ['steps/**/*.ts'],
        format: [],
        strict: true,
        worldParameters,
      },
    },
    { cwd: ROOT, stdout: sink, stderr: process.stderr },
  );
  await runCucumber(runConfiguration, { cwd: ROOT, stdout: sink, stderr: process.stderr }, (envelope) => collector.add(envelope));
}

/** Applicable cases that never started (the run was interrupted, or the harness failed, first). */
function notRun(
  applicable: CatalogueCase[],
  collector: CaseCollector,
  byUri: Map<string, CatalogueCase>,
  profile: DutProfile,
  why: string | undefined,
): CaseResult[] {
  if (!why) return [];
  const started = collector.startedUris();
  return [...byUri.entries()]
    .filter(([uri, c]) => applicable.includes(c) && !started.has(uri))
    .map(([uri, c]) => ({
      id: applicability(c, profile).reportedId,
      title: c.title,
      interface: interfaceTitle(c.interface),
      verdict: 'ERROR' as const,
      reason: why,
      durationMs: 0,
      unfinished: true,
      featureFile: uri,
      tags: c.tags,
      steps: [],
      trace: [],
    }));
}

/** Catalogue order (interface, then number), whatever order the cases ran in. */
function orderCases(results: CaseResult[], cases: CatalogueCase[], profile: DutProfile): CaseResult[] {
  const rank = new Map(cases.map((c, i) => [applicability(c, profile).reportedId, i]));
  return results.sort((a, b) => (rank.get(a.id) ?? 1e9) - (rank.get(b.id) ?? 1e9));
}

export function toolVersion(): string {
  return (require(path.join(ROOT, 'package.json')) as { version: string }).version;
}
