/**
 * One test case against a client DUT: a fresh Test Server, the DUT launched (or switched on by
 * an operator) pointing at it, and the operations the ETS procedures use. Steps call this; it
 * holds no Cucumber code. Failures are thrown as the verdict classes of failures.ts.
 */
import { CoapBlockwiseError, CoapEndpoint, CoapTimeoutError, CoapResetError, type IncomingResponse } from '../coap/endpoint';
import { codeName, contentFormat } from '../coap/message';
import { securityMaterial, securityPlaceholders, testServerTransport, type SecurityMaterial } from './security';
import type { Trace } from '../trace/trace';
import { DeadlineError, EventLog } from '../util/event-log';
import { DtlsEndpoint, type DtlsSessionInfo, type DtlsHandshakeFailure } from '../transport/dtls';
import { TestServer, type Registration, type RdEvent, type RdEventKind } from '../peers/test-server';
import { encodeContent, decodeContent } from '../lwm2m/content';
import { LwM2MPath } from '../lwm2m/path';
import { DecodeError } from '../lwm2m/errors';
import { startupTimeoutMs, type DutProfile } from './dut-profile';
import { launchDut, type RunningDut } from './launcher';
import { DutFailure, PreconditionFailure } from './failures';
import { lwm2mPayloadView } from '../peers/payload-view';
import { ObjectRegistry } from '../lwm2m/model';

const TEXT = 0;

export class ClientSession {
  server!: TestServer;
  dut?: RunningDut;
  /** The client's current registration at the Test Server. */
  registration?: Registration;
  private serverInstanceId?: number;
  readonly security: SecurityMaterial;
  /** DTLS handshakes with the Test Server, completed or failed (secure modes only). */
  readonly handshakes = new EventLog<HandshakeEvent>();

  constructor(
    readonly profile: DutProfile,
    readonly trace: Trace,
    private readonly log: (line: string) => void = () => {},
    /** Object definitions used to decode what the DUT sends. */
    readonly registry: ObjectRegistry = ObjectRegistry.bundled(),
  ) {
    this.security = securityMaterial(profile);
  }

  get timers() {
    return this.profile.timers;
  }

  get endpointName(): string {
    return this.profile.endpoint ?? '';
  }

  /** Starts the Test Server; `wrongHost` presents a certificate for another name (int-403). */
  async startTestServer(opts: { wrongHost?: boolean } = {}): Promise<void> {
    await this.server?.close();
    const transport = await testServerTransport(this.security, this.profile.server, this.trace, opts);
    if (transport instanceof DtlsEndpoint) {
      transport.on('handshake', (info) => this.handshakes.push({ ok: true, at: Date.now(), info }));
      transport.on('handshakeFailed', (failure) => this.handshakes.push({ ok: false, at: Date.now(), failure }));
    }
    const endpoint = new CoapEndpoint({
      transport,
      trace: this.trace,
      timers: { ackTimeoutMs: this.timers.coapAckTimeoutMs },
      defaultTimeoutMs: this.timers.responseTimeoutMs,
      describePayload: lwm2mPayloadView(this.registry),
    });
    this.server = new TestServer(
      endpoint,
      { lifetimeGraceMs: this.timers.lifetimeGraceMs, responseTimeoutMs: this.timers.responseTimeoutMs },
      this.trace,
    );
  }

  /** Starts the DUT with the Test Server as its LwM2M Server. A failure here is INCONC. */
  async switchOn(lifetime = this.timers.lifetime): Promise<void> {
    const { host, port } = this.server.endpoint.local;
    const vars = {
      uri: this.server.uri,
      host,
      port: String(port),
      endpoint: this.endpointName,
      lifetime: String(lifetime),
      ...securityPlaceholders(this.security),
    };
    try {
      const secrets = this.security.psk ? [this.security.psk.key.toString('hex'), this.security.psk.key.toString('hex').toUpperCase()] : [];
      this.dut = await launchDut(this.profile.launch, vars, { trace: this.trace, log: this.log, profileDir: this.profile.dir, secrets });
    } catch (e) {
      throw new PreconditionFailure('the DUT to start', `it could not be started: ${(e as Error).message}`);
    }
  }

  /** Until when a registration of this lifetime stays alive at the Test Server (with its grace), plus a margin. */
  expiryDeadlineMs(lifetimeSeconds: number): number {
    return lifetimeSeconds * 1000 + this.timers.lifetimeGraceMs + 500;
  }

