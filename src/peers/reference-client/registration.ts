/**
 * The reference client's side of the Registration interface: Register, periodic Update,
 * De-register, and what Disable and Reboot do to the registration. Faults are switched by
 * name from the registry (faults/registration.ts).
 */
import type { CoapEndpoint } from '../../coap/endpoint';
import { Method, OptionNumber } from '../../coap/message';
import { encodeMessage } from '../../coap/codec';
import type { PeerAddress } from '../../transport/types';
import type { FaultName } from './faults';

/** Short, so that a reference run recovers fast; real clients wait longer (often 60 s). */
const REGISTER_RETRY_MS = 1000;
/** How long a De-register on stop may wait for its answer: stopping must take a fraction of a second. */
const STOP_DEREGISTER_TIMEOUT_MS = 400;

export interface RegistrarContext {
  coap: () => CoapEndpoint;
  server: PeerAddress;
  endpoint: string;
  lwm2mVersion: string;
  faults: ReadonlySet<FaultName>;
  /** The lifetime (s) now in the Server object instance. */
  lifetime: () => number;
  /** The Disable Timeout (s) of the Server object instance. */
  disableTimeout: () => number;
  /** The binding letter of the channel in use: U (UDP) or T (TCP). */
  binding: () => string;
  /** The Register's object list, as link format. */
  objectLinks: () => string;
  /** A Register got no answer; returning true means the client takes another way (bootstrap on failure). */
  onRegisterFailed?: () => boolean;
  log: (line: string) => void;
}

export class Registrar {
  private location: string[] | undefined;
  private updateTimer?: NodeJS.Timeout;
  private reRegisterTimer?: NodeJS.Timeout;
  private stopped = false;
  private registrations = 0;
  /** The object list the server holds: sent with the last Register, or an Update it accepted. */
  private announcedLinks?: string;

  constructor(private readonly ctx: RegistrarContext) {}

  private has(fault: FaultName): boolean {
    return this.ctx.faults.has(fault);
  }

  get registered(): boolean {
    return this.location !== undefined;
  }

  async register(): Promise<void> {
    if (this.stopped) return;
    const coap = this.ctx.coap();
    const query = [`ep=${this.ctx.endpoint}`, `lt=${this.ctx.lifetime()}`];
    if (!this.has('no-lwm2m-param')) query.push(`lwm2m=${this.ctx.lwm2mVersion}`);
    query.push(`b=${this.ctx.binding()}`);
    const format = this.has('register-wrong-content-format') ? 0 : 40;
    const payload = Buffer.from(this.ctx.objectLinks());
    if (this.has('malformed-register-datagram')) {
      const bytes = encodeMessage({
        type: 'CON',
        code: Method.POST,
        messageId: coap.newMessageId(),
        token: coap.newToken(),
        options: [],
        payload,
      });
      // An option header announcing 12 value bytes, followed by only 2: runs past the end.
      await coap.sendBytes(this.ctx.server, Buffer.concat([bytes.subarray(0, 8), Buffer.from([0xbc, 0x72, 0x64])]));
      return;
    }
    try {
      const res = await coap.request(this.ctx.server, {
        method: Method.POST,
        path: `/rd?${query.join('&')}`,
        contentFormat: format,
        payload,
      });
      if (res.message.code !== '2.01') {
        this.ctx.log(`Register refused with ${res.message.code}; retrying later`);
        return this.retryRegister();
      }
      this.location = res.message.options.filter((o) => o.number === OptionNumber.LocationPath).map((o) => o.value.toString());
      this.announcedLinks = payload.toString();
      this.ctx.log(`registered at /${this.location.join('/')} with lifetime ${this.ctx.lifetime()} s`);
      if (this.has('ignore-register-response') && this.registrations++ === 0) return this.register();
      this.scheduleUpdate();
    } catch (e) {
      if (this.stopped) return;
      if (this.ctx.onRegisterFailed?.()) return;
      this.ctx.log(`Register failed: ${(e as Error).message}; retrying later`);
      this.retryRegister();
    }
  }

  private retryRegister(): void {
    clearTimeout(this.reRegisterTimer);
    if (this.stopped) return;
    // The pause before a new Register attempt (a client's Communication Retry Timer, /1/x/18).
    this.reRegisterTimer = setTimeout(() => void this.register(), REGISTER_RETRY_MS);
  }

