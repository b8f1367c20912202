/**
 * One test case against a server DUT: the server launched (or started by an operator), a Test
 * Client pointed at it, and the profile's actions that make the server act. The operations of
 * each interface live beside this file (registration.ts, device-management.ts); steps call
 * them. Nothing here imports Cucumber. Failures are thrown as the verdict classes of failures.ts.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CoapBlockwiseError, CoapResetError, CoapTimeoutError, type IncomingResponse } from '../../coap/endpoint';
import type { Trace } from '../../trace/trace';
import { DeadlineError } from '../../util/event-log';
import { ObjectRegistry } from '../../lwm2m/model';
import { TestClient, type ServerRequest, type TestClientOptions } from '../../peers/test-client/test-client';
import type { DatagramTransport, PeerAddress } from '../../transport/types';
import { lwm2mPayloadView } from '../../peers/payload-view';
import { startupTimeoutMs, type DutProfile } from '../dut-profile';
import { fillPlaceholders, launchDut, type RunningDut } from '../launcher';
import { DutFailure, PreconditionFailure } from '../failures';
import { ActionError, ActionRunner, Captures } from '../actions/runner';
import type { ActionName, ActionOutcome, ActionRequest } from '../actions/types';
import type { ServerDutParts } from '../server-profile';
import type { DutSession } from '../session';
import { ServerRegistrationOperations } from './registration';
import { ServerDeviceManagementOperations, ServerRequestOperations } from './device-management';
import { ServerReportingOperations } from './information-reporting';
import { ServerCompositeOperations } from './composite';
import { ServerQueueModeOperations } from './queue-mode';
import { ServerSecurityOperations, openTestClientChannel, type TestClientChannel } from './security';
import { ServerRobustnessOperations } from './robustness';
import { CredentialRefusalOperations } from './credential-refusal';
import { BootstrapServerOperations } from './bootstrap';
import { ServerFirmwareOperations } from './firmware';
import { ServerTcpOperations, STREAM_SCHEMES, isStreamScheme, openTestClientStreamChannel } from './tcp';
import { securityMaterial, securityPlaceholders } from '../security';
import { ServerOscoreOperations } from './oscore';

/** The Test Client's endpoint name when the profile gives none. */
export const DEFAULT_TEST_CLIENT_ENDPOINT = 'urn:dev:lwm2m-conformance-test-client';

export class ServerDutSession implements DutSession {
  /** A Bootstrap Server DUT is a server DUT whose Test Client only bootstraps (bootstrap.ts). */
  readonly role: 'server' | 'bootstrap-server';
  currentStep = 'step';
  dut?: RunningDut;
  private testClient?: TestClient;
  private runner?: ActionRunner;
  private testClientChannel?: TestClientChannel;
  private testClientOptions?: TestClientOptions;
  readonly registration = new ServerRegistrationOperations(this);
  readonly dm = new ServerDeviceManagementOperations(this);
  readonly management = new ServerRequestOperations(this);
  readonly reporting = new ServerReportingOperations(this);
  readonly composite = new ServerCompositeOperations(this);
  readonly queue = new ServerQueueModeOperations(this);
  readonly security = new ServerSecurityOperations(this);
  readonly robustness = new ServerRobustnessOperations(this);
  readonly refusal = new CredentialRefusalOperations(this);
  readonly bootstrap = new BootstrapServerOperations(this);
  readonly firmware = new ServerFirmwareOperations(this);
  readonly tcp = new ServerTcpOperations(this);
  /** With ICS oscore: the session's OSCORE material; the Test Client then speaks OSCORE (int-405). */
  readonly oscore = new ServerOscoreOperations(this);

  constructor(
    readonly profile: DutProfile,
    readonly trace: Trace,
    private readonly log: (line: string) => void = () => {},
    readonly registry: ObjectRegistry = ObjectRegistry.bundled(),
  ) {
    this.role = profile.role === 'bootstrap-server' ? 'bootstrap-server' : 'server';
  }

  get timers() {
    return this.profile.timers;
  }

  get parts(): ServerDutParts {
    if (!this.profile.serverDut) throw new Error(`the profile ${this.profile.file} is not a server DUT profile (role: server)`);
    return this.profile.serverDut;
  }

  /** Whether the profile's action says where its answer holds a value (an http valuePointer, a stdin or command value regex). */
  actionNamesValue(name: ActionName): boolean {
    const spec = this.parts.actions[name];
    if (!spec) return false;
    return spec.kind === 'http' ? spec.valuePointer !== undefined : spec.kind !== 'manual' && spec.value !== undefined;
  }

