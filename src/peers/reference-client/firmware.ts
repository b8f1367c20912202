/**
 * The reference client's firmware update engine (LwM2M TS 1.1 §E.6, object /5): the State
 * machine Idle(0) → Downloading(1) → Downloaded(2) → Updating(3) → Idle, the Update Result codes,
 * push (a write of Package, /5/0/0, block-wise below) and pull (Package URI, /5/0/1, over HTTP or
 * CoAP), the package check of firmware-package.ts, a simulated install that takes `installMs`,
 * and the new firmware version after success (then the device reboots and registers again).
 */
import type { CoapEndpoint, HandlerResult } from '../../coap/endpoint';
import { Method } from '../../coap/message';
import type { LwM2MPath } from '../../lwm2m/path';
import type { ResourceRecord, ResourceValue } from '../../lwm2m/content';
import { checkPackage } from '../firmware-package';
import type { FaultName } from './faults';
import type { ObjectStore } from './store';
import { refuseInstanceRead, type ObjectBehaviour } from './objects/behaviour';

export const State = { idle: 0, downloading: 1, downloaded: 2, updating: 3 } as const;
export const Result = {
  initial: 0,
  success: 1,
  noStorage: 2,
  noRam: 3,
  connectionLost: 4,
  integrity: 5,
  unsupportedType: 6,
  invalidUri: 7,
  updateFailed: 8,
  unsupportedProtocol: 9,
} as const;

export interface FirmwareLimits {
  /** Flash for a downloaded package (a larger one is Result 2). */
  storageBytes: number;
  /** RAM for an install (a package needing more is Result 3). */
  ramBytes: number;
  /** How long the simulated install runs. */
  installMs: number;
  /** How long a download may stall before the connection counts as lost (Result 4). */
  downloadStallMs: number;
}

export const DEFAULT_FIRMWARE_LIMITS: FirmwareLimits = {
  storageBytes: 512 * 1024,
  ramBytes: 256 * 1024,
  installMs: 150,
  downloadStallMs: 2000,
};

export interface FirmwareContext {
  store: ObjectStore;
  faults: ReadonlySet<FaultName>;
  coap: () => CoapEndpoint;
  limits: FirmwareLimits;
  log: (line: string) => void;
  /** After a successful install: the device runs `version` and reboots (registers again). */
  installed: (version: string) => void;
}

export class FirmwareUpdate implements ObjectBehaviour {
  private package?: Buffer;
  /** Bumped by every reset or new delivery, so that a stale download or install does nothing. */
  private generation = 0;
  /** Fault wrong-state-while-updating: the install starts once a Read has shown the wrong State. */
  private onStateRead?: () => void;

  constructor(private readonly ctx: FirmwareContext) {
    const s = ctx.store;
    const resources: Record<number, ResourceValue | ResourceValue[]> = {
      1: '',
      3: BigInt(State.idle),
      5: BigInt(this.has('stale-update-result') ? Result.success : this.has('undefined-update-result') ? 12 : Result.initial),
      6: '',
      7: '',
      8: [0n, 2n], // CoAP, HTTP 1.1
      9: 2n, // push and pull
    };
    if (this.has('omit-firmware-delivery-method')) delete resources[9];
    s.put(5, 0, resources);
  }

  private has(f: FaultName): boolean {
    return this.ctx.faults.has(f);
  }

  private get state(): number {
    return Number(this.ctx.store.get(5, 0, 3));
  }

  private set(state: number, result?: number): void {
    this.ctx.store.set(5, 0, 3, BigInt(state));
    if (result !== undefined) this.ctx.store.set(5, 0, 5, BigInt(result));
  }

  beforeRead(path: LwM2MPath): void {
    refuseInstanceRead(path, this.ctx.faults);
    const coversState = path.instanceId === undefined || path.resourceId === undefined || path.resourceId === 3;
    if (this.onStateRead && coversState) {
      this.onStateRead();
      this.onStateRead = undefined;
    }
  }

  /** A failure's Update Result as reported (fault wrong-error-result reports 9 for all). */
  private failure(result: number): number {
    return this.has('wrong-error-result') ? Result.unsupportedProtocol : result;
  }

  write(path: LwM2MPath, records: ResourceRecord[]): HandlerResult | undefined {
    if (path.resourceId !== 0 && path.resourceId !== 1) return undefined;
    const value = records[0]?.value;
    const empty =
      value === undefined || (Buffer.isBuffer(value) ? value.length === 0 || (value.length === 1 && value[0] === 0) : value === '');
    if (empty) {
      if (this.has('reject-empty-package')) return { code: '4.00' };
      this.generation++;
      this.package = undefined;
      if (path.resourceId === 1) this.ctx.store.set(5, 0, 1, '');
      this.set(State.idle, this.has('stale-update-result') ? undefined : Result.initial);
      return { code: '2.04' };
    }
    if (this.has('reject-firmware-delivery')) return { code: '4.05' };
    if (this.state !== State.idle) return { code: '4.05' }; // a delivery is under way: reset first
    const generation = ++this.generation;
    this.set(State.downloading, Result.initial);
    if (path.resourceId === 0) {
      this.received(value as Buffer, generation);
    } else {
      const uri = value as string;
      this.ctx.store.set(5, 0, 1, uri);
      void this.download(uri, generation);
    }
    return { code: '2.04' };
  }

