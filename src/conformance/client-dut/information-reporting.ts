/**
 * Information Reporting operations of a client-DUT session (ETS int-3xx): Write-Attributes,
 * Observe (GET) and Observe-Composite (FETCH) with Observe=0, the notifications of each
 * observation collected with their arrival time, Observe number, type and decoded content,
 * cancellation by RST (passive) or by Observe=1 with the observation's token (active), and the
 * Send trigger. The judging rules are in checks/information-reporting.ts; the timeline of each
 * observation goes into the trace (observation-timeline.ts).
 *
 * Every message carrying an observation's token is seen by an endpoint interceptor that only
 * records (the endpoint still ACKs CON notifications), except when a step asks for the next
 * notification to be answered with RST: that one is taken and rejected.
 */
import type { IncomingResponse, InboundMessage } from '../../coap/endpoint';
import { Method, contentFormat, isResponseCode, observe as observeOption } from '../../coap/message';
import { decodeComposite, decodeContent, encodePathList, valueAt } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import { LwM2MPath } from '../../lwm2m/path';
import type { SendEvent } from '../../peers/test-server';
import {
  checkChangeConditions,
  checkCompositeContent,
  checkNotified,
  checkObserveSemantics,
  checkStopped,
  checkTiming,
  describeAttributes,
  intervals,
  resolveAttributes,
  resolveCompositeAttributes,
  type Attributes,
  type Notification,
} from '../checks/information-reporting';
import { DutFailure, PreconditionFailure } from '../failures';
import { TIMELINE_NOTE, type ObservationTimeline } from '../observation-timeline';
import { describeResponse, describeWaitFailure, type ClientDutSession } from './session';

const SENML_CBOR = 112;

export class Observation {
  /** The response first, then every notification with the observation's token, in arrival order. */
  readonly log: Notification[] = [];
  /** Set when the Test Server cancelled it. */
  cancel?: { at: number; how: 'RST' | 'Observe=1' };
  /** The response to a cancelling GET/FETCH, kept apart from the notifications. */
  cancelResponse?: Notification;
  /** The next notification is answered with RST. */
  resetNext = false;
  /** A cancelling request is in flight: a message without Observe is its response. */
  cancelling = false;
  private readonly arrivals: ((n: Notification) => void)[] = [];

  constructor(
    readonly token: Buffer,
    /** "/3/0/7", or the asked paths of a composite observation. */
    readonly paths: string[],
    readonly composite: boolean,
    /** The attributes the Test Server expects to be in force (for judging and the timeline). */
    public attributes: Attributes,
    readonly format?: number,
  ) {}

  get label(): string {
    return this.composite ? `composite ${this.paths.join(', ')}` : this.paths[0];
  }

  get tokenHex(): string {
    return this.token.toString('hex');
  }

  /** Arrival of the response (the start of every time the diagnosis gives). */
  get start(): number {
    return this.log[0]?.at ?? 0;
  }

  notifications(): Notification[] {
    return this.log.slice(1);
  }

  add(n: Notification): void {
    this.log.push(n);
    for (const f of this.arrivals.splice(0)) f(n);
  }

