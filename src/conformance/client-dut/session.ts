/**
 * One test case against a client DUT: a fresh Test Server, the DUT launched (or switched on by
 * an operator) pointing at it, and the operations of each interface (registration.ts,
 * device-management.ts). Steps call these; nothing here imports Cucumber. Failures are thrown as
 * the verdict classes of failures.ts.
 */
import { CoapBlockwiseError, CoapEndpoint, CoapTimeoutError, CoapResetError, type IncomingResponse } from '../../coap/endpoint';
import { codeName } from '../../coap/message';
import { securityMaterial, securityPlaceholders, testServerTransport, type SecurityMaterial } from '../security';
import type { Trace } from '../../trace/trace';
import { DeadlineError, EventLog } from '../../util/event-log';
import { DtlsEndpoint, type DtlsSessionInfo, type DtlsHandshakeFailure } from '../../transport/dtls';
import { TestServer } from '../../peers/test-server';
import { startupTimeoutMs, type DutProfile, type LaunchSpec } from '../dut-profile';
import { launchDut, type RunningDut } from '../launcher';
import { DutFailure, PreconditionFailure } from '../failures';
import { lwm2mPayloadView } from '../../peers/payload-view';
import { ObjectRegistry } from '../../lwm2m/model';
import type { DutSession } from '../session';
import { RegistrationOperations } from './registration';
import { DeviceManagementOperations } from './device-management';
import { BootstrapOperations } from './bootstrap';
import { ObjectOperations } from './objects';
import { FirmwareOperations } from './firmware';
import { InformationReportingOperations } from './information-reporting';
import { MultiServerOperations } from './multi-server';
import { OscoreOperations } from './oscore';

export type HandshakeEvent = { ok: true; at: number; info: DtlsSessionInfo } | { ok: false; at: number; failure: DtlsHandshakeFailure };

export class ClientDutSession implements DutSession {
  readonly role = 'client';
  server!: TestServer;
  dut?: RunningDut;
  currentStep = 'step';
  readonly security: SecurityMaterial;
  /** DTLS handshakes with the Test Server, completed or failed (secure modes only). */
  readonly handshakes = new EventLog<HandshakeEvent>();
  /** The Test Server's DTLS layer, in a secure mode (its log of dropped records feeds diagnoses). */
  private dtls?: DtlsEndpoint;
  readonly registration: RegistrationOperations;
  readonly dm: DeviceManagementOperations;
  /** The Test Bootstrap Server and its operations (started by the first bootstrap step). */
  readonly bootstrap: BootstrapOperations;
  readonly objects: ObjectOperations;
  readonly firmware: FirmwareOperations;
  readonly reporting: InformationReportingOperations;
  /** Test Server 2 and what each of the two servers does (int-950, int-951). */
  readonly servers: MultiServerOperations;
  /** With ICS oscore: the session's OSCORE material; the Test Server then speaks OSCORE (int-405). */
  readonly oscore: OscoreOperations;

  constructor(
    readonly profile: DutProfile,
    readonly trace: Trace,
    private readonly log: (line: string) => void = () => {},
    /** Object definitions used to decode what the DUT sends. */
    readonly registry: ObjectRegistry = ObjectRegistry.bundled(),
  ) {
    this.security = securityMaterial(profile);
    this.oscore = new OscoreOperations(this);
    this.registration = new RegistrationOperations(this);
    this.dm = new DeviceManagementOperations(this);
    this.bootstrap = new BootstrapOperations(this);
    this.objects = new ObjectOperations(this);
    this.firmware = new FirmwareOperations(this);
    this.reporting = new InformationReportingOperations(this);
    this.servers = new MultiServerOperations(this);
  }

  get timers() {
    return this.profile.timers;
  }

  get endpointName(): string {
    return this.profile.endpoint ?? '';
  }

  async start(): Promise<void> {
    await this.startTestServer();
    this.trace.note('harness', `Test Server listening on ${this.server.uri}`);
  }

