/**
 * The reference client: a spec-conformant LwM2M 1.0 / 1.1 client on the harness's own engine,
 * with configuration C.1/C.3/C.4 values: the registration (registration.ts) and device management
 * (device-management.ts) on one object store. It runs as its own process (see cli/reference-client)
 * so the harness launches it through the same `launch.command` path as any external DUT.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CoapEndpoint, type IncomingRequest, type HandlerResult, CoapTimeoutError } from '../../coap/endpoint';
import { Method, observe } from '../../coap/message';
import { createUdpTransport } from '../../transport/udp';
import type { DatagramTransport, PeerAddress } from '../../transport/types';
import { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import { formatLinks, link } from '../../lwm2m/link-format';
import type { ResourceValue } from '../../lwm2m/content';
import { ObjectStore } from './store';
import { answerOnPath } from './answers';
import type { FaultName } from './faults';
import { Registrar } from './registration';
import { DeviceManagement, FORMAT } from './device-management';
import { Bootstrapper, parseUri, type ServerAccountRef } from './bootstrap';
import { AttributeStore } from './attributes';
import { populatePortfolio } from './objects/portfolio';
import { PACKAGE_ROOT } from '../../util/package-root';
import { ObjectBehaviours, refusesObserve } from './objects/behaviour';
import { populateConnectivityMonitoring } from './objects/4-connectivity-monitoring';
import { populateFirmwareUpdate } from './objects/5-firmware-update';
import { populateLocation } from './objects/6-location';
import { countingTransport, populateConnectivityStatistics } from './objects/7-connectivity-statistics';
import { apnProfileBehaviour, populateCellularConnectivity } from './objects/connectivity-management';
import { announcedVersion } from './objects/versions';
import { populateBinaryAppDataContainer } from './objects/19-binary-app-data-container';
import { populateEventLog } from './objects/20-event-log';
import { DEFAULT_FIRMWARE_LIMITS } from './firmware';
import { InformationReporting } from './information-reporting';
import { MoreServers, lifetimeInstance } from './more-servers';
import { type ClientOscore, clientOscoreLayer } from './oscore';
import type { OscoreLayer } from '../../coap/oscore/layer';

/** How the client secures its channel to the server (LwM2M Security object, /0/x/2). */
export type ClientSecurity =
  | { mode: 'nosec' }
  | { mode: 'psk'; identity: string; key: Buffer }
  | { mode: 'x509'; certificate: Buffer; privateKey: Buffer; trustAnchor: Buffer; serverName?: string }
  | { mode: 'rpk'; privateKey: Buffer; serverPublicKey: Buffer };

/** LwM2M Security Mode resource values (/0/x/2). */
const SECURITY_MODE = { psk: 0n, rpk: 1n, x509: 2n, nosec: 3n } as const;

export interface ReferenceClientOptions {
  /** The LwM2M Server of the factory configuration; absent when the client bootstraps. */
  server?: PeerAddress;
  /** CoAP over TCP/TLS (RFC 8323) to the server or Bootstrap-Server of the factory configuration (coap+tcp://, coaps+tcp://). */
  tcp?: boolean;
  /**
   * Factory bootstrap: a Bootstrap-Server account (C.13), with its Client Hold Off Time. With
   * `server` too the factory configuration holds both accounts (ETS int-6): the client registers
   * first and bootstraps only when that fails (LwM2M TS 1.1 §6.1).
   */
  bootstrap?: { server: PeerAddress; holdOffSeconds: number; tryPack?: boolean };
  /** How long a request waits for its answer (a Register to an unreachable server fails after it). */
  responseTimeoutMs?: number;
  security?: ClientSecurity;
  /** OSCORE (RFC 8613) on the channel to the factory-configured LwM2M Server. */
  oscore?: ClientOscore;
  endpoint: string;
  lifetime: number;
  lwm2mVersion: '1.0' | '1.1' | '1.2';
  faults?: FaultName[];
  localPort?: number;
  ackTimeoutMs?: number;
  /** Block size (16..1024): larger Register payloads and responses then go block-wise (RFC 7959). */
  blockSize?: number;
  /** Share (0..1) of notifications sent confirmable (default 0.3). */
  conNotificationShare?: number;
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
const EXPIRED = path.join(PACKAGE_ROOT, 'fixtures', 'keys', 'expired');

export class ReferenceClient {
  private coap!: CoapEndpoint;
  private readonly store = new ObjectStore(ObjectRegistry.bundled());
  private readonly faults: Set<FaultName>;
  private readonly serverInstance = 0;
  private registrar?: Registrar;
  private readonly dm: DeviceManagement;
  private readonly bootstrapper: Bootstrapper;
  private bsCoap?: CoapEndpoint;
  /** Notification attributes per server: one store, written by Device Management, read by Information Reporting. */
  private readonly attributes = new AttributeStore();
  private readonly behaviours = new ObjectBehaviours();
  private statistics = populateConnectivityStatistics(this.store, new Set());
  private readonly reporting: InformationReporting;
  /** The LwM2M Server the client talks to (factory or bootstrapped); a Send goes there. */
  private serverPeer?: PeerAddress;
  /** The servers a bootstrap provisioned besides the first (C.14). */
  private readonly moreServers: MoreServers;
  /** One OSCORE context for the client's life: a new endpoint must not restart its sequence numbers. */
  private oscoreLayer?: OscoreLayer;

