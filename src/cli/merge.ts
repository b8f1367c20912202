/**
 * `lwm2m-conformance report merge DIR...`: one report (HTML, JUnit, JSON) from the results.json
 * of a run's shards, in the order a single run would have; its exit code is the run's own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { RunResult } from '../conformance/results';
import { summarize } from '../conformance/results';
import { loadCatalogue } from '../conformance/catalogue';
import { createRunFolder, mergeRuns, parseResultsJson, updateLatest, writeReportsSync, type ShardResults } from '../report';
import { PACKAGE_ROOT } from '../util/package-root';
import { exitCodeOf } from './exit-code';
import { sortByCatalogue } from './case-order';
import { UsageError } from './usage';

export const MERGE_USAGE = `Usage: lwm2m-conformance report merge DIR... [--out DIR] [--allow-inconclusive]

Merges the results of the shards of one run (run --shard i/n, one per CI machine) into one
report. Each DIR is a run folder holding results.json, a reports folder holding latest/, or a
results.json file. The shards must come from the same harness version, DUT profile and tag
expression, and every shard must be there. Default --out: a new folder in ./reports.
Exit code: as "run" would have given for the whole run (0, 1), 2 when the results cannot be merged.`;

function resultsFileIn(given: string): string {
  const p = path.resolve(given);
  const candidates = [p, path.join(p, 'results.json'), path.join(p, 'latest', 'results.json')];
  const found = candidates.find((c) => fs.statSync(c, { throwIfNoEntry: false })?.isFile());
  if (!found) throw new UsageError(`${given}: no results.json there (nor in ${given}/latest/)`);
  return found;
}

/** results.json as a RunResult, with the field the reader does not keep (shard). */
export function readShard(file: string): ShardResults {
  let text: string;
  let run: RunResult;
  try {
    text = fs.readFileSync(file, 'utf8');
    run = parseResultsJson(text);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  const doc = JSON.parse(text) as { shard?: { index?: unknown; count?: unknown } };
  const { index, count } = doc.shard ?? {};
  if (doc.shard !== undefined) {
    if (!Number.isInteger(index) || !Number.isInteger(count)) throw new UsageError(`${file}: shard should be { index, count }`);
    run.shard = { index: index as number, count: count as number };
  }
  return { file, run };
}

export function mergeCommand(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      features: { type: 'string', default: path.join(PACKAGE_ROOT, 'features') },
      'allow-inconclusive': { type: 'boolean', default: false },
      help: { type: 'boolean' },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(MERGE_USAGE);
    return values.help ? 0 : 2;
  }
  const inputs = positionals.map((p) => readShard(resultsFileIn(p)));
  const catalogue = loadCatalogue(values.features!);
  const run = mergeRuns(inputs, (cases) => sortByCatalogue(cases, catalogue)); // MergeError: exit 2 in main
  const base = path.join(process.cwd(), 'reports');
  const dir = values.out ? path.resolve(values.out) : createRunFolder(base, new Date(run.startedAt));
  writeReportsSync(run, dir);
  if (!values.out) updateLatest(base, dir);
  const s = summarize(run.cases);
  console.log(
    `Merged ${inputs.length} result file(s): ${Object.entries(s)
      .map(([v, n]) => `${v} ${n}`)
      .join(', ')}`,
  );
  console.log(`Report: ${path.join(dir, 'report.html')}`);
  const exit = exitCodeOf(run.cases, { interrupted: run.interrupted, allowInconclusive: values['allow-inconclusive'] });
  if (exit.why) console.log(`Exit code ${exit.code}: ${exit.why}.`);
  return exit.code;
}
