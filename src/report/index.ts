/**
 * Writes a run's reports into its folder: report.html, junit.xml, results.json, and each case's
 * datagrams as pcap/<case>.pcapng. The synchronous
 * variants exist for SIGINT/crash handlers, where an interrupted run must still leave a report.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { RunResult } from '../conformance/results';
import { reportHtml } from './html';
import { resultsJson } from './json';
import { junitXml } from './junit';
import { runCaptures } from './pcap';

export { reportHtml } from './html';
export { junitXml, junitOutcome } from './junit';
export { resultsDocument, resultsJson, toJsonSafe } from './json';
export { parseResultsJson, runFromResults, ResultsFileError } from './read';
export { stepSummaryMarkdown, writeStepSummary } from './step-summary';
export { mergeRuns, MergeError, type ShardResults } from './merge';
export { pcapFileFor, casePcap } from './pcap';

export const REPORT_FILES = { html: 'report.html', junit: 'junit.xml', json: 'results.json' } as const;

export interface ReportPaths {
  html: string;
  junit: string;
  json: string;
}

/** Renders every file before touching the disk, so a rendering fault writes nothing half-done. */
function render(run: RunResult, dir: string): [string, string | Buffer][] {
  return [
    [path.join(dir, REPORT_FILES.html), reportHtml(run)],
    [path.join(dir, REPORT_FILES.junit), junitXml(run)],
    [path.join(dir, REPORT_FILES.json), resultsJson(run)],
    ...runCaptures(run).map(([rel, bytes]): [string, Buffer] => [path.join(dir, rel), bytes]),
  ];
}

const folders = (files: [string, unknown][]) => [...new Set(files.map(([f]) => path.dirname(f)))];

const pathsIn = (dir: string): ReportPaths => ({
  html: path.join(dir, REPORT_FILES.html),
  junit: path.join(dir, REPORT_FILES.junit),
  json: path.join(dir, REPORT_FILES.json),
});

// Each file is written under a temporary name and renamed, so a reader never sees half a file.
let writes = 0;
const tempName = (file: string) => `${file}.${process.pid}-${++writes}.tmp`;

/** Writes report.html, junit.xml and results.json into `dir` (created if missing). */
export async function writeReports(run: RunResult, dir: string): Promise<ReportPaths> {
  const files = render(run, dir);
  for (const folder of folders(files)) await fsp.mkdir(folder, { recursive: true });
  await Promise.all(
    files.map(async ([file, content]) => {
      const temp = tempName(file);
      await fsp.writeFile(temp, content);
      await fsp.rename(temp, file);
    }),
  );
  return pathsIn(dir);
}

/** Same as writeReports, blocking: safe to call from a signal handler or process 'exit'. */
export function writeReportsSync(run: RunResult, dir: string): ReportPaths {
  const files = render(run, dir);
  for (const folder of folders(files)) fs.mkdirSync(folder, { recursive: true });
  for (const [file, content] of files) {
    const temp = tempName(file);
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  }
  return pathsIn(dir);
}

/** "2026-11-27T14-05-03Z": an ISO time in UTC that is also a portable folder name. */
export function runFolderName(startedAt: Date): string {
  return startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

/**
 * Creates `<baseDir>/<timestamp>/` for a new run and returns its path. Two runs that start in
 * the same second get `<timestamp>-2`, `-3`, ...: mkdir fails on an existing folder, so the
 * claim is atomic even between processes.
 */
export function createRunFolder(baseDir: string, startedAt: Date): string {
  fs.mkdirSync(baseDir, { recursive: true });
  const stem = runFolderName(startedAt);
  for (let n = 1; ; n++) {
    const dir = path.join(baseDir, n === 1 ? stem : `${stem}-${n}`);
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Points `<baseDir>/latest` at `runDir`: a relative symlink, swapped in by rename so readers
 * never find it missing; where symlinks are not allowed (some Windows setups), a copy.
 */
export function updateLatest(baseDir: string, runDir: string): 'symlink' | 'copy' {
  const latest = path.join(baseDir, 'latest');
  const target = path.relative(baseDir, path.resolve(runDir)) || '.';
  const temp = path.join(baseDir, `.latest.${process.pid}.tmp`);
  fs.rmSync(temp, { recursive: true, force: true });
  try {
    fs.symlinkSync(target, temp, 'dir');
  } catch {
    fs.rmSync(latest, { recursive: true, force: true });
    fs.cpSync(runDir, latest, { recursive: true });
    return 'copy';
  }
  // rename cannot replace a real directory (a copy left by an earlier fallback): remove it first.
  if (fs.lstatSync(latest, { throwIfNoEntry: false })?.isDirectory()) fs.rmSync(latest, { recursive: true, force: true });
  fs.renameSync(temp, latest);
  return 'symlink';
}
