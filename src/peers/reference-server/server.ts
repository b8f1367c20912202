/**
 * The reference server: a spec-conformant LwM2M Server on the harness's own engine, a DUT like
 * any other for the server-side suite. The registration store is the Test Server's (Register,
 * Update, De-register, removal when the lifetime passes); on top of it come Device Management
 * requests, Observe (tokens kept, CON notifications ACKed by the endpoint, cancel by RST or by
 * Observe=1 with the same token) and Send (`POST /dp` answered 2.04). Each operation answers
 * with a plain result object; http-api.ts serves them as JSON. Faults (faults.ts) break one rule
 * each.
 */
import {
  CoapEndpoint,
  CoapResetError,
  CoapTimeoutError,
  type IncomingRequest,
  type IncomingResponse,
  type RequestSpec,
  type ResponseSpec,
} from '../../coap/endpoint';
import { Method, contentFormat, locationPath, optionValues, OptionNumber } from '../../coap/message';
import { abort } from '../../coap/signalling';
import type { DtlsEndpoint } from '../../transport/dtls';
import { formatPeer, isStreamTransport, type DatagramTransport } from '../../transport/types';
import { referenceServerTransport, transportFaults, type ReferenceServerSecurity } from './security';
import { referenceServerStreamTransport } from './tcp';
import type { Trace } from '../../trace/trace';
import { TestServer, type Registration } from '../test-server';
import { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import { ContentFormat, decodeComposite, decodeContent, encodeContent, type ResourceRecord } from '../../lwm2m/content';
import { parseLinkFormatBytes, formatLinks } from '../../lwm2m/link-format';
import { DecodeError } from '../../lwm2m/errors';
import { FORMAT_NAMES, formatByName } from '../../lwm2m/format-names';
import { lwm2mPayloadView } from '../payload-view';
import { fromJson, recordsToJson, toJson, ValueError, type JsonValue } from './json-values';
import type { ServerFaultName } from './faults';
import { ReferenceServerOscore, type ServerOscore } from './oscore';

export interface ReferenceServerOptions {
  host?: string;
  /** CoAP port (0: a free one). */
  port?: number;
  faults?: ServerFaultName[];
  /** DTLS credentials (default: none, plain CoAP); with `tcp`, TLS credentials. */
  security?: ReferenceServerSecurity;
  /** CoAP over TCP (RFC 8323) instead of UDP: coap+tcp://, or coaps+tcp:// with `security`. */
  tcp?: boolean;
  /** OSCORE (RFC 8613) with the one client it knows, on top of `security`. */
  oscore?: ServerOscore;
  /** Extra time past a lifetime before a registration is removed (default 1000 ms). */
  lifetimeGraceMs?: number;
  responseTimeoutMs?: number;
  ackTimeoutMs?: number;
  /** How long a queue-mode client stays awake after its last Register or Update (default: MAX_TRANSMIT_WAIT, 93 s). */
  queueAwakeMs?: number;
  trace?: Trace;
  registry?: ObjectRegistry;
}

/** What a Device Management operation came to, as the API answers it. */
export interface OperationResult {
  /** The client's CoAP response code, e.g. "2.05". */
  code: string;
  contentFormat?: number;
  /** The value at the requested path (a resource or resource instance); for an instance or object, the values by path. */
  value?: JsonValue | Record<string, JsonValue>;
  /** Every decoded value, by path. */
  values?: Record<string, JsonValue>;
  /** Discover: the links, one per entry. */
  links?: string[];
  /** Create: the new instance's path. */
  location?: string;
  /** Observe: the observation's token (hex). */
  token?: string;
  /** The answer could not be decoded: why. */
  problem?: string;
}

/** Why an operation could not be carried out: `status` is the HTTP status the API answers with. */
export class OperationError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ServerObservation {
  endpoint: string;
  /** The observed path; for an Observe-Composite, its paths joined by commas. */
  path: string;
  /** Observe-Composite: the paths listed, and the format asked for. */
  paths?: string[];
  format?: number;
  token: Buffer;
  notifications: { at: number; values: Record<string, JsonValue>; problem?: string }[];
}

export interface SendReport {
  at: number;
  endpoint?: string;
  values: Record<string, JsonValue>;
}

/** Attributes as query parameters (`pmin=5`); one without a value (`pmin`) removes it (LwM2M 1.1 §5.1.2). */
function attributeQuery(attributes: Record<string, unknown>): string[] {
  return Object.entries(attributes).map(([k, v]) => (v === null || v === '' ? k : `${k}=${String(v)}`));
}

/** A format given by name ("tlv") or number ("11542"). */
export function formatNumber(format: string | number | undefined): number | undefined {
  if (format === undefined || format === '') return undefined;
  const n = formatByName(format);
  if (n === undefined)
    throw new OperationError(400, `unknown format "${format}" (expected one of ${Object.keys(FORMAT_NAMES).join(', ')} or a number)`);
  return n;
}

export class ReferenceServer {
  rd!: TestServer;
  endpoint!: CoapEndpoint;
  private transport?: DatagramTransport;
  readonly registry: ObjectRegistry;
  readonly observations: ServerObservation[] = [];
  readonly sent: SendReport[] = [];
  private readonly faults: Set<ServerFaultName>;
  private readonly firstExpiry = new Map<string, NodeJS.Timeout>();
  /** Peers whose Register was refused with 4.00 (for the refuse-after-bad-register fault). */
  private readonly refusedFrom = new Set<string>();
  private readonly updateTimes = new Map<string, number[]>();
  /** The attributes last written to each path, by "endpoint path" (for the observe-uses-written-attributes fault). */
  private readonly writtenAttributes = new Map<string, Record<string, unknown>>();
  private closing = false;
  private oscore?: ReferenceServerOscore;

  constructor(private readonly opts: ReferenceServerOptions = {}) {
    this.faults = new Set(opts.faults ?? []);
    this.registry = opts.registry ?? ObjectRegistry.bundled();
  }

  has(fault: ServerFaultName): boolean {
    return this.faults.has(fault);
  }

  async start(): Promise<void> {
    const security = this.opts.security ?? { mode: 'nosec' };
    const bind = { host: this.opts.host ?? '127.0.0.1', port: this.opts.port ?? 0 };
    const faults = transportFaults((f) => this.has(f));
    const transport = (this.transport = this.opts.tcp
      ? await referenceServerStreamTransport(security, bind, this.opts.trace, { ...faults, ignorePings: this.has('tcp-ping-ignored') })
      : await referenceServerTransport(security, bind, this.opts.trace, faults));
    if (this.opts.oscore) this.oscore = new ReferenceServerOscore(this.opts.oscore, (f) => this.has(f));
    this.endpoint = new CoapEndpoint({
      transport,
      oscore: this.oscore?.layer,
      csm: this.has('tcp-no-csm') ? false : undefined,
      trace: this.opts.trace,
      timers: { ackTimeoutMs: this.opts.ackTimeoutMs ?? 2000 },
      describePayload: lwm2mPayloadView(this.registry),
    });
    // never-expire: a grace of 11 days (a timer longer than 2^31 ms would fire at once).
    const grace = this.has('never-expire') ? 1_000_000_000 : (this.opts.lifetimeGraceMs ?? 1000);
    this.rd = new TestServer(
      this.endpoint,
      { lifetimeGraceMs: grace, responseTimeoutMs: this.opts.responseTimeoutMs ?? 5000 },
      this.opts.trace,
    );
    this.endpoint.onRequest((req) => this.handle(req));
    // deaf-after-garbage: once a datagram could not be read, every later message is taken away unanswered.
    if (this.has('deaf-after-garbage')) this.endpoint.intercept(() => this.endpoint.drops.since().some((d) => /malformed/.test(d.reason)));
    // notifications-unacknowledged: a CON notification is taken away before the endpoint can ACK it.
    if (this.has('notifications-unacknowledged'))
      this.endpoint.intercept(
        (e) =>
          e.message.type === 'CON' && e.message.code.startsWith('2.') && this.observations.some((o) => o.token.equals(e.message.token)),
      );
    // tcp-notification-aborted: over TCP, a notification is answered with Abort (7.05) and taken away.
    if (this.has('tcp-notification-aborted'))
      this.endpoint.intercept((e) => {
        const notification = e.message.code.startsWith('2.') && this.observations.some((o) => o.token.equals(e.message.token));
        if (notification) void this.endpoint.sendMessage(e.peer, abort('notifications are not taken')).catch(() => {});
        return notification;
      });
  }

  get uri(): string {
    return this.rd.uri;
  }

  async close(): Promise<void> {
    // Requests held for a sleeping client end now: their waits would keep the process alive.
    this.closing = true;
    this.rd?.events.push({ kind: 'rejected', at: Date.now(), problem: 'the reference server is shutting down' });
    for (const t of this.firstExpiry.values()) clearTimeout(t);
    await this.rd?.close();
  }

  registrations(): Registration[] {
    return [...new Set(this.rd.events.all().map((e) => e.registration?.endpoint))]
      .filter((ep): ep is string => ep !== undefined)
      .map((ep) => this.rd.registrationOf(ep))
      .filter((r): r is Registration => r !== undefined);
  }

  // ---- what clients send -----------------------------------------------------------------

  private handle(req: IncomingRequest): ResponseSpec {
    if (req.oscore) this.oscore?.spokeOscore(req.peer);
    if (req.path === '/dp' && req.message.code === Method.POST) return this.receiveSend(req);
    const segments = req.path.split('/').filter(Boolean);
    const held = segments.length === 2 && segments[0] === 'rd' ? this.registrations().find((r) => r.id === segments[1]) : undefined;
    if (held && req.message.code === Method.DELETE && this.has('deregister-keeps-registration')) return { code: '2.02' };
    if (segments.length === 1 && this.has('refuse-register-after-expiry') && this.expired(req.query.get('ep'))) return { code: '4.03' };
    if (segments.length === 1 && this.has('refuse-queue-mode') && req.query.has('Q')) return { code: '4.00' };
    if (segments.length === 1 && this.has('tcp-register-refused') && req.query.get('b')?.includes('T')) return { code: '4.00' };
    if (segments.length === 1 && req.message.code === Method.POST) {
      const tampered = this.registerFaults(req);
      if (tampered) return tampered;
    }
    if (held && this.has('update-flood-discards-registration') && this.flooded(held)) this.rd.discard(held);
    // update-lifetime-ignored: the lt of an Update is dropped, so the old lifetime stays.
    if (held && req.query.has('lt') && this.has('update-lifetime-ignored'))
      req = { ...req, query: new Map([...req.query].filter(([k]) => k !== 'lt')) };
    const again = segments.length === 1 && this.rd.registrationOf(req.query.get('ep') ?? '');
    if (again && this.has('refuse-duplicate-register')) return { code: '4.03' };
    const answer = this.rd.handle(req);
    if (segments.length === 1 && answer.code === '4.00') this.refusedFrom.add(formatPeer(req.peer));
    const isRegister = segments.length === 1 && answer.code === '2.01';
    if (isRegister && this.has('update-does-not-renew')) this.expireAtFirstLifetime(req);
    if (isRegister && this.has('register-without-location')) return { code: '2.01' };
    if (isRegister && (this.has('dtls-session-closed-after-register') || this.has('tcp-connection-closed-after-register')))
      this.closeSessionSoon(req);
    if (isRegister && this.has('register-answered-changed')) return { code: '2.04' };
    if (isRegister && this.has('location-in-one-option')) {
      const location = (answer.options ?? []).filter((o) => o.number === OptionNumber.LocationPath).map((o) => o.value.toString());
      const others = (answer.options ?? []).filter((o) => o.number !== OptionNumber.LocationPath);
      return { ...answer, options: [...others, { number: OptionNumber.LocationPath, value: Buffer.from(location.join('/')) }] };
    }
    if (held && answer.code === '2.04' && this.has('update-answered-created')) return { ...answer, code: '2.01' };
    if (held && answer.code === '2.02' && this.has('deregister-answered-changed')) return { ...answer, code: '2.04' };
    if (!held && segments.length === 2 && answer.code === '4.04' && this.has('unknown-update-answered-changed')) return { code: '2.04' };
    return answer;
  }

  /** Robustness faults on a Register (POST /rd): an answer of their own, or none to go on as usual. */
  private registerFaults(req: IncomingRequest): ResponseSpec | undefined {
    if (this.has('refuse-after-bad-register') && this.refusedFrom.has(formatPeer(req.peer))) return { code: '4.00' };
    const accept = (patched: Partial<IncomingRequest>) => this.rd.handle({ ...req, ...patched });
    if (!req.query.get('ep') && this.has('register-without-ep-accepted'))
      return accept({ query: new Map([...req.query, ['ep', `anonymous-${formatPeer(req.peer)}`]]) });
    if (this.has('malformed-links-accepted')) {
      try {
        parseLinkFormatBytes(req.message.payload);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        return accept({ message: { ...req.message, payload: Buffer.alloc(0) } });
      }
    }
    return undefined;
  }

  /** More than 10 Updates of one registration within a second. */
  private flooded(reg: Registration): boolean {
    const now = Date.now();
    const recent = (this.updateTimes.get(reg.id) ?? []).filter((t) => now - t < 1000);
    recent.push(now);
    this.updateTimes.set(reg.id, recent);
    return recent.length > 10;
  }

  /** After the answer has gone out: a DTLS or TCP server cannot open a session or connection to a client, so the client is out of reach. */
  private closeSessionSoon(req: IncomingRequest): void {
    const transport = this.transport as Partial<DtlsEndpoint> | undefined;
    if (transport?.closeSession) setImmediate(() => transport.closeSession!(req.peer));
    const stream = this.transport && isStreamTransport(this.transport) ? this.transport : undefined;
    if (stream) setImmediate(() => void stream.closeConnection(req.peer));
  }

  private expired(endpointName: string | undefined): boolean {
    return this.rd.events.all().some((e) => e.kind === 'expired' && e.registration?.endpoint === endpointName);
  }

  private expireAtFirstLifetime(req: IncomingRequest): void {
    const reg = this.rd.registrationOf(req.query.get('ep') ?? '');
    if (!reg) return;
    const timer = setTimeout(() => {
      if (this.rd.registrationOf(reg.endpoint) !== reg) return;
      this.rd.discard(reg);
      this.rd.events.push({ kind: 'expired', at: Date.now(), registration: reg });
    }, reg.lifetime * 1000);
    timer.unref();
    this.firstExpiry.set(reg.id, timer);
  }

  /** Send (LwM2M 1.1 §6.4.6): the values reach the API; an unreadable body is 4.00. */
  private receiveSend(req: IncomingRequest): ResponseSpec {
    const format = contentFormat(req.message);
    if (format !== ContentFormat.SENML_JSON && format !== ContentFormat.SENML_CBOR && format !== ContentFormat.LWM2M_CBOR) {
      return { code: '4.15' };
    }
    try {
      const records = decodeComposite(format, req.message.payload, this.registry);
      const from = this.registrations().find((r) => r.peer.host === req.peer.host && r.peer.port === req.peer.port);
      if (!this.has('send-values-dropped'))
        this.sent.push({ at: req.receivedAt, endpoint: from?.endpoint, values: recordsToJson(records) });
      return { code: this.has('send-answered-created') ? '2.01' : '2.04' };
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return { code: '4.00', payload: Buffer.from(e.message) };
    }
  }

  // ---- Device Management and Information Reporting (what the API asks for) ---------------

  private registration(endpointName: string): Registration {
    const reg = this.has('endpoint-name-lost') ? undefined : this.rd.registrationOf(endpointName);
    if (!reg) throw new OperationError(404, `no client "${endpointName}" is registered`);
    return reg;
  }

  /** Sends a request to a registered client (held while it sleeps); for the operation modules beside this file too. */
  async ask(endpointName: string, spec: RequestSpec, onNotification?: (n: IncomingResponse) => void): Promise<IncomingResponse> {
    let reg = this.registration(endpointName);
    if (this.asleep(reg)) reg = await this.awake(reg);
    try {
      return await this.endpoint.request(reg.peer, { timeoutMs: this.opts.responseTimeoutMs ?? 5000, ...spec }, onNotification);
    } catch (e) {
      if (e instanceof CoapTimeoutError || e instanceof CoapResetError) throw new OperationError(504, e.message);
      throw e;
    }
  }

  /** A queue-mode client sleeps once its awake time after the last Register or Update has passed (LwM2M 1.1 §6.5). */
  private asleep(reg: Registration): boolean {
    return reg.queueMode && !this.has('queue-mode-ignored') && Date.now() - reg.lastSeenAt > (this.opts.queueAwakeMs ?? 93_000);
  }

  /** Holds a request for a sleeping client until its next Register or Update (lifetime as the deadline). */
  private async awake(reg: Registration): Promise<Registration> {
    if (this.has('queue-drops-requests')) throw new OperationError(202, `"${reg.endpoint}" sleeps: the request is queued`);
    const mark = this.rd.events.cursor();
    const woke = await this.rd.events
      .waitFor((e) => this.closing || ((e.kind === 'register' || e.kind === 'update') && e.registration?.endpoint === reg.endpoint), {
        after: mark,
        timeoutMs: reg.lifetime * 1000 + (this.opts.lifetimeGraceMs ?? 1000),
        what: `a Register or Update from "${reg.endpoint}"`,
      })
      .catch(() => undefined);
    if (this.closing) throw new OperationError(503, 'the reference server is shutting down');
    if (!woke?.registration) throw new OperationError(504, `"${reg.endpoint}" did not wake up within its lifetime`);
    return woke.registration;
  }

  async read(endpointName: string, path: string, format?: string | number): Promise<OperationResult> {
    const p = parsePath(path);
    const asked = formatNumber(format);
    const accept = this.has('read-without-accept')
      ? undefined
      : (asked ?? (this.has('read-always-accepts-tlv') ? ContentFormat.TLV : undefined));
    const observe = this.has('read-as-observe') ? 0 : undefined;
    return this.decoded(p, await this.ask(endpointName, { method: Method.GET, path, accept, observe }));
  }

  /** Discover: GET with Accept 40; a LwM2M 1.2 Discover says how deep it lists (`?depth=N`, 0 to 3). */
  async discover(endpointName: string, path: string, depth?: number): Promise<OperationResult> {
    parsePath(path);
    if (depth !== undefined && !(Number.isInteger(depth) && depth >= 0 && depth <= 3))
      throw new OperationError(400, `a Discover depth is 0, 1, 2 or 3, not ${depth}`);
    const accept = this.has('discover-without-accept') ? undefined : ContentFormat.LINK_FORMAT;
    const sent = this.has('discover-depth-capped-at-2') && depth !== undefined ? Math.min(depth, 2) : depth;
    const query = sent === undefined || this.has('discover-without-depth') ? '' : `?depth=${sent}`;
    const res = await this.ask(endpointName, { method: Method.GET, path: `${path}${query}`, accept });
    const result: OperationResult = { code: res.message.code, contentFormat: contentFormat(res.message) };
    if (res.message.code !== '2.05') return result;
    try {
      const links = parseLinkFormatBytes(res.message.payload);
      const shown = this.has('discover-drops-attributes') ? links.map((l) => ({ ...l, attributes: new Map() })) : links;
      result.links = shown.map((l) => formatLinks([l]));
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      result.problem = e.message;
    }
    return result;
  }

  /** Write (replace: PUT; partial: POST). `value` is one value for a resource, or { resourceId: value } for an instance. */
  async write(
    endpointName: string,
    path: string,
    value: unknown,
    format: string | number = 'text',
    mode: 'replace' | 'partial' = 'replace',
  ): Promise<OperationResult> {
    const p = parsePath(path);
    const cf = formatNumber(format)!;
    const omit = (r: ResourceRecord) =>
      mode === 'replace' && p.depth === 2 && p.objectId === 1 && r.path.resourceId === 1 && this.has('write-replace-omits-lifetime');
    const records = this.recordsFor(p, value)
      .filter((r) => !omit(r))
      .map((r) => this.misencode(r));
    const payload = encodeContent(cf, p, records, this.registry);
    const replace = mode === 'replace' ? !this.has('write-replace-as-post') : this.has('write-partial-as-put');
    const res = await this.ask(endpointName, {
      method: replace ? Method.PUT : Method.POST,
      path,
      contentFormat: this.has('write-without-content-format') ? undefined : cf,
      payload,
    });
    // write-failure-reported-as-success: the client's refusal hidden behind a success.
    const hidden = this.has('write-failure-reported-as-success') && !res.message.code.startsWith('2.');
    return { code: hidden ? '2.04' : res.message.code };
  }

  async execute(endpointName: string, path: string, args?: string): Promise<OperationResult> {
    parsePath(path);
    const method = this.has('execute-as-put') ? Method.PUT : Method.POST;
    const res = await this.ask(endpointName, { method, path, payload: args ? Buffer.from(args) : undefined });
    return { code: res.message.code };
  }

  /**
   * Create: `value` is { resourceId: value } of the new instance. Without `instance` the client
   * chooses the id (TLV resources with no Object Instance TLV); SenML names need one.
   */
  async create(
    endpointName: string,
    path: string,
    value: unknown,
    format: string | number = 'tlv',
    instance?: number,
  ): Promise<OperationResult> {
    const p = parsePath(path);
    if (p.depth !== 1) throw new OperationError(400, `Create needs an object path such as /3441, not ${path}`);
    const cf = formatNumber(format)!;
    if (instance === undefined && cf !== ContentFormat.TLV)
      throw new OperationError(400, 'a Create in a format other than TLV needs the instance id');
    const target = LwM2MPath.of(p.objectId!, instance ?? 0);
    const payload = encodeContent(cf, instance === undefined ? target : p, this.recordsFor(target, value), this.registry);
    const method = this.has('create-as-put') ? Method.PUT : Method.POST;
    const res = await this.ask(endpointName, { method, path, contentFormat: cf, payload });
    const location = locationPath(res.message);
    if (this.has('create-location-as-instance-0') && location.length) location[location.length - 1] = '0';
    return { code: res.message.code, location: location.length ? '/' + location.join('/') : undefined };
  }

  async delete(endpointName: string, path: string): Promise<OperationResult> {
    const p = parsePath(path);
    const target = this.has('delete-object-path') && p.depth > 1 ? `/${p.objectId}` : path;
    return { code: (await this.ask(endpointName, { method: Method.DELETE, path: target })).message.code };
  }

  /** Write-Attributes: PUT with the attributes as query parameters and no payload. */
  async writeAttributes(endpointName: string, path: string, attributes: Record<string, unknown>): Promise<OperationResult> {
    parsePath(path);
    const query = attributeQuery(attributes);
    if (query.length === 0) throw new OperationError(400, 'Write-Attributes needs at least one attribute');
    this.writtenAttributes.set(`${endpointName} ${path}`, attributes);
    // write-attributes-one-query-option: "pmin=10&pmax=200" as the value of one Uri-Query option.
    const options = this.has('write-attributes-one-query-option')
      ? [{ number: OptionNumber.UriQuery, value: Buffer.from(query.join('&')) }]
      : [];
    const target = options.length ? path : `${path}?${query.join('&')}`;
    const method = this.has('write-attributes-as-post') ? Method.POST : Method.PUT;
    return { code: (await this.ask(endpointName, { method, path: target, options })).message.code };
  }

  /** Observe: GET with Observe=0; in LwM2M 1.2 it may carry notification attributes as query parameters for this observation. */
  async observe(
    endpointName: string,
    path: string,
    format?: string | number,
    attributes: Record<string, unknown> = {},
  ): Promise<OperationResult> {
    const p = parsePath(path);
    const given = this.has('observe-uses-written-attributes')
      ? (this.writtenAttributes.get(`${endpointName} ${path}`) ?? attributes)
      : attributes;
    const query = this.has('observe-without-attributes') ? [] : attributeQuery(given);
    const observation: ServerObservation = { endpoint: endpointName, path, token: Buffer.alloc(0), notifications: [] };
    const onNotification = (n: IncomingResponse) => {
      if (this.has('notifications-not-reported')) return;
      const d = this.decoded(p, n);
      observation.notifications.push({ at: n.receivedAt, values: d.values ?? {}, problem: d.problem });
    };
    const observe = this.has('observe-without-observe-option') ? undefined : 0;
    const target = query.length ? `${path}?${query.join('&')}` : path;
    const res = await this.ask(endpointName, { method: Method.GET, path: target, accept: formatNumber(format), observe }, onNotification);
    observation.token = res.request.token;
    const result = { ...this.decoded(p, res), token: res.request.token.toString('hex') };
    if (res.message.code === '2.05' && optionValues(res.message, OptionNumber.Observe).length > 0) this.observations.push(observation);
    return result;
  }

  /** Ends an observation: `active` sends a GET with Observe=1 and the same token; `passive` forgets it and resets the next notification. */
  async cancelObservation(endpointName: string, path: string, mode: 'active' | 'passive' = 'active'): Promise<OperationResult> {
    const i = this.observations.findIndex((o) => o.endpoint === endpointName && o.path === path);
    if (i < 0) throw new OperationError(404, `no observation of ${path} on "${endpointName}"`);
    const [o] = this.observations.splice(i, 1);
    if (!(mode === 'passive' && this.has('passive-cancel-keeps-acking'))) this.endpoint.forgetObservation(o.token);
    if (mode === 'passive') return { code: '2.05', token: o.token.toString('hex') };
    const token = this.has('cancel-with-new-token') ? undefined : o.token;
    const res = await this.ask(endpointName, { method: Method.GET, path, observe: 1, token });
    return { ...this.decoded(parsePath(path), res), token: o.token.toString('hex') };
  }

  /** The values of the Send reports of one client, latest last. */
  sentBy(endpointName: string): SendReport[] {
    return this.sent.filter((r) => r.endpoint === endpointName);
  }

  /** The notifications of the observation of `path`, or of the Observe-Composite that lists it. */
  notificationsOf(endpointName: string, path: string): ServerObservation['notifications'] {
    const mine = this.observations.filter((o) => o.endpoint === endpointName);
    return (mine.find((o) => o.path === path) ?? mine.find((o) => o.paths?.includes(path)))?.notifications ?? [];
  }

  // ---- helpers ---------------------------------------------------------------------------

  private decoded(path: LwM2MPath, res: IncomingResponse): OperationResult {
    const format = contentFormat(res.message);
    const result: OperationResult = { code: res.message.code, contentFormat: format };
    if (!res.message.code.startsWith('2.') || res.message.payload.length === 0) return result;
    try {
      const records = this.keptInstances(
        decodeContent(format ?? ContentFormat.TEXT, path, res.message.payload, this.registry).map((r) => this.misdecode(r)),
      );
      result.values = recordsToJson(records);
      const here = records.find((r) => String(r.path) === String(path));
      // One value for a resource; the values by path for anything larger.
      result.value = here ? toJson(here.value) : result.values;
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      result.problem = e.message;
    }
    return result;
  }

  misencode(r: ResourceRecord): ResourceRecord {
    if (this.has('write-values-off-by-one') && typeof r.value === 'bigint') return { ...r, value: r.value + 1n };
    if (this.has('write-misencodes-strings') && typeof r.value === 'string') return { ...r, value: r.value.slice(0, -1) };
    return r;
  }

  misdecode(r: ResourceRecord): ResourceRecord {
    if (this.has('read-misdecodes-strings') && typeof r.value === 'string') return { ...r, value: r.value.slice(0, -1) };
    if (this.has('read-misdecodes-integers') && typeof r.value === 'bigint') return { ...r, value: r.value + 1n };
    return r;
  }

  /** read-keeps-last-resource-instance: a server that holds one value per resource keeps the last instance of each. */
  private keptInstances(records: ResourceRecord[]): ResourceRecord[] {
    if (!this.has('read-keeps-last-resource-instance')) return records;
    const resourceOf = (r: ResourceRecord) => r.path.ids.slice(0, 3).join('/');
    return records.filter(
      (r, i) => r.path.depth < 4 || !records.slice(i + 1).some((x) => x.path.depth === 4 && resourceOf(x) === resourceOf(r)),
    );
  }

  /** Records for a Write or Create from an API value: one value for a resource path, or { resourceId: value }. */
  recordsFor(path: LwM2MPath, value: unknown): ResourceRecord[] {
    const one = (p: LwM2MPath, v: unknown): ResourceRecord[] => {
      const def = this.registry.resource(p.objectId!, p.resourceId!);
      if (!def) throw new OperationError(400, `resource ${p} is not defined`);
      // A multiple resource: { instanceId: value } (or an array, instance ids 0, 1, ...).
      if (p.depth === 3 && def.multiple && typeof v === 'object' && v !== null)
        return Object.entries(v).flatMap(([riid, x]) => one(LwM2MPath.of(p.objectId!, p.instanceId!, p.resourceId!, Number(riid)), x));
      try {
        return [{ path: p, type: def.type, value: fromJson(def.type, v) }];
      } catch (e) {
        if (e instanceof ValueError) throw new OperationError(400, `${p}: ${e.message}`);
        throw e;
      }
    };
    if (path.depth >= 3) return one(path, value);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new OperationError(400, `a value for ${path} must be an object of resource ids, e.g. {"110": "text"}`);
    }
    if (path.depth !== 2) throw new OperationError(400, `a value needs an instance or resource path, not ${path}`);
    return Object.entries(value).flatMap(([rid, v]) => one(LwM2MPath.of(path.objectId!, path.instanceId!, Number(rid)), v));
  }
}

export function parsePath(path: string): LwM2MPath {
  try {
    return LwM2MPath.parse(path);
  } catch (e) {
    if (e instanceof DecodeError) throw new OperationError(400, `not an LwM2M path: ${e.message}`);
    throw e;
  }
}
