/**
 * The Bootstrap interface from the Bootstrap Server's side (a `role: bootstrap-server` DUT): the
 * Test Client's bootstrap part sends the Bootstrap-Request with the endpoint name the profile
 * binds to the case's bootstrap script, and the server, configured for that endpoint, runs the
 * script on its own. Each procedure step takes the next requests the server sent (waiting with
 * deadlines); the criteria judge them with the pure rules of checks/bootstrap-server.ts.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import type { PeerAddress } from '../../transport/types';
import { DeadlineError } from '../../util/event-log';
import { ContentFormat } from '../../lwm2m/content';
import { lwm2mPayloadView } from '../../peers/payload-view';
import {
  BOOTSTRAP_ACCOUNT_INSTANCE,
  TestBootstrapClient,
  type BootstrapOperation,
  type BootstrapServerRequest,
} from '../../peers/test-client/bootstrap-client';
import type { BootstrapScript } from '../../peers/reference-server/bootstrap-server';
import { requireCode, requireCriterion } from '../criteria';
import { PreconditionFailure } from '../failures';
import type { DutProfile } from '../dut-profile';
import type { Trace } from '../../trace/trace';
import type { ObjectRegistry } from '../../lwm2m/model';
import {
  checkBootstrapAccountKept,
  checkBootstrapAccountNotDeleted,
  checkBootstrapDelete,
  checkBootstrapDiscover,
  checkBootstrapFinish,
  checkBootstrapReadRequest,
  checkBootstrapWrite,
  checkDeletesCover,
  checkProvisionedConfiguration,
  describeRequest,
  type ProvisionedConfiguration,
} from '../checks/bootstrap-server';

interface Taken {
  requests: BootstrapServerRequest[];
  shortfall?: string;
}

/** What the session offers this module. */
export interface BootstrapSessionParts {
  readonly profile: DutProfile;
  readonly trace: Trace;
  readonly registry: ObjectRegistry;
  readonly timers: DutProfile['timers'];
  request(send: () => Promise<IncomingResponse>, what: string): Promise<IncomingResponse>;
  untilDutExits<T>(wait: Promise<T>, what: string): Promise<T>;
}

/** The data formats the Test Client takes, from the DUT's ICS (first: its pct); TLV alone when none is declared. */
const FORMAT_FEATURES: [string, number][] = [
  ['format-senml-cbor', ContentFormat.SENML_CBOR],
  ['format-tlv', ContentFormat.TLV],
  ['format-senml-json', ContentFormat.SENML_JSON],
  ['format-lwm2m-cbor', ContentFormat.LWM2M_CBOR],
];

/** The operations a procedure step takes one after the other until another kind comes. */
const PHASES: Record<'writes' | 'deletes', BootstrapOperation[]> = { writes: ['write', 'unsupported'], deletes: ['delete'] };

export class BootstrapServerOperations {
  private testClient?: TestBootstrapClient;
  /** The requests judged so far end here. */
  private cursor = 0;
  response?: IncomingResponse;
  /** The last run of one kind (writes, deletes) a step took, and why it is empty when it is. */
  phase: Taken = { requests: [] };
  /** The last single requests a step took, and why there are fewer than it waited for. */
  next: Taken = { requests: [] };
  /** What the Deletes left (int-4 D), and the configuration after the first writes. */
  afterDeletes?: ProvisionedConfiguration;

  constructor(private readonly session: BootstrapSessionParts) {}

  get client(): TestBootstrapClient {
    if (!this.testClient) throw new Error('step order: the bootstrap server under test is not running yet (no Test Client)');
    return this.testClient;
  }

  get formats(): number[] {
    const declared = FORMAT_FEATURES.filter(([f]) => this.session.profile.ics.includes(f)).map(([, n]) => n);
    return declared.length ? declared : [ContentFormat.TLV];
  }

