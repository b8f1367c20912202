/**
 * Firmware update judged from the server side (int-770 push, int-771 pull): the Test Client holds
 * a Firmware Update object that behaves as a device's (src/peers/test-client/firmware.ts); the
 * server is asked, through the profile's firmware-update or firmware-update-uri action, to update
 * it with a package the harness made (a file, or served by the harness's download server). The
 * checks (firmware-checks.ts) judge the package or URI written, the order of Execute and State,
 * and what the server reports.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Method, OptionNumber, uriPath, type CoapMessage } from '../../coap/message';
import { DeadlineError } from '../../util/event-log';
import { DownloadServer } from '../../peers/download-server';
import { buildPackage } from '../../peers/firmware-package';
import type { FirmwareEvent, TestClientFirmware } from '../../peers/test-client/firmware';
import { ActionError } from '../actions/runner';
import type { ActionOutcome } from '../actions/types';
import { CriterionFailure, DutFailure, PreconditionFailure } from '../failures';
import { executeProblem, pushedPackageProblem, reportedResultProblem, writtenUriProblem } from './firmware-checks';
import type { Problem } from './request-checks';
import type { ServerDutSession } from './session';

/** The Firmware Version a package of the harness installs. */
export const NEW_FIRMWARE_VERSION = '2.0-conformance';

export interface FirmwareAct {
  mode: 'push' | 'pull';
  package: Buffer;
  /** Pull: the URI given to the server. */
  uri?: string;
  /** Positions in the Test Client's logs when the server was asked. */
  mark: number;
  inboxMark: number;
  started: number;
  pending: Promise<ActionOutcome | Error>;
  outcome?: ActionOutcome;
  /** The firmware log position when the action answered. */
  endMark?: number;
  endedMs?: number;
}

/** A package of the reference format, `size` bytes in all. */
export function packageOfSize(size: number, version = NEW_FIRMWARE_VERSION): Buffer {
  const header = { version, ramBytes: 16 * 1024, install: 'ok' as const };
  const overhead = buildPackage(header, 0).length;
  if (size < overhead) throw new Error(`a package needs at least ${overhead} bytes`);
  return buildPackage(header, size - overhead);
}

export class ServerFirmwareOperations {
  private dir?: string;
  private downloads?: DownloadServer;

  constructor(private readonly s: ServerDutSession) {}

  /** Precondition: the Test Client holds /5/0 in State Idle (before it registers, so its object list shows /5/0). */
  hold(): TestClientFirmware {
    const fw = this.s.client.holdFirmwareUpdate();
    // The Test Client's own State changes, in the evidence beside the messages that caused them.
    fw.events.onPush((e) => {
      if (e.kind === 'state') this.s.trace.note('harness', `Test Client /5/0: State ${e.state}, Update Result ${e.result} (${e.why})`);
    });
    return fw;
  }

  private get object(): TestClientFirmware {
    const fw = this.s.client.firmware;
    if (!fw) throw new Error('step order: the Test Client holds no Firmware Update object');
    return fw;
  }

