/**
 * The Registration interface judged from the server side (ETS int-101 … int-105, int-107 with the
 * server as DUT): the Test Client registers, updates and de-registers; the server's answers
 * must be those of LwM2M 1.1 §6.2 (2.01 with a Location-Path, 2.04, 2.02, 4.04 for a
 * registration it does not hold) and it must remove a registration whose lifetime passed.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import { codeName, locationPath } from '../../coap/message';
import { CriterionFailure, PreconditionFailure } from '../failures';
import type { ServerDutSession } from './session';

export class ServerRegistrationOperations {
  /** The path of the Test Client's registration before it ended (for "is it gone?" checks). */
  endedRegistration?: string;
  /** When the server accepted the Test Client's last Register. */
  registeredAt = 0;

  constructor(private readonly s: ServerDutSession) {}

  /** A Register with the Test Client's parameters and object list; `lifetime` changes its lt. */
  async register(lifetime?: number, queueMode?: boolean): Promise<IncomingResponse> {
    const changes = { ...(lifetime === undefined ? {} : { lifetime }), ...(queueMode ? { queueMode } : {}) };
    const res = await this.s.request(() => this.s.client.register(changes), 'the Register');
    this.registeredAt = res.receivedAt;
    return res;
  }

  /** Precondition: the Test Client is registered (a refused Register makes the case INCONC). */
  async ensureRegistered(lifetime?: number, queueMode?: boolean): Promise<void> {
    if (this.s.client.location && lifetime === undefined && !queueMode) return;
    let res: IncomingResponse;
    try {
      res = await this.register(lifetime, queueMode);
    } catch (e) {
      throw new PreconditionFailure('the server to accept the Test Client’s Register', (e as Error).message);
    }
    if (res.message.code !== '2.01' || locationPath(res.message).length === 0) {
      throw new PreconditionFailure('2.01 Created with a Location-Path to the Register', describe(res));
    }
  }

  update(changes: { lifetime?: number } = {}, path?: string): Promise<IncomingResponse> {
    return this.s.request(() => this.s.client.update(changes, path), 'the Update');
  }

  deregister(): Promise<IncomingResponse> {
    this.endedRegistration = this.s.client.registrationPath;
    return this.s.request(() => this.s.client.deregister(), 'the De-register');
  }

  /** Criterion: the Register was answered 2.01 Created with a Location-Path (LwM2M 1.1 §6.2.1, RFC 7252 §5.10.7). */
  checkCreated(criterion: string, res: IncomingResponse): void {
    if (res.message.code !== '2.01')
      throw new CriterionFailure(criterion, '2.01 Created to the Register', `it was answered ${describe(res)}`);
    const location = locationPath(res.message);
    if (location.length === 0)
      throw new CriterionFailure(
        criterion,
        'a Location-Path naming the registration in the 2.01',
        'the 2.01 Created carried no Location-Path',
      );
    // Each Location-Path option is one path segment (RFC 7252 §5.10.7): "rd/5" in one option is the single segment "rd%2F5".
    if (location.some((seg) => seg === '' || /[?#/]/.test(seg)))
      throw new CriterionFailure(
        criterion,
        'Location-Path segments that name a resource (one option per segment, RFC 7252 §5.10.7)',
        `it carried ${JSON.stringify(location)}`,
      );
  }

  checkCode(criterion: string, res: IncomingResponse, code: string, what: string): void {
    if (res.message.code !== code)
      throw new CriterionFailure(criterion, `${codeName(code)} to ${what}`, `it was answered ${describe(res)}`);
  }

  /**
   * Criterion: the server no longer holds the registration: an Update to its location must be
   * answered 4.04 Not Found (LwM2M 1.1 §6.2.2). The positive control is the registration's own
   * earlier 2.01/2.04, which showed the location was valid.
   */
  async checkRemoved(criterion: string, why: string): Promise<void> {
    const path = this.endedRegistration ?? this.s.client.registrationPath;
    const res = await this.update({}, path);
    if (res.message.code !== '4.04') {
      throw new CriterionFailure(
        criterion,
        `the registration removed (${why}): 4.04 Not Found to an Update of ${path}`,
        `it was answered ${describe(res)}`,
      );
    }
  }

  /** Lets the registration's lifetime run out without an Update: lifetime, plus the grace a server may take, plus the watch margin. */
  async outliveLifetime(lifetimeSeconds: number): Promise<void> {
    this.endedRegistration = this.s.client.registrationPath;
    await this.s.letTimePass(lifetimeSeconds * 1000 + this.s.timers.lifetimeGraceMs + this.s.timers.expiryWatchMarginMs);
  }

  /** The lifetime the server wrote into the Test Client's Server object (/1/0/1), as the Update will announce it. */
  /** The Lifetime the Test Client holds in /1/0/1 once the server wrote it: what the client announces in an Update (int-226, 227). */
  heldLifetime(): number {
    const lt = this.s.client.store.get(1, 0, 1);
    if (typeof lt !== 'bigint' || lt <= 0n)
      throw new PreconditionFailure('a Lifetime written to /1/0/1 by the server', `/1/0/1 holds ${String(lt)}`);
    return Number(lt);
  }

  writtenLifetime(oldLifetime: number): number {
    const lt = this.s.client.store.get(1, 0, 1);
    if (typeof lt !== 'bigint' || Number(lt) <= oldLifetime)
      throw new PreconditionFailure(
        `a Lifetime longer than ${oldLifetime} s written to /1/0/1 by the server`,
        `/1/0/1 holds ${String(lt)}`,
      );
    return Number(lt);
  }

  /**
   * Criterion (int-107): an Update announced a longer lifetime; once the old one has passed since
   * that Update (with grace and margin), the server must still hold the registration: an Update
   * is answered 2.04 Changed, not 4.04 (LwM2M 1.1 §6.2.2: the lifetime an Update gives replaces
   * the old one).
   */
  async checkKeptPastOldLifetime(criterion: string, oldLifetime: number, newLifetime: number, updatedAt: number): Promise<void> {
    const end = updatedAt + oldLifetime * 1000 + this.s.timers.lifetimeGraceMs + this.s.timers.expiryWatchMarginMs;
    if (end >= updatedAt + newLifetime * 1000)
      throw new Error(
        `timers: the lifetime written (${newLifetime} s) must outlast shortLifetime ${oldLifetime} s with lifetimeGraceMs and expiryWatchMarginMs`,
      );
    await this.s.letTimePass(Math.max(0, end - Date.now()));
    const res = await this.update();
    if (res.message.code !== '2.04')
      throw new CriterionFailure(
        criterion,
        `the registration still held after its old lifetime of ${oldLifetime} s (the Update announced lt=${newLifetime}): 2.04 Changed to an Update`,
        `it was answered ${describe(res)}`,
      );
  }

  /**
   * Waits until a registration made `lifetimeSeconds` ago and renewed halfway would be gone at a
   * server that did not renew it, yet still alive at one that did: past the first lifetime (with
   * grace and margin), before the renewed one ends.
   */
  /**
   * Waits until half the lifetime has passed since the Register (int-104), however long the steps
   * in between took; when they took the whole lifetime, an Update can no longer be on time.
   */
  async halfwayThroughLifetime(lifetimeSeconds: number): Promise<void> {
    const spent = Date.now() - this.registeredAt;
    if (spent >= lifetimeSeconds * 1000)
      throw new PreconditionFailure(
        `an Update within the ${lifetimeSeconds} s lifetime`,
        `the steps since the Register took ${spent} ms (a loaded machine: raise timers.shortLifetime)`,
      );
    await this.s.letTimePass(Math.max(0, (lifetimeSeconds * 1000) / 2 - spent));
  }

  async pastFirstLifetime(lifetimeSeconds: number, registeredAt: number): Promise<void> {
    const first = lifetimeSeconds * 1000 + this.s.timers.lifetimeGraceMs + this.s.timers.expiryWatchMarginMs;
    const renewedEnd = lifetimeSeconds * 1500;
    if (first >= renewedEnd) {
      throw new Error(
        `timers: shortLifetime ${lifetimeSeconds} s is too short for lifetimeGraceMs + expiryWatchMarginMs (${first - lifetimeSeconds * 1000} ms): the check would fall after the renewed lifetime`,
      );
    }
    await this.s.letTimePass(Math.max(0, registeredAt + first - Date.now()));
  }
}

function describe(res: IncomingResponse): string {
  const location = locationPath(res.message);
  return `${codeName(res.message.code)}${location.length ? ` with Location-Path /${location.join('/')}` : ''}`;
}
