/**
 * The reference client: a spec-conformant LwM2M 1.0 / 1.1 client on the harness's own engine,
 * with configuration C.1/C.3/C.4 values: the registration (registration.ts) and device management
 * (device-management.ts) on one object store. It runs as its own process (see cli/reference-client)
 * so the harness launches it through the same `launch.command` path as any external DUT.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CoapEndpoint, type IncomingRequest, type HandlerResult, CoapTimeoutError } from '../../coap/endpoint';
import { Method } from '../../coap/message';
import { createUdpTransport } from '../../transport/udp';
import type { DatagramTransport, PeerAddress } from '../../transport/types';
import { createDtlsClient } from '../../transport/dtls';
import { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import { formatLinks, link } from '../../lwm2m/link-format';
import type { ResourceValue } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import { ObjectStore, StoreError } from './store';
import type { FaultName } from './faults';
import { Registrar } from './registration';
import { DeviceManagement, FORMAT } from './device-management';

/** How the client secures its channel to the server (LwM2M Security object, /0/x/2). */
export type ClientSecurity =
  | { mode: 'nosec' }
  | { mode: 'psk'; identity: string; key: Buffer }
  | { mode: 'x509'; certificate: Buffer; privateKey: Buffer; trustAnchor: Buffer; serverName?: string }
  | { mode: 'rpk'; privateKey: Buffer; serverPublicKey: Buffer };

/** LwM2M Security Mode resource values (/0/x/2). */
const SECURITY_MODE = { psk: 0n, rpk: 1n, x509: 2n, nosec: 3n } as const;

export interface ReferenceClientOptions {
  server: PeerAddress;
  security?: ClientSecurity;
  endpoint: string;
  lifetime: number;
  lwm2mVersion: '1.0' | '1.1';
  faults?: FaultName[];
  localPort?: number;
  ackTimeoutMs?: number;
  /** Block size (16..1024): larger Register payloads and responses then go block-wise (RFC 7959). */
  blockSize?: number;
  log?: (line: string) => void;
}

export const DEVICE_VALUES = {
  manufacturer: 'Open Mobile Alliance',
  modelNumber: 'Lightweight M2M Client',
  serialNumber: '345000123',
  firmwareVersion: '1.0',
  supportedBindings: 'U',
};

/** The expired client certificate of the project's test keys (fault present-expired-certificate). */
const EXPIRED = path.join(__dirname, '..', '..', '..', 'fixtures', 'keys', 'expired');

export class ReferenceClient {
  private coap!: CoapEndpoint;
  private readonly store = new ObjectStore(ObjectRegistry.bundled());
  private readonly faults: Set<FaultName>;
  private readonly serverInstance = 0;
  private readonly registrar: Registrar;
  private readonly dm: DeviceManagement;

  constructor(private readonly opts: ReferenceClientOptions) {
    this.faults = new Set(opts.faults ?? []);
    this.populate();
    const log = (line: string) => this.opts.log?.(line);
    this.registrar = new Registrar({
      coap: () => this.coap,
      server: opts.server,
      endpoint: opts.endpoint,
      lwm2mVersion: opts.lwm2mVersion,
      faults: this.faults,
      lifetime: () => Number(this.store.get(1, this.serverInstance, 1)),
      disableTimeout: () => Number(this.store.get(1, this.serverInstance, 5) ?? 86400n),
      objectLinks: () => this.objectLinks(),
      log,
    });
    this.dm = new DeviceManagement({
      store: this.store,
      coap: () => this.coap,
      lwm2mVersion: opts.lwm2mVersion,
      faults: this.faults,
      serverInstance: this.serverInstance,
      // A changed lifetime is announced at once with an Update carrying the new lt.
      onLifetimeChanged: () => setImmediate(() => void this.registrar.update([`lt=${this.store.get(1, this.serverInstance, 1)}`])),
      onExecute: (key) => this.execute(key),
    });
  }

  private execute(key: 'update-trigger' | 'disable' | 'reboot'): HandlerResult | undefined {
    const refused = { 'update-trigger': 'reject-update-trigger', disable: 'reject-disable', reboot: 'reject-reboot' } as const;
    if (this.faults.has(refused[key])) return { code: '4.05' };
    const act = {
      'update-trigger': () => this.registrar.triggeredUpdate(),
      disable: () => this.registrar.disable(),
      reboot: () => this.registrar.reboot(),
    };
    setImmediate(() => void act[key]());
    return undefined;
  }

