/**
 * The reference client's Information Reporting interface (LwM2M TS Core 1.1 §6.4): Observe and
 * Observe-Composite with Observe=0, notifications by pmin/pmax/gt/lt/st (attributes from
 * attributes.ts, read only here), cancellation by RST or by Observe=1, 1.2 attributes as Observe
 * query parameters, Send (POST /dp) with Mute Send (/1/x/23), and values that change over time
 * so that timing and thresholds can be judged. Faults come from faults/information-reporting.ts.
 */
import { type CoapEndpoint, type HandlerResult, type IncomingRequest, type InboundMessage } from '../../coap/endpoint';
import {
  Method,
  OptionNumber,
  accept as acceptOf,
  contentFormat,
  observe as observeOption,
  uintOption,
  type CoapMessage,
} from '../../coap/message';
import { decodePathList, encodeComposite, encodeContent, type ResourceRecord, type ResourceValue } from '../../lwm2m/content';
import { LwM2MPath } from '../../lwm2m/path';
import type { PeerAddress } from '../../transport/types';
import { ATTRIBUTE_NAMES, type AttributeStore, type Attributes } from './attributes';
import type { ObjectStore } from './store';
import type { FaultName } from './faults';

const SENML_CBOR = 112;
/** How often observations are evaluated and values move (ms): fine enough for second-resolution attributes. */
const TICK_MS = 50;
/** Values that change over time, each on its own period (ms): slow ones leave pmax to act, the fast one feeds gt/lt/st. */
const CHANGING: { path: number[]; everyMs: number; next: (v: bigint) => bigint }[] = [
  { path: [3, 0, 7, 0], everyMs: 7000, next: (v: bigint) => (v >= 3900n ? 3800n : v + 25n) }, // Power Source Voltage (mV)
  { path: [3, 0, 8, 0], everyMs: 11000, next: (v: bigint) => (v >= 200n ? 120n : v + 10n) }, // Power Source Current (mA)
  { path: [3, 0, 9], everyMs: 13000, next: (v: bigint) => (v <= 10n ? 100n : v - 1n) }, // Battery Level (%)
  { path: [3442, 0, 120], everyMs: 250, next: (v: bigint) => v + 1n }, // Integer Value of the test object
];

export interface ReportingContext {
  store: ObjectStore;
  attributes: AttributeStore;
  coap: () => CoapEndpoint;
  /** The LwM2M Server a Send goes to (absent before a bootstrap provisioned one). */
  server: () => PeerAddress | undefined;
  faults: ReadonlySet<FaultName>;
  serverInstance: number;
  /** Short Server ID of the server (attributes are kept per server). */
  ssid: () => number;
  /** Share (0..1) of notifications sent confirmable. */
  conShare: number;
  /** The object IDs the client registered (a Send carries only these). */
  registeredObjects: () => number[];
  /** Answers a Read as the Device Management interface does (the first response of a GET Observe). */
  read: (path: LwM2MPath, req: IncomingRequest) => HandlerResult;
  log: (line: string) => void;
}

interface Observed {
  token: Buffer;
  peer: PeerAddress;
  request: IncomingRequest;
  paths: LwM2MPath[];
  composite: boolean;
  /** 1.2: attributes given as Observe query parameters, for this observation only. */
  params: Attributes;
  seq: number;
  lastSentAt: number;
  /** What the last notification reported, per record path. */
  lastValues: Map<string, string>;
  sent: number;
  /** Message ID of the last notification (an RST to a NON one names only that). */
  lastMid?: number;
  /** The records last notified under each asked path (kept for the fault composite-keeps-deleted-instance). */
  notified: Map<string, ResourceRecord[]>;
}

export class InformationReporting {
  private readonly observed: Observed[] = [];
  /** Confirmable notifications waiting for their ACK, by Message ID. */
  private readonly unacked = new Map<number, { obs: Observed; timer: NodeJS.Timeout }>();
  private ticker?: NodeJS.Timeout;
  private valueClock = 0;
  private removeInterceptor?: () => void;

  constructor(private readonly ctx: ReportingContext) {}

  private has(fault: FaultName): boolean {
    return this.ctx.faults.has(fault);
  }

  /** The test object instance and Mute Send, on top of the configuration the client holds. */
  static populate(store: ObjectStore, serverInstance: number): void {
    // A bootstrapping client has no Server instance yet; Mute Send then stays absent (not muted).
    if (store.has(LwM2MPath.of(1, serverInstance))) store.update(1, serverInstance, 23, false);
    store.put(3442, 0, { 6: ['/1/0/1', '/3/0/11/0'], 110: 'reference', 120: 0n });
  }