  /** Starts the Test Client's bootstrap part towards the server under test. */
  async open(server: PeerAddress): Promise<void> {
    const t = this.session.timers;
    this.testClient = new TestBootstrapClient({
      server,
      lwm2mVersion: this.session.profile.lwm2mVersion,
      formats: this.formats,
      trace: this.session.trace,
      ackTimeoutMs: t.coapAckTimeoutMs,
      responseTimeoutMs: t.responseTimeoutMs,
      describePayload: lwm2mPayloadView(this.session.registry),
      registry: this.session.registry,
    });
    await this.testClient.start();
    const local = this.testClient.endpoint.local;
    this.session.trace.note(
      'harness',
      `Test Client (bootstrap) on ${local.host}:${local.port}, starting from C.13 (Bootstrap-Server account /0/${BOOTSTRAP_ACCOUNT_INSTANCE}), formats ${this.formats.join(', ')}`,
    );
  }

  async close(): Promise<void> {
    await this.testClient?.close();
  }

  /** The endpoint name the server under test is configured to run this script for. */
  endpointFor(script: BootstrapScript): string {
    const ep = this.session.profile.serverDut?.bootstrapScripts[script];
    if (!ep)
      throw new PreconditionFailure(`an endpoint configured for the "${script}" bootstrap script`, `bootstrapScripts.${script} is not set`);
    return ep;
  }

  /** Step: the Bootstrap-Request for the script's endpoint. */
  async requestBootstrap(script: BootstrapScript): Promise<void> {
    const ep = this.endpointFor(script);
    this.cursor = this.client.requests.cursor();
    this.response = await this.session.request(() => this.client.requestBootstrap(ep), `the Bootstrap-Request (ep "${ep}")`);
  }

  /** Step: the requests of one kind the server sends in a row (its writes, its deletes). */
  async takePhase(phase: keyof typeof PHASES, what: string): Promise<void> {
    const kinds = PHASES[phase];
    const log = this.client.requests;
    try {
      await this.session.untilDutExits(
        log.waitFor((r) => !kinds.includes(r.operation), { after: this.cursor, timeoutMs: this.session.timers.responseTimeoutMs, what }),
        what,
      );
    } catch (e) {
      if (!(e instanceof DeadlineError)) throw e;
    }
    const since = log.since(this.cursor);
    const end = since.findIndex((r) => !kinds.includes(r.operation));
    const requests = end < 0 ? since : since.slice(0, end);
    this.cursor += requests.length;
    this.phase = {
      requests,
      shortfall: requests.length ? undefined : `no ${what} within ${this.session.timers.responseTimeoutMs} ms${this.nextNote()}`,
    };
  }

  /**
   * Step: the next `count` requests, whatever they are (the criteria say what each must be),
   * passing over those of the `skip` kinds (a Bootstrap-Discover may come at any point of a
   * bootstrap, e.g. to learn the client's version before a Bootstrap-Read).
   */
  async takeNext(count: number, what: string, skip: BootstrapOperation[] = []): Promise<void> {
    const log = this.client.requests;
    const taken: BootstrapServerRequest[] = [];
    this.next = { requests: taken };
    try {
      while (taken.length < count) {
        const r = await this.session.untilDutExits(
          log.waitFor(() => true, { after: this.cursor, timeoutMs: this.session.timers.responseTimeoutMs, what }),
          what,
        );
        this.cursor = log.all().indexOf(r, this.cursor) + 1;
        if (skip.includes(r.operation)) continue;
        taken.push(r);
        if (r.operation === 'finish') break; // nothing follows a Finish
      }
    } catch (e) {
      if (!(e instanceof DeadlineError)) throw e;
    }
    if (taken.length < count)
      this.next.shortfall = `no ${taken.length ? 'further request' : 'request'} within ${this.session.timers.responseTimeoutMs} ms${this.nextNote()}`;
  }

  /** What the server sent before, for a diagnosis. */
  private nextNote(): string {
    const all = this.client.requests.all();
    return all.length ? `; the server sent ${all.map(describeRequest).join(', ')}` : '; the server sent nothing';
  }

