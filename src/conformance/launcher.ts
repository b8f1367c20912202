/**
 * Starts and stops the DUT as the profile says: a program (no shell; placeholders filled in each
 * argv word; stdin kept open because some real clients spin when it closes, until a stop step
 * closes it), or an operator told what to do. Output lines go into the trace as evidence, bounded
 * (the trace's output bucket, with the profile's launch.output); a DUT whose reboot is an exit is
 * started again when the profile says so; no child outlives the harness.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Trace } from '../trace/trace';
import { EventLog } from '../util/event-log';
import { PACKAGE_ROOT } from '../util/package-root';
import { DEFAULT_OUTPUT, PLACEHOLDER, type CommandLaunch, type LaunchSpec, type StopStep } from './dut-profile';

export interface DutExit {
  code: number | null;
  signal: string | null;
}

export interface RunningDut {
  /** The command line, or "manual: ..." */
  description: string;
  pid?: number;
  /** Settles when the DUT process has exited (for a manual DUT: when stop() was called). */
  exited: Promise<DutExit>;
  isRunning(): boolean;
  /** Asks the DUT to stop, then kills it after the stop timeout; idempotent; never throws. */
  stop(): Promise<void>;
  /** The last lines the DUT wrote (stdout and stderr), oldest first. */
  recentOutput(): string[];
  /** Every line the DUT writes (stdout and stderr), as it comes: captures and stdin actions wait on it. */
  readonly output: EventLog<string>;
  /** Writes to the DUT's stdin (a console command); a manual DUT has none. */
  write(text: string): void;
}

export interface LaunchOptions {
  trace?: Trace;
  /** Messages for the person running the harness (manual instructions, stop notices). */
  log?: (line: string) => void;
  /** Directory of the profile file: launch.cwd is relative to it. */
  profileDir: string;
  /** Values (e.g. a PSK) that must never appear in the trace or the log: shown as «secret». */
  secrets?: string[];
}

/** Replaces every secret value in a text by a marker; short values are left (they would mask too much). */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('«secret»');
  return out;
}

export class LaunchError extends Error {
  override name = 'LaunchError';
}

const RECENT_LINES = 200;
const SUMMARY_CHARS = 300;
/** Longer output without a newline is cut into lines of this size, so that memory and evidence stay bounded. */
const MAX_LINE_CHARS = 4096;
/** With launch.restartOnExit, how many times a case restarts the DUT before it lets an exit stand (a crash loop must end). */
const MAX_RESTARTS = 20;
/** After the process exits, how long to wait for its last output to drain from the pipes. */
const DRAIN_DEADLINE_MS = 1000;

/** The argv that runs this harness's CLI: node and the bin script. */
export function harnessArgv(): string[] {
  return [process.execPath, path.join(PACKAGE_ROOT, 'bin', 'lwm2m-conformance.js')];
}

/** Splits a command line into words like a POSIX shell does (quotes, backslash), without running one. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (ch === '\\' && (quote === undefined || '"\\$`'.includes(line[i + 1] ?? ''))) {
      if (i + 1 >= line.length) throw new LaunchError(`command line ends with a lone backslash: ${line}`);
      word = (word ?? '') + line[++i];
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word = word ?? '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + ch;
  }
  if (quote) throw new LaunchError(`command line has an unterminated ${quote} quote: ${line}`);
  if (word !== undefined) words.push(word);
  return words;
}

/** Replaces every {name} from `vars`; an unknown name is an error naming it. */
export function fillPlaceholders(text: string, vars: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => {
    if (!Object.hasOwn(vars, name)) {
      throw new LaunchError(
        `unknown placeholder {${name}} in "${text}" (known: ${Object.keys(vars)
          .map((k) => `{${k}}`)
          .join(', ')})`,
      );
    }
    return vars[name];
  });
}

/** The argv for a launch command: split (when a string), placeholders filled, {harness} as two words. */
export function commandArgv(command: string | string[], vars: Record<string, string>): string[] {
  const words = Array.isArray(command) ? command : splitCommandLine(command);
  const all = { ...vars, harness: '' };
  const argv = words.flatMap((w) => {
    if (w === '{harness}') return harnessArgv();
    if (w.includes('{harness}')) throw new LaunchError(`{harness} must be a word of its own in the command, found "${w}"`);
    return [fillPlaceholders(w, all)];
  });
  if (argv.length === 0) throw new LaunchError('the launch command is empty');
  return argv;
}

/** Resolves true when `p` settles within `ms`, false when the deadline passes first. */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([p.then(() => true), deadline]).finally(() => clearTimeout(timer));
}