  constructor(private readonly opts: ReferenceClientOptions) {
    this.faults = new Set(opts.faults ?? []);
    this.populate();
    const log = (line: string) => this.opts.log?.(line);
    this.bootstrapper = new Bootstrapper({
      store: this.store,
      coap: () => this.bsCoap!,
      bootstrapServer: opts.bootstrap?.server ?? { host: '127.0.0.1', port: 0 },
      endpoint: opts.endpoint,
      lwm2mVersion: opts.lwm2mVersion,
      faults: this.faults,
      tryPack: !!opts.bootstrap?.tryPack,
      onFinished: (account) => {
        void this.connectServer(account);
        const others = this.bootstrapper.usableAccounts().filter((a) => a.securityInstance !== account.securityInstance);
        void this.moreServers.connect(others);
      },
      log,
    });
    this.moreServers = new MoreServers({
      store: this.store,
      attributes: this.attributes,
      behaviours: this.behaviours,
      faults: this.faults,
      endpoint: opts.endpoint,
      lwm2mVersion: opts.lwm2mVersion,
      objectLinks: () => this.objectLinks(),
      channel: (peer, securityInstance, tcp) => this.endpointTo(peer, this.provisionedSecurity(securityInstance), tcp),
      firstServerId: () => Number(this.store.get(1, this.serverInstance, 0) ?? 0n),
      log,
    });
    this.dm = new DeviceManagement({
      store: this.store,
      coap: () => this.coap,
      lwm2mVersion: opts.lwm2mVersion,
      faults: this.faults,
      serverInstance: this.serverInstance,
      attributes: this.attributes,
      initialLifetime: BigInt(opts.lifetime),
      // A changed lifetime is announced at once with an Update carrying the new lt.
      onLifetimeChanged: () => setImmediate(() => void this.registrar?.update([`lt=${this.store.get(1, this.serverInstance, 1)}`])),
      onExecute: (key) => this.execute(key),
      behaviours: this.behaviours,
    });
    this.reporting = new InformationReporting({
      store: this.store,
      attributes: this.attributes,
      coap: () => this.coap,
      server: () => this.serverPeer,
      faults: this.faults,
      serverInstance: this.serverInstance,
      ssid: () => Number(this.store.get(1, this.serverInstance, 0) ?? 0n),
      conShare: opts.conNotificationShare ?? 0.3,
      registeredObjects: () => this.store.objectIds().filter((o) => o !== 0),
      read: (path, req) => this.dm.read(path, req),
      log,
    });
  }

  private makeRegistrar(server: PeerAddress): Registrar {
    return new Registrar({
      coap: () => this.coap,
      server,
      endpoint: this.opts.endpoint,
      lwm2mVersion: this.opts.lwm2mVersion,
      faults: this.faults,
      lifetime: () => Number(this.store.get(1, lifetimeInstance(this.store, this.faults, this.serverInstance), 1)),
      disableTimeout: () => Number(this.store.get(1, this.serverInstance, 5) ?? 86400n),
      objectLinks: () => this.objectLinks(),
      // LwM2M 1.1 §6.2.1.1: b=T over TCP (the fault sends the UDP letter on a TCP channel).
      binding: () => (this.coap?.reliable && !this.faults.has('tcp-binding-u') ? 'T' : 'U'),
      // Bootstrap on registration failure (/1/x/16, true by default in 1.1) when a Bootstrap-Server account exists.
      onRegisterFailed: () => {
        if (this.bootstrapper.bootstrapAccount() === undefined || this.faults.has('no-bootstrap-fallback')) return false;
        this.bootstrapper.begin('the Register got no answer', true, 'fallback');
        return true;
      },
      log: (line) => this.opts.log?.(line),
    });
  }