  private scheduleUpdate(): void {
    clearTimeout(this.updateTimer);
    if (this.stopped) return; // an exchange that ends after stop() must not arm a new timer
    if (this.has('no-periodic-update')) return;
    // Half the lifetime leaves room for retransmissions before the registration expires.
    const params = this.has('periodic-update-with-params') ? [`lt=${this.ctx.lifetime()}`, `b=${this.ctx.binding()}`] : [];
    const due = () => (this.has('deregister-instead-of-update') ? this.deregister().catch(() => {}) : this.update(params));
    this.updateTimer = setTimeout(() => void due(), (this.ctx.lifetime() * 1000) / 2);
  }

  /**
   * Sends an Update now (with `params`, e.g. a changed lt). It carries the object list when the
   * objects or instances changed since the last Register or Update (TS Core §6.2.2: an Update
   * carries only what changed).
   */
  async update(params: string[] = []): Promise<void> {
    if (!this.location || this.stopped) return;
    const path = '/' + this.location.join('/') + (params.length ? `?${params.join('&')}` : '');
    const links = this.ctx.objectLinks();
    const list = links !== this.announcedLinks && !this.has('update-without-changed-objects');
    try {
      const res = await this.ctx
        .coap()
        .request(this.ctx.server, { method: Method.POST, path, ...(list ? { contentFormat: 40, payload: Buffer.from(links) } : {}) });
      if (list && res.message.code === '2.04') this.announcedLinks = links;
      if (res.message.code === '4.04') {
        this.location = undefined;
        clearTimeout(this.updateTimer);
        if (this.has('no-reregister-after-404')) return;
        this.ctx.log('Update answered 4.04: registering anew');
        return this.register();
      }
      this.scheduleUpdate();
    } catch (e) {
      if (!this.stopped) this.ctx.log(`Update failed: ${(e as Error).message}`);
      this.scheduleUpdate();
    }
  }

  /** The Update a Registration Update Trigger (/1/x/8) asks for. */
  async triggeredUpdate(): Promise<void> {
    if (this.has('ignore-update-trigger')) return;
    await this.update(this.has('update-trigger-with-params') ? [`lt=${this.ctx.lifetime()}`, `b=${this.ctx.binding()}`] : []);
    if (this.has('deregister-after-update-trigger')) await this.deregister().catch(() => {});
  }

  async deregister(timeoutMs = 3000): Promise<void> {
    if (!this.location) return;
    const path = '/' + this.location.join('/');
    this.location = undefined;
    clearTimeout(this.updateTimer);
    await this.ctx.coap().request(this.ctx.server, { method: Method.DELETE, path, timeoutMs });
  }

  /** Disable (/1/x/4): de-register, stay away for the Disable Timeout, then register again. */
  async disable(): Promise<void> {
    const timeout = this.ctx.disableTimeout();
    const old = this.location;
    if (this.has('no-deregister-on-disable')) {
      clearTimeout(this.updateTimer);
    } else {
      await this.deregister().catch((e: Error) => this.ctx.log(`De-register failed: ${e.message}`));
    }
    if (this.has('update-after-deregister') && old) {
      await this.ctx
        .coap()
        .request(this.ctx.server, { method: Method.POST, path: '/' + old.join('/') })
        .catch(() => {});
    }
    this.ctx.log(`disabled for ${timeout} s`);
    clearTimeout(this.reRegisterTimer);
    if (this.stopped) return;
    this.reRegisterTimer = setTimeout(() => void this.register(), timeout * 1000);
    this.reRegisterTimer.unref();
  }

  /** Reboot (/3/0/4): the registration is gone; a rebooted client registers again. */
  async reboot(): Promise<void> {
    clearTimeout(this.updateTimer);
    this.location = undefined;
    this.ctx.log('rebooting');
    if (!this.has('no-reregister-after-reboot')) await this.register();
  }

  /**
   * Stops at once whatever the client is doing: no timer survives (an Update answered after this
   * call must not schedule the next one), and the De-register, when asked and registered, waits at
   * most STOP_DEREGISTER_TIMEOUT_MS (a server that is gone must not hold the process past its stop deadline).
   */
  async stop(deregister: boolean): Promise<void> {
    this.stopped = true;
    clearTimeout(this.updateTimer);
    clearTimeout(this.reRegisterTimer);
    if (deregister && this.location) await this.deregister(STOP_DEREGISTER_TIMEOUT_MS).catch(() => {});
  }
}
