/**
 * `lwm2m-conformance run`: the conformance suite against one DUT. Decides applicability from the
 * ICS, runs the applicable cases with Cucumber (several at once with --workers, a share of them
 * with --shard), and always writes the report (also when interrupted). Exit codes: exit-code.ts.
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
import { PACKAGE_ROOT } from '../util/package-root';
import { CaseCollector } from './case-collector';
import { sortByCatalogue } from './case-order';
import { exitCodeOf } from './exit-code';
import { Progress, caseLine } from './progress';
import { parseShard, shareOf, type Shard } from './shard';
import { startKeyLog } from './keylog';
import { checkPdf, printRunPdf } from './pdf';
import { UsageError } from './usage';
import { parseWorkers, workerCount } from './workers';

export const ROOT = PACKAGE_ROOT;
export const DEFAULT_DUT = path.join(ROOT, 'fixtures', 'duts', 'reference-client.yaml');
/** `--role server` without `--dut`: the built-in reference server. */
export const DEFAULT_SERVER_DUT = path.join(ROOT, 'fixtures', 'duts', 'reference-server.yaml');
/** `--role bootstrap-server` without `--dut`: the built-in reference bootstrap server. */
export const DEFAULT_BOOTSTRAP_SERVER_DUT = path.join(ROOT, 'fixtures', 'duts', 'reference-bootstrap-server.yaml');

export const RUN_USAGE = `Usage: lwm2m-conformance run [--dut PROFILE.yaml] [--role client|server|bootstrap-server] [--tags EXPR] [--objects DDF-DIR]
         [--reports DIR] [--workers N] [--shard I/N] [--allow-inconclusive] [--quiet]

Runs the OMA ETS test cases against the device under test described by PROFILE.yaml
(default: the built-in reference client) and writes report.html, junit.xml and results.json
to DIR/<timestamp>/ (default DIR: ./reports), with DIR/latest pointing at the newest run.
  --role server  judge an LwM2M server: without --dut, the built-in reference server (the harness plays Test Clients)
  --role bootstrap-server  judge an LwM2M Bootstrap-Server: without --dut, the built-in reference bootstrap server
  --tags EXPR    a Cucumber tag expression, e.g. "@registration and not @requires-server-disable"
  --objects DIR  a folder of OMA DDF XML files defining the DUT's own objects
  --timing MODE  fast (default: the profile's timers) or ets (the ETS's literal values, for a formal run)
  --workers N    run up to N cases at once, each with its own Test Server and DUT process
                 (default: one per processor core for the built-in reference peers and profiles
                 with parallel: true; otherwise 1; always 1 for a manual launch or a fixed port)
  --shard I/N    run the I-th of N shares of the cases (for CI machines; see "report merge")
  --allow-inconclusive   INCONC cases do not make the exit code 1
  --pdf          also print the report to report.pdf (needs Chromium)
  --keylog FILE  append the DTLS session secrets to FILE (NSS key log format), to decrypt the pcap/ captures
Exit code: 0 at least one case judged and every applicable case PASS; 1 any FAIL or ERROR, any
INCONC (unless --allow-inconclusive), nothing judged, or the run interrupted; 2 bad usage or
configuration.`;

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
      workers: { type: 'string' },
      shard: { type: 'string' },
      'allow-inconclusive': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      timing: { type: 'string', default: 'fast' },
      pdf: { type: 'boolean', default: false },
      keylog: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(RUN_USAGE);
    return 0;
  }
  const requestedWorkers = parseWorkers(values.workers);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.role !== undefined && !['client', 'server', 'bootstrap-server'].includes(values.role)) {
    throw new UsageError(`--role: expected client, server or bootstrap-server, found "${values.role}"`);
  }
  const defaultDut = { server: DEFAULT_SERVER_DUT, 'bootstrap-server': DEFAULT_BOOTSTRAP_SERVER_DUT }[values.role ?? ''] ?? DEFAULT_DUT;
  const profileFile = path.resolve(values.dut ?? defaultDut);
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
  const applicable = selected.filter((c) => applicability(c, profile).applicable);
  const mine = shareOf(applicable, shard);
  const workers = workerCount(profile, requestedWorkers, mine.length); // UsageError for a DUT that runs once
  if (values.pdf) checkPdf(); // no Chromium: exit 2 before anything runs
  const stopKeyLog = values.keylog === undefined ? undefined : startKeyLog(path.resolve(values.keylog));
  return runSuite({
    profile,
    security,
    cases: [
      ...mine,
      ...shareOf(
        selected.filter((c) => !applicable.includes(c)),
        shard,
      ),
    ],
    ordering: selected,
    tags: values.tags,
    reportsDir: path.resolve(values.reports!),
    quiet: values.quiet!,
    objectsDir,
    timing,
    catalogue,
    workers,
    shard,
    allowInconclusive: values['allow-inconclusive']!,
    pdf: values.pdf!,
  }).finally(() => stopKeyLog?.());
}

interface SuiteOptions {
  profile: DutProfile;
  security: string;
  /** The cases of this run (its shard's share), applicable or not. */
  cases: CatalogueCase[];
  /** Every selected case in catalogue order: the report's order. */
  ordering: CatalogueCase[];
  tags?: string;
  reportsDir: string;
  quiet: boolean;
  objectsDir?: string;
  timing: TimingMode;
  /** Every feature file (not only the selected ones): what is automated. */
  catalogue: CatalogueCase[];
  workers: number;
  shard?: Shard;
  allowInconclusive: boolean;
  pdf: boolean;
}

