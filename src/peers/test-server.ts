/**
 * The Test Server: the harness playing an LwM2M Server towards a client DUT.
 * It keeps a registration store (Register / Update / De-register, lifetime expiry), logs every
 * registration event for steps to wait on, lets a step change its next answer (e.g. 4.04 to an
 * Update), and sends Device Management requests to a registered client from the same socket.
 */
import { randomBytes } from 'node:crypto';
import { type CoapEndpoint, type IncomingRequest, type IncomingResponse, type RequestSpec, type ResponseSpec } from '../coap/endpoint';
import { Method, OptionNumber, contentFormat } from '../coap/message';
import type { PeerAddress } from '../transport/types';
import { formatPeer, samePeer } from '../transport/types';
import type { Trace } from '../trace/trace';
import { EventLog } from '../util/event-log';
import { type Link, type RegistrationObjects, objectsFromRegistration, parseLinkFormatBytes } from '../lwm2m/link-format';
import { DecodeError } from '../lwm2m/errors';

export interface Registration {
  /** The id in the Location-Path we gave: /rd/<id>. */
  id: string;
  endpoint: string;
  lifetime: number;
  lwm2mVersion?: string;
  binding?: string;
  queueMode: boolean;
  sms?: string;
  peer: PeerAddress;
  links: Link[];
  objects: RegistrationObjects;
  registeredAt: number;
  lastSeenAt: number;
}

export type RdEventKind = 'register' | 'update' | 'deregister' | 'expired' | 'rejected' | 'unknown-location';

/** One thing that happened on the registration interface, with the request that caused it. */
export interface RdEvent {
  kind: RdEventKind;
  at: number;
  registration?: Registration;
  request?: IncomingRequest;
  /** The code the Test Server answered. */
  responseCode?: string;
  /** Why the Test Server rejected or could not interpret the request. */
  problem?: string;
}

export interface TestServerTimers {
  /** Extra time past a registration's lifetime before the Test Server removes it. */
  lifetimeGraceMs: number;
  /** Default deadline for a response from the client. */
  responseTimeoutMs: number;
}

/** A Send (LwM2M 1.1 POST /dp) as it arrived; the Test Server answers 2.04 to a registered client. */
export interface SendEvent {
  at: number;
  request: IncomingRequest;
  /** The registration of the client that sent it (absent when none matches its address). */
  registration?: Registration;
  responseCode: string;
}

/** A one-shot answer a step installs, e.g. "answer the next Update with 4.04". */
interface Override {
  kind: 'register' | 'update' | 'deregister';
  response: ResponseSpec;
}

const RD = 'rd';
const DP = 'dp';

export class TestServer {
  readonly events = new EventLog<RdEvent>();
  /** Every Send (POST /dp) received; its content is judged above, not here. */
  readonly sends = new EventLog<SendEvent>();
  private readonly registrations = new Map<string, Registration>();
  private readonly expiry = new Map<string, NodeJS.Timeout>();
  private overrides: Override[] = [];

  constructor(
    readonly endpoint: CoapEndpoint,
    private readonly timers: TestServerTimers,
    private readonly trace?: Trace,
  ) {
    endpoint.onRequest((req) => this.handle(req));
  }