  /** Asks the server to update the firmware with a `size`-byte package, and waits for its delivery to begin. */
  async start(mode: 'push' | 'pull', size: number): Promise<FirmwareAct> {
    const pkg = packageOfSize(size);
    let packageFile: string | undefined;
    let packageUri: string | undefined;
    if (mode === 'push') {
      this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'lwm2m-fw-'));
      packageFile = path.join(this.dir, `package-${size}.bin`);
      fs.writeFileSync(packageFile, pkg);
    } else {
      this.downloads ??= new DownloadServer(this.s.client.endpoint.local.host, this.s.trace);
      this.downloads.offer(`/firmware/package-${size}.bin`, { bytes: pkg });
      packageUri = await this.downloads.uri('http', `/firmware/package-${size}.bin`);
    }
    const fw = this.object;
    const act: FirmwareAct = {
      mode,
      package: pkg,
      uri: packageUri,
      mark: fw.events.cursor(),
      inboxMark: this.s.client.endpoint.inbox.cursor(),
      started: Date.now(),
      pending: this.s.begin(mode === 'push' ? 'firmware-update' : 'firmware-update-uri', { packageFile, packageUri }),
    };
    const delivered = nextEvent(
      fw,
      (e) => e.kind === (mode === 'push' ? 'package' : 'uri'),
      act.mark,
      this.s.timers.firmwareMs,
      `a write of ${mode === 'push' ? 'Package (/5/0/0)' : 'Package URI (/5/0/1)'}`,
    );
    // The action may end (refused, failed) before anything is delivered: then its outcome says why.
    const first = await this.s.untilDutExits(Promise.race([delivered, act.pending]), 'the delivery of the package').catch((e) => e);
    if (first instanceof ActionError) throw new PreconditionFailure(`a way to make the server update the firmware`, first.message);
    if (first instanceof DeadlineError)
      throw new DutFailure(this.s.currentStep, `the server to deliver the firmware when asked`, first.message);
    if (first instanceof Error) throw first;
    const nothing = !fw.events.since(act.mark).some((e) => e.kind === 'package' || e.kind === 'uri') && !this.blocksSeen(act);
    if ('ok' in first && !first.ok && nothing)
      throw new DutFailure(this.s.currentStep, `the server to deliver the firmware when asked`, first.evidence);
    return act;
  }

  /** Waits for the action to answer (the server says how the update ended), or for an operator's. */
  async end(act: FirmwareAct): Promise<void> {
    const outcome = await this.s.untilDutExits(
      Promise.race([
        act.pending,
        new Promise<Error>((resolve) =>
          setTimeout(
            () => resolve(new DeadlineError(`the action's answer within ${this.s.timers.firmwareMs} ms`, 0)),
            this.s.timers.firmwareMs,
          ).unref(),
        ),
      ]),
      'the end of the firmware update',
    );
    if (outcome instanceof ActionError) throw new PreconditionFailure('a way to make the server update the firmware', outcome.message);
    if (outcome instanceof DeadlineError)
      throw new DutFailure(this.s.currentStep, 'the server to end the firmware update', outcome.message);
    if (outcome instanceof Error) throw outcome;
    if (outcome.manual) {
      // An operator acts: the update ends when the Test Client is back in Idle with an Update Result.
      await this.object.events
        .waitFor((e) => e.kind === 'state' && e.state === 0 && e.result !== 0, {
          after: act.mark,
          timeoutMs: outcome.deadlineMs,
          what: 'the firmware update to end',
        })
        .catch(() => undefined);
    }
    act.outcome = outcome;
    act.endMark = this.object.events.cursor();
    act.endedMs = Date.now() - act.started;
    this.s.trace.note(
      'harness',
      `firmware update (${act.mode}, ${act.package.length} bytes) ended after ${act.endedMs} ms: Test Client in State ${this.object.state}, Update Result ${this.object.result}`,
    );
  }

  /** Criterion: push, the package arrived complete and equal, as application/octet-stream, block-wise. */
  checkPushedPackage(criterion: string, act: FirmwareAct): void {
    this.fail(criterion, pushedPackageProblem(act.package, this.object.events.since(act.mark), this.blocksSeen(act)));
  }

  /** Criterion: pull, the URI written to /5/0/1 is the one given. */
  checkWrittenUri(criterion: string, act: FirmwareAct): void {
    this.fail(criterion, writtenUriProblem(act.uri!, this.object.events.since(act.mark)));
  }

  /** Criterion: Update executed only after the server saw State 2 (Downloaded). */
  checkExecute(criterion: string, act: FirmwareAct): void {
    this.fail(criterion, executeProblem(this.object.events.since(act.mark), act.mode));
  }

  /** Criterion: the server reports the final Update Result it was given, and that is 1 (success). */
  checkReported(criterion: string, act: FirmwareAct): void {
    const outcome = act.outcome;
    if (!outcome) throw new Error('step order: the firmware update has not ended');
    if (outcome.manual) throw new PreconditionFailure('an action answer to check what the server reports', 'the action is manual');
    if (!outcome.ok)
      throw new CriterionFailure(criterion, 'the server to report the firmware update', `its action failed: ${outcome.evidence}`);
    if (outcome.value === undefined)
      throw new CriterionFailure(
        criterion,
        'the server to report the final Update Result',
        `the action's answer holds no value: ${outcome.evidence}`,
      );
    const events = this.object.events.all();
    this.fail(criterion, reportedResultProblem(outcome.value, events.slice(act.mark), act.endMark! - act.mark));
  }

  /** Block1 blocks of a write of /5/0/0 the Test Client received since the action (complete package or not). */
  private blocksSeen(act: FirmwareAct): number {
    return this.s.client.endpoint.inbox
      .since(act.inboxMark)
      .filter((e) => e.message?.code === Method.PUT && uriPath(e.message) === '/5/0/0' && hasBlock1(e.message)).length;
  }

  private fail(criterion: string, problem: Problem | undefined): void {
    if (problem) throw new CriterionFailure(criterion, problem.expected, problem.actual);
  }

  async close(): Promise<void> {
    await this.downloads?.close();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The first firmware event from `after` that matches, or a DeadlineError as the value: unlike
 * EventLog.waitFor it never rejects and its timer does not hold the process, since the action's
 * answer may win the race and leave this wait behind.
 */
function nextEvent(
  fw: TestClientFirmware,
  match: (e: FirmwareEvent) => boolean,
  after: number,
  timeoutMs: number,
  what: string,
): Promise<FirmwareEvent | DeadlineError> {
  return new Promise((resolve) => {
    const found = fw.events.find(match, after);
    if (found) return resolve(found);
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      resolve(new DeadlineError(what, timeoutMs));
    }, timeoutMs).unref();
    fw.events.onPush((e) => {
      if (done || !match(e)) return;
      done = true;
      clearTimeout(timer);
      resolve(e);
    });
  });
}

function hasBlock1(m: CoapMessage): boolean {
  return m.options.some((o) => o.number === OptionNumber.Block1);
}