  get endpointName(): string {
    return this.profile.endpoint ?? DEFAULT_TEST_CLIENT_ENDPOINT;
  }

  /** Nothing to start before the DUT: the Test Client needs to know where the server listens. */
  async start(): Promise<void> {}

  /** The Test Client of this case (after the server is running). */
  get client(): TestClient {
    if (!this.testClient) throw new Error('step order: the server under test is not running yet (no Test Client)');
    return this.testClient;
  }

  /** The Test Client's DTLS channel (none in NoSec) and its handshakes. */
  get channel(): TestClientChannel {
    if (!this.testClientChannel) throw new Error('step order: the server under test is not running yet (no Test Client)');
    return this.testClientChannel;
  }

  /** Starts the server DUT, finds where it listens (from its output when the profile captures it), and starts a Test Client. */
  async switchOn(): Promise<void> {
    try {
      this.dut = await launchDut(
        this.profile.launch,
        { endpoint: this.endpointName, ...securityPlaceholders(securityMaterial(this.profile)), ...this.oscore.placeholders() },
        { trace: this.trace, log: this.log, profileDir: this.profile.dir, secrets: this.oscore.secrets() },
      );
    } catch (e) {
      throw new PreconditionFailure('the server under test to start', `it could not be started: ${(e as Error).message}`);
    }
    const captures = new Captures(this.parts.captures, this.dut);
    const vars: Record<string, string> = {};
    try {
      // Only what says where the server listens is awaited now; a capture an action uses (a client
      // number the server prints once the Test Client registers, say) is awaited by that action.
      for (const name of captures.names().filter((n) => this.parts.serverUri.includes(`{${n}}`)))
        vars[name] = await this.untilDutExits(captures.wait(name, startupTimeoutMs(this.profile)), `the output "${name}"`);
    } catch (e) {
      throw new PreconditionFailure('the server under test to print where it listens', (e as Error).message);
    }
    const uri = fillPlaceholders(this.parts.serverUri, vars);
    const m = /^(coaps?(?:\+tcp)?):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(uri);
    if (!m) throw new PreconditionFailure('a coap://, coaps://, coap+tcp:// or coaps+tcp:// server URI', `serverUri is ${uri}`);
    const host = m[2].replace(/^\[|\]$/g, '');
    const stream = isStreamScheme(m[1]) ? m[1] : undefined;
    if (this.role === 'bootstrap-server') return this.bootstrap.open({ host, port: m[3] ? Number(m[3]) : 5683 });
    this.testClientChannel = stream
      ? await openTestClientStreamChannel(this.profile, stream, this.trace)
      : await openTestClientChannel(this.profile, host, this.trace);
    this.runner = new ActionRunner(this.parts.actions, { captures, console: this.dut, log: this.log, cwd: this.profile.dir, vars });
    this.testClientOptions = {
      server: { host, port: m[3] ? Number(m[3]) : stream ? STREAM_SCHEMES[stream] : m[1] === 'coaps' ? 5684 : 5683 },
      // Over TCP the Test Client registers with binding T (LwM2M 1.1 §6.2.1.1, ETS int-106).
      registration: {
        endpoint: this.endpointName,
        lifetime: this.timers.lifetime,
        lwm2mVersion: this.profile.lwm2mVersion,
        binding: stream ? 'T' : 'U',
      },
      trace: this.trace,
      timers: { ackTimeoutMs: this.timers.coapAckTimeoutMs },
      responseTimeoutMs: this.timers.responseTimeoutMs,
      describePayload: lwm2mPayloadView(this.registry),
      transport: this.testClientChannel.transport,
      oscore: this.oscore.layer,
    };
    this.testClient = new TestClient(this.testClientOptions);
    if (stream) this.testClient.store.set(1, 0, 7, 'T'); // its Server object's Binding says what it uses
    await this.testClient.start();
    this.trace.note(
      'harness',
      `Test Client "${this.endpointName}" on ${this.testClient.endpoint.local.host}:${this.testClient.endpoint.local.port}, server under test at ${uri}`,
    );
  }

  /** Where the server under test listens for CoAP. */
  get serverAddress(): PeerAddress {
    if (!this.testClientOptions) throw new Error('step order: the server under test is not running yet (no Test Client)');
    return this.testClientOptions.server;
  }

  /** A second Test Client like this case's, on a transport of its own (other credentials); the caller starts and closes it. */
  otherTestClient(transport: DatagramTransport): TestClient {
    if (!this.testClientOptions) throw new Error('step order: the server under test is not running yet (no Test Client)');
    return new TestClient({ ...this.testClientOptions, transport });
  }