  /** e.g. coap://127.0.0.1:5683 */
  get uri(): string {
    const { host, port } = this.endpoint.local;
    return `${this.endpoint.scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  registrationOf(endpointName: string): Registration | undefined {
    return [...this.registrations.values()].find((r) => r.endpoint === endpointName);
  }

  /** Answers the next request of this kind with `response` instead of the normal answer. */
  answerNext(kind: Override['kind'], response: ResponseSpec): void {
    this.overrides.push({ kind, response });
  }

  /** Forgets a registration silently, as a server that lost its state would (int-105). */
  discard(reg: Registration): void {
    this.drop(reg.id);
    this.trace?.note('harness', `Test Server discarded the registration of "${reg.endpoint}" (/${RD}/${reg.id})`);
  }

  // ---- Device Management & Service Enablement requests to a registered client -----------

  /** `onNotification` makes an Observe request an observation (later notifications go there). */
  send(reg: Registration, spec: RequestSpec, onNotification?: (r: IncomingResponse) => void): Promise<IncomingResponse> {
    return this.endpoint.request(reg.peer, { timeoutMs: this.timers.responseTimeoutMs, ...spec }, onNotification);
  }

  read(reg: Registration, path: string, accept?: number): Promise<IncomingResponse> {
    return this.send(reg, { method: Method.GET, path, accept });
  }

  discover(reg: Registration, path: string): Promise<IncomingResponse> {
    return this.send(reg, { method: Method.GET, path, accept: 40 });
  }

  write(
    reg: Registration,
    path: string,
    payload: Buffer,
    format: number,
    mode: 'replace' | 'partial' = 'replace',
  ): Promise<IncomingResponse> {
    return this.send(reg, { method: mode === 'replace' ? Method.PUT : Method.POST, path, payload, contentFormat: format });
  }

  execute(reg: Registration, path: string, args?: string): Promise<IncomingResponse> {
    return this.send(reg, { method: Method.POST, path, payload: args ? Buffer.from(args) : undefined });
  }

  async close(): Promise<void> {
    for (const t of this.expiry.values()) clearTimeout(t);
    this.expiry.clear();
    await this.endpoint.close();
  }

  // ---- registration interface ------------------------------------------------------------

  /** The registration interface's answer to a request (the endpoint calls it; a wrapper may too). */
  handle(req: IncomingRequest): ResponseSpec {
    const segments = req.path.split('/').filter(Boolean);
    if (segments.length === 1 && segments[0] === DP && req.message.code === Method.POST) return this.receiveSend(req);
    if (segments[0] !== RD) return { code: '4.04' };
    if (segments.length === 1 && req.message.code === Method.POST) return this.register(req);
    if (segments.length === 2) {
      const reg = this.registrations.get(segments[1]);
      if (!reg) {
        this.events.push({ kind: 'unknown-location', at: req.receivedAt, request: req, responseCode: '4.04' });
        return { code: '4.04' };
      }
      if (req.message.code === Method.POST) return this.update(reg, req);
      if (req.message.code === Method.DELETE) return this.deregister(reg, req);
    }
    return { code: '4.05' };
  }

  /** Send: 2.04 to a registered client (found by its address), 4.03 to anyone else. */
  private receiveSend(req: IncomingRequest): ResponseSpec {
    const registration = [...this.registrations.values()].find((r) => samePeer(r.peer, req.peer));
    const responseCode = registration ? '2.04' : '4.03';
    this.sends.push({ at: req.receivedAt, request: req, registration, responseCode });
    return { code: responseCode };
  }

  private takeOverride(kind: Override['kind']): ResponseSpec | undefined {
    const i = this.overrides.findIndex((o) => o.kind === kind);
    return i < 0 ? undefined : this.overrides.splice(i, 1)[0].response;
  }

  private reject(req: IncomingRequest, code: string, problem: string): ResponseSpec {
    this.events.push({ kind: 'rejected', at: req.receivedAt, request: req, responseCode: code, problem });
    return { code, payload: Buffer.from(problem) };
  }

  private register(req: IncomingRequest): ResponseSpec {
    const override = this.takeOverride('register');
    if (override) {
      this.events.push({
        kind: 'rejected',
        at: req.receivedAt,
        request: req,
        responseCode: override.code,
        problem: 'answered as the test procedure requires',
      });
      return override;
    }
    const q = req.query;
    const ep = q.get('ep');
    if (!ep) return this.reject(req, '4.00', 'Register without the mandatory "ep" (Endpoint Client Name) parameter');
    const lifetime = q.has('lt') ? parseLifetime(q.get('lt')!) : 86400;
    if (lifetime === undefined) return this.reject(req, '4.00', `lt="${q.get('lt')}" is not a positive integer`);
    const parsed = this.parseObjects(req);
    if (typeof parsed === 'string') return this.reject(req, '4.00', parsed);

    // A new Register from the same endpoint replaces its old registration (LwM2M TS 6.2.1).
    const previous = this.registrationOf(ep);
    if (previous) this.drop(previous.id);
    const reg: Registration = {
      id: randomBytes(4).toString('hex'),
      endpoint: ep,
      lifetime,
      lwm2mVersion: q.get('lwm2m'),
      binding: q.get('b'),
      queueMode: q.has('Q') || (q.get('b') ?? '').includes('Q'),
      sms: q.get('sms'),
      peer: req.peer,
      ...parsed,
      registeredAt: req.receivedAt,
      lastSeenAt: req.receivedAt,
    };
    this.registrations.set(reg.id, reg);
    this.armExpiry(reg);
    this.events.push({ kind: 'register', at: req.receivedAt, registration: reg, request: req, responseCode: '2.01' });
    this.trace?.note('harness', `Test Server registered "${ep}" from ${formatPeer(req.peer)} as /${RD}/${reg.id}, lifetime ${lifetime} s`);
    return {
      code: '2.01',
      options: [
        { number: OptionNumber.LocationPath, value: Buffer.from(RD) },
        { number: OptionNumber.LocationPath, value: Buffer.from(reg.id) },
      ],
    };
  }

  private update(reg: Registration, req: IncomingRequest): ResponseSpec {
    const override = this.takeOverride('update');
    if (override) {
      this.events.push({ kind: 'update', at: req.receivedAt, registration: reg, request: req, responseCode: override.code });
      return override;
    }
    const q = req.query;
    if (q.has('lt')) {
      const lt = parseLifetime(q.get('lt')!);
      if (lt === undefined) return this.reject(req, '4.00', `lt="${q.get('lt')}" is not a positive integer`);
      reg.lifetime = lt;
    }
    if (q.has('b')) reg.binding = q.get('b');
    if (q.has('sms')) reg.sms = q.get('sms');
    if (req.message.payload.length > 0) {
      const parsed = this.parseObjects(req);
      if (typeof parsed === 'string') return this.reject(req, '4.00', parsed);
      Object.assign(reg, parsed);
    }
    reg.peer = req.peer; // the client's address may change (NAT rebinding)
    reg.lastSeenAt = req.receivedAt;
    this.armExpiry(reg);
    this.events.push({ kind: 'update', at: req.receivedAt, registration: reg, request: req, responseCode: '2.04' });
    return { code: '2.04' };
  }

  private deregister(reg: Registration, req: IncomingRequest): ResponseSpec {
    const override = this.takeOverride('deregister');
    if (override) {
      this.events.push({ kind: 'deregister', at: req.receivedAt, registration: reg, request: req, responseCode: override.code });
      return override;
    }
    this.drop(reg.id);
    this.events.push({ kind: 'deregister', at: req.receivedAt, registration: reg, request: req, responseCode: '2.02' });
    return { code: '2.02' };
  }

  private parseObjects(req: IncomingRequest): Pick<Registration, 'links' | 'objects'> | string {
    const cf = contentFormat(req.message);
    if (cf !== undefined && cf !== 40)
      return `the object list has Content-Format ${cf}; the registration interface uses 40 (application/link-format)`;
    try {
      const links = parseLinkFormatBytes(req.message.payload);
      return { links, objects: objectsFromRegistration(links) };
    } catch (e) {
      if (e instanceof DecodeError) return `the object list is not valid: ${e.message}`;
      throw e;
    }
  }

  private armExpiry(reg: Registration): void {
    const old = this.expiry.get(reg.id);
    if (old) clearTimeout(old);
    const timer = setTimeout(
      () => {
        if (this.registrations.get(reg.id) !== reg) return;
        this.drop(reg.id);
        this.events.push({ kind: 'expired', at: Date.now(), registration: reg });
        this.trace?.note('harness', `Test Server removed "${reg.endpoint}": its lifetime of ${reg.lifetime} s expired without an Update`);
      },
      reg.lifetime * 1000 + this.timers.lifetimeGraceMs,
    );
    timer.unref();
    this.expiry.set(reg.id, timer);
  }

  private drop(id: string): void {
    const t = this.expiry.get(id);
    if (t) clearTimeout(t);
    this.expiry.delete(id);
    this.registrations.delete(id);
  }
}

function parseLifetime(text: string): number | undefined {
  if (!/^[0-9]{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}
