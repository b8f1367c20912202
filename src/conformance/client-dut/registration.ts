/**
 * Registration-interface operations of a client-DUT session (ETS int-1xx): waiting for
 * Register / Update / De-register with deadlines, the Test Server's instance in /1, Lifetime
 * writes and Server-object executes. The judging rules are in checks/registration.ts.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import { contentFormat, Method } from '../../coap/message';
import type { RdEvent, RdEventKind, Registration } from '../../peers/test-server';
import { encodeContent, decodeContent } from '../../lwm2m/content';
import { LwM2MPath } from '../../lwm2m/path';
import { DecodeError } from '../../lwm2m/errors';
import { PreconditionFailure } from '../failures';
import { describeWaitFailure, type ClientDutSession } from './session';

const TEXT = 0;

export class RegistrationOperations {
  private serverInstanceId?: number;

  constructor(private readonly session: ClientDutSession) {}

  private get server() {
    return this.session.server;
  }

  private get timers() {
    return this.session.timers;
  }

  /** The client's registration at the Test Server now (the Test Server's store decides). */
  get current(): Registration | undefined {
    return this.server.registrationOf(this.session.endpointName);
  }

  /** The position after the last registration event: waits from here see only later events. */
  cursor(): number {
    return this.server.events.cursor();
  }

  /** Until when a registration of this lifetime stays alive at the Test Server, plus the watch margin. */
  expiryDeadlineMs(lifetimeSeconds: number): number {
    return lifetimeSeconds * 1000 + this.timers.lifetimeGraceMs + this.timers.expiryWatchMarginMs;
  }

  /**
   * How soon a message "caused by" a trigger must come: the prompt timer, but never more than a
   * quarter of the lifetime, so that a periodic Update is not taken for it.
   */
  promptMs(lifetimeSeconds: number): number {
    return Math.min(this.timers.promptMs, (lifetimeSeconds * 1000) / 4);
  }

  /** Waits for the next Register (accepted or not) from the DUT. */
  nextRegister(
    after: number,
    timeoutMs = after === 0 ? this.session.firstRegisterTimeoutMs : this.timers.registrationTimeoutMs,
  ): Promise<RdEvent> {
    return this.session.untilDutExits(
      this.server.events.waitFor((e) => e.kind === 'register' || (e.kind === 'rejected' && isRegister(e)), {
        after,
        timeoutMs,
        what: 'Register request',
      }),
      'a Register request',
    );
  }

  /** Waits for the `nth` (1-based) registration event of one of `kinds` after `after`. */
  nextEvent(kinds: RdEventKind[], after: number, timeoutMs: number, what: string, nth = 1): Promise<RdEvent> {
    let seen = 0;
    const match = (e: RdEvent) => kinds.includes(e.kind) && ++seen === nth;
    return this.session.untilDutExits(this.server.events.waitFor(match, { after, timeoutMs, what }), what);
  }

  /** Ensures the client is registered (a precondition): the Register must have been accepted. */
  async ensureRegistered(): Promise<Registration> {
    const now = this.current;
    if (now) return now;
    let event: RdEvent;
    try {
      event = await this.nextRegister(0);
    } catch (e) {
      throw new PreconditionFailure(
        'the client to register at the Test Server',
        describeWaitFailure(e, this.session.dut) + this.session.unusableSince(),
      );
    }
    if (event.kind !== 'register' || !event.registration) {
      throw new PreconditionFailure('an accepted Register', `the Test Server refused it: ${event.problem}`);
    }
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
    const ssid = this.session.profile.declared.serverShortId;
    if (ssid === undefined) {
      throw new PreconditionFailure(
        'one Server instance, or declared.serverShortId in the DUT profile',
        `the client lists Server instances ${listed.join(', ') || '(none)'}`,
      );
    }
    const res = await this.session.request(() => this.server.read(reg, '/1'), 'a Read of /1');
    try {
      const records = decodeContent(contentFormat(res.message) ?? TEXT, LwM2MPath.parse('/1'), res.message.payload, this.session.registry);
      const match = records.find((r) => r.path.resourceId === 0 && typeof r.value === 'bigint' && r.value === BigInt(ssid));
      if (match) return (this.serverInstanceId = match.path.instanceId!);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      throw new PreconditionFailure('a readable /1', `its content could not be decoded: ${e.message}`);
    }
    throw new PreconditionFailure(`a Server instance with Short Server ID ${ssid}`, 'none was found in /1');
  }

  async serverResourcePath(resourceId: number): Promise<string> {
    return `/1/${await this.serverInstance()}/${resourceId}`;
  }

  /** Writes a Lifetime (PUT, text/plain as the ETS procedure does). */
  async writeLifetime(seconds: number): Promise<IncomingResponse> {
    const reg = await this.ensureRegistered();
    const path = await this.serverResourcePath(1);
    const payload = encodeContent(TEXT, LwM2MPath.parse(path), [{ path: LwM2MPath.parse(path), type: 'integer', value: BigInt(seconds) }]);
    return this.session.request(() => this.server.write(reg, path, payload, TEXT), `the Write of ${path}`);
  }

  /** Executes a resource of the Test Server's Server instance (4 Disable, 8 Registration Update Trigger). */
  async executeServerResource(resourceId: number): Promise<IncomingResponse> {
    const reg = await this.ensureRegistered();
    const path = await this.serverResourcePath(resourceId);
    return this.session.request(() => this.server.execute(reg, path), `the Execute of ${path}`);
  }

  /**
   * Sets the registration lifetime as a precondition: a Write of the Lifetime resource answered
   * 2.04 and the Update that announces it. Anything else is INCONC.
   */
  async establishLifetime(seconds: number): Promise<void> {
    const reg = await this.ensureRegistered();
    if (reg.lifetime === seconds) return;
    const after = this.cursor();
    const res = await this.writeLifetime(seconds);
    if (res.message.code !== '2.04')
      throw new PreconditionFailure(`2.04 to the Write of lifetime ${seconds}`, `it was answered ${res.message.code}`);
    try {
      await this.nextEvent(['update'], after, this.timers.responseTimeoutMs, 'Update with the new lifetime');
    } catch (e) {
      throw new PreconditionFailure(`an Update after the lifetime was set to ${seconds} s`, describeWaitFailure(e, this.session.dut));
    }
  }

  /** The Updates (taken or refused by the Test Server) from the cursor `from` up to and including `last`. */
  updatesBetween(from: number, last: RdEvent): RdEvent[] {
    const all = this.server.events.all();
    return all.slice(from, all.indexOf(last) + 1).filter(isUpdate);
  }

  /** Forgets the registration silently, as a server that lost its state would (int-105). */
  discard(): Registration {
    const reg = this.current;
    if (!reg) throw new PreconditionFailure('a registration to discard', 'the client is not registered');
    this.server.discard(reg);
    return reg;
  }
}

/** An Update, taken or refused (a refused POST that is not a Register). */
export function isUpdate(e: RdEvent): boolean {
  return e.kind === 'update' || (e.kind === 'rejected' && e.request?.message.code === Method.POST && !isRegister(e));
}

function isRegister(e: RdEvent): boolean {
  return e.request?.path === '/rd' || e.request?.path === '/rd/';
}