// ---- children of this process, killed when the harness goes away ----

const running = new Set<{ stop(): Promise<void>; kill(): void }>();
let hooksInstalled = false;

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const c of running) c.kill();
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      // When someone else (the CLI) also listens, they decide what happens; 'exit' still kills.
      if (process.listenerCount(sig) > 1) return;
      for (const c of running) c.kill();
      process.removeListener(sig, onSignal);
      process.kill(process.pid, sig);
    };
    // First in line, so that a `once` listener of the CLI has not removed itself yet when counted.
    process.prependListener(sig, onSignal);
  }
}

/** Stops every DUT this process launched (each as its profile says); for the CLI's shutdown path. */
export async function stopAllDuts(): Promise<void> {
  await Promise.all([...running].map((c) => c.stop()));
}

/** Starts the DUT; resolves once the process runs (or the operator was told what to do). */
export async function launchDut(spec: LaunchSpec, vars: Record<string, string>, opts: LaunchOptions): Promise<RunningDut> {
  return spec.kind === 'manual' ? launchManual(spec.instructions, vars, opts) : launchCommand(spec, vars, opts);
}

function launchManual(instructions: string, vars: Record<string, string>, opts: LaunchOptions): RunningDut {
  const text = fillPlaceholders(instructions, vars);
  const log = opts.log ?? ((line: string) => console.log(line));
  log(`ACTION REQUIRED: ${text}`); // the operator may need the key itself; the evidence must not show it
  opts.trace?.note('dut', `operator asked: ${redact(text, opts.secrets)}`);
  let stopped = false;
  let markExited!: (e: DutExit) => void;
  const exited = new Promise<DutExit>((resolve) => (markExited = resolve));
  return {
    description: `manual: ${redact(text, opts.secrets)}`,
    exited,
    isRunning: () => !stopped,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      log('The test is over: you may switch the device off.');
      markExited({ code: null, signal: null });
    },
    recentOutput: () => [],
    output: new EventLog<string>(),
    write: () => {
      throw new LaunchError('an operator started this DUT: the harness has no console to write to');
    },
  };
}

