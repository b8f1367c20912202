/** Runs the real CLI as a user would, against the reference client (optionally with faults). */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CaseResult, RunResult } from '../../src/conformance/results';

export const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'lwm2m-conformance.js');

// Profile copies and report folders live until this test process ends, then go (set
// KEEP_E2E_DIRS=1 to keep them for a look after a failure).
const madeDirs: string[] = [];
process.on('exit', () => {
  if (process.env.KEEP_E2E_DIRS === '1') return;
  for (const d of madeDirs) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

export interface HarnessRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  run?: RunResult;
  reportDir: string;
}

/** A copy of a bundled profile whose launch command carries `extra` arguments (e.g. faults). */
export function profileWith(base: string, extraArgs: string[], edit: (yaml: string) => string = (y) => y): string {
  const dir = tempDir('lwm2m-profile-');
  let text = fs.readFileSync(path.join(ROOT, 'fixtures', 'duts', base), 'utf8');
  // Every launch command (launch.command, launch.bootstrap, launch.factory) gets them.
  text = text.replace(/((?:command|bootstrap|factory): "[^"]*)"/g, (_m, cmd: string) => `${cmd}${extraArgs.map((a) => ' ' + a).join('')}"`);
  // The copy lives elsewhere: make the profile's relative key paths absolute.
  text = text.replace(/\.\.\/keys\//g, path.join(ROOT, 'fixtures', 'keys') + '/');
  const file = path.join(dir, base);
  fs.writeFileSync(file, edit(text));
  return file;
}

export function faultyProfile(faults: string[], base = 'reference-client.yaml'): string {
  return profileWith(
    base,
    faults.flatMap((f) => ['--fault', f]),
  );
}

export async function runHarness(
  args: string[],
  opts: { signalAfter?: (stdout: string) => boolean; onStderr?: (stderr: string) => void } = {},
): Promise<HarnessRun> {
  const reportDir = tempDir('lwm2m-reports-');
  const child = spawn(process.execPath, [BIN, 'run', '--reports', reportDir, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  child.stdout.on('data', (d) => {
    stdout += d;
    if (opts.signalAfter && !signalled && opts.signalAfter(stdout)) {
      signalled = true;
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    opts.onStderr?.(stderr);
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const resultsFile = path.join(reportDir, 'latest', 'results.json');
  const run = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as RunResult) : undefined;
  return { exitCode, stdout, stderr, run, reportDir };
}

export function caseOf(run: RunResult | undefined, id: string): CaseResult {
  const c = run?.cases.find((x) => x.id === id);
  if (!c) throw new Error(`no result for ${id}; cases: ${run?.cases.map((x) => x.id).join(', ')}`);
  return c;
}
