/**
 * The Test Client's Firmware Update object (/5/0, LwM2M TS 1.1 §E.6), for judging a server's
 * firmware update. It goes through its states as a device does: a package written to Package
 * (/5/0/0, block-wise: the endpoint puts Block1 together) or fetched from Package URI (/5/0/1,
 * HTTP or CoAP) makes it Downloading, then Downloaded once the package checks out (the
 * reference package format of ../firmware-package.ts; a bad one is Update Result 5 or 6);
 * Update (/5/0/2) is refused (4.05) unless Downloaded, else Updating, then Idle with Update
 * Result 1 and the package's version as Firmware Version (/3/0/3).
 *
 * It records what the server did (every delivery, every Execute with the State it met) and what
 * the Test Client told it (each Read or notification that carried State or Update Result), so
 * that the checks judge the server's order of events. Unlike the rest of the Test Client it acts
 * on its own once a delivery starts: it changes State and notifies a server that observes it,
 * as RFC 7641 requires of a device whose observed value changes.
 */
import * as http from 'node:http';
import type { IncomingRequest, ResponseSpec } from '../../coap/endpoint';
import { Method, OptionNumber, contentFormat, uriPath, type CoapMessage } from '../../coap/message';
import { readBlock } from '../../coap/block-option';
import { ContentFormat, decodeContent } from '../../lwm2m/content';
import { LwM2MPath } from '../../lwm2m/path';
import { EventLog } from '../../util/event-log';
import { checkPackage } from '../firmware-package';
import type { Operation } from './responder';
import { compositeRequest } from './composite';
import type { TestClient } from './test-client';

export const FirmwareState = { idle: 0, downloading: 1, downloaded: 2, updating: 3 } as const;

/** How long the simulated device checks a package after its last byte, and how long its install runs. */
export const FIRMWARE_CHECK_MS = 250;
export const FIRMWARE_INSTALL_MS = 250;

export type FirmwareEvent =
  /** A write of Package (/5/0/0): the whole body as the endpoint put it together. */
  | {
      kind: 'package';
      at: number;
      bytes: Buffer;
      contentFormat?: number;
      /** How many Block1 datagrams carried it (undefined: one datagram without Block1). */
      blocks?: number;
      /** Problems of the Block1 blocks, as the endpoint saw them. */
      problems: string[];
      state: number;
      answer: string;
    }
  /** A write of Package URI (/5/0/1). */
  | { kind: 'uri'; at: number; uri?: string; contentFormat?: number; problem?: string; state: number; answer: string }
  /** An Execute of Update (/5/0/2) and the State it met. */
  | { kind: 'execute'; at: number; state: number; answer: string }
  /** State and Update Result changed. */
  | { kind: 'state'; at: number; state: number; result: number; why: string }
  /** The Test Client told the server State and/or Update Result (in a Read answer or a notification). */
  | { kind: 'told'; at: number; state?: number; result?: number; how: string }
  /** A pull fetched (or failed to fetch) the package. */
  | { kind: 'download'; at: number; uri: string; bytes?: number; problem?: string };

const RESOURCES_OF = {
  state: (p: LwM2MPath) => p.depth <= 2 || p.resourceId === 3,
  result: (p: LwM2MPath) => p.depth <= 2 || p.resourceId === 5,
};

export class TestClientFirmware {
  readonly events = new EventLog<FirmwareEvent>();
  private package?: Buffer;
  /** Bumped by every reset or delivery, so that a stale check, download or install does nothing. */
  private generation = 0;

  constructor(private readonly client: TestClient) {
    client.store.put(5, 0, {
      1: '',
      3: BigInt(FirmwareState.idle),
      5: 0n,
      6: '',
      7: '',
      8: [0n, 2n], // CoAP, HTTP 1.1
      9: 2n, // push and pull
    });
    client.responder.behaviours.push((op, path, req) => this.handle(op, path, req));
    // Downloading from the first Block1 block of a push, as a device that writes blocks to flash.
    client.endpoint.intercept((e) => {
      const m = e.message;
      if (m.code === Method.PUT && this.state === FirmwareState.idle && uriPath(m) === '/5/0/0' && firstBlock(m))
        this.set(FirmwareState.downloading, 0, 'the first Block1 block of a package');
      return false;
    });
  }

  get state(): number {
    return Number(this.client.store.get(5, 0, 3));
  }

  get result(): number {
    return Number(this.client.store.get(5, 0, 5));
  }

