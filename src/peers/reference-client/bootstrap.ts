/**
 * The reference client's side of the Bootstrap interface (LwM2M TS 1.1 §5.2, §6.1): the
 * Bootstrap-Request after the Client Hold Off Time, Bootstrap-Pack-Request first when asked
 * (1.2), and the Bootstrap-Server's Write / Read / Discover / Delete / Finish on the object
 * store. Finish checks the configuration is consistent (a usable server account) and then hands
 * the account to the client, which registers. Faults come from faults/bootstrap.ts.
 */
import { type CoapEndpoint, type IncomingRequest, type HandlerResult } from '../../coap/endpoint';
import { Method, accept as acceptOf, contentFormat } from '../../coap/message';
import type { PeerAddress } from '../../transport/types';
import { LwM2MPath } from '../../lwm2m/path';
import { formatLinks, link, type Link } from '../../lwm2m/link-format';
import { decodeContent, encodeContent, type ResourceRecord } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import { type ObjectStore, StoreError } from './store';
import type { FaultName } from './faults';

/** The pause before asking the Bootstrap-Server again after a failed request. */
const RETRY_MS = 1000;
const SENML_CBOR = 112;
const TLV = 11542;

/** A server account the Bootstrap-Server provisioned: a Security and a Server instance with the same SSID. */
export interface ServerAccountRef {
  securityInstance: number;
  serverInstance: number;
  shortServerId: number;
  uri: string;
}

export interface BootstrapContext {
  store: ObjectStore;
  /** The channel to the Bootstrap-Server (made at start). */
  coap: () => CoapEndpoint;
  bootstrapServer: PeerAddress;
  endpoint: string;
  lwm2mVersion: string;
  faults: ReadonlySet<FaultName>;
  /** Try a Bootstrap-Pack-Request before the classic Bootstrap-Request (LwM2M 1.2). */
  tryPack: boolean;
  /** Bootstrap-Finish accepted: register with this account. */
  onFinished: (account: ServerAccountRef) => void;
  log: (line: string) => void;
}

export class Bootstrapper {
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  /** Why the bootstrap running now began: faults break only some kinds. */
  private cause: 'factory' | 'fallback' | 'trigger' = 'factory';

  constructor(private readonly ctx: BootstrapContext) {}

  private has(fault: FaultName): boolean {
    return this.ctx.faults.has(fault);
  }

  private get store() {
    return this.ctx.store;
  }

  /** The Security instance of the Bootstrap-Server account (Bootstrap-Server resource true). */
  bootstrapAccount(): number | undefined {
    return this.store.instanceIds(0).find((i) => this.store.get(0, i, 1) === true);
  }

  /** Client Hold Off Time (/0/x/11 of the Bootstrap-Server account), in seconds. */
  private holdOffSeconds(): number {
    const bs = this.bootstrapAccount();
    return Number(bs === undefined ? 0n : (this.store.get(0, bs, 11) ?? 0n));
  }