  /** Sends a Test Client request; no answer (or a Reset) is the DUT's failure in the procedure step running now. */
  async request(send: () => Promise<IncomingResponse>, what: string): Promise<IncomingResponse> {
    try {
      return await this.untilDutExits(send(), `a response to ${what}`);
    } catch (e) {
      if (e instanceof CoapTimeoutError || e instanceof CoapResetError || e instanceof CoapBlockwiseError || e instanceof DeadlineError) {
        throw new DutFailure(this.currentStep, `a response to ${what}`, e.message);
      }
      throw e;
    }
  }

  /**
   * Makes the server act as the profile says, and waits for the request it must then send the
   * Test Client. A refused action or no request within the deadline is the DUT's failure.
   */
  async act(
    name: ActionName,
    request: Omit<ActionRequest, 'endpoint'>,
    expect: (r: ServerRequest) => boolean,
    what: string,
  ): Promise<{ outcome: ActionOutcome; request: ServerRequest }> {
    const mark = this.client.requests.cursor();
    let outcome: ActionOutcome;
    try {
      outcome = await this.runner!.perform(name, { endpoint: this.endpointName, ...request });
    } catch (e) {
      if (e instanceof ActionError) throw new PreconditionFailure(`a way to make the server ${name}`, e.message);
      throw e;
    }
    this.trace.note('harness', `action ${name}: ${outcome.evidence}`);
    const seen = this.client.requests.find(expect, mark);
    if (!outcome.ok && !seen)
      throw new DutFailure(this.currentStep, `the server to ${name} ${request.path ?? ''} when asked`, outcome.evidence);
    try {
      const r =
        seen ??
        (await this.untilDutExits(
          this.client.requests.waitFor(expect, {
            after: mark,
            timeoutMs: outcome.manual ? outcome.deadlineMs : this.timers.responseTimeoutMs,
            what,
          }),
          what,
        ));
      return { outcome, request: r };
    } catch (e) {
      if (!(e instanceof DeadlineError)) throw e;
      const others = this.client.requests.since(mark).map((r) => `${r.request.message.code} ${r.request.path}`);
      throw new DutFailure(
        this.currentStep,
        what,
        `${e.message}${others.length ? `; the server sent ${others.join(', ')}` : ''} (action: ${outcome.evidence})`,
      );
    }
  }

  /**
   * Makes the server act where no request to the Test Client follows (a passive cancellation, a
   * question about values it holds). A refused action is the DUT's failure in the current step.
   */
  async perform(name: ActionName, request: Omit<ActionRequest, 'endpoint'>): Promise<ActionOutcome> {
    let outcome: ActionOutcome;
    try {
      outcome = await this.runner!.perform(name, { endpoint: this.endpointName, ...request });
    } catch (e) {
      if (e instanceof ActionError) throw new PreconditionFailure(`a way to make the server ${name}`, e.message);
      throw e;
    }
    this.trace.note('harness', `action ${name}: ${outcome.evidence}`);
    if (!outcome.ok) throw new DutFailure(this.currentStep, `the server to ${name} ${request.path ?? ''} when asked`, outcome.evidence);
    return outcome;
  }

  /** Starts an action and returns at once (the server may hold it, e.g. for a sleeping client); the outcome settles later. */
  begin(name: ActionName, request: Omit<ActionRequest, 'endpoint'>): Promise<ActionOutcome | Error> {
    return this.runner!.perform(name, { endpoint: this.endpointName, ...request }).then(
      (o) => {
        this.trace.note('harness', `action ${name}: ${o.evidence}`);
        return o;
      },
      (e: Error) => e,
    );
  }

  /** Lets protocol time pass (a lifetime running out): the behaviour under test, not a synchronisation. */
  async letTimePass(ms: number): Promise<void> {
    await this.untilDutExits(delay(ms), 'time to pass');
  }

  /** A wait that ends at once when the DUT process exits (e.g. crashes). */
  untilDutExits<T>(wait: Promise<T>, what: string): Promise<T> {
    const dut = this.dut;
    if (!dut || this.profile.launch.kind === 'manual') return wait;
    const exited = dut.exited.then((x) => {
      const last = dut.recentOutput().slice(-2);
      const output = last.length ? `; its last output: ${last.map((l) => JSON.stringify(l.slice(0, 200))).join(' ')}` : '';
      throw new DeadlineError(
        `${what} (the server process exited, ${x.code === null ? `signal ${x.signal}` : `code ${x.code}`}${output})`,
        0,
      );
    });
    exited.catch(() => {});
    return Promise.race([wait, exited]);
  }

  async close(): Promise<void> {
    await this.testClient?.close();
    await this.firmware.close();
    await this.bootstrap.close();
    await this.dut?.stop();
  }
}
