/**
 * How many cases run at once (`run --workers N`). Each case has its own Test Server on a free
 * port and its own DUT process, so the built-in reference peers run two cases per core: a case
 * mostly waits on protocol timers (107 cases on 2 cores: 2 workers 55.8 s, 4 workers 32.8 s,
 * 8 workers 26.7 s, the same verdicts; CPU 1.1 and 1.4 cores on average at 4 and 8). A DUT
 * that cannot run several times (an operator at a bench, a Test Server on a fixed port the device
 * is configured with, or `parallel: false` in the profile) runs one case at a time.
 */
import * as os from 'node:os';
import type { DutProfile } from '../conformance/dut-profile';
import { UsageError } from './usage';

/** Why the profile's DUT can run only one case at a time, or undefined when it can run several. */
export function singleInstanceReason(profile: DutProfile): string | undefined {
  if (profile.launch.kind === 'manual') return 'the DUT is started by hand (launch: manual)';
  if (profile.server.port !== 0) return `the Test Server listens on a fixed port (server.port: ${profile.server.port})`;
  if (profile.parallel === false) return 'the profile says parallel: false';
  return undefined;
}

/** The built-in reference peers, launched through {harness}: known to run many times at once. */
export function isBuiltInPeer(profile: DutProfile): boolean {
  if (profile.launch.kind !== 'command') return false;
  const words = Array.isArray(profile.launch.command) ? profile.launch.command : profile.launch.command.trim().split(/\s+/);
  return words[0] === '{harness}' && /^reference-(client|server|bootstrap-server)$/.test(words[1] ?? '');
}

export function parseWorkers(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers: expected an integer from 1 to 64, got "${text}"`);
  return n;
}

/** The number of workers for a run; `requested` is --workers, `cases` the number of cases to run. */
export function workerCount(profile: DutProfile, requested: number | undefined, cases: number): number {
  const single = singleInstanceReason(profile);
  if (single && requested !== undefined && requested > 1)
    throw new UsageError(`--workers ${requested}: ${single}, so cases run one at a time`);
  if (single) return 1;
  const cores = os.availableParallelism();
  // A DUT of the user's own (parallel: true) may be busy itself: one case per core for it.
  const wanted = requested ?? (isBuiltInPeer(profile) ? 2 * cores : profile.parallel === true ? cores : 1);
  return Math.max(1, Math.min(wanted, cases));
}