  start(): void {
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    this.ticker.unref();
    this.removeInterceptor = this.ctx.coap().intercept((e) => this.onEmpty(e));
  }

  /** Ends every observation: the client stops, or its channel to the server is replaced. */
  stop(): void {
    this.observed.length = 0;
    if (this.ticker) clearInterval(this.ticker);
    for (const { timer } of this.unacked.values()) clearTimeout(timer);
    this.unacked.clear();
    this.removeInterceptor?.();
  }

  /** A GET or FETCH carrying an Observe option. */
  handle(path: LwM2MPath, req: IncomingRequest): HandlerResult {
    const composite = req.message.code === Method.FETCH;
    const paths = composite ? decodePathList(contentFormat(req.message) ?? SENML_CBOR, req.message.payload) : [path];
    const token = req.message.token.toString('hex');
    const existing = this.observed.findIndex((o) => o.token.toString('hex') === token);
    if (observeOption(req.message) === 1) {
      if (this.has('reject-observe-cancel')) return { code: '4.05' };
      if (existing >= 0 && !this.has('notify-after-cancel')) this.observed.splice(existing, 1);
      return this.content(paths, composite, req);
    }
    if (observeOption(req.message) !== 0) return this.content(paths, composite, req);
    if (this.has('composite-observe-refuses-absent-path') && composite && paths.some((p) => !this.ctx.store.has(p)))
      return { code: '4.04' };
    const first = this.content(paths, composite, req);
    if (typeof first === 'symbol' || first.code !== '2.05') return first;
    if (existing >= 0) this.observed.splice(existing, 1);
    const obs: Observed = {
      token: req.message.token,
      peer: req.peer,
      request: req,
      paths: this.observedPaths(paths, composite),
      composite,
      params: this.has('ignore-observe-parameters') ? {} : observeParams(req.query),
      seq: this.has('observe-number-backwards') ? 5000 : 1,
      lastSentAt: Date.now(),
      lastValues: this.snapshot(paths),
      sent: 0,
      notified: new Map(),
    };
    if (this.has('composite-missing-path') && composite) first.payload = this.encode(obs, false);
    if (this.has('observe-first-instance-only') && !composite && first.contentFormat !== undefined) {
      first.payload = encodeContent(first.contentFormat, path, this.ctx.store.read(path).slice(0, 1), this.ctx.store.registry);
    }
    this.observed.push(obs);
    return { ...first, options: [...(first.options ?? []), uintOption(OptionNumber.Observe, obs.seq)] };
  }

  /** The paths an observation follows: those asked, unless a fault drops some. */
  private observedPaths(paths: LwM2MPath[], composite: boolean): LwM2MPath[] {
    if (!composite) return paths;
    if (this.has('composite-missing-path') && paths.length > 1) return paths.slice(0, -1);
    if (this.has('composite-fixes-paths-at-observe')) return paths.filter((p) => this.ctx.store.has(p));
    return paths;
  }

  /** Send (POST /dp) of the resources /3442/0/6 lists, unless Mute Send (/1/x/23) is true. */
  async send(): Promise<void> {
    const muted = this.ctx.store.get(1, this.ctx.serverInstance, 23) === true;
    if (muted && !this.has('send-while-muted')) return this.ctx.log('Send muted (/1/x/23 is true)');
    if (this.has('mute-send-forever') && this.everMuted) return;
    const server = this.ctx.server();
    if (!server) return this.ctx.log('Send skipped: no LwM2M Server yet');
    const listed = this.ctx.store.read(LwM2MPath.parse('/3442/0/6')).map((r) => String(r.value));
    const records = listed.flatMap((p) => (this.ctx.store.has(LwM2MPath.parse(p)) ? this.ctx.store.read(LwM2MPath.parse(p)) : []));
    if (this.has('send-unregistered-object')) {
      records.push({ path: LwM2MPath.parse('/3303/0/5700'), type: 'float', value: 21.5 });
    }
    let payload = encodeComposite(SENML_CBOR, records, this.ctx.store.registry);
    if (this.has('invalid-senml-send')) payload = payload.subarray(0, payload.length - 3);
    await this.ctx
      .coap()
      .request(server, { method: Method.POST, path: '/dp', contentFormat: SENML_CBOR, payload })
      .catch((e: Error) => this.ctx.log(`Send failed: ${e.message}`));
  }