  /**
   * How soon an Update "caused by" a trigger must come: a quarter of the lifetime at most, so a
   * periodic Update is not taken for it, and never more than the response timeout.
   */
  promptUpdateMs(lifetimeSeconds: number): number {
    return Math.min(this.timers.responseTimeoutMs, (lifetimeSeconds * 1000) / 4);
  }

  /** How long the first Register may take: an operator switching a device on needs longer. */
  get firstRegisterTimeoutMs(): number {
    return startupTimeoutMs(this.profile);
  }

  /** Waits for the next Register (accepted or not) from the DUT. */
  async nextRegister(
    after: number,
    timeoutMs = after === 0 ? this.firstRegisterTimeoutMs : this.timers.registrationTimeoutMs,
  ): Promise<RdEvent> {
    return this.untilDutExits(
      this.server.events.waitFor((e) => e.kind === 'register' || (e.kind === 'rejected' && isRegister(e)), {
        after,
        timeoutMs,
        what: 'Register request',
      }),
      'a Register request',
    );
  }

  /** Waits for the next registration-interface event of a kind concerning this client. */
  nextEvent(kinds: RdEventKind[], after: number, timeoutMs: number, what: string): Promise<RdEvent> {
    return this.untilDutExits(
      this.server.events.waitFor((e) => kinds.includes(e.kind), { after, timeoutMs, what }),
      what,
    );
  }

  /** A wait that ends at once, as a missed deadline, when the DUT process exits (e.g. crashes). */
  untilDutExits<T>(wait: Promise<T>, what: string): Promise<T> {
    if (!this.dut) return wait;
    const dut = this.dut;
    const exited = dut.exited.then((x) => {
      const last = dut
        .recentOutput()
        .filter((l) => l.trim())
        .slice(-2);
      const output = last.length ? `; its last output: ${last.map((l) => JSON.stringify(l.slice(0, 200))).join(' ')}` : '';
      throw new DutExitedError(what, (x.code === null ? `signal ${x.signal}` : `code ${x.code}`) + output);
    });
    exited.catch(() => {}); // the race below observes it
    return Promise.race([wait, exited]);
  }

  /** What went wrong in DTLS handshakes so far, for a diagnosis ("" when nothing did). */
  handshakeFailures(): string {
    const failed = this.handshakes.all().filter((h): h is Extract<HandshakeEvent, { ok: false }> => !h.ok);
    if (failed.length === 0) return '';
    const last = failed[failed.length - 1].failure;
    return `; ${failed.length} DTLS handshake(s) failed, the last: ${last.reason}${last.alert ? ` (alert ${last.alert})` : ''}: ${last.error.message}`;
  }

  /** Ensures the client is registered (a precondition): the Register must have been accepted. */
  async ensureRegistered(): Promise<Registration> {
    if (this.registration && this.server.registrationOf(this.endpointName) === this.registration) return this.registration;
    let event: RdEvent;
    try {
      event = await this.nextRegister(0);
    } catch (e) {
      throw new PreconditionFailure(
        'the client to register at the Test Server',
        describeWaitFailure(e, this.dut) + this.handshakeFailures(),
      );
    }
    if (event.kind !== 'register' || !event.registration) {
      throw new PreconditionFailure('an accepted Register', `the Test Server refused it: ${event.problem}`);
    }
    this.registration = event.registration;
    return event.registration;
  }

  /**
   * The Server object instance that belongs to the Test Server. Real clients use /1/0, /1/1 or
   * others: take the only listed instance, or read /1 and match the declared Short Server ID.
   */
  async serverInstance(): Promise<number> {
    if (this.serverInstanceId !== undefined) return this.serverInstanceId;
    const reg = await this.ensureRegistered();
    const listed = reg.objects.objects.find((o) => o.objectId === 1)?.instances ?? [];
    if (listed.length === 1) return (this.serverInstanceId = listed[0]);
    const ssid = this.profile.declared.serverShortId;
    if (ssid === undefined) {
      throw new PreconditionFailure(
        'one Server instance, or declared.serverShortId in the DUT profile',
        `the client lists Server instances ${listed.join(', ') || '(none)'}`,
      );
    }
    const res = await this.request(() => this.server.read(reg, '/1'), 'a Read of /1');
    try {
      const records = decodeContent(contentFormat(res.message) ?? TEXT, LwM2MPath.parse('/1'), res.message.payload, this.registry);
      const match = records.find((r) => r.path.resourceId === 0 && typeof r.value === 'bigint' && r.value === BigInt(ssid));
      if (match) return (this.serverInstanceId = match.path.instanceId!);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      throw new PreconditionFailure('a readable /1', `its content could not be decoded: ${e.message}`);
    }
    throw new PreconditionFailure(`a Server instance with Short Server ID ${ssid}`, 'none was found in /1');
  }