  /** Resolves on the next message of this observation; rejects after `timeoutMs`. */
  next(timeoutMs: number, what: string): Promise<Notification> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.arrivals.splice(this.arrivals.indexOf(done), 1);
        reject(new DutFailure('', what, `no notification of ${this.label} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (n: Notification) => {
        clearTimeout(timer);
        resolve(n);
      };
      this.arrivals.push(done);
    });
  }
}

export class InformationReportingOperations {
  /** What the Test Server wrote with Write-Attributes and the client accepted (2.04), by path. */
  readonly written = new Map<string, Attributes>();
  readonly observations: Observation[] = [];
  /** Notification-like messages (CON/NON with an Observe option) whose token is no observation's. */
  readonly strays: Notification[] = [];
  private removeInterceptor?: () => void;

  constructor(private readonly session: ClientDutSession) {}

  private get server() {
    return this.session.server;
  }

  private get timers() {
    return this.session.timers;
  }

  get toleranceMs(): number {
    return this.timers.notificationToleranceMs;
  }

  /** The seconds this run uses where the ETS names `etsSeconds` (timers.attributeSeconds). */
  seconds(etsSeconds: number): number {
    return this.timers.attributeSeconds[String(etsSeconds)] ?? etsSeconds;
  }

  /** The attributes this run writes for the ETS's: time attributes through timers.attributeSeconds, thresholds as given. */
  runAttributes(ets: Attributes): Attributes {
    const out: Attributes = { ...ets };
    for (const name of ['pmin', 'pmax', 'epmin', 'epmax'] as const) if (ets[name] !== undefined) out[name] = this.seconds(ets[name]);
    return out;
  }

  /** A path as the ETS writes it, with /1/x the Test Server's Server instance. */
  async resolvePath(path: string): Promise<string> {
    return path.startsWith('/1/x') ? `/1/${await this.session.registration.serverInstance()}${path.slice(4)}` : path;
  }

  /** Write-Attributes (PUT with a query, no payload); accepted values are remembered for judging. */
  async writeAttributes(path: string, attrs: Attributes): Promise<IncomingResponse> {
    const reg = await this.session.registration.ensureRegistered();
    const query = Object.entries(attrs)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const res = await this.session.request(
      () => this.server.send(reg, { method: Method.PUT, path: `${path}?${query}` }),
      `the Write-Attributes of ${path}`,
    );
    if (res.message.code === '2.04') this.written.set(path, { ...(this.written.get(path) ?? {}), ...attrs });
    return res;
  }

  /** The Server object's default pmin (/1/x/2) and pmax (/1/x/3), where the client has them. */
  async serverDefaults(): Promise<Attributes> {
    const out: Attributes = {};
    for (const [name, rid] of [
      ['pmin', 2],
      ['pmax', 3],
    ] as const) {
      const path = await this.session.registration.serverResourcePath(rid);
      const res = await this.session.dm.read(path);
      if (res.message.code !== '2.05') continue;
      try {
        const value = valueAt(
          decodeContent(contentFormat(res.message) ?? 0, LwM2MPath.parse(path), res.message.payload, this.session.registry),
          path,
        );
        if (typeof value === 'bigint' || typeof value === 'number') out[name] = Number(value);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
      }
    }
    return out;
  }

  /** Observe (GET with Observe=0, 1.2 attributes as query parameters when given); the response must be 2.05. */
  async observe(path: string, attributes: Attributes, opts: { accept?: number; params?: Attributes } = {}): Promise<Observation> {
    const query = Object.entries(opts.params ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const obs = this.track(new Observation(this.server.endpoint.newToken(), [path], false, attributes, opts.accept));
    const reg = await this.session.registration.ensureRegistered();
    const res = await this.session.request(
      () =>
        this.server.send(
          reg,
          { method: Method.GET, path: query ? `${path}?${query}` : path, observe: 0, accept: opts.accept, token: obs.token },
          () => {},
        ),
      `the Observe of ${path}`,
    );
    this.requireEstablished(obs, res);
    return obs;
  }

  /**
   * Observe-Composite (FETCH with Observe=0 and a SenML path list). With `judgedLater` a response
   * other than a 2.05 with Observe is left for a criterion to judge (int-308 asks for an absent path).
   */
  async observeComposite(paths: string[], attributes: Attributes, format = SENML_CBOR, judgedLater = false): Promise<Observation> {
    const obs = this.track(new Observation(this.server.endpoint.newToken(), paths, true, attributes, format));
    const reg = await this.session.registration.ensureRegistered();
    const payload = encodePathList(
      format,
      paths.map((p) => LwM2MPath.parse(p)),
    );
    const res = await this.session.request(
      () =>
        this.server.send(
          reg,
          { method: Method.FETCH, path: '/', observe: 0, contentFormat: format, accept: format, payload, token: obs.token },
          () => {},
        ),
      `the Observe-Composite of ${paths.join(', ')}`,
    );
    if (!judgedLater) this.requireEstablished(obs, res);
    return obs;
  }

  /** Cancels actively: the same request with Observe=1 and the observation's token (RFC 7641 §3.6). */
  async cancelByObserve(obs: Observation): Promise<IncomingResponse> {
    const reg = await this.session.registration.ensureRegistered();
    obs.cancelling = true;
    const spec = obs.composite
      ? {
          method: Method.FETCH,
          path: '/',
          contentFormat: obs.format,
          accept: obs.format,
          payload: encodePathList(
            obs.format ?? SENML_CBOR,
            obs.paths.map((p) => LwM2MPath.parse(p)),
          ),
        }
      : { method: Method.GET, path: obs.paths[0], accept: obs.format };
    this.server.endpoint.forgetObservation(obs.token);
    const res = await this.session.request(
      () => this.server.send(reg, { ...spec, observe: 1, token: obs.token }),
      `the cancelling request of ${obs.label}`,
    );
    obs.cancelling = false;
    obs.cancel = { at: res.receivedAt, how: 'Observe=1' };
    this.session.trace.note('harness', `Test Server cancelled the observation of ${obs.label} with Observe=1 (token ${obs.tokenHex})`);
    return res;
  }

  /** Cancels passively: answers the next notification with RST and returns it. */
  async cancelByReset(obs: Observation): Promise<Notification> {
    obs.resetNext = true;
    const wait = this.dueWithinMs(obs);
    const n = await obs.next(wait, `a notification of ${obs.label} to answer with RST`).catch((e: DutFailure) => {
      throw new DutFailure(this.session.currentStep, e.expected, e.actual);
    });
    return n;
  }

  /** How long the next notification may take: pmax (or the quiet window when none) plus the tolerance. */
  dueWithinMs(obs: Observation): number {
    const pmax = obs.attributes.pmax;
    return (pmax !== undefined ? pmax * 1000 : this.timers.quietWindowMs) + this.toleranceMs;
  }

  /** The first notification after the response, waiting up to pmax plus the tolerance; undefined when none came. */
  async firstNotification(obs: Observation): Promise<Notification | undefined> {
    if (obs.log.length > 1) return obs.log[1];
    return obs.next(this.dueWithinMs(obs), `a notification of ${obs.label}`).catch(() => undefined);
  }

  /** The message at `index` of the log (0 is the response), waiting up to pmax plus the tolerance; undefined when none came. */
  async notificationAt(obs: Observation, index: number): Promise<Notification | undefined> {
    while (obs.log.length <= index) {
      const arrived = await obs.next(this.dueWithinMs(obs), `a notification of ${obs.label}`).catch(() => undefined);
      if (!arrived) return undefined;
    }
    return obs.log[index];
  }

  /** The values a Read of `path` gives, as text (for comparing with a Send); undefined when it cannot be read. */
  async readValues(path: string): Promise<string[] | undefined> {
    const res = await this.session.dm.read(path);
    if (res.message.code !== '2.05') return undefined;
    try {
      return decodeContent(contentFormat(res.message) ?? 0, LwM2MPath.parse(path), res.message.payload, this.session.registry).map((r) =>
        String(r.value),
      );
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return undefined;
    }
  }

  get sendTimeoutMs(): number {
    return this.timers.sendTimeoutMs;
  }

  /** Watches for `ms`: a wait with a deadline during which the interceptor records what comes. */
  async watch(ms: number): Promise<number> {
    await this.server.endpoint.inbox.absentFor(() => false, { timeoutMs: ms });
    return Date.now();
  }

  /** Puts the timeline of an observation into the trace (evidence for the report). */
  recordTimeline(obs: Observation, until: number, problems: string[] = []): ObservationTimeline {
    const start = obs.start;
    const points = obs.log.map((n) => ({
      atMs: n.at - start,
      observe: n.observe,
      type: n.type,
      value: n.records?.length === 1 ? String(n.records[0].value) : n.records ? `${n.records.length} values` : undefined,
    }));
    const faulty = points.map((p, i) => (problems.some((x) => x.includes(`at ${p.atMs} ms (Observe`)) ? i : -1)).filter((i) => i >= 0);
    const timeline: ObservationTimeline = {
      label: obs.label,
      pminMs: obs.attributes.pmin === undefined ? undefined : obs.attributes.pmin * 1000,
      pmaxMs: obs.attributes.pmax === undefined ? undefined : obs.attributes.pmax * 1000,
      toleranceMs: this.toleranceMs,
      points,
      intervalsMs: intervals(obs.log),
      watchedMs: until - start,
      cancel: obs.cancel && { atMs: obs.cancel.at - start, how: obs.cancel.how },
      ...(faulty.length ? { faulty } : {}),
    };
    this.session.trace.note(
      'harness',
      `${TIMELINE_NOTE} ${obs.label} (${describeAttributes(obs.attributes)}): intervals ${timeline.intervalsMs.join(', ') || 'none'} ms`,
      { timeline },
    );
    return timeline;
  }

  // ---- judging (the rules are in checks/; this picks them for an observation and records its timeline)

  /** The attributes the TS puts in force for an observation, from what was written and the Server defaults. */
  async expectedAttributes(paths: string[], composite: boolean, params: Attributes = {}): Promise<Attributes> {
    this.defaults ??= await this.serverDefaults();
    return composite
      ? resolveCompositeAttributes(paths, this.written, this.defaults)
      : resolveAttributes(paths[0], this.written, this.defaults, params);
  }
  private defaults?: Attributes;

  /**
   * Regular notification over the watched span (until `until`, gaps judged from `from`): at
   * least one notification, pmin/pmax within the tolerance, gt/lt/st, and RFC 7641 semantics.
   */
  judgeRegular(obs: Observation, until: number, from?: number): string[] {
    const log = obs.cancel ? obs.log.filter((n) => n.at <= obs.cancel!.at) : obs.log;
    const problems = [
      ...checkNotified(log, 1, `observation of ${obs.label}`),
      ...checkTiming(log, obs.attributes, { until: obs.cancel?.at ?? until, toleranceMs: this.toleranceMs, from }),
      ...(obs.composite
        ? checkCompositeContent(log, obs.paths)
        : checkChangeConditions(log, obs.paths[0], obs.attributes, this.toleranceMs)),
      ...checkObserveSemantics(log, this.strays),
    ].map((p) => `${obs.label}: ${p}`);
    this.recordTimeline(obs, until, problems);
    return problems;
  }

  /** After its cancellation, nothing more from an observation beyond the grace (the tolerance). */
  judgeStopped(obs: Observation, until: number): string[] {
    if (!obs.cancel) return [`${obs.label}: the Test Server never cancelled it (harness step order)`];
    const problems = checkStopped(obs.log, obs.cancel.at, this.toleranceMs, obs.cancel.how).map((p) => `${obs.label}: ${p}`);
    this.recordTimeline(obs, until, problems);
    return problems;
  }

  /** How long to watch for notifications that must not come after a cancellation: a pmax at least, and the quiet window. */
  stopWatchMs(observations: Observation[]): number {
    return Math.max(this.timers.quietWindowMs, ...observations.map((o) => this.dueWithinMs(o)));
  }

  // ---- Send ------------------------------------------------------------------------------

  /** Makes the DUT Send as its profile says (declared.sendTrigger); returns the trigger's response, if any. */
  async triggerSend(): Promise<IncomingResponse | undefined> {
    const trigger = this.session.profile.declared.sendTrigger;
    if (!trigger)
      throw new PreconditionFailure('declared.sendTrigger in the DUT profile (how the DUT is made to Send)', 'the profile has none');
    if (trigger === 'schedule') return undefined;
    const path = trigger.replace(/^execute /, '');
    const res = await this.session.dm.execute(path);
    if (res.message.code !== '2.04')
      throw new PreconditionFailure(`2.04 to the Execute of ${path} (the Send trigger)`, `it was answered ${describeResponse(res)}`);
    return res;
  }

  /** Waits for a Send (POST /dp) after `cursor`. */
  async nextSend(cursor: number, timeoutMs = this.timers.sendTimeoutMs): Promise<SendEvent> {
    try {
      return await this.session.untilDutExits(
        this.server.sends.waitFor(() => true, { after: cursor, timeoutMs, what: 'Send (POST /dp)' }),
        'a Send',
      );
    } catch (e) {
      throw new DutFailure(this.session.currentStep, 'a Send (POST /dp) to the Test Server', describeWaitFailure(e, this.session.dut));
    }
  }

  // ---- recording -------------------------------------------------------------------------

  private track(obs: Observation): Observation {
    this.observations.push(obs);
    this.removeInterceptor ??= this.server.endpoint.intercept((e) => this.record(e));
    return obs;
  }

  private requireEstablished(obs: Observation, res: IncomingResponse): void {
    if (res.message.code !== '2.05') {
      throw new DutFailure(
        this.session.currentStep,
        `2.05 Content to the Observe of ${obs.label}`,
        `it was answered ${describeResponse(res)}`,
      );
    }
    if (observeOption(res.message) === undefined) {
      throw new DutFailure(
        this.session.currentStep,
        `an Observe option in the response to the Observe of ${obs.label}`,
        'the 2.05 carries none, so no observation was established',
      );
    }
    this.session.trace.note(
      'harness',
      `observation of ${obs.label} established (token ${obs.tokenHex}; expected ${describeAttributes(obs.attributes)})`,
    );
  }

  /** The interceptor: records; takes (and rejects with RST) only a notification a step asked to reset. */
  private record(e: InboundMessage): boolean {
    const m = e.message;
    if (!isResponseCode(m.code)) return false;
    const tokenHex = m.token.toString('hex');
    const obs = this.observations.find((o) => o.tokenHex === tokenHex);
    if (!obs) {
      if ((m.type === 'CON' || m.type === 'NON') && observeOption(m) !== undefined) this.strays.push(this.toNotification(e, undefined));
      return false;
    }
    const n = this.toNotification(e, obs);
    if (obs.cancelling && n.observe === undefined) {
      obs.cancelResponse = n;
      return false;
    }
    if (m.type === 'CON' && obs.log.some((x) => x.type === 'CON' && x.messageId === m.messageId)) return false; // a retransmission
    obs.add(n);
    if (obs.resetNext && obs.log.length > 1 && (m.type === 'CON' || m.type === 'NON')) {
      obs.resetNext = false;
      obs.cancel = { at: e.at, how: 'RST' };
      this.server.endpoint.forgetObservation(obs.token);
      void this.server.endpoint.sendMessage(e.peer, {
        type: 'RST',
        code: '0.00',
        messageId: m.messageId,
        token: Buffer.alloc(0),
        options: [],
        payload: Buffer.alloc(0),
      });
      this.session.trace.note('harness', `Test Server answered the notification of ${obs.label} (Observe ${n.observe}) with RST`);
      return true;
    }
    return false;
  }

  private toNotification(e: InboundMessage, obs: Observation | undefined): Notification {
    const m = e.message;
    const cf = contentFormat(m);
    const n: Notification = {
      at: e.at,
      observe: observeOption(m),
      type: m.type,
      code: m.code,
      contentFormat: cf,
      messageId: m.messageId,
      token: m.token.toString('hex'),
    };
    if (!obs || m.code !== '2.05' || m.payload.length === 0) return n;
    try {
      n.records = obs.composite
        ? decodeComposite(cf ?? SENML_CBOR, m.payload, this.session.registry)
        : decodeContent(cf ?? 0, LwM2MPath.parse(obs.paths[0]), m.payload, this.session.registry);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      n.problem = err.message;
    }
    return n;
  }
}