  /** Remembers that Mute Send was set once (for the fault mute-send-forever). */
  noteWrite(path: LwM2MPath): void {
    if ((path.objectId === undefined || path.objectId === 1) && this.ctx.store.get(1, this.ctx.serverInstance, 23) === true)
      this.everMuted = true;
  }
  private everMuted = false;

  // ---- evaluation ------------------------------------------------------------------------

  private tick(): void {
    this.moveValues();
    const now = Date.now();
    for (const obs of [...this.observed]) {
      const attrs = this.attributesOf(obs);
      const since = now - obs.lastSentAt;
      const pmaxDue = attrs.pmax !== undefined && since >= attrs.pmax * 1000 && !this.has('ignore-pmax');
      const pminPassed = since >= (attrs.pmin ?? 0) * 1000;
      if (pmaxDue || (pminPassed && this.conditionMet(obs, attrs))) this.notify(obs);
    }
  }

  private moveValues(): void {
    this.valueClock += TICK_MS;
    for (const c of CHANGING) {
      if (this.valueClock % c.everyMs >= TICK_MS) continue;
      const [oid, iid, rid] = c.path;
      const riid = c.path[3] as number | undefined;
      const path = LwM2MPath.of(...c.path);
      if (!this.ctx.store.has(path)) continue;
      const [rec] = this.ctx.store.read(path);
      const value = c.next(rec.value as bigint);
      if (riid === undefined) this.ctx.store.update(oid, iid, rid, value);
      else {
        const all = this.ctx.store.read(LwM2MPath.of(oid, iid, rid)).map((r) => (r.path.resourceInstanceId === riid ? value : r.value));
        this.ctx.store.update(oid, iid, rid, all);
      }
    }
  }

  /** TS §5.1.2: the nearest level wins, then the Server defaults; composite: largest pmin, smallest pmax written. */
  private attributesOf(obs: Observed): Attributes {
    const defaults: Attributes = {};
    const pmin = this.ctx.store.get(1, this.ctx.serverInstance, 2);
    const pmax = this.ctx.store.get(1, this.ctx.serverInstance, 3);
    if (typeof pmin === 'bigint') defaults.pmin = Number(pmin);
    if (typeof pmax === 'bigint') defaults.pmax = Number(pmax);
    if (!obs.composite) return { ...this.ctx.attributes.effective(this.ctx.ssid(), obs.paths[0], defaults), ...obs.params };
    const each = obs.paths.map((p) => this.ctx.attributes.effective(this.ctx.ssid(), p));
    const pick = (name: 'pmin' | 'pmax', choose: (...n: number[]) => number) => {
      const set = each.map((a) => a[name]).filter((v): v is number => v !== undefined);
      return set.length ? choose(...set) : defaults[name];
    };
    return { pmin: pick('pmin', Math.max), pmax: pick('pmax', Math.min) };
  }

  /** A change worth notifying: with gt/lt/st on a single numeric resource, a crossing or a step; else any change. */
  private conditionMet(obs: Observed, attrs: Attributes): boolean {
    const now = this.snapshot(obs.paths);
    const changed = [...now].some(([k, v]) => obs.lastValues.get(k) !== v) || now.size !== obs.lastValues.size;
    if (!changed) return false;
    const { gt, lt, st } = attrs;
    if (this.has('ignore-change-conditions') || obs.composite || (gt === undefined && lt === undefined && st === undefined)) return true;
    const key = String(obs.paths[0]);
    const before = Number(obs.lastValues.get(key));
    const after = Number(now.get(key));
    if (!Number.isFinite(before) || !Number.isFinite(after)) return true;
    const crossed = (limit?: number) =>
      !this.has('ignore-gt-lt-crossing') && limit !== undefined && (before - limit) * (after - limit) <= 0 && before !== after;
    return crossed(gt) || crossed(lt) || (st !== undefined && Math.abs(after - before) >= st);
  }

  private snapshot(paths: LwM2MPath[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const p of paths) {
      if (!this.ctx.store.has(p)) continue;
      for (const r of this.ctx.store.read(p)) out.set(String(r.path), showValue(r.value));
    }
    return out;
  }