  execute(path: LwM2MPath): HandlerResult | undefined {
    if (path.resourceId !== 2) return undefined;
    if (this.has('reject-firmware-update')) return { code: '4.05' };
    if (this.state !== State.downloaded || !this.package) {
      if (this.has('update-accepted-without-package')) return { code: '2.04' };
      if (this.has('refused-update-changes-result')) this.set(this.state, Result.updateFailed);
      return { code: '4.05' }; // TS: executable only in Downloaded
    }
    const generation = ++this.generation;
    const header = checkPackage(this.package);
    this.set(State.updating);
    const install = () =>
      setTimeout(() => {
        if (generation !== this.generation) return;
        if (!header.ok || header.header.install === 'fail') {
          this.set(State.downloaded, this.failure(Result.updateFailed));
          if (header.ok && this.has('firmware-version-changed-on-failure')) this.ctx.store.set(3, 0, 3, header.header.version);
          return;
        }
        this.package = undefined;
        this.set(State.idle, this.has('update-result-not-success') ? Result.initial : Result.success);
        this.ctx.store.set(5, 0, 7, header.header.version);
        this.ctx.installed(header.header.version);
      }, this.ctx.limits.installMs).unref();
    if (this.has('wrong-state-while-updating')) {
      // The wrong State lasts until a Read shows it: a loaded machine's first poll may come
      // later than the install's end, and a fault nobody sees proves nothing.
      this.set(State.downloading);
      this.onStateRead = install;
    } else install();
    return { code: '2.04' };
  }

  /** A whole package has arrived (push, or the end of a pull): check it, then Downloaded or Idle with the Result. */
  private received(pkg: Buffer, generation: number): void {
    if (generation !== this.generation) return;
    const fail = (result: number, why: string) => {
      this.ctx.log(`firmware package refused: ${why} (Result ${result})`);
      if (this.has('downloaded-despite-error')) {
        this.package = pkg;
        return this.set(State.downloaded, Result.initial);
      }
      this.set(State.idle, this.failure(result));
    };
    if (pkg.length > this.ctx.limits.storageBytes)
      return fail(Result.noStorage, `${pkg.length} bytes, storage for ${this.ctx.limits.storageBytes}`);
    const verdict = checkPackage(pkg);
    if (!verdict.ok) return fail(verdict.result, verdict.why);
    if (verdict.ok && verdict.header.ramBytes > this.ctx.limits.ramBytes)
      return fail(Result.noRam, `the install needs ${verdict.header.ramBytes} bytes of RAM, ${this.ctx.limits.ramBytes} are free`);
    this.package = pkg;
    if (!this.has('package-never-downloaded')) this.set(State.downloaded, Result.initial);
  }

  /** Pull: fetches the package over HTTP or CoAP; a broken transfer is Result 4, a bad URI 7, another scheme 9. */
  private async download(uri: string, generation: number): Promise<void> {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return this.fetchFailed(generation, Result.invalidUri, `"${uri}" is not a URI`);
    }
    try {
      const pkg = url.protocol === 'http:' ? await this.httpGet(url) : url.protocol === 'coap:' ? await this.coapGet(url) : undefined;
      if (!pkg) return this.fetchFailed(generation, Result.unsupportedProtocol, `${url.protocol} is not supported`);
      this.received(pkg, generation);
    } catch (e) {
      const err = e as DownloadError;
      this.fetchFailed(generation, err.result ?? Result.connectionLost, err.message);
    }
  }

  private fetchFailed(generation: number, result: number, why: string): void {
    if (generation !== this.generation) return;
    this.ctx.log(`firmware download failed: ${why} (Result ${result})`);
    if (this.has('downloaded-despite-error')) return this.set(State.downloaded, Result.initial);
    this.set(State.idle, this.failure(result));
  }

  private httpGet(url: URL): Promise<Buffer> {
    const limit = this.ctx.limits.storageBytes;
    return new Promise((resolve, reject) => {
      // node:http is loaded here, on the first pull: most runs never download, and it costs a cold start ~10 ms.
      const http = require('node:http') as typeof import('node:http');
      const req = http.get(url, { timeout: this.ctx.limits.downloadStallMs }, (res) => {
        if (res.statusCode === 404 || res.statusCode === 410 || res.statusCode === 400) {
          res.resume();
          return reject(new DownloadError(`HTTP ${res.statusCode}`, Result.invalidUri));
        }
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new DownloadError(`HTTP ${res.statusCode}`));
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > limit) {
          res.destroy();
          return reject(new DownloadError(`Content-Length ${declared} exceeds the storage`, Result.noStorage));
        }
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            res.destroy();
            reject(new DownloadError('the package exceeds the storage', Result.noStorage));
          } else parts.push(chunk);
        });
        res.on('end', () => (res.complete ? resolve(Buffer.concat(parts)) : reject(new DownloadError('the connection closed early'))));
        res.on('error', (e) => reject(new DownloadError(e.message)));
        res.on('aborted', () => reject(new DownloadError('the connection was lost')));
      });
      req.on('timeout', () => req.destroy(new Error('the download stalled')));
      req.on('error', (e) => reject(new DownloadError(e.message)));
    });
  }

  private async coapGet(url: URL): Promise<Buffer> {
    const peer = { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 5683) };
    let res;
    try {
      res = await this.ctx
        .coap()
        .request(peer, { method: Method.GET, path: url.pathname + url.search, timeoutMs: this.ctx.limits.downloadStallMs });
    } catch (e) {
      throw new DownloadError((e as Error).message);
    }
    if (res.message.code === '4.04') throw new DownloadError('4.04 Not Found', Result.invalidUri);
    if (res.message.code !== '2.05') throw new DownloadError(`answered ${res.message.code}`);
    return res.message.payload;
  }
}

class DownloadError extends Error {
  constructor(
    message: string,
    readonly result?: number,
  ) {
    super(message);
  }
}