  private populate(): void {
    const s = this.store;
    const security = this.opts.security ?? { mode: 'nosec' };
    const scheme = security.mode === 'nosec' ? 'coap' : 'coaps';
    const credentials: Record<number, ResourceValue> =
      security.mode === 'psk'
        ? { 3: Buffer.from(security.identity), 5: security.key }
        : security.mode === 'x509'
          ? { 3: security.certificate, 4: security.trustAnchor, 5: security.privateKey }
          : {};
    s.put(0, 0, {
      0: `${scheme}://${this.opts.server.host}:${this.opts.server.port}`,
      1: false,
      2: SECURITY_MODE[security.mode],
      10: 1n,
      ...credentials,
    });
    s.put(1, this.serverInstance, { 0: 1n, 1: BigInt(this.opts.lifetime), 2: 1n, 3: 10n, 5: 86400n, 6: false, 7: 'U' });
    s.put(3, 0, {
      0: DEVICE_VALUES.manufacturer,
      1: DEVICE_VALUES.modelNumber,
      2: this.faults.has('wrong-serial-number') ? '000000000' : DEVICE_VALUES.serialNumber,
      3: DEVICE_VALUES.firmwareVersion,
      6: [1n, 5n],
      7: [3800n, 5000n],
      8: [125n, 900n],
      9: 100n,
      11: [0n],
      16: DEVICE_VALUES.supportedBindings,
    });
  }

  /** The channel security, as configured, or as a security fault changes it. */
  private channelSecurity(): ClientSecurity {
    const security = this.opts.security ?? { mode: 'nosec' };
    if (security.mode === 'psk' && this.faults.has('wrong-psk-key'))
      return { ...security, key: Buffer.from(security.key.map((b) => b ^ 0xff)) };
    if (security.mode === 'x509' && this.faults.has('present-expired-certificate')) {
      return { ...security, certificate: fs.readFileSync(`${EXPIRED}.crt`), privateKey: fs.readFileSync(`${EXPIRED}.key`) };
    }
    return security;
  }

  async start(): Promise<void> {
    const bind = { host: this.opts.server.host.includes(':') ? '::' : '0.0.0.0', port: this.opts.localPort ?? 0 };
    const transport = await createClientTransport(bind, this.channelSecurity(), !this.faults.has('skip-server-name-check'));
    const blockwise = this.opts.blockSize ? { autoBlock1Size: this.opts.blockSize, block2Size: this.opts.blockSize } : {};
    this.coap = new CoapEndpoint({
      transport,
      blockwise,
      timers: { ackTimeoutMs: this.opts.ackTimeoutMs ?? 2000 },
      defaultTimeoutMs: 10_000,
      matchTokens: !this.faults.has('accept-wrong-token'),
    });
    this.coap.onRequest((req) => this.handle(req));
    void this.registrar.register();
  }

  async stop(deregister = true): Promise<void> {
    await this.registrar.stop(deregister);
    await this.coap?.close();
  }

  private objectLinks(): string {
    const links = [];
    if (this.opts.lwm2mVersion !== '1.0') links.push(link('/', { rt: 'oma.lwm2m', ct: FORMAT.senmlCbor }));
    for (const oid of this.store.objectIds()) {
      if (oid === 0 && !this.faults.has('register-security-object')) continue;
      if (this.opts.lwm2mVersion !== '1.0' && oid === 1) links.push(link('/1', { ver: '1.1' }));
      for (const iid of this.store.instanceIds(oid)) links.push(link(`/${oid}/${iid}`));
    }
    const text = formatLinks(links);
    return this.faults.has('malformed-register-payload') ? text.replace('</3/0>', '</3/0') : text;
  }

  private async handle(req: IncomingRequest): Promise<HandlerResult> {
    let path: LwM2MPath;
    try {
      path = LwM2MPath.parse(req.path);
    } catch {
      return { code: '4.04' };
    }
    try {
      switch (req.message.code) {
        case Method.GET:
          return this.dm.read(path, req);
        case Method.PUT:
          return req.message.payload.length === 0 && req.query.size > 0 ? { code: '2.04' } : this.dm.write(path, req, 'replace');
        case Method.POST:
          return path.depth === 3 ? this.dm.execute(path) : this.dm.write(path, req, 'partial');
        case Method.DELETE:
          return { code: path.objectId === 3 || path.objectId === 1 ? '4.05' : '4.04' };
        default:
          return { code: '4.05' };
      }
    } catch (e) {
      if (e instanceof StoreError) return { code: e.code, payload: Buffer.from(e.message) };
      if (e instanceof DecodeError) return { code: '4.00', payload: Buffer.from(e.message) };
      throw e;
    }
  }
}

export { CoapTimeoutError };

async function createClientTransport(
  bind: { host: string; port: number },
  security: ClientSecurity,
  checkServerName: boolean,
): Promise<DatagramTransport> {
  switch (security.mode) {
    case 'nosec':
      return createUdpTransport(bind);
    case 'psk':
      return createDtlsClient({ ...bind, pskIdentity: security.identity, pskKey: security.key });
    case 'x509':
      return createDtlsClient({
        ...bind,
        certificate: { chain: [security.certificate], key: security.privateKey },
        trustAnchors: [security.trustAnchor],
        serverName: security.serverName,
        checkServerName,
      });
    case 'rpk':
      return createDtlsClient({ ...bind, rawPublicKey: { key: security.privateKey, trustedPeerKeys: [security.serverPublicKey] } });
  }
}