  /** A Read of the client (precondition: registered); a missing answer is the DUT's failure. */
  async read(path: string, accept?: number): Promise<IncomingResponse> {
    const reg = await this.ensureRegistered();
    return this.request(() => this.server.read(reg, path, accept), `the Read of ${path}`);
  }

  async serverResourcePath(resourceId: number): Promise<string> {
    return `/1/${await this.serverInstance()}/${resourceId}`;
  }

  /** Writes a Lifetime (PUT, text/plain as the ETS procedure does). */
  async writeLifetime(seconds: number): Promise<IncomingResponse> {
    const reg = await this.ensureRegistered();
    const path = await this.serverResourcePath(1);
    const payload = encodeContent(TEXT, LwM2MPath.parse(path), [{ path: LwM2MPath.parse(path), type: 'integer', value: BigInt(seconds) }]);
    return this.request(() => this.server.write(reg, path, payload, TEXT), `the Write of ${path}`);
  }

  /** Executes a resource of the client, e.g. /3/0/4 (Reboot). */
  async execute(path: string): Promise<IncomingResponse> {
    const reg = await this.ensureRegistered();
    return this.request(() => this.server.execute(reg, path), `the Execute of ${path}`);
  }

  async executeServerResource(resourceId: number): Promise<IncomingResponse> {
    const reg = await this.ensureRegistered();
    const path = await this.serverResourcePath(resourceId);
    return this.request(() => this.server.execute(reg, path), `the Execute of ${path}`);
  }

  /** Sends a request; a missing answer is the DUT's failure in a procedure step. */
  async request(send: () => Promise<IncomingResponse>, what: string): Promise<IncomingResponse> {
    const mark = this.server.endpoint.inbox.cursor();
    try {
      return await send();
    } catch (e) {
      // No answer, a Reset, or a block-wise transfer that breaks RFC 7959: the DUT's doing.
      if (e instanceof CoapTimeoutError || e instanceof CoapResetError || e instanceof CoapBlockwiseError) {
        throw new DutFailure('step', `a response to ${what}`, e.message + this.malformedSince(mark));
      }
      throw e;
    }
  }

  /** Says which datagrams since `cursor` were not readable CoAP ("" when none), for a diagnosis. */
  malformedSince(cursor: number): string {
    const bad = this.server.endpoint.inbox.since(cursor).filter((i) => i.error);
    if (bad.length === 0) return '';
    return `; ${bad.length === 1 ? 'a malformed datagram' : `${bad.length} malformed datagrams`} arrived instead: ${bad[bad.length - 1].error!.message}`;
  }

  async close(): Promise<void> {
    await this.dut?.stop();
    await this.server?.close();
  }
}

export type HandshakeEvent = { ok: true; at: number; info: DtlsSessionInfo } | { ok: false; at: number; failure: DtlsHandshakeFailure };

/** The DUT process ended while the harness waited for it: judged like a missed deadline. */
export class DutExitedError extends DeadlineError {
  constructor(what: string, how: string) {
    super(what, 0);
    this.message = `the DUT process exited (${how}) while the Test Server waited for ${what}`;
  }
}

function isRegister(e: RdEvent): boolean {
  return e.request?.path === '/rd' || e.request?.path === '/rd/';
}

/** Says why a wait ended without the event, adding that the DUT had exited when it had. */
export function describeWaitFailure(e: unknown, dut?: RunningDut): string {
  if (!(e instanceof DeadlineError)) throw e;
  const exited = dut && !dut.isRunning() && !(e instanceof DutExitedError) ? ' (the DUT process had exited)' : '';
  return `${e.message}${exited}`;
}

export function describeResponse(res: IncomingResponse): string {
  const payload = res.message.payload.length ? ` with payload "${res.message.payload.toString('utf8').slice(0, 120)}"` : '';
  return `${codeName(res.message.code)}${payload}`;
}
