/**
 * The reference server's firmware update (LwM2M TS 1.1 §E.6), what a platform's "update
 * firmware" button does: deliver the package (push: a write of Package /5/0/0 as
 * application/octet-stream in Block1 blocks; pull: a write of Package URI /5/0/1), follow State
 * (/5/0/3) until the device has it (2, Downloaded) or gave up (0 with an Update Result), execute
 * Update (/5/0/2), follow State and Update Result (/5/0/5) until the update ends, and report the
 * final Update Result and Firmware Version (/3/0/3). It polls: the device may not be observable.
 */
import * as fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Method } from '../../coap/message';
import { ContentFormat } from '../../lwm2m/content';
import { OperationError, type ReferenceServer } from './server';

/** How often State is read while a download or an install runs, and for how long at most. */
const POLL_MS = 100;
const FOLLOW_MS = 60_000;
const BLOCK_SIZE = 1024;

export interface FirmwareResult {
  /** The code of the last request of the flow that was answered (2.04 when it got through). */
  code: string;
  /** Where the flow ended: delivered and updated, or the step that stopped it. */
  stage: 'write' | 'download' | 'execute' | 'update';
  state?: number;
  updateResult?: number;
  firmwareVersion?: string;
}

export class FirmwareUpdater {
  constructor(private readonly s: ReferenceServer) {}

  /** Push: the package file, written to /5/0/0. */
  async push(endpointName: string, file: string): Promise<FirmwareResult> {
    let pkg: Buffer;
    try {
      pkg = fs.readFileSync(file);
    } catch (e) {
      throw new OperationError(400, `cannot read the package file: ${(e as Error).message}`);
    }
    if (this.s.has('firmware-package-truncated')) pkg = pkg.subarray(0, pkg.length - 1);
    const res = await this.s.ask(endpointName, {
      method: Method.PUT,
      path: '/5/0/0',
      contentFormat: this.s.has('firmware-package-as-text') ? ContentFormat.TEXT : ContentFormat.OPAQUE,
      payload: pkg,
      block1Size: this.s.has('firmware-package-in-one-datagram') ? undefined : BLOCK_SIZE,
    });
    return this.follow(endpointName, res.message.code);
  }

  /** Pull: the URI, written to /5/0/1 as text. */
  async pull(endpointName: string, uri: string): Promise<FirmwareResult> {
    const written = this.s.has('firmware-uri-altered') ? uri.slice(0, -1) : uri;
    const res = await this.s.write(endpointName, '/5/0/1', written, 'text');
    return this.follow(endpointName, res.code);
  }

  /** After the delivery: wait for Downloaded, execute Update, wait for the end. */
  private async follow(endpointName: string, delivered: string): Promise<FirmwareResult> {
    if (delivered !== '2.04') return { code: delivered, stage: 'write' };
    if (!this.s.has('firmware-execute-before-downloaded')) {
      const state = await this.until(endpointName, (st, result) => st === 2 || (st === 0 && result !== 0));
      if (state !== 2) return { code: '2.04', stage: 'download', state, updateResult: await this.resource(endpointName, '/5/0/5') };
    }
    const executed = await this.s.execute(endpointName, '/5/0/2');
    if (executed.code !== '2.04') return { code: executed.code, stage: 'execute' };
    if (this.s.has('firmware-success-assumed')) return { code: '2.04', stage: 'update', state: 0, updateResult: 1 };
    const state = await this.until(endpointName, (st, result) => st !== 3 && (st !== 2 || result !== 0));
    return {
      code: '2.04',
      stage: 'update',
      state,
      updateResult: await this.resource(endpointName, '/5/0/5'),
      firmwareVersion: await this.resource(endpointName, '/3/0/3', 'string'),
    };
  }

  /** Reads State (and Update Result when State alone says nothing) until `done`; the last State. */
  private async until(endpointName: string, done: (state: number, result: number | undefined) => boolean): Promise<number> {
    const deadline = Date.now() + FOLLOW_MS;
    for (;;) {
      const state = await this.resource(endpointName, '/5/0/3');
      const result = state === 0 || state === 2 ? await this.resource(endpointName, '/5/0/5') : undefined;
      if (done(state, result)) return state;
      if (Date.now() > deadline) throw new OperationError(504, `the firmware update did not end within ${FOLLOW_MS} ms (State ${state})`);
      // The server under test's own behaviour (it reads State between polls, as a server whose
      // client does not notify must), not the harness waiting for an event.
      await delay(POLL_MS);
    }
  }

  private async resource(endpointName: string, path: string): Promise<number>;
  private async resource(endpointName: string, path: string, as: 'string'): Promise<string>;
  private async resource(endpointName: string, path: string, as?: 'string'): Promise<number | string> {
    const r = await this.s.read(endpointName, path);
    if (r.code !== '2.05' || r.value === undefined || typeof r.value === 'object')
      throw new OperationError(502, `the client answered the Read of ${path} ${r.code}${r.problem ? `: ${r.problem}` : ''}`);
    return as === 'string' ? String(r.value) : Number(r.value);
  }
}