  private notify(obs: Observed, extra = false): void {
    obs.lastSentAt = Date.now();
    obs.lastValues = this.snapshot(obs.paths);
    obs.seq = this.has('observe-number-backwards') ? obs.seq - 1 : (obs.seq + 1) % 2 ** 24;
    obs.sent++;
    const body = obs.composite
      ? {
          code: '2.05',
          contentFormat: acceptOf(obs.request.message) ?? SENML_CBOR,
          payload: this.encode(obs, this.has('composite-extra-path')),
        }
      : this.ctx.read(obs.paths[0], obs.request);
    if (typeof body === 'symbol') return;
    const shaped = this.ctx.coap().shapeNotification(obs.peer, obs.request.message, body);
    const confirmable = Math.ceil(obs.sent * this.ctx.conShare) > Math.ceil((obs.sent - 1) * this.ctx.conShare);
    const token = this.has('change-notification-token') ? Buffer.from(obs.token.map((b) => b ^ 0x5a)) : obs.token;
    const message: CoapMessage = {
      type: confirmable ? 'CON' : 'NON',
      code: shaped.code,
      messageId: this.ctx.coap().newMessageId(),
      token,
      options: [uintOption(OptionNumber.Observe, obs.seq), ...shaped.options],
      payload: shaped.payload,
    };
    obs.lastMid = message.messageId;
    this.transmit(obs, this.ctx.coap().protectAnswer(obs.peer, message, obs.request), 0);
    // notify-before-pmin: a second notification shortly after each one.
    if (this.has('notify-before-pmin') && !extra) setTimeout(() => this.observed.includes(obs) && this.notify(obs, true), 150).unref();
  }

  /** Sends a notification; a CON one is retransmitted (RFC 7252 §4.2) until ACKed or answered with RST. */
  private transmit(obs: Observed, message: CoapMessage, attempt: number): void {
    void this.ctx
      .coap()
      .sendMessage(obs.peer, message)
      .catch(() => {});
    if (message.type !== 'CON' || attempt >= 2) return;
    const timer = setTimeout(() => this.unacked.has(message.messageId) && this.transmit(obs, message, attempt + 1), 2000 * 2 ** attempt);
    timer.unref();
    this.unacked.set(message.messageId, { obs, timer });
  }

  /** ACK or RST to one of our notifications: an RST cancels the observation (RFC 7641 §3.6). */
  private onEmpty(e: InboundMessage): boolean {
    const m = e.message;
    if (m.code !== '0.00' || (m.type !== 'ACK' && m.type !== 'RST')) return false;
    const pending = this.unacked.get(m.messageId);
    if (pending) {
      clearTimeout(pending.timer);
      this.unacked.delete(m.messageId);
    }
    if (m.type === 'RST') {
      const obs = pending?.obs ?? this.observed.find((o) => o.lastMid === m.messageId);
      if (obs && !this.has('notify-after-reset')) this.observed.splice(this.observed.indexOf(obs), 1);
      return !!obs;
    }
    return !!pending;
  }

  private encode(obs: Observed, extraPath: boolean): Buffer {
    const records: ResourceRecord[] = obs.paths.flatMap((p) => {
      if (!this.ctx.store.has(p)) return this.has('composite-keeps-deleted-instance') ? (obs.notified.get(String(p)) ?? []) : [];
      const now = this.ctx.store.read(p);
      obs.notified.set(String(p), now);
      return now;
    });
    if (extraPath) records.push(...this.ctx.store.read(LwM2MPath.parse('/3/0/9')));
    return encodeComposite(acceptOf(obs.request.message) ?? SENML_CBOR, records, this.ctx.store.registry);
  }

  private content(paths: LwM2MPath[], composite: boolean, req: IncomingRequest): HandlerResult {
    if (!composite) return this.ctx.read(paths[0], req);
    const records = paths.flatMap((p) => (this.ctx.store.has(p) ? this.ctx.store.read(p) : []));
    const format = acceptOf(req.message) ?? SENML_CBOR;
    return { code: '2.05', contentFormat: format, payload: encodeComposite(format, records, this.ctx.store.registry) };
  }
}

/** LwM2M 1.2: notification attributes as query parameters of the Observe request. */
function observeParams(query: ReadonlyMap<string, string>): Attributes {
  const out: Attributes = {};
  for (const name of ATTRIBUTE_NAMES) {
    const v = query.get(name);
    if (v !== undefined && /^-?[0-9]+(\.[0-9]+)?$/.test(v)) out[name] = Number(v);
  }
  return out;
}

function showValue(v: ResourceValue): string {
  return Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'object' ? `${v.objectId}:${v.instanceId}` : String(v);
}