  private execute(key: 'update-trigger' | 'disable' | 'reboot'): HandlerResult | undefined {
    const refused = { 'update-trigger': 'reject-update-trigger', disable: 'reject-disable', reboot: 'reject-reboot' } as const;
    if (this.faults.has(refused[key])) return { code: '4.05' };
    const registrar = this.registrar!;
    const act = {
      'update-trigger': () => registrar.triggeredUpdate(),
      disable: () => registrar.disable(),
      reboot: () => registrar.reboot(),
    };
    setImmediate(() => void act[key]());
    return undefined;
  }

  private populate(): void {
    const s = this.store;
    const security = this.opts.security ?? { mode: 'nosec' };
    const scheme = (security.mode === 'nosec' ? 'coap' : 'coaps') + (this.opts.tcp ? '+tcp' : '');
    const credentials: Record<number, ResourceValue> =
      security.mode === 'psk'
        ? { 3: Buffer.from(security.identity), 5: security.key }
        : security.mode === 'x509'
          ? { 3: security.certificate, 4: security.trustAnchor, 5: security.privateKey }
          : {};
    const bs = this.opts.bootstrap;
    if (bs) {
      // ETS configuration C.13: the Bootstrap-Server account, in Security instance 1.
      s.put(0, 1, {
        0: `${scheme}://${bs.server.host}:${bs.server.port}`,
        1: true,
        2: SECURITY_MODE[security.mode],
        11: BigInt(bs.holdOffSeconds),
        ...credentials,
      });
    }
    // The LwM2M Server account of the factory configuration (with a Bootstrap-Server account too: int-6).
    if (this.opts.server) this.putServerAccount(scheme, SECURITY_MODE[security.mode], credentials);
    this.putDevice();
    populatePortfolio(this.store);
    this.populateObjects();
  }

  /** The core objects /4 to /7 (ETS configurations C.5, C.7, C.8, C.9) and what they do. */
  private populateObjects(): void {
    const s = this.store;
    this.behaviours.add(4, populateConnectivityMonitoring(s, this.faults));
    this.behaviours.add(
      5,
      populateFirmwareUpdate(s, this.faults, {
        coap: () => this.coap,
        limits: DEFAULT_FIRMWARE_LIMITS,
        log: (l) => this.opts.log?.(l),
        installed: (v) => this.firmwareInstalled(v),
      }),
    );
    this.behaviours.add(6, populateLocation(s, this.faults));
    this.behaviours.add(7, (this.statistics = populateConnectivityStatistics(s, this.faults)));
    this.behaviours.add(10, populateCellularConnectivity(s, this.faults));
    this.behaviours.add(11, apnProfileBehaviour(this.faults));
    this.behaviours.add(19, populateBinaryAppDataContainer(s, this.faults));
    this.behaviours.add(20, populateEventLog(s, this.faults));
    InformationReporting.populate(this.store, this.serverInstance);
  }

  private putServerAccount(scheme: string, mode: bigint, credentials: Record<number, ResourceValue>): void {
    const s = this.store;
    const server = this.opts.server!;
    s.put(0, 0, {
      0: `${scheme}://${server.host}:${server.port}`,
      1: false,
      2: mode,
      10: 1n,
      ...credentials,
    });
    const binding = this.opts.tcp ? 'T' : 'U';
    s.put(1, this.serverInstance, { 0: 1n, 1: BigInt(this.opts.lifetime), 2: 1n, 3: 10n, 5: 86400n, 6: false, 7: binding });
  }

  private putDevice(): void {
    this.store.put(3, 0, {
      0: DEVICE_VALUES.manufacturer,
      1: DEVICE_VALUES.modelNumber,
      2: this.faults.has('wrong-serial-number') ? '000000000' : DEVICE_VALUES.serialNumber,
      3: DEVICE_VALUES.firmwareVersion,
      6: [1n, 5n],
      7: [3800n, 5000n],
      8: [125n, 900n],
      9: 100n,
      11: [0n],
      // Current Time, UTC Offset, Timezone: the optional resources of configuration C.6.
      13: BigInt(Math.floor(Date.now() / 1000)),
      14: '+00:00',
      15: 'Etc/UTC',
      16: DEVICE_VALUES.supportedBindings,
    });
  }

