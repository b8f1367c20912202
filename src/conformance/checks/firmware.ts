/**
 * Judging firmware update (object /5, LwM2M TS 1.1 §E.6) from the State (/5/0/3) and Update
 * Result (/5/0/5) the client showed, read after read. A poll can miss a short state, so a jump
 * the state machine could make between two reads (Idle straight to Downloaded) is allowed; a
 * move the machine does not have (Updating back to Downloading) is not.
 */

export const STATE_NAMES = ['Idle', 'Downloading', 'Downloaded', 'Updating'] as const;
export const RESULT_NAMES = [
  'initial value',
  'firmware updated successfully',
  'not enough flash memory for the package',
  'out of RAM during download',
  'connection lost during download',
  'integrity check failure',
  'unsupported package type',
  'invalid URI',
  'firmware update failed',
  'unsupported protocol',
];

export interface FirmwareStatus {
  state: number;
  result: number;
  /** ms since the step began. */
  at: number;
}

/** Which part of the procedure the reads cover: a delivery (push or pull) or an Update. */
export type FirmwarePhase = 'delivery' | 'update';

/** The moves each phase allows, polled (so including the ones that skip a short state). */
const MOVES: Record<FirmwarePhase, string[]> = {
  // Idle → Downloading → Downloaded, or back to Idle when the download fails (Result 2..7, 9).
  delivery: ['0>1', '1>2', '0>2', '1>0', '0>0'],
  // Downloaded → Updating → Idle (success, Result 1) or → Downloaded (failure, Result 8).
  update: ['2>3', '3>0', '2>0', '3>2', '2>2'],
};

export const stateName = (s: number) => `${STATE_NAMES[s] ?? 'undefined state'} (${s})`;

/** Consecutive states the phase's state machine cannot produce. */
export function checkTransitions(seen: FirmwareStatus[], phase: FirmwarePhase): string[] {
  const problems: string[] = [];
  for (const s of seen) if (!(s.state in STATE_NAMES)) problems.push(`State ${s.state} is not a defined state (0..3)`);
  for (let i = 1; i < seen.length; i++) {
    const [a, b] = [seen[i - 1].state, seen[i].state];
    if (a !== b && !MOVES[phase].includes(`${a}>${b}`))
      problems.push(`State went from ${stateName(a)} to ${stateName(b)} at ${seen[i].at} ms, a move the ${phase} does not allow`);
  }
  return problems;
}

function last(seen: FirmwareStatus[]): FirmwareStatus {
  if (seen.length === 0) throw new Error('no State was read');
  return seen[seen.length - 1];
}

function summary(seen: FirmwareStatus[]): string {
  return `${seen.length} read(s): ${seen.map((s) => `${s.state}/${s.result}`).join(' ')} (State/Update Result)`;
}

/** A delivery of a valid package: Downloaded reached, with Update Result 0 at every read. */
export function checkDownloaded(seen: FirmwareStatus[]): string[] {
  const problems = checkTransitions(seen, 'delivery');
  const end = last(seen);
  if (end.state !== 2) problems.push(`State never reached Downloaded (2): the last read shows ${stateName(end.state)}; ${summary(seen)}`);
  const nonZero = seen.find((s) => s.result !== 0);
  if (nonZero) problems.push(`Update Result was ${nonZero.result} at ${nonZero.at} ms, not 0 while downloading`);
  return problems;
}

/** A delivery that must fail: never Downloaded (the end is judged by checkEnd). */
export function checkDeliveryFailed(seen: FirmwareStatus[]): string[] {
  const problems = checkTransitions(seen, 'delivery');
  const downloaded = seen.find((s) => s.state === 2);
  if (downloaded) problems.push(`State reached Downloaded (2) at ${downloaded.at} ms, for a delivery that must fail`);
  return problems;
}

/** The State and Update Result of the last read, against what the case expects. */
export function checkEnd(seen: FirmwareStatus[], states: number[], result: number): string[] {
  const end = last(seen);
  const problems: string[] = [];
  if (!states.includes(end.state)) problems.push(`ended in State ${stateName(end.state)}, not ${states.map(stateName).join(' or ')}`);
  if (end.result !== result)
    problems.push(`ended with Update Result ${end.result}, not ${result} (${RESULT_NAMES[result]}); ${summary(seen)}`);
  return problems;
}

/** During an Update that succeeds (it starts from Downloaded): only Updating and Idle, Update Result 0 or 1. */
export function checkUpdating(seen: FirmwareStatus[]): string[] {
  const problems = checkTransitions([{ state: 2, result: 0, at: 0 }, ...seen], 'update');
  const odd = seen.find((s) => s.result !== 0 && s.result !== 1);
  if (odd) problems.push(`Update Result was ${odd.result} at ${odd.at} ms, not 0 or 1 during a successful update`);
  return problems;
}

/** The status read before the procedure (int-751, int-755): Idle and Update Result 0. */
export function checkIdle(status: FirmwareStatus): string[] {
  const problems: string[] = [];
  if (status.state !== 0) problems.push(`State is ${stateName(status.state)}, not Idle (0)`);
  if (status.result !== 0) problems.push(`Update Result is ${status.result}, not 0`);
  return problems;
}

/** int-772: an Update refused with no package changes neither State nor Update Result. */
export function checkUnchanged(before: FirmwareStatus, after: FirmwareStatus): string[] {
  const problems: string[] = [];
  if (after.state !== before.state) problems.push(`State changed from ${stateName(before.state)} to ${stateName(after.state)}`);
  if (after.result !== before.result) problems.push(`Update Result changed from ${before.result} to ${after.result}`);
  return problems;
}

/** int-772 A: a defined Update Result, and a State other than Downloaded. */
export function checkNotDownloaded(status: FirmwareStatus): string[] {
  const problems: string[] = [];
  if (status.state === 2) problems.push('State is Downloaded (2)');
  if (!(status.result in RESULT_NAMES) && status.result !== 10 && status.result !== 11)
    problems.push(`Update Result ${status.result} is not a defined result`);
  return problems;
}

/** The Firmware Version (/3/0/3) after an update, against the package's version. */
export function checkNewVersion(before: string, after: string, packageVersion: string | undefined): string[] {
  if (packageVersion !== undefined)
    return after === packageVersion ? [] : [`Firmware Version (/3/0/3) is "${after}", not the package's "${packageVersion}"`];
  return after !== before ? [] : [`Firmware Version (/3/0/3) is still "${before}"`];
}

/** After a failed install the device still runs the old firmware. */
export function checkSameVersion(before: string, after: string): string[] {
  return after === before ? [] : [`Firmware Version (/3/0/3) changed from "${before}" to "${after}" although the update failed`];
}
