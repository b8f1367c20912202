/**
 * Firmware update operations of a client-DUT session (object /5; ETS int-75x … 77x): delivery by
 * push (a block-wise write of Package) or pull (a write of Package URI, the package served by the
 * harness's download server), Update, and reading State and Update Result until a condition
 * holds, with the firmware timer as the deadline. A client that reboots to install is followed
 * to its new registration. The judging rules are in checks/firmware.ts.
 */
import { setTimeout as pause } from 'node:timers/promises';
import type { IncomingResponse } from '../../coap/endpoint';
import { Method } from '../../coap/message';
import { encodeContent, valueAt } from '../../lwm2m/content';
import { LwM2MPath } from '../../lwm2m/path';
import { DownloadServer, type Fetch } from '../../peers/download-server';
import type { FirmwareStatus } from '../checks/firmware';
import { DutFailure } from '../failures';
import type { FirmwarePackage } from '../firmware-packages';
import type { ClientDutSession } from './session';

const TEXT = 0;
const OPAQUE = 42;

export type Delivery = 'push' | 'pull';

export interface Followed {
  seen: FirmwareStatus[];
  /** The condition held before the deadline. */
  ended: boolean;
}

export class FirmwareOperations {
  private downloads?: DownloadServer;
  private served = 0;

  constructor(private readonly session: ClientDutSession) {}

  private get settings() {
    const fw = this.session.profile.firmware;
    if (!fw) throw new Error('the DUT profile has no firmware section (checked by the precondition)');
    return fw;
  }

  /** The delivery a case names, or for "the declared method" push when the ICS has it, else pull. */
  delivery(asked: Delivery | 'declared'): Delivery {
    if (asked !== 'declared') return asked;
    return this.session.profile.ics.includes('firmware-push') ? 'push' : 'pull';
  }

  /** What the download server handed out so far. */
  get fetches(): Fetch[] {
    return this.downloads?.fetches ?? [];
  }

  /** Writes the empty Package (push) or Package URI (pull): the reset of the state machine. */
  async reset(delivery: Delivery): Promise<IncomingResponse> {
    return delivery === 'push' ? this.writePackage(Buffer.from([0])) : this.writeUri('');
  }

  /** Push: PUT /5/0/0 with the package as opaque, in Block1 blocks of the profile's size. */
  async writePackage(bytes: Buffer): Promise<IncomingResponse> {
    const reg = await this.session.registration.ensureRegistered();
    const block1Size = bytes.length > this.settings.blockSize ? this.settings.blockSize : undefined;
    const res = await this.session.request(
      () => this.session.server.send(reg, { method: Method.PUT, path: '/5/0/0', payload: bytes, contentFormat: OPAQUE, block1Size }),
      'the Write of /5/0/0 (Package)',
    );
    if (res.parts) this.session.trace.note('harness', `the package (${bytes.length} bytes) went in ${res.parts.length} Block1 exchange(s)`);
    return res;
  }

  /** Pull: serves the package (optionally cut off halfway) and writes its URI to /5/0/1. */
  async offer(pkg: FirmwarePackage, opts: { cutOff?: boolean } = {}): Promise<string> {
    this.downloads ??= new DownloadServer(this.session.server.endpoint.local.host, this.session.trace);
    const path = `/fw/${pkg.kind}-${++this.served}.bin`;
    this.downloads.offer(path, { bytes: pkg.bytes, cutOff: opts.cutOff });
    return this.downloads.uri(this.settings.pullScheme, path);
  }

  /** A URI at the download server that names nothing (int-778). */
  async missingUri(): Promise<string> {
    this.downloads ??= new DownloadServer(this.session.server.endpoint.local.host, this.session.trace);
    return this.downloads.uri(this.settings.pullScheme, '/fw/no-such-package.bin');
  }

  async writeUri(uri: string): Promise<IncomingResponse> {
    const path = LwM2MPath.parse('/5/0/1');
    const payload = encodeContent(TEXT, path, [{ path, type: 'string', value: uri }]);
    return this.session.dm.write('/5/0/1', payload, TEXT);
  }

  /** Update (POST /5/0/2). */
  async update(): Promise<IncomingResponse> {
    return this.session.dm.execute('/5/0/2');
  }

  /** One read of State and Update Result (a Read of /5/0 in the client's format). */
  async status(startedAt = Date.now()): Promise<FirmwareStatus> {
    const res = await this.session.objects.read('/5/0');
    if (res.problems.length) throw new DutFailure(this.session.currentStep, 'a readable /5/0', res.problems.join('; '));
    const state = valueAt(res.records, '/5/0/3');
    const result = valueAt(res.records, '/5/0/5');
    if (typeof state !== 'bigint' || typeof result !== 'bigint')
      throw new DutFailure(this.session.currentStep, 'State (/5/0/3) and Update Result (/5/0/5) in /5/0', 'one of them is missing');
    return { state: Number(state), result: Number(result), at: Date.now() - startedAt };
  }

  /**
   * Reads State and Update Result every pollIntervalMs until `done` holds or the firmware timer
   * runs out. A client that goes silent while installing (a reboot) is waited for until it
   * registers again.
   */
  async follow(done: (s: FirmwareStatus) => boolean, allowReboot = false): Promise<Followed> {
    const startedAt = Date.now();
    const deadline = startedAt + this.session.timers.firmwareMs;
    const seen: FirmwareStatus[] = [];
    let registrations = this.session.registration.cursor();
    while (Date.now() < deadline) {
      try {
        const s = await this.status(startedAt);
        seen.push(s);
        if (done(s)) return { seen, ended: true };
      } catch (e) {
        if (!allowReboot || !(e instanceof DutFailure)) throw e;
        // No answer during the install: the device may be rebooting; wait for it to register again.
        const left = deadline - Date.now();
        if (left <= 0) break;
        await this.session.registration.nextRegister(registrations, left).catch(() => undefined);
        registrations = this.session.registration.cursor();
        this.session.trace.note('harness', 'the client registered again during the firmware update');
        continue;
      }
      await pause(this.settings.pollIntervalMs);
    }
    return { seen, ended: false };
  }

  /** The Firmware Version the device reports (/3/0/3). */
  async firmwareVersion(): Promise<string> {
    const res = await this.session.objects.read('/3/0/3');
    const v = valueAt(res.records, '/3/0/3');
    if (res.problems.length || typeof v !== 'string')
      throw new DutFailure(
        this.session.currentStep,
        'a readable Firmware Version (/3/0/3)',
        res.problems.join('; ') || 'it is not a string',
      );
    return v;
  }

  async close(): Promise<void> {
    await this.downloads?.close();
  }
}