  private handle(op: Operation, path: LwM2MPath, req: IncomingRequest): ResponseSpec | undefined {
    if (op === 'read-composite' || op === 'observe-composite') {
      for (const p of listedPaths(req))
        if (covers(p)) this.told(p, `a ${op === 'read-composite' ? 'Read' : 'Observe'}-Composite listing ${p}`);
      return undefined;
    }
    if (path.objectId !== 5 || (path.instanceId !== undefined && path.instanceId !== 0)) return undefined;
    if (op === 'read' || op === 'observe') this.told(path, op === 'read' ? `a Read of ${path}` : `the Observe of ${path}`);
    if (path.depth !== 3) return undefined;
    if (op === 'write' && path.resourceId === 0) return this.writePackage(req);
    if ((op === 'write' || op === 'write-partial') && path.resourceId === 1) return this.writeUri(path, req);
    if (op === 'execute' && path.resourceId === 2) return this.executeUpdate(req);
    return undefined;
  }

  /** Records that an answer to the server carries State and/or Update Result (their values now). */
  private told(path: LwM2MPath, how: string): void {
    const state = RESOURCES_OF.state(path) ? this.state : undefined;
    const result = RESOURCES_OF.result(path) ? this.result : undefined;
    if (state !== undefined || result !== undefined) this.events.push({ kind: 'told', at: Date.now(), state, result, how });
  }

  private set(state: number, result: number, why: string): void {
    if (state === this.state && result === this.result) return;
    this.client.store.set(5, 0, 3, BigInt(state));
    this.client.store.set(5, 0, 5, BigInt(result));
    this.events.push({ kind: 'state', at: Date.now(), state, result, why });
    for (const o of this.client.observationsOf()) {
      const listed = (o.paths ?? [o.path]).filter(covers);
      if (listed.length === 0) continue;
      for (const p of listed) this.told(p, `a notification of ${o.paths ? 'an Observe-Composite listing ' : ''}${p}`);
      this.client.notify(o).catch(() => {}); // a closed endpoint at the end of a case
    }
  }

  private reset(why: string): void {
    this.generation++;
    this.package = undefined;
    this.client.store.set(5, 0, 1, '');
    this.set(FirmwareState.idle, 0, why);
  }

  private writePackage(req: IncomingRequest): ResponseSpec {
    const cf = contentFormat(req.message);
    const bytes = req.message.payload;
    const record = (answer: string) =>
      this.events.push({
        kind: 'package',
        at: req.receivedAt,
        bytes,
        contentFormat: cf,
        blocks: req.blocks,
        problems: req.problems,
        state: this.state,
        answer,
      });
    // The Package resource is Opaque: the device takes it as application/octet-stream.
    if (cf !== ContentFormat.OPAQUE) {
      record('4.15');
      if (this.state === FirmwareState.downloading && !this.package) this.set(FirmwareState.idle, 0, 'a package refused');
      return { code: '4.15', payload: Buffer.from('the Package is taken as application/octet-stream (42)') };
    }
    if (bytes.length === 0 || (bytes.length === 1 && bytes[0] === 0)) {
      record('2.04');
      this.reset('an empty Package');
      return { code: '2.04' };
    }
    if (this.state === FirmwareState.updating || (this.state === FirmwareState.downloading && this.package)) {
      record('4.05');
      return { code: '4.05', payload: Buffer.from('a delivery or an update is under way') };
    }
    record('2.04');
    this.received(bytes, ++this.generation, 'the last byte of a pushed package');
    return { code: '2.04' };
  }

  private writeUri(path: LwM2MPath, req: IncomingRequest): ResponseSpec {
    const cf = contentFormat(req.message);
    let uri: string;
    try {
      const value = decodeContent(cf ?? ContentFormat.TEXT, path, req.message.payload, this.client.store.registry).find(
        (r) => String(r.path) === String(path),
      )?.value;
      if (typeof value !== 'string') throw new Error(`a Package URI must be a string, not ${typeof value}`);
      uri = value;
    } catch (e) {
      const problem = (e as Error).message;
      this.events.push({ kind: 'uri', at: req.receivedAt, contentFormat: cf, problem, state: this.state, answer: '4.00' });
      return { code: '4.00', payload: Buffer.from(problem) };
    }
    const record = (answer: string) =>
      this.events.push({ kind: 'uri', at: req.receivedAt, uri, contentFormat: cf, state: this.state, answer });
    if (uri === '') {
      record('2.04');
      this.reset('an empty Package URI');
      return { code: '2.04' };
    }
    if (this.state !== FirmwareState.idle && this.state !== FirmwareState.downloaded) {
      record('4.05');
      return { code: '4.05', payload: Buffer.from('a delivery or an update is under way') };
    }
    record('2.04');
    const generation = ++this.generation;
    this.package = undefined;
    this.client.store.set(5, 0, 1, uri);
    this.set(FirmwareState.downloading, 0, `the Package URI ${uri}`);
    void this.download(uri, generation);
    return { code: '2.04' };
  }