  /** Client-initiated bootstrap, after the hold-off (factory start, fallback, trigger). */
  begin(reason: string, holdOff = true, cause: Bootstrapper['cause'] = 'factory'): void {
    if (this.stopped) return;
    this.cause = cause;
    if (this.bootstrapAccount() === undefined) {
      this.ctx.log(`cannot bootstrap (${reason}): no Bootstrap-Server account`);
      return;
    }
    const delay = holdOff ? this.holdOffSeconds() * 1000 : 0;
    this.ctx.log(`bootstrapping (${reason}) in ${delay} ms`);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.request(), delay);
  }

  private async request(): Promise<void> {
    if (this.stopped) return;
    const coap = this.ctx.coap();
    const ep = this.has('bootstrap-wrong-endpoint') ? `${this.ctx.endpoint}-other` : this.ctx.endpoint;
    try {
      if (this.ctx.tryPack && (await this.requestPack(ep))) return;
      const query = [`ep=${ep}`];
      if (this.ctx.lwm2mVersion !== '1.0') query.push(`pct=${SENML_CBOR}`);
      const res = await coap.request(this.ctx.bootstrapServer, { method: Method.POST, path: `/bs?${query.join('&')}` });
      if (res.message.code === '2.04') return;
      this.ctx.log(`Bootstrap-Request answered ${res.message.code}; retrying later`);
    } catch (e) {
      if (this.stopped) return;
      this.ctx.log(`Bootstrap-Request failed: ${(e as Error).message}; retrying later`);
    }
    this.retryTimer = setTimeout(() => void this.request(), RETRY_MS);
  }

  /** Bootstrap-Pack-Request: true when a pack was received and applied. */
  private async requestPack(ep: string): Promise<boolean> {
    const res = await this.ctx.coap().request(this.ctx.bootstrapServer, {
      method: Method.GET,
      path: `/bspack?ep=${ep}`,
      accept: this.has('pack-request-accepts-tlv') ? TLV : SENML_CBOR,
    });
    if (res.message.code !== '2.05') {
      this.ctx.log(`Bootstrap-Pack-Request answered ${res.message.code}: falling back to Bootstrap-Request`);
      return false;
    }
    const records = decodeContent(contentFormat(res.message) ?? SENML_CBOR, LwM2MPath.parse('/'), res.message.payload, this.store.registry);
    this.writeRecords(LwM2MPath.parse('/'), records);
    const problem = this.finish();
    if (problem) this.ctx.log(`the Bootstrap-Pack is not usable: ${problem}; falling back to Bootstrap-Request`);
    return !problem;
  }

  /** Server-initiated bootstrap: the Bootstrap-Request Trigger (/1/x/9) was executed. */
  triggered(): HandlerResult | undefined {
    if (this.has('reject-bootstrap-trigger')) return { code: '4.05' };
    if (this.bootstrapAccount() === undefined) return { code: '4.05' };
    if (!this.has('ignore-bootstrap-trigger')) setImmediate(() => this.begin('Bootstrap-Request Trigger', false, 'trigger'));
    return undefined;
  }

  /** A request from the Bootstrap-Server. */
  handle(req: IncomingRequest): HandlerResult {
    if (req.path === '/bs' && req.message.code === Method.POST) return this.finishRequest();
    let path: LwM2MPath;
    try {
      path = LwM2MPath.parse(req.path || '/');
    } catch {
      return { code: '4.04' };
    }
    try {
      switch (req.message.code) {
        case Method.PUT:
          return this.write(path, req);
        case Method.GET:
          return acceptOf(req.message) === 40 ? this.discover(path) : this.read(path, req);
        case Method.DELETE:
          return this.delete(path);
        default:
          return { code: '4.05' };
      }
    } catch (e) {
      if (e instanceof StoreError) return { code: e.code, payload: Buffer.from(e.message) };
      if (e instanceof DecodeError) return { code: '4.00', payload: Buffer.from(e.message) };
      throw e;
    }
  }

  private write(path: LwM2MPath, req: IncomingRequest): HandlerResult {
    if (path.depth === 0) return { code: '4.05' };
    if (this.has('reject-bootstrap-write') && path.objectId === 1) return { code: '4.05' };
    const format = contentFormat(req.message);
    if (format === undefined) return { code: '4.15' };
    this.writeRecords(path, decodeContent(format, path, req.message.payload, this.store.registry));
    return { code: '2.04' };
  }

  /** Applies records instance by instance, creating instances as a Bootstrap-Write may. */
  private writeRecords(target: LwM2MPath, records: ResourceRecord[]): void {
    const byInstance = new Map<string, ResourceRecord[]>();
    for (const r of records) {
      const key = `/${r.path.objectId}/${r.path.instanceId}`;
      byInstance.set(key, [...(byInstance.get(key) ?? []), r]);
    }
    if (target.depth >= 3) {
      this.store.write(target, records, 'replace', { bootstrap: true });
      return;
    }
    for (const [inst, recs] of byInstance) this.store.write(LwM2MPath.parse(inst), recs, 'partial', { bootstrap: true });
  }

  /** Bootstrap-Read: only the Server and Access Control objects (TS 1.1 §5.2.7.5). */
  private read(path: LwM2MPath, req: IncomingRequest): HandlerResult {
    if (path.objectId !== 1 && path.objectId !== 2) return { code: '4.00', payload: Buffer.from('Bootstrap-Read is for /1 and /2 only') };
    if (this.has('reject-bootstrap-read')) return { code: '4.05' };
    const records = this.store.has(path) ? this.store.read(path) : path.depth === 1 ? [] : this.store.read(path);
    const format = acceptOf(req.message) ?? SENML_CBOR;
    return { code: '2.05', contentFormat: format, payload: encodeContent(format, path, records, this.store.registry) };
  }

  /** Bootstrap-Discover of "/" or "/N": instances, with ssid (and uri, 1.1) on server accounts. */
  private discover(path: LwM2MPath): HandlerResult {
    if (path.depth > 1) return { code: '4.00', payload: Buffer.from('Bootstrap-Discover targets "/" or an object') };
    const links: Link[] = [link('/', { lwm2m: this.ctx.lwm2mVersion === '1.0' ? '1.0' : this.ctx.lwm2mVersion })];
    const objects = path.depth === 0 ? [...new Set([...this.store.objectIds(), 0, 1, 3])].sort((a, b) => a - b) : [path.objectId!];
    for (const oid of objects) {
      const instances = this.store.instanceIds(oid);
      if (instances.length === 0 || this.has('discover-missing-instances')) {
        links.push(link(`/${oid}`));
        continue;
      }
      for (const iid of instances) links.push(link(`/${oid}/${iid}`, this.accountAttributes(oid, iid)));
    }
    return { code: '2.05', contentFormat: 40, payload: Buffer.from(formatLinks(links)) };
  }

  private accountAttributes(oid: number, iid: number): Record<string, string | number> {
    if (oid === 1) return { ssid: Number(this.store.get(1, iid, 0) ?? 0n) };
    if (oid !== 0 || this.store.get(0, iid, 1) === true) return {};
    const attrs: Record<string, string | number> = { ssid: Number(this.store.get(0, iid, 10) ?? 0n) };
    if (this.ctx.lwm2mVersion !== '1.0') attrs.uri = String(this.store.get(0, iid, 0) ?? '');
    return attrs;
  }

  /** Bootstrap-Delete: "/" and /0 keep the Bootstrap-Server account; "/" keeps the Device object. */
  private delete(path: LwM2MPath): HandlerResult {
    if (path.depth > 2) return { code: '4.00', payload: Buffer.from('Bootstrap-Delete targets "/", an object or an instance') };
    if (this.has('reject-bootstrap-delete')) return { code: '4.05' };
    if (this.has('ignore-bootstrap-delete')) return { code: '2.02' };
    const bs = this.bootstrapAccount();
    const keep = (oid: number, iid: number) =>
      (oid === 0 && iid === bs && !this.has('delete-bootstrap-account')) || (path.depth === 0 && oid === 3);
    if (path.depth === 2 && path.objectId === 0 && path.instanceId === bs && !this.has('delete-bootstrap-account'))
      return { code: '4.00', payload: Buffer.from('the Bootstrap-Server account cannot be deleted') };
    const objects = path.depth === 0 ? this.store.objectIds() : [path.objectId!];
    for (const oid of objects) {
      const instances = path.depth === 2 ? [path.instanceId!] : this.store.instanceIds(oid);
      for (const iid of instances) if (!keep(oid, iid)) this.store.deleteInstance(oid, iid);
    }
    return { code: '2.02' };
  }

  private finishRequest(): HandlerResult {
    if (this.has('reject-bootstrap-finish')) return { code: '5.00', payload: Buffer.from('refused') };
    if (this.has('reject-finish-after-trigger') && this.cause === 'trigger')
      return { code: '4.06', payload: Buffer.from('nothing provisioned') };
    const problem = this.finish();
    return problem ? { code: '4.06', payload: Buffer.from(problem) } : { code: '2.04' };
  }

  /** The consistency check of Bootstrap-Finish; on success hands over the account. Returns a problem or undefined. */
  private finish(): string | undefined {
    const account = this.usableAccount();
    if (!account && !this.has('accept-inconsistent-finish'))
      return 'no LwM2M Server account with a Security and a Server instance of the same Short Server ID';
    this.ctx.log(account ? `bootstrap finished: server account ${account.uri} (SSID ${account.shortServerId})` : 'bootstrap finished');
    const silent = this.has('no-registration-after-finish') || (this.cause === 'fallback' && this.has('no-registration-after-fallback'));
    if (account && !silent) setImmediate(() => this.ctx.onFinished(account));
    return undefined;
  }

  /** The first server account whose Security and Server instances agree and whose URI is usable. */
  usableAccount(): ServerAccountRef | undefined {
    return this.usableAccounts()[0];
  }

  /** Every such account, in Security instance order (the client registers with each: TS §6.1). */
  usableAccounts(): ServerAccountRef[] {
    const accounts: ServerAccountRef[] = [];
    for (const sec of this.store.instanceIds(0)) {
      if (this.store.get(0, sec, 1) !== false) continue;
      const ssid = this.store.get(0, sec, 10);
      const uri = this.store.get(0, sec, 0);
      const server = this.store.instanceIds(1).find((i) => this.store.get(1, i, 0) === ssid);
      if (typeof ssid === 'bigint' && typeof uri === 'string' && server !== undefined && parseUri(uri))
        accounts.push({ securityInstance: sec, serverInstance: server, shortServerId: Number(ssid), uri });
    }
    return accounts;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }
}

/** coap[s][+tcp]://host[:port] → the address, whether the channel is secure, and whether it is TCP (RFC 8323). */
export function parseUri(uri: string): { secure: boolean; tcp: boolean; host: string; port: number } | undefined {
  const m = /^(coaps?)(\+tcp)?:\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(uri);
  if (!m) return undefined;
  const secure = m[1] === 'coaps';
  return { secure, tcp: m[2] !== undefined, host: m[3].replace(/^\[|\]$/g, ''), port: m[4] ? Number(m[4]) : secure ? 5684 : 5683 };
}