async function runSuite(opts: SuiteOptions): Promise<number> {
  const { profile } = opts;
  const startedAt = new Date();
  const runDir = createRunFolder(opts.reportsDir, startedAt);
  const write = (text: string) => {
    if (!opts.quiet) process.stdout.write(text);
  };
  const out = (line: string) => write(line + '\n');
  // Ctrl-C: stop the DUT, write what we have, exit. The report is never lost.
  let interrupted = false;
  let harnessFailure: string | undefined;
  let cucumberSuccess: boolean | undefined;
  const onSignal = () => {
    interrupted = true;
    progress.stop();
    void stopAllDuts().finally(() => process.exit(finish(buildRun())));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

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
  const shardNote = opts.shard ? `, shard ${opts.shard.index}/${opts.shard.count}` : '';
  const workersNote = opts.workers > 1 ? `, ${opts.workers} at once` : '';
  out(
    `lwm2m-conformance: ${profile.name} (LwM2M ${profile.lwm2mVersion} ${profile.role}), ${opts.cases.length} test case(s)${shardNote}${workersNote}`,
  );
  const progress = new Progress({
    total: applicable.length,
    write,
    live: !opts.quiet && process.stdout.isTTY === true,
    columns: process.stdout.columns,
  });
  const collector = new CaseCollector(
    (uri) => {
      const c = byUri.get(uri);
      return c && { id: applicability(c, profile).reportedId, title: c.title, interface: interfaceTitle(c.interface), tags: c.tags };
    },
    (r, startedId) => progress.finished(startedId, r),
    (startedId, c) => progress.started(startedId, c.id),
  );
  for (const r of notApplicable) progress.print(caseLine(r));

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
    shard: opts.shard,
    cases: sortByCatalogue(
      [...collector.results(), ...notRun(applicable, collector, byUri, profile, notRunReason()), ...notApplicable],
      opts.ordering,
    ),
  });
  const notRunReason = () =>
    interrupted
      ? 'Not run: the run was interrupted before this case started.'
      : (harnessFailure ?? `Not run: Cucumber ended${cucumberSuccess === false ? ' with a failure' : ''} without starting this case.`);
  const finish = (run: RunResult): number => {
    writeReportsSync(run, runDir);
    updateLatest(opts.reportsDir, runDir);
    writeStepSummary(run, path.join(runDir, 'report.html'));
    const s = summarize(run.cases);
    // Cucumber failing while no case did means a failure outside the cases (a hook, a worker).
    const outside = cucumberSuccess === false && s.FAIL + s.ERROR + s.INCONC === 0;
    if (outside) process.stderr.write('lwm2m-conformance: Cucumber reported a failure outside the test cases\n');
    const exit = exitCodeOf(run.cases, {
      interrupted: run.interrupted,
      allowInconclusive: opts.allowInconclusive,
      harnessFailed: outside,
      emptyShare: opts.shard !== undefined && applicable.length === 0,
    });
    out(
      `\n${Object.entries(s)
        .map(([v, n]) => `${v} ${n}`)
        .join(', ')}${run.interrupted ? ' (interrupted)' : ''}`,
    );
    out(`Report: ${path.join(runDir, 'report.html')}`);
    if (exit.why) out(`Exit code ${exit.code}: ${exit.why}.`);
    return exit.code;
  };

  try {
    if (applicable.length > 0)
      cucumberSuccess = await runCucumberOn(
        applicable,
        { profileFile: profile.file, profileChecked: true, objectsDir: opts.objectsDir, timing: opts.timing },
        collector,
        opts.workers,
      );
  } catch (e) {
    // The harness itself broke (e.g. a step definition that does not load): every case not
    // judged is ERROR, and the report is still written.
    harnessFailure = `The harness failed: ${(e as Error).message.split('\n')[0]}`;
    process.stderr.write(`lwm2m-conformance: harness failure: ${(e as Error).stack ?? e}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.stop();
    await stopAllDuts();
  }
  const run = buildRun();
  const code = finish(run);
  return opts.pdf ? Math.max(code, await printRunPdf(run, runDir, out)) : code;
}

/** Step definitions run compiled when this CLI does (dist/), else from TypeScript through tsx. */
const COMPILED = __filename.endsWith('.js');

async function runCucumberOn(
  cases: CatalogueCase[],
  worldParameters: { profileFile: string; profileChecked: boolean; objectsDir?: string; timing: TimingMode },
  collector: CaseCollector,
  workers: number,
): Promise<boolean> {
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  // Worker processes start bare: they load tsx (when running from sources) and the guard themselves.
  const guard = require.resolve('./worker-guard');
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: cases.map((c) => path.relative(ROOT, c.file)),
        require: [COMPILED ? 'dist/steps/**/*.js' : 'steps/**/*.ts'],
        requireModule: COMPILED ? [guard] : ['tsx/cjs', guard],
        format: [],
        strict: true,
        parallel: workers > 1 ? workers : 0,
        worldParameters,
      },
    },
    { cwd: ROOT, stdout: sink, stderr: process.stderr },
  );
  const { success } = await runCucumber(runConfiguration, { cwd: ROOT, stdout: sink, stderr: process.stderr }, (envelope) =>
    collector.add(envelope),
  );
  return success;
}

/** Applicable cases that never started (interrupted, the harness failed, Cucumber stopped): ERROR. */
function notRun(
  applicable: CatalogueCase[],
  collector: CaseCollector,
  byUri: Map<string, CatalogueCase>,
  profile: DutProfile,
  why: string,
): CaseResult[] {
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

export function toolVersion(): string {
  return (require(path.join(ROOT, 'package.json')) as { version: string }).version;
}
