/**
 * The reference client's LwM2M Servers after the first (ETS configuration C.14: two server
 * accounts): each has its own channel, registration and Device Management, on the one object
 * store, with notification attributes kept per server (attributes.ts, keyed by Short Server ID).
 * Observation and Send stay with the first server (information-reporting.ts serves one).
 */
import type { CoapEndpoint, HandlerResult, IncomingRequest } from '../../coap/endpoint';
import { Method, observe } from '../../coap/message';
import type { PeerAddress } from '../../transport/types';
import type { ObjectStore } from './store';
import type { FaultName } from './faults';
import { Registrar } from './registration';
import { DeviceManagement } from './device-management';
import type { AttributeStore } from './attributes';
import type { ObjectBehaviours } from './objects/behaviour';
import { parseUri, type ServerAccountRef } from './bootstrap';
import { answerOnPath } from './answers';

export interface MoreServersContext {
  store: ObjectStore;
  attributes: AttributeStore;
  behaviours: ObjectBehaviours;
  faults: ReadonlySet<FaultName>;
  endpoint: string;
  lwm2mVersion: '1.0' | '1.1' | '1.2';
  objectLinks: () => string;
  /** A channel to `peer` secured as Security instance `securityInstance` says. */
  /** `tcp`: the account's URI is coap(s)+tcp:// (RFC 8323). */
  channel: (peer: PeerAddress, securityInstance: number, tcp: boolean) => Promise<CoapEndpoint>;
  /** The Short Server ID of the first server (fault attributes-shared-between-servers). */
  firstServerId: () => number;
  log: (line: string) => void;
}

/** One LwM2M Server besides the first: its channel, its Registrar, its Device Management. */
class AdditionalServer {
  private coap!: CoapEndpoint;
  private registrar!: Registrar;
  private readonly dm: DeviceManagement;

  constructor(
    private readonly ctx: MoreServersContext,
    readonly account: ServerAccountRef,
  ) {
    const iid = account.serverInstance;
    this.dm = new DeviceManagement({
      store: ctx.store,
      coap: () => this.coap,
      lwm2mVersion: ctx.lwm2mVersion,
      faults: ctx.faults,
      serverInstance: iid,
      attributes: attributesOf(ctx),
      initialLifetime: BigInt(ctx.store.get(1, iid, 1) as bigint),
      onLifetimeChanged: () => setImmediate(() => void this.registrar.update([`lt=${ctx.store.get(1, iid, 1)}`])),
      onExecute: (key) => this.execute(key),
      behaviours: ctx.behaviours,
    });
  }

  async start(): Promise<void> {
    const { ctx, account } = this;
    const target = parseUri(account.uri)!;
    const peer = { host: target.host, port: target.port };
    this.coap = await ctx.channel(peer, account.securityInstance, target.tcp);
    this.coap.onRequest((req) => this.handle(req));
    const iid = account.serverInstance;
    this.registrar = new Registrar({
      coap: () => this.coap,
      server: peer,
      endpoint: ctx.endpoint,
      lwm2mVersion: ctx.lwm2mVersion,
      faults: ctx.faults,
      lifetime: () => Number(ctx.store.get(1, lifetimeInstance(ctx.store, ctx.faults, iid), 1)),
      disableTimeout: () => Number(ctx.store.get(1, iid, 5) ?? 86400n),
      objectLinks: ctx.objectLinks,
      binding: () => (this.coap.reliable ? 'T' : 'U'),
      log: (line) => ctx.log(`[SSID ${account.shortServerId}] ${line}`),
    });
    void this.registrar.register();
  }

  private execute(key: 'update-trigger' | 'disable' | 'reboot'): HandlerResult | undefined {
    if (key === 'reboot') return { code: '4.05', payload: Buffer.from('Reboot is the first server’s to ask') };
    setImmediate(() => void (key === 'disable' ? this.registrar.disable() : this.registrar.triggeredUpdate()));
    return undefined;
  }

  private handle(req: IncomingRequest): Promise<HandlerResult> {
    return answerOnPath(req, (path) => {
      const observing = observe(req.message) !== undefined;
      if (observing) return { code: '5.01', payload: Buffer.from('observations are served to the first server only') };
      switch (req.message.code) {
        case Method.GET:
          return this.dm.read(path, req);
        case Method.PUT:
          if (req.message.payload.length > 0 || req.query.size === 0) return this.dm.write(path, req, 'replace');
          return this.ctx.faults.has('refuse-write-attributes-from-other-servers') ? { code: '4.05' } : this.dm.writeAttributes(path, req);
        case Method.POST:
          return path.depth === 3
            ? this.dm.execute(path, req.message.payload.toString('utf8'))
            : path.depth === 1
              ? this.dm.create(path, req)
              : this.dm.write(path, req, 'partial');
        case Method.DELETE:
          return this.dm.delete(path);
        default:
          return { code: '4.05' };
      }
    });
  }

  async stop(): Promise<void> {
    await this.registrar?.stop(true);
    await this.coap?.close();
  }
}

/** The servers after the first; connect() replaces them with those a bootstrap provisioned. */
export class MoreServers {
  private servers: AdditionalServer[] = [];

  constructor(private readonly ctx: MoreServersContext) {}

  async connect(accounts: ServerAccountRef[]): Promise<void> {
    await this.stop();
    if (this.ctx.faults.has('register-first-server-only')) return;
    this.servers = accounts.map((a) => new AdditionalServer(this.ctx, a));
    for (const s of this.servers) {
      this.ctx.log(`connecting to server ${s.account.uri} (SSID ${s.account.shortServerId}) as well`);
      await s.start();
    }
  }

  async stop(): Promise<void> {
    const old = this.servers;
    this.servers = [];
    await Promise.all(old.map((s) => s.stop()));
  }
}

/**
 * The attributes this server's Device Management sees: its own (by its Short Server ID), or under
 * a fault the first server's: for every use (attributes-shared-between-servers) or for what Discover
 * shows (discover-shows-first-server-attributes).
 */
function attributesOf(ctx: MoreServersContext): AttributeStore {
  if (ctx.faults.has('attributes-shared-between-servers'))
    return firstServers(ctx.attributes, ctx.firstServerId, ['write', 'at', 'effective']);
  if (ctx.faults.has('discover-shows-first-server-attributes')) return firstServers(ctx.attributes, ctx.firstServerId, ['at', 'effective']);
  return ctx.attributes;
}

/** The store with the Short Server ID argument of `methods` replaced by the first server's. */
function firstServers(store: AttributeStore, firstServerId: () => number, methods: string[]): AttributeStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      return methods.includes(String(key))
        ? (_ssid: number, ...rest: unknown[]) => fn.call(target, firstServerId(), ...rest)
        : (...args: unknown[]) => fn.apply(target, args);
    },
  });
}

/** The Server instance whose lifetime a Register to `iid` carries: its own, or the last one (fault one-lifetime-for-all-servers). */
export function lifetimeInstance(store: ObjectStore, faults: ReadonlySet<FaultName>, iid: number): number {
  if (!faults.has('one-lifetime-for-all-servers')) return iid;
  return store.instanceIds(1).at(-1) ?? iid;
}