  /** Starts the Test Server; `wrongHost` presents a certificate for another name (int-403); `tcp`: CoAP over TCP/TLS (RFC 8323). */
  async startTestServer(opts: { wrongHost?: boolean; tcp?: boolean } = {}): Promise<void> {
    await this.server?.close();
    const transport = await testServerTransport(this.security, this.profile.server, this.trace, opts);
    this.dtls = transport instanceof DtlsEndpoint ? transport : undefined;
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
      oscore: this.oscore.layer,
    });
    this.server = new TestServer(
      endpoint,
      { lifetimeGraceMs: this.timers.lifetimeGraceMs, responseTimeoutMs: this.timers.responseTimeoutMs },
      this.trace,
    );
  }

  /** Starts the DUT with the Test Server as its LwM2M Server (or by `launch`, e.g. for bootstrap). A failure here is INCONC. */
  async switchOn(
    lifetime = this.timers.lifetime,
    launch: LaunchSpec = this.profile.launch,
    overrides: Record<string, string> = {},
  ): Promise<void> {
    const { host, port } = this.server.endpoint.local;
    const vars = {
      uri: this.server.uri,
      host,
      port: String(port),
      endpoint: this.endpointName,
      lifetime: String(lifetime),
      ...securityPlaceholders(this.security),
      ...this.oscore.placeholders(),
      ...this.bootstrap.placeholders(),
      ...overrides,
    };
    try {
      const keys = [this.security.psk?.key, this.oscore.material?.masterSecret].filter((k): k is Buffer => k !== undefined);
      const secrets = keys.flatMap((k) => [k.toString('hex'), k.toString('hex').toUpperCase()]);
      this.dut = await launchDut(launch, vars, { trace: this.trace, log: this.log, profileDir: this.profile.dir, secrets });
    } catch (e) {
      throw new PreconditionFailure('the DUT to start', `it could not be started: ${(e as Error).message}`);
    }
  }

  /** How long the first Register may take: an operator switching a device on needs longer. */
  get firstRegisterTimeoutMs(): number {
    return startupTimeoutMs(this.profile);
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

  /** Sends a request; a missing answer is the DUT's failure in the procedure step running now. */
  async request(send: () => Promise<IncomingResponse>, what: string): Promise<IncomingResponse> {
    const mark = this.server.endpoint.inbox.cursor();
    try {
      return await send();
    } catch (e) {
      // No answer, a Reset, or a block-wise transfer that breaks RFC 7959: the DUT's doing.
      if (e instanceof CoapTimeoutError || e instanceof CoapResetError || e instanceof CoapBlockwiseError) {
        const detail = e.message + this.malformedSince(mark);
        if (this.currentStep === 'precondition') throw new PreconditionFailure(`a response to ${what}`, detail);
        throw new DutFailure(this.currentStep, `a response to ${what}`, detail);
      }
      throw e;
    }
  }

  /** Everything that arrived but could not be taken since `inboxCursor`, for a diagnosis ("" when nothing). */
  unusableSince(inboxCursor = 0): string {
    return this.malformedSince(inboxCursor) + this.handshakeFailures() + this.droppedSummary();
  }

  /** What the Test Server's DTLS and CoAP layers dropped without handing on ("" when nothing). */
  droppedSummary(): string {
    const parts = [this.dtls?.drops.summary(), this.server.endpoint.drops.summary()].filter((x) => x);
    return parts.map((p) => `; ${p}`).join('');
  }

  /** Says which datagrams since `cursor` were not readable CoAP ("" when none), for a diagnosis. */
  malformedSince(cursor: number): string {
    const bad = this.server.endpoint.inbox.since(cursor).filter((i) => i.error);
    if (bad.length === 0) return '';
    return `; ${bad.length === 1 ? 'a malformed datagram' : `${bad.length} malformed datagrams`} arrived instead: ${bad[bad.length - 1].error!.message}`;
  }

  /** What went wrong in DTLS handshakes so far, for a diagnosis ("" when nothing did). */
  handshakeFailures(): string {
    const failed = this.handshakes.all().filter((h): h is Extract<HandshakeEvent, { ok: false }> => !h.ok);
    if (failed.length === 0) return '';
    const last = failed[failed.length - 1].failure;
    return `; ${failed.length} DTLS handshake(s) failed, the last: ${last.reason}${last.alert ? ` (alert ${last.alert})` : ''}: ${last.error.message}`;
  }

  async close(): Promise<void> {
    await this.dut?.stop();
    await this.firmware.close();
    await this.server?.close();
    await this.bootstrap.close();
    await this.servers.close();
  }
}

/** The DUT process ended while the harness waited for it: judged like a missed deadline. */
export class DutExitedError extends DeadlineError {
  constructor(what: string, how: string) {
    super(what, 0);
    this.message = `the DUT process exited (${how}) while the Test Server waited for ${what}`;
  }
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
