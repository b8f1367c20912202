/**
 * Two LwM2M Servers at once (ETS int-950, int-951; configuration C.14): a second Test Server
 * beside the session's, both accounts and their Access Control provisioned through the Test
 * Bootstrap Server, then each server's own requests. Judging is in checks/bootstrap.ts.
 */
import { CoapEndpoint, type IncomingResponse } from '../../coap/endpoint';
import { Method } from '../../coap/message';
import { LwM2MPath } from '../../lwm2m/path';
import type { ResourceRecord } from '../../lwm2m/content';
import { TestServer, type RdEvent, type Registration } from '../../peers/test-server';
import { securityRecords, serverRecords, type ServerAccount } from '../../peers/test-bootstrap-server';
import { lwm2mPayloadView } from '../../peers/payload-view';
import { testServerTransport } from '../security';
import { PreconditionFailure } from '../failures';
import { checkCodes } from '../checks/bootstrap';
import { describeWaitFailure, type ClientDutSession } from './session';

/** Test Server 1 or 2. */
export type ServerNumber = 1 | 2;

export class MultiServerOperations {
  /** Test Server 2 (Test Server 1 is the session's). */
  second?: TestServer;
  /** The accounts provisioned, by server number. */
  readonly accounts = new Map<ServerNumber, ServerAccount>();
  private readonly registrations = new Map<ServerNumber, Registration>();

  constructor(private readonly session: ClientDutSession) {}

  server(n: ServerNumber): TestServer {
    if (n === 1) return this.session.server;
    if (!this.second) throw new Error('step order: Test Server 2 was not started by an earlier step');
    return this.second;
  }

  private async startSecond(): Promise<TestServer> {
    const { security, profile, trace, timers, registry } = this.session;
    const transport = await testServerTransport(security, { host: profile.server.host, port: 0 }, trace);
    const endpoint = new CoapEndpoint({
      transport,
      trace,
      timers: { ackTimeoutMs: timers.coapAckTimeoutMs },
      defaultTimeoutMs: timers.responseTimeoutMs,
      describePayload: lwm2mPayloadView(registry),
    });
    this.second = new TestServer(endpoint, { lifetimeGraceMs: timers.lifetimeGraceMs, responseTimeoutMs: timers.responseTimeoutMs }, trace);
    trace.note('harness', `Test Server 2 listening on ${this.second.uri}`);
    return this.second;
  }

  /**
   * C.14 as a precondition: the DUT bootstraps and takes two server accounts (SSID 1 for Test
   * Server 1, SSID 2 for Test Server 2, each its own lifetime) and an Access Control instance
   * of the Device object for both. Anything but 2.04 to each write and the Finish is INCONC.
   */
  async provisionTwoServers(): Promise<void> {
    const bs = this.session.bootstrap;
    const second = await this.startSecond();
    await bs.switchOn();
    await bs.nextRequest('bootstrap-request', 0).catch((e) => {
      throw new PreconditionFailure('a Bootstrap-Request from the client', describeWaitFailure(e, this.session.dut));
    });
    const first = await bs.freeSecurityInstance();
    const lifetime = this.session.timers.lifetime;
    const a1 = { ...bs.testServerAccount(first), shortServerId: 1, serverInstance: 0, lifetime };
    const a2 = { ...bs.testServerAccount(first + 1, second.uri), shortServerId: 2, serverInstance: 1, lifetime: lifetime + 10 };
    this.accounts.set(1, a1).set(2, a2);
    const put = (path: string, records: ResourceRecord[]) => bs.write(path, bs.encode(path, records), bs.writeFormat());
    const written: [string, IncomingResponse][] = [
      ['Bootstrap-Write of /0', await put('/0', [...securityRecords(a1), ...securityRecords(a2)])],
      ['Bootstrap-Write of /1', await put('/1', [...serverRecords(a1), ...serverRecords(a2)])],
      ['Bootstrap-Write of /2', await put('/2', DEVICE_ACL)],
      ['Bootstrap-Finish', await bs.finish()],
    ];
    const problems = checkCodes(written, '2.04');
    if (problems.length)
      throw new PreconditionFailure(
        'the two server accounts of C.14 provisioned (2.04 to each Bootstrap-Write and the Finish)',
        problems.join('; '),
      );
  }

  /** Waits for the DUT's Register at Test Server `n` (since the bootstrap began). */
  async nextRegister(n: ServerNumber): Promise<RdEvent> {
    const server = this.server(n);
    const event = await this.session.untilDutExits(
      server.events.waitFor((e) => e.kind === 'register' || e.kind === 'rejected', {
        after: 0,
        timeoutMs: this.session.bootstrap.requestTimeoutMs,
        what: `Register request at Test Server ${n}`,
      }),
      `a Register at Test Server ${n}`,
    );
    if (event.registration) this.registrations.set(n, event.registration);
    return event;
  }

  /** Both registrations, as a precondition (int-951: int-950 passed). */
  async ensureBothRegistered(): Promise<void> {
    for (const n of [1, 2] as const) {
      const event = await this.nextRegister(n).catch((e) => {
        throw new PreconditionFailure(`the client registered at Test Server ${n}`, describeWaitFailure(e, this.session.dut));
      });
      if (!event.registration)
        throw new PreconditionFailure(`an accepted Register at Test Server ${n}`, `it was refused: ${event.problem}`);
    }
  }

  private registration(n: ServerNumber): Registration {
    const reg = this.registrations.get(n);
    if (!reg) throw new Error(`step order: the client has not registered at Test Server ${n} in an earlier step`);
    return reg;
  }

  writeAttributes(n: ServerNumber, path: string, query: string): Promise<IncomingResponse> {
    return this.session.request(
      () => this.server(n).send(this.registration(n), { method: Method.PUT, path: `${path}?${query}` }),
      `the Write-Attributes on ${path}?${query} from Test Server ${n}`,
    );
  }

  discover(n: ServerNumber, path: string): Promise<IncomingResponse> {
    return this.session.request(() => this.server(n).discover(this.registration(n), path), `the Discover of ${path} from Test Server ${n}`);
  }

  async close(): Promise<void> {
    await this.second?.close();
  }
}

/**
 * The Access Control instance of C.14 for the Device object: object 3, instance 0, every right
 * (Read, Write, Execute, Delete, Create: 31) for SSID 1 and 2, owner SSID 1. (The ETS's C.14
 * points each ACL entry at /2/0, an erratum; here one instance covers /3/0.)
 */
const DEVICE_ACL: ResourceRecord[] = [
  { path: LwM2MPath.parse('/2/0/0'), type: 'integer', value: 3n },
  { path: LwM2MPath.parse('/2/0/1'), type: 'integer', value: 0n },
  { path: LwM2MPath.parse('/2/0/2/1'), type: 'integer', value: 31n },
  { path: LwM2MPath.parse('/2/0/2/2'), type: 'integer', value: 31n },
  { path: LwM2MPath.parse('/2/0/3'), type: 'integer', value: 1n },
];