  /** A successful firmware update: the new version runs after a reboot (the client registers again). */
  private firmwareInstalled(version: string): void {
    if (!this.faults.has('firmware-version-unchanged')) this.store.set(3, 0, 3, version);
    setImmediate(() => void this.registrar?.reboot());
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
    const bs = this.opts.bootstrap;
    if (bs) {
      this.bsCoap = await this.endpointTo(bs.server, this.channelSecurity(), this.opts.tcp === true);
      this.bsCoap.onRequest((req) => this.bootstrapper.handle(req));
      // Only a Bootstrap-Server account: bootstrap now (the fault does so despite a server account).
      if (!this.opts.server || this.faults.has('bootstrap-before-register')) {
        this.bootstrapper.begin('factory configuration');
        return;
      }
    }
    if (this.opts.oscore) this.oscoreLayer = clientOscoreLayer(this.opts.oscore, this.faults);
    this.coap = await this.endpointTo(this.opts.server!, this.channelSecurity(), this.opts.tcp === true, this.oscoreLayer);
    this.coap.onRequest((req) => this.handle(req));
    this.serverPeer = this.opts.server!;
    this.reporting.start();
    this.registrar = this.makeRegistrar(this.opts.server!);
    const registering = this.registrar.register();
    if (bs && this.faults.has('bootstrap-after-register'))
      void registering.then(() => this.registrar?.registered && this.bootstrapper.begin('fault: bootstrap after registering', false));
  }

  private async endpointTo(peer: PeerAddress, security: ClientSecurity, tcp: boolean, oscore?: OscoreLayer): Promise<CoapEndpoint> {
    const bind = { host: peer.host.includes(':') ? '::' : '0.0.0.0', port: this.opts.localPort ?? 0 };
    const checkName = !this.faults.has('skip-server-name-check');
    const secured = await (tcp ? createTcpClientTransport(bind, security, checkName) : createClientTransport(bind, security, checkName));
    const transport = countingTransport(secured, (direction, bytes) => this.statistics.count(direction, bytes));
    // Firmware packages arrive block-wise: bodies up to the flash size plus some (larger ones are Result 2, not 4.13).
    const packages = { maxBodySize: 2 * DEFAULT_FIRMWARE_LIMITS.storageBytes };
    const blockwise = this.opts.blockSize
      ? { ...packages, autoBlock1Size: this.opts.blockSize, block2Size: this.opts.blockSize, block1Size: this.opts.blockSize }
      : packages;
    return new CoapEndpoint({
      transport,
      blockwise,
      timers: { ackTimeoutMs: this.opts.ackTimeoutMs ?? 2000 },
      defaultTimeoutMs: this.opts.responseTimeoutMs ?? 10_000,
      matchTokens: !this.faults.has('accept-wrong-token'),
      csm: this.faults.has('tcp-no-csm') ? false : undefined,
      oscore,
    });
  }

  /** After Bootstrap-Finish: a channel to the provisioned server, with the credentials of its Security instance, and Register. */
  private async connectServer(account: ServerAccountRef): Promise<void> {
    // Observations belong to the old channel; reporting restarts on the new one.
    this.reporting.stop();
    await this.registrar?.stop(false);
    await this.coap?.close();
    const target = parseUri(account.uri)!;
    const server = { host: target.host, port: target.port };
    this.coap = await this.endpointTo(server, this.provisionedSecurity(account.securityInstance), target.tcp);
    this.coap.onRequest((req) => this.handle(req));
    this.serverPeer = server;
    this.reporting.start();
    this.registrar = this.makeRegistrar(server);
    void this.registrar.register();
  }

  /** The channel security a Security instance describes (/0/x/2 mode, /0/x/3..5 keys). */
  private provisionedSecurity(iid: number): ClientSecurity {
    const get = (rid: number) => this.store.get(0, iid, rid);
    const bytes = (rid: number) => (Buffer.isBuffer(get(rid)) ? (get(rid) as Buffer) : Buffer.alloc(0));
    switch (get(2)) {
      case SECURITY_MODE.psk:
        return { mode: 'psk', identity: bytes(3).toString('utf8'), key: bytes(5) };
      case SECURITY_MODE.x509:
        return { mode: 'x509', certificate: bytes(3), trustAnchor: bytes(4), privateKey: bytes(5) };
      case SECURITY_MODE.rpk:
        return { mode: 'rpk', privateKey: bytes(5), serverPublicKey: bytes(4) };
      default:
        return { mode: 'nosec' };
    }
  }

  async stop(deregister = true): Promise<void> {
    this.bootstrapper.stop();
    this.reporting.stop();
    await this.moreServers.stop();
    await this.registrar?.stop(deregister);
    await this.coap?.close();
    await this.bsCoap?.close();
  }