async function launchCommand(spec: CommandLaunch, vars: Record<string, string>, opts: LaunchOptions): Promise<RunningDut> {
  const argv = commandArgv(spec.command, vars);
  const env = Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, fillPlaceholders(v, vars)]));
  const cwd = path.resolve(opts.profileDir, spec.cwd);
  if (!fs.statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
    throw new LaunchError(`cannot start the DUT: its working directory ${cwd} does not exist`);
  }
  const hide = (text: string) => redact(text, opts.secrets);
  const description = hide(argv.map((w) => (/[\s"'\\]/.test(w) || w === '' ? JSON.stringify(w) : w)).join(' '));
  const kept = spec.output ?? DEFAULT_OUTPUT;
  opts.trace?.setLimit('output', { first: kept.firstLines, last: kept.lastLines });
  const keep = kept.keep.map((p) => new RegExp(p));
  const recent: string[] = [];
  const output = new EventLog<string>();

  /** Starts the command once; resolves when the process runs. */
  const start = async (): Promise<Process> => {
    // Its own process group, so that stopping reaches whatever the command starts in turn.
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (e: NodeJS.ErrnoException) => {
        const why = e.code === 'ENOENT' ? 'was not found' : e.code === 'EACCES' ? 'is not executable' : `failed (${e.message})`;
        reject(new LaunchError(`cannot start the DUT: ${argv[0]} ${why}; command: ${description} (in ${cwd})`));
      });
    });
    child.on('error', (e) => opts.trace?.note('dut', `DUT process error: ${e.message}`));
    child.stdin!.on('error', () => undefined); // a DUT that closes its stdin must not crash the harness
    captureLines(child.stdout!, 'stdout', child.pid);
    captureLines(child.stderr!, 'stderr', child.pid);
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const exitedNow = new Promise<DutExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    opts.trace?.note('dut', `DUT started (pid ${child.pid}): ${description}`, {
      argv: argv.map(hide),
      cwd,
      env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, hide(v)])),
    });
    return { child, exitedNow, drained: exitedNow.then(() => within(closed, DRAIN_DEADLINE_MS)) };
  };

  const captureLines = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr', pid: number | undefined) => {
    let rest = '';
    const emit = (line: string) => {
      const clean = hide(line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r$/, ''));
      if (clean.trim() === '') return; // blank lines are noise in the evidence
      recent.push(clean);
      output.push(clean);
      if (recent.length > RECENT_LINES) recent.shift();
      const summary = clean.length > SUMMARY_CHARS ? `${clean.slice(0, SUMMARY_CHARS)}…` : clean;
      opts.trace?.record(
        { layer: 'dut', direction: 'note', summary, detail: { stream: name, pid, line: clean } },
        { bucket: 'output', keep: keep.some((k) => k.test(clean)) },
      );
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      while (rest.length > MAX_LINE_CHARS) {
        lines.push(rest.slice(0, MAX_LINE_CHARS));
        rest = rest.slice(MAX_LINE_CHARS);
      }
      lines.forEach(emit);
    });
    stream.on('end', () => rest && emit(rest));
  };

  let current = await start();
  let stopRequested = false;
  let restarts = 0;
  let restarting: Promise<void> | undefined;
  let markExited!: (e: DutExit) => void;
  const exited = new Promise<DutExit>((resolve) => (markExited = resolve));

  /** Follows one process to its end: then the DUT has exited, or (restartOnExit) starts again. */
  const follow = (p: Process) =>
    void p.exitedNow.then(async (e) => {
      await p.drained;
      const how = e.signal ? `signal ${e.signal}` : `code ${e.code}`;
      opts.trace?.note('dut', `DUT exited (${how})`);
      if (spec.restartOnExit && !stopRequested) {
        if (restarts < MAX_RESTARTS) {
          restarts++;
          opts.trace?.note(
            'dut',
            `restarting the DUT with the same command, as launch.restartOnExit says (restart ${restarts} of at most ${MAX_RESTARTS})`,
          );
          restarting = start().then(
            (next) => {
              current = next;
              follow(next);
            },
            (err: Error) => {
              opts.trace?.note('dut', `the DUT could not be restarted: ${err.message}`);
              finish(e);
            },
          );
          return;
        }
        opts.trace?.note('dut', `the DUT exited ${restarts + 1} times; not restarting it again`);
      }
      finish(e);
    });
  const finish = (e: DutExit) => {
    running.delete(entry);
    markExited(e);
  };
  follow(current);

  const isRunning = () => current.child.exitCode === null && current.child.signalCode === null;
  const signalGroup = (sig: NodeJS.Signals) => {
    const child = current.child;
    try {
      process.kill(-child.pid!, sig);
    } catch {
      child.kill(sig); // the group is gone already; reach the process itself if it is still there
    }
  };
  const steps = Array.isArray(spec.stop) ? spec.stop : [spec.stop];

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopRequested = true;
      await restarting; // a restart under way finishes first, then that process is stopped
      if (!isRunning()) return void (await exited); // already gone: settle once its exit is recorded
      for (const step of steps) {
        opts.trace?.note('dut', `stopping the DUT: ${describeStep(step)}`);
        if ('stdin' in step) current.child.stdin!.write(step.stdin);
        else if ('closeStdin' in step) current.child.stdin!.end();
        else signalGroup(step.signal);
        if (await within(current.exitedNow, step.timeoutMs)) return void (await exited);
        opts.trace?.note('dut', `the DUT did not stop within ${step.timeoutMs} ms${step === steps[steps.length - 1] ? ': SIGKILL' : ''}`);
      }
      const waited = steps.reduce((a, x) => a + x.timeoutMs, 0);
      opts.log?.(`The DUT did not stop within ${waited} ms; killing it.`);
      signalGroup('SIGKILL');
      if (!(await within(exited, DRAIN_DEADLINE_MS + steps[steps.length - 1].timeoutMs)))
        opts.log?.(`The DUT (pid ${current.child.pid}) did not exit even after SIGKILL.`);
    })());
  const entry = { stop, kill: () => isRunning() && signalGroup('SIGKILL') };
  running.add(entry);
  installExitHooks();

  return {
    description,
    get pid() {
      return current.child.pid;
    },
    exited,
    isRunning: () => isRunning() || restarting !== undefined,
    stop,
    recentOutput: () => [...recent],
    output,
    write: (text: string) => void current.child.stdin!.write(text),
  };
}

interface Process {
  child: ChildProcess;
  /** Settles when the process has exited. */
  exitedNow: Promise<DutExit>;
  /** Settles after the exit, once its last output drained from the pipes (or a deadline passed). */
  drained: Promise<unknown>;
}

function describeStep(step: StopStep): string {
  if ('stdin' in step) return `writing ${JSON.stringify(step.stdin)} to its stdin`;
  if ('closeStdin' in step) return 'closing its stdin (end of input)';
  return step.signal;
}
