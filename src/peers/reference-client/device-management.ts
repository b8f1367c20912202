/**
 * The reference client's side of the Device Management & Service Enablement interface: Read,
 * Discover, Write, Execute on its object store. Faults are switched by name from the registry
 * (faults/device-management.ts).
 */
import { type CoapEndpoint, type IncomingRequest, type HandlerResult, NO_RESPONSE } from '../../coap/endpoint';
import { accept as acceptOf, contentFormat } from '../../coap/message';
import { LwM2MPath } from '../../lwm2m/path';
import { formatLinks, link } from '../../lwm2m/link-format';
import { encodeContent, decodeContent } from '../../lwm2m/content';
import { type ObjectStore, StoreError } from './store';
import type { FaultName } from './faults';

export const FORMAT = { text: 0, link: 40, opaque: 42, cbor: 60, senmlJson: 110, senmlCbor: 112, tlv: 11542, json: 11543 } as const;
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

export interface DeviceManagementContext {
  store: ObjectStore;
  coap: () => CoapEndpoint;
  lwm2mVersion: string;
  faults: ReadonlySet<FaultName>;
  /** The instance of /1 that belongs to the server. */
  serverInstance: number;
  /** Side effects of writes and executes on the registration. */
  onLifetimeChanged: () => void;
  onExecute: (key: 'update-trigger' | 'disable' | 'reboot') => HandlerResult | undefined;
}

export class DeviceManagement {
  constructor(private readonly ctx: DeviceManagementContext) {}

  private has(fault: FaultName): boolean {
    return this.ctx.faults.has(fault);
  }

  read(path: LwM2MPath, req: IncomingRequest): HandlerResult {
    const store = this.ctx.store;
    if (path.objectId === 0) return { code: '4.01' }; // the Security object is not for servers
    if (path.depth === 2 && this.has('malformed-read-response')) {
      // A piggybacked 2.05 whose Content-Format option announces 2 bytes but carries none.
      const head = Buffer.from([0x60 | req.message.token.length, 0x45, req.message.messageId >> 8, req.message.messageId & 0xff]);
      void this.ctx.coap().sendBytes(req.peer, Buffer.concat([head, req.message.token, Buffer.from([0xc2])]));
      return NO_RESPONSE;
    }
    const accept = acceptOf(req.message);
    if (accept === FORMAT.link) return { code: '2.05', contentFormat: FORMAT.link, payload: Buffer.from(this.discover(path)) };
    const records = store.read(path);
    const single = path.depth === 3 && records.length === 1 && records[0].path.depth === 3;
    const preferred = single ? FORMAT.text : this.ctx.lwm2mVersion === '1.0' ? FORMAT.tlv : FORMAT.senmlCbor;
    const format = accept ?? preferred;
    if (!SUPPORTED_FORMATS.has(format) || ((format === FORMAT.text || format === FORMAT.cbor || format === FORMAT.opaque) && !single)) {
      return { code: '4.06' };
    }
    const served = this.has('omit-firmware-version') ? records.filter((r) => !(r.path.objectId === 3 && r.path.resourceId === 3)) : records;
    let payload = encodeContent(format, path, served, store.registry);
    if (format === FORMAT.tlv && this.has('tlv-length-overrun')) payload = Buffer.concat([payload.subarray(0, payload.length - 1)]);
    const announced = format === FORMAT.text && this.has('text-wrong-content-format') ? FORMAT.opaque : format;
    return { code: '2.05', contentFormat: announced, payload };
  }

  discover(path: LwM2MPath): string {
    const store = this.ctx.store;
    if (!store.has(path)) throw new StoreError('4.04', `${path} does not exist`);
    const links = [link(path.toString())];
    const records = path.depth >= 2 ? store.read(path) : [];
    const seen = new Set<string>();
    for (const r of records) {
      const resPath = `/${r.path.objectId}/${r.path.instanceId}/${r.path.resourceId}`;
      if (seen.has(resPath) || resPath === path.toString()) continue;
      seen.add(resPath);
      const def = store.definition(r.path.objectId!, r.path.resourceId!);
      const dim = records.filter((x) => x.path.resourceId === r.path.resourceId && x.path.instanceId === r.path.instanceId).length;
      links.push(link(resPath, def?.multiple ? { dim } : {}));
    }
    if (path.depth === 1) for (const iid of store.instanceIds(path.objectId!)) links.push(link(`/${path.objectId}/${iid}`));
    return formatLinks(links);
  }

  write(path: LwM2MPath, req: IncomingRequest, mode: 'replace' | 'partial'): HandlerResult {
    const store = this.ctx.store;
    const format = contentFormat(req.message);
    if (format === undefined || !SUPPORTED_FORMATS.has(format)) return { code: '4.15' };
    const isServer = path.objectId === 1 && path.instanceId === this.ctx.serverInstance;
    const lifetime = () => store.get(1, this.ctx.serverInstance, 1);
    const before = lifetime();
    if (isServer && path.resourceId === 1 && this.has('reject-lifetime-write')) return { code: '4.05' };
    const records = decodeContent(format, path, req.message.payload, store.registry);
    store.write(path, records, mode);
    if (isServer && lifetime() !== before && !this.has('no-update-on-lifetime-write')) this.ctx.onLifetimeChanged();
    return { code: '2.04' };
  }

  execute(path: LwM2MPath): HandlerResult {
    const store = this.ctx.store;
    const def = store.definition(path.objectId!, path.resourceId!);
    if (!def || !store.has(LwM2MPath.parse(`/${path.objectId}/${path.instanceId}`))) return { code: '4.04' };
    if (def.operations !== 'E') return { code: '4.05' };
    const key = `${path.objectId}/${path.resourceId}`;
    const own = path.objectId === 1 && path.instanceId === this.ctx.serverInstance;
    if (own && key === '1/8') return this.ctx.onExecute('update-trigger') ?? { code: '2.04' };
    if (own && key === '1/4') return this.ctx.onExecute('disable') ?? { code: '2.04' };
    if (key === '3/4') return this.ctx.onExecute('reboot') ?? { code: '2.04' };
    return { code: '2.04' };
  }
}