  private executeUpdate(req: IncomingRequest): ResponseSpec {
    const state = this.state;
    if (state !== FirmwareState.downloaded || !this.package) {
      this.events.push({ kind: 'execute', at: req.receivedAt, state, answer: '4.05' });
      return { code: '4.05', payload: Buffer.from(`Update is executable in State 2 (Downloaded), not in State ${state}`) };
    }
    this.events.push({ kind: 'execute', at: req.receivedAt, state, answer: '2.04' });
    const generation = ++this.generation;
    const pkg = this.package;
    this.set(FirmwareState.updating, 0, 'Update executed');
    setTimeout(() => {
      if (generation !== this.generation) return;
      const verdict = checkPackage(pkg);
      this.package = undefined;
      if (!verdict.ok || verdict.header.install === 'fail') return this.set(FirmwareState.downloaded, 8, 'the install failed');
      this.client.store.set(3, 0, 3, verdict.header.version);
      this.client.store.set(5, 0, 7, verdict.header.version);
      this.set(FirmwareState.idle, 1, `firmware ${verdict.header.version} installed`);
    }, FIRMWARE_INSTALL_MS).unref();
    return { code: '2.04' };
  }

  /** A whole package is here: Downloading while it is checked, then Downloaded, or Idle with the Result of its defect. */
  private received(pkg: Buffer, generation: number, why: string): void {
    this.set(FirmwareState.downloading, 0, why);
    setTimeout(() => {
      if (generation !== this.generation) return;
      const verdict = checkPackage(pkg);
      if (!verdict.ok) return this.set(FirmwareState.idle, verdict.result, `package refused: ${verdict.why}`);
      this.package = pkg;
      this.set(FirmwareState.downloaded, 0, `a ${pkg.length}-byte package of version ${verdict.header.version}`);
    }, FIRMWARE_CHECK_MS).unref();
  }

  /** Pull: HTTP or CoAP; a broken transfer is Update Result 4, a URI that names nothing 7, another scheme 9. */
  private async download(uri: string, generation: number): Promise<void> {
    const failed = (result: number, problem: string) => {
      this.events.push({ kind: 'download', at: Date.now(), uri, problem });
      if (generation === this.generation) this.set(FirmwareState.idle, result, `download failed: ${problem}`);
    };
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return failed(7, `"${uri}" is not a URI`);
    }
    try {
      const got = url.protocol === 'http:' ? await httpGet(url) : url.protocol === 'coap:' ? await this.coapGet(url) : undefined;
      if (!got) return failed(9, `${url.protocol} is not a protocol the Test Client downloads with`);
      if ('missing' in got) return failed(7, got.missing);
      this.events.push({ kind: 'download', at: Date.now(), uri, bytes: got.bytes.length });
      if (generation === this.generation) this.received(got.bytes, generation, `${got.bytes.length} bytes downloaded from ${uri}`);
    } catch (e) {
      failed(4, (e as Error).message);
    }
  }

  private async coapGet(url: URL): Promise<{ bytes: Buffer } | { missing: string }> {
    const peer = { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 5683) };
    const res = await this.client.endpoint.request(peer, { method: Method.GET, path: url.pathname + url.search });
    if (res.message.code === '4.04') return { missing: `CoAP 4.04 for ${url}` };
    if (res.message.code !== '2.05') throw new Error(`CoAP ${res.message.code} for ${url}`);
    return { bytes: res.message.payload };
  }
}

/** Whether a read of `p` carries State or Update Result of /5/0. */
function covers(p: LwM2MPath): boolean {
  if (p.depth === 0) return true;
  if (p.objectId !== 5 || (p.instanceId !== undefined && p.instanceId !== 0)) return false;
  return RESOURCES_OF.state(p) || RESOURCES_OF.result(p);
}

/** The paths a composite request lists (none when it does not decode: the responder answers that). */
function listedPaths(req: IncomingRequest): LwM2MPath[] {
  try {
    return compositeRequest(req).paths;
  } catch {
    return [];
  }
}

/** Block1 block 0 of a body that continues (a malformed option is the block-wise layer's to answer). */
function firstBlock(m: CoapMessage): boolean {
  try {
    const b = readBlock(m, OptionNumber.Block1);
    return b?.num === 0 && b.more;
  } catch {
    return false;
  }
}

function httpGet(url: URL): Promise<{ bytes: Buffer } | { missing: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 10_000 }, (res) => {
      if (res.statusCode === 404 || res.statusCode === 410) {
        res.resume();
        return resolve({ missing: `HTTP ${res.statusCode} for ${url}` });
      }
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`HTTP ${res.statusCode} for ${url}`));
      }
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => (res.complete ? resolve({ bytes: Buffer.concat(parts) }) : reject(new Error('the connection closed early'))));
      res.on('aborted', () => reject(new Error('the connection was lost')));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('the download stalled')));
    req.on('error', reject);
  });
}
