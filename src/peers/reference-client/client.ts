/**
 * The reference client: a spec-conformant LwM2M 1.0 / 1.1 client on the harness's own engine,
 * with configuration C.1/C.3/C.4 values. It runs as its own process (see cli/reference-client)
 * so the harness launches it through the same `launch.command` path as any external DUT.
 */
import { CoapEndpoint, type IncomingRequest, type HandlerResult, CoapTimeoutError, NO_RESPONSE } from '../../coap/endpoint';
import { Method, OptionNumber, accept as acceptOf, contentFormat } from '../../coap/message';
import { encodeMessage } from '../../coap/codec';
import { createUdpTransport } from '../../transport/udp';
import type { DatagramTransport, PeerAddress } from '../../transport/types';
import { createDtlsClient } from '../../transport/dtls';
import { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import { formatLinks, link } from '../../lwm2m/link-format';
import { encodeContent, decodeContent, type ResourceValue } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import { ObjectStore, StoreError } from './store';
import type { FaultName } from './faults';

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

const FORMAT = { text: 0, link: 40, opaque: 42, cbor: 60, senmlJson: 110, senmlCbor: 112, tlv: 11542, json: 11543 } as const;
/** Formats this client can produce and consume. */
const SUPPORTED_FORMATS = new Set<number>([
  FORMAT.text,
  FORMAT.opaque,
  FORMAT.cbor,
  FORMAT.senmlJson,
  FORMAT.senmlCbor,
  FORMAT.tlv,
  FORMAT.json,
]);

/** Short, so that a reference run recovers fast; real clients wait longer (often 60 s). */
const REGISTER_RETRY_MS = 1000;

export const DEVICE_VALUES = {
  manufacturer: 'Open Mobile Alliance',
  modelNumber: 'Lightweight M2M Client',
  serialNumber: '345000123',
  firmwareVersion: '1.0',
  supportedBindings: 'U',
};

export class ReferenceClient {
  private coap!: CoapEndpoint;
  private readonly store = new ObjectStore(ObjectRegistry.bundled());
  private location: string[] | undefined;
  private updateTimer?: NodeJS.Timeout;
  private reRegisterTimer?: NodeJS.Timeout;
  private stopped = false;
  private readonly faults: Set<FaultName>;
  private readonly serverInstance = 0;

  constructor(private readonly opts: ReferenceClientOptions) {
    this.faults = new Set(opts.faults ?? []);
    this.populate();
  }

  private log(line: string) {
    this.opts.log?.(line);
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

  async start(): Promise<void> {
    const bind = { host: this.opts.server.host.includes(':') ? '::' : '0.0.0.0', port: this.opts.localPort ?? 0 };
    const transport = await createClientTransport(
      bind,
      this.opts.security ?? { mode: 'nosec' },
      !this.faults.has('skip-server-name-check'),
    );
    const blockwise = this.opts.blockSize ? { autoBlock1Size: this.opts.blockSize, block2Size: this.opts.blockSize } : {};
    this.coap = new CoapEndpoint({
      transport,
      blockwise,
      timers: { ackTimeoutMs: this.opts.ackTimeoutMs ?? 2000 },
      defaultTimeoutMs: 10_000,
      matchTokens: !this.faults.has('accept-wrong-token'),
    });
    this.coap.onRequest((req) => this.handle(req));
    void this.register();
  }

  async stop(deregister = true): Promise<void> {
    this.stopped = true;
    clearTimeout(this.updateTimer);
    clearTimeout(this.reRegisterTimer);
    if (deregister && this.location) await this.deregister().catch(() => {});
    await this.coap?.close();
  }

  private get lifetime(): number {
    return Number(this.store.get(1, this.serverInstance, 1));
  }

  // ---- registration interface ------------------------------------------------------------

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

  private async register(): Promise<void> {
    if (this.stopped) return;
    const query = [`ep=${this.opts.endpoint}`, `lt=${this.lifetime}`];
    if (!this.faults.has('no-lwm2m-param')) query.push(`lwm2m=${this.opts.lwm2mVersion}`);
    query.push('b=U');
    const format = this.faults.has('register-wrong-content-format') ? FORMAT.text : FORMAT.link;
    const payload = Buffer.from(this.objectLinks());
    if (this.faults.has('malformed-register-datagram')) {
      const bytes = encodeMessage({
        type: 'CON',
        code: Method.POST,
        messageId: this.coap.newMessageId(),
        token: this.coap.newToken(),
        options: [],
        payload,
      });
      // An option header announcing 12 value bytes, followed by only 2: runs past the end.
      await this.coap.sendBytes(this.opts.server, Buffer.concat([bytes.subarray(0, 8), Buffer.from([0xbc, 0x72, 0x64])]));
      return;
    }
    try {
      const res = await this.coap.request(this.opts.server, {
        method: Method.POST,
        path: `/rd?${query.join('&')}`,
        contentFormat: format,
        payload,
      });
      if (res.message.code !== '2.01') {
        this.log(`Register refused with ${res.message.code}; retrying later`);
        return this.retryRegister();
      }
      this.location = res.message.options.filter((o) => o.number === OptionNumber.LocationPath).map((o) => o.value.toString());
      this.log(`registered at /${this.location.join('/')} with lifetime ${this.lifetime} s`);
      this.scheduleUpdate();
    } catch (e) {
      if (this.stopped) return;
      this.log(`Register failed: ${(e as Error).message}; retrying later`);
      this.retryRegister();
    }
  }

  private retryRegister(): void {
    clearTimeout(this.reRegisterTimer);
    // The pause before a new Register attempt (a client's Communication Retry Timer, /1/x/18).
    this.reRegisterTimer = setTimeout(() => void this.register(), REGISTER_RETRY_MS);
  }

  private scheduleUpdate(): void {
    clearTimeout(this.updateTimer);
    if (this.faults.has('no-periodic-update')) return;
    // Half the lifetime leaves room for retransmissions before the registration expires.
    const params = this.faults.has('periodic-update-with-params') ? [`lt=${this.lifetime}`, 'b=U'] : [];
    this.updateTimer = setTimeout(() => void this.update(params), (this.lifetime * 1000) / 2);
  }

  private async update(params: string[]): Promise<void> {
    if (!this.location || this.stopped) return;
    const path = '/' + this.location.join('/') + (params.length ? `?${params.join('&')}` : '');
    try {
      const res = await this.coap.request(this.opts.server, { method: Method.POST, path });
      if (res.message.code === '4.04') {
        this.location = undefined;
        clearTimeout(this.updateTimer);
        if (this.faults.has('no-reregister-after-404')) return;
        this.log('Update answered 4.04: registering anew');
        return this.register();
      }
      this.scheduleUpdate();
    } catch (e) {
      if (!this.stopped) this.log(`Update failed: ${(e as Error).message}`);
      this.scheduleUpdate();
    }
  }

  private async deregister(): Promise<void> {
    if (!this.location) return;
    const path = '/' + this.location.join('/');
    this.location = undefined;
    clearTimeout(this.updateTimer);
    await this.coap.request(this.opts.server, { method: Method.DELETE, path, timeoutMs: 3000 });
  }

  // ---- device management -----------------------------------------------------------------

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
          return this.read(path, req);
        case Method.PUT:
          return req.message.payload.length === 0 && req.query.size > 0 ? { code: '2.04' } : this.write(path, req, 'replace');
        case Method.POST:
          return path.depth === 3 ? this.execute(path, req) : this.write(path, req, 'partial');
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

  private read(path: LwM2MPath, req: IncomingRequest): HandlerResult {
    if (path.objectId === 0) return { code: '4.01' }; // the Security object is not for servers
    if (path.depth === 2 && this.faults.has('malformed-read-response')) {
      // A piggybacked 2.05 whose Content-Format option announces 2 bytes but carries none.
      const head = Buffer.from([0x60 | req.message.token.length, 0x45, req.message.messageId >> 8, req.message.messageId & 0xff]);
      void this.coap.sendBytes(req.peer, Buffer.concat([head, req.message.token, Buffer.from([0xc2])]));
      return NO_RESPONSE;
    }
    const accept = acceptOf(req.message);
    if (accept === FORMAT.link) return { code: '2.05', contentFormat: FORMAT.link, payload: Buffer.from(this.discover(path)) };
    const records = this.store.read(path);
    const single = path.depth === 3 && records.length === 1 && records[0].path.depth === 3;
    const preferred = single ? FORMAT.text : this.opts.lwm2mVersion === '1.0' ? FORMAT.tlv : FORMAT.senmlCbor;
    const format = accept ?? preferred;
    if (!SUPPORTED_FORMATS.has(format) || ((format === FORMAT.text || format === FORMAT.cbor || format === FORMAT.opaque) && !single)) {
      return { code: '4.06' };
    }
    const served = this.faults.has('omit-firmware-version')
      ? records.filter((r) => !(r.path.objectId === 3 && r.path.resourceId === 3))
      : records;
    let payload = encodeContent(format, path, served, this.store.registry);
    if (format === FORMAT.tlv && this.faults.has('tlv-length-overrun')) payload = Buffer.concat([payload.subarray(0, payload.length - 1)]);
    const announced = format === FORMAT.text && this.faults.has('text-wrong-content-format') ? FORMAT.opaque : format;
    return { code: '2.05', contentFormat: announced, payload };
  }

  private discover(path: LwM2MPath): string {
    if (!this.store.has(path)) throw new StoreError('4.04', `${path} does not exist`);
    const links = [link(path.toString())];
    const records = path.depth >= 2 ? this.store.read(path) : [];
    const seen = new Set<string>();
    for (const r of records) {
      const resPath = `/${r.path.objectId}/${r.path.instanceId}/${r.path.resourceId}`;
      if (seen.has(resPath) || resPath === path.toString()) continue;
      seen.add(resPath);
      const def = this.store.definition(r.path.objectId!, r.path.resourceId!);
      const dim = records.filter((x) => x.path.resourceId === r.path.resourceId && x.path.instanceId === r.path.instanceId).length;
      links.push(link(resPath, def?.multiple ? { dim } : {}));
    }
    if (path.depth === 1) for (const iid of this.store.instanceIds(path.objectId!)) links.push(link(`/${path.objectId}/${iid}`));
    return formatLinks(links);
  }

  private write(path: LwM2MPath, req: IncomingRequest, mode: 'replace' | 'partial'): HandlerResult {
    const format = contentFormat(req.message);
    if (format === undefined || !SUPPORTED_FORMATS.has(format)) return { code: '4.15' };
    const isLifetime = path.objectId === 1 && path.instanceId === this.serverInstance;
    const before = this.lifetime;
    if (isLifetime && path.resourceId === 1 && this.faults.has('reject-lifetime-write')) return { code: '4.05' };
    const records = decodeContent(format, path, req.message.payload, this.store.registry);
    this.store.write(path, records, mode);
    if (isLifetime && this.lifetime !== before && !this.faults.has('no-update-on-lifetime-write')) {
      // A changed lifetime is announced at once with an Update carrying the new lt.
      setImmediate(() => void this.update([`lt=${this.lifetime}`]));
    }
    return { code: '2.04' };
  }

  private execute(path: LwM2MPath, req: IncomingRequest): HandlerResult {
    const def = this.store.definition(path.objectId!, path.resourceId!);
    if (!def || !this.store.has(LwM2MPath.parse(`/${path.objectId}/${path.instanceId}`))) return { code: '4.04' };
    if (def.operations !== 'E') return { code: '4.05' };
    const key = `${path.objectId}/${path.resourceId}`;
    if (path.objectId === 1 && path.instanceId === this.serverInstance && key === '1/8') {
      if (!this.faults.has('ignore-update-trigger')) {
        const params = this.faults.has('update-trigger-with-params') ? [`lt=${this.lifetime}`, 'b=U'] : [];
        setImmediate(() => void this.update(params));
      }
    } else if (path.objectId === 1 && key === '1/4') {
      setImmediate(() => void this.disable());
    } else if (key === '3/4') {
      setImmediate(() => void this.reboot());
    }
    void req;
    return { code: '2.04' };
  }

  private async disable(): Promise<void> {
    const timeout = Number(this.store.get(1, this.serverInstance, 5) ?? 86400n);
    if (this.faults.has('no-deregister-on-disable')) {
      clearTimeout(this.updateTimer);
    } else {
      await this.deregister().catch((e: Error) => this.log(`De-register failed: ${e.message}`));
    }
    this.log(`disabled for ${timeout} s`);
    clearTimeout(this.reRegisterTimer);
    this.reRegisterTimer = setTimeout(() => void this.register(), timeout * 1000);
    this.reRegisterTimer.unref();
  }

  private async reboot(): Promise<void> {
    clearTimeout(this.updateTimer);
    this.location = undefined;
    this.log('rebooting');
    if (!this.faults.has('no-reregister-after-reboot')) await this.register();
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