  private objectLinks(): string {
    const links = [];
    if (this.opts.lwm2mVersion !== '1.0') links.push(link('/', { rt: 'oma.lwm2m', ct: FORMAT.senmlCbor }));
    for (const oid of this.store.objectIds()) {
      if (oid === 0 && !this.faults.has('register-security-object')) continue;
      if (this.opts.lwm2mVersion !== '1.0' && oid === 1) links.push(link('/1', { ver: '1.1' }));
      else if (announcedVersion(oid, this.faults)) links.push(link(`/${oid}`, { ver: announcedVersion(oid, this.faults)! }));
      for (const iid of this.store.instanceIds(oid)) links.push(link(`/${oid}/${iid}`));
    }
    const text = formatLinks(links);
    return this.faults.has('malformed-register-payload') ? text.replace('</3/0>', '</3/0') : text;
  }

  private handle(req: IncomingRequest): Promise<HandlerResult> {
    return answerOnPath(req, (path) => {
      const observing = observe(req.message) !== undefined;
      switch (req.message.code) {
        case Method.GET:
          if (observing && refusesObserve(path, this.faults)) return { code: '4.05' };
          return observing ? this.reporting.handle(path, req) : this.dm.read(path, req);
        case Method.PUT:
          return req.message.payload.length === 0 && req.query.size > 0
            ? this.dm.writeAttributes(path, req)
            : this.written(path, this.dm.write(path, req, 'replace'));
        case Method.POST:
          if (path.toString() === `/1/${this.serverInstance}/9`) return this.bootstrapper.triggered() ?? { code: '2.04' };
          if (path.objectId === 3442 && path.resourceId === 5 && this.store.has(LwM2MPath.of(3442, path.instanceId!)))
            return this.sendData();
          return path.depth === 3
            ? this.dm.execute(path, req.message.payload.toString('utf8'))
            : path.depth === 1
              ? this.dm.create(path, req)
              : this.written(path, this.dm.write(path, req, 'partial'));
        case Method.DELETE:
          return this.dm.delete(path);
        case Method.FETCH:
          if (observing) return this.reporting.handle(path, req);
          return path.depth === 0 ? this.dm.readComposite(req) : { code: '4.05' };
        case Method.iPATCH:
          return path.depth === 0 ? this.written(path, this.dm.writeComposite(req)) : { code: '4.05' };
        default:
          return { code: '4.05' };
      }
    });
  }

  /** A write may set Mute Send (/1/x/23), which the reporting side remembers. */
  private written(path: LwM2MPath, result: HandlerResult): HandlerResult {
    this.reporting.noteWrite(path);
    return result;
  }

  /** Execute of Send Data (/3442/x/5): Send the resources /3442/0/6 lists (unless muted). */
  private sendData(): HandlerResult {
    setImmediate(() => void this.reporting.send());
    return { code: '2.04' };
  }
}

export { CoapTimeoutError };

async function createClientTransport(
  bind: { host: string; port: number },
  security: ClientSecurity,
  checkServerName: boolean,
): Promise<DatagramTransport> {
  if (security.mode === 'nosec') return createUdpTransport(bind);
  // The DTLS stack loads only for a secure server: a NoSec client starts ~30 ms sooner.
  const { createDtlsClient } = require('../../transport/dtls') as typeof import('../../transport/dtls');
  switch (security.mode) {
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

/** CoAP over TCP or TLS (RFC 8323): TLS with a PSK (TLS 1.2 PSK suites) or X.509 certificates. */
async function createTcpClientTransport(
  bind: { host: string; port: number },
  security: ClientSecurity,
  checkServerName: boolean,
): Promise<DatagramTransport> {
  // Loaded only for a TCP server, as the DTLS stack is only for a secure UDP one (cold start).
  const { createTcpClient } = require('../../transport/tcp') as typeof import('../../transport/tcp');
  switch (security.mode) {
    case 'nosec':
      return createTcpClient(bind);
    case 'psk':
      return createTcpClient({ ...bind, tls: { pskIdentity: security.identity, pskKey: security.key } });
    case 'x509':
      return createTcpClient({
        ...bind,
        tls: {
          certificate: { chain: [security.certificate], key: security.privateKey },
          trustAnchors: [security.trustAnchor],
          serverName: security.serverName,
          checkServerName,
        },
      });
    case 'rpk':
      throw new Error('raw public keys over TLS (RFC 7250) are not supported by the TCP transport; use PSK or X.509');
  }
}