  // ---- criteria -----------------------------------------------------------------------------

  checkRequestAnswered(letter: string): void {
    if (!this.response) throw new Error('step order: no Bootstrap-Request was sent');
    requireCode(letter, '2.04', this.response.message.code, 'the Bootstrap-Request');
  }

  checkWrites(letter: string): void {
    const problems = this.phase.requests.flatMap((r) => checkBootstrapWrite(r, this.formats, this.session.registry));
    if (this.phase.shortfall) problems.push(this.phase.shortfall);
    requireCriterion(letter, 'Bootstrap-Writes (PUT) that decode, in a format the Test Client takes (TS 1.1 §5.2.7.4)', problems);
  }

  /** The writes so far leave a usable server account and the Bootstrap-Server account. */
  checkConfiguration(letter: string): void {
    requireCriterion(
      letter,
      'a Security instance for an LwM2M server whose Short Server ID matches a Server instance, and the Bootstrap-Server account kept (TS 1.1 §6.1)',
      checkProvisionedConfiguration(this.configuration(), BOOTSTRAP_ACCOUNT_INSTANCE),
    );
  }

  /** The `index`-th request of the last step is a Bootstrap-Discover. */
  checkDiscover(letter: string, index: number, what = 'a Bootstrap-Discover (GET with Accept 40, link-format)'): void {
    requireCriterion(letter, what, checkBootstrapDiscover(this.next.requests[index], this.next.shortfall));
  }

  checkRead(letter: string, index: number, objectId: 1 | 2): void {
    requireCriterion(
      letter,
      `a Bootstrap-Read of /${objectId} (GET, no Observe, TS 1.1 §5.2.7.5)`,
      checkBootstrapReadRequest(this.next.requests[index], objectId, this.formats, this.next.shortfall),
    );
  }

  checkDeletes(letter: string): void {
    const problems = this.phase.requests.flatMap(checkBootstrapDelete);
    if (this.phase.shortfall) problems.push(this.phase.shortfall);
    else problems.push(...checkDeletesCover(this.phase.requests, [0, 1]));
    requireCriterion(letter, 'a Bootstrap-Delete of /0 and of /1 (DELETE of "/", an object or an instance, TS 1.1 §5.2.7.6)', problems);
    this.afterDeletes = this.configuration();
  }

  checkBootstrapAccountKept(letter: string): void {
    const seen = this.client.requests.since(0).slice(0, this.cursor);
    requireCriterion(letter, "the client's Bootstrap-Server account left in place (TS 1.1 §5.2.7.6)", [
      ...checkBootstrapAccountNotDeleted(seen, BOOTSTRAP_ACCOUNT_INSTANCE),
      ...checkBootstrapAccountKept(this.afterDeletes ?? this.configuration(), BOOTSTRAP_ACCOUNT_INSTANCE),
    ]);
  }

  /** The last request of the step is Bootstrap-Finish. */
  checkFinish(letter: string): void {
    requireCriterion(
      letter,
      'a Bootstrap-Finish (POST /bs, TS 1.1 §5.2.7.7)',
      checkBootstrapFinish(this.next.requests.at(-1), this.next.shortfall),
    );
  }

  /** The Security and Server objects of the Test Client now. */
  private configuration(): ProvisionedConfiguration {
    const store = this.client.store;
    const num = (v: unknown) => (typeof v === 'bigint' ? Number(v) : undefined);
    return {
      security: store.instanceIds(0).map((i) => {
        const uri = store.get(0, i, 0);
        const bootstrap = store.get(0, i, 1);
        return {
          instance: i,
          uri: typeof uri === 'string' ? uri : undefined,
          bootstrap: typeof bootstrap === 'boolean' ? bootstrap : undefined,
          shortServerId: num(store.get(0, i, 10)),
        };
      }),
      servers: store.instanceIds(1).map((i) => ({ instance: i, shortServerId: num(store.get(1, i, 0)) })),
    };
  }
}
