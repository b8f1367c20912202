/**
 * The reference client's side of the Device Management & Service Enablement interface: Read,
 * Discover, Write, Execute on its object store. Faults are switched by name from the registry
 * (faults/device-management.ts).
 */
import { type CoapEndpoint, type IncomingRequest, type HandlerResult, NO_RESPONSE } from '../../coap/endpoint';
import { OptionNumber, accept as acceptOf, contentFormat } from '../../coap/message';
import { LwM2MPath } from '../../lwm2m/path';
import { formatLinks, link } from '../../lwm2m/link-format';
import {
  encodeContent,
  decodeContent,
  decodeComposite,
  decodePathList,
  instanceIdInCreate,
  type ResourceRecord,
} from '../../lwm2m/content';
import { announcedVersion } from './objects/versions';
import { type ObjectStore, StoreError } from './store';
import { AttributeError, formatAttributes, type AttributeStore } from './attributes';
import type { FaultName } from './faults';
import type { ObjectBehaviours } from './objects/behaviour';

export const FORMAT = {
  text: 0,
  link: 40,
  opaque: 42,
  cbor: 60,
  senmlJson: 110,
  senmlCbor: 112,
  tlv: 11542,
  json: 11543,
  lwm2mCbor: 11544,
} as const;
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
  /** Notification attributes per server (Write-Attributes, shown by Discover). */
  attributes: AttributeStore;
  /** The lifetime the client started with (fault stale-lifetime-reads). */
  initialLifetime: bigint;
  /** Side effects of writes and executes on the registration. */
  onLifetimeChanged: () => void;
  onExecute: (key: 'update-trigger' | 'disable' | 'reboot') => HandlerResult | undefined;
  /** What objects such as /5 and /7 do on Read, Write and Execute (objects/*.ts). */
  behaviours?: ObjectBehaviours;
}

export class DeviceManagement {
  /** Instances present at start (fault discover-misses-created-instances). */
  private readonly initialInstances: Set<string>;
  private lifetimeAnnounced = false;

  constructor(private readonly ctx: DeviceManagementContext) {
    const store = ctx.store;
    this.initialInstances = new Set(store.objectIds().flatMap((o) => store.instanceIds(o).map((i) => `${o}/${i}`)));
  }

  private has(fault: FaultName): boolean {
    return this.ctx.faults.has(fault);
  }

  read(path: LwM2MPath, req: IncomingRequest): HandlerResult {
    const store = this.ctx.store;
    // The Security object is not for servers (TS Core §E.1: no access for a Server).
    if (path.objectId === 0 && !this.has('security-readable')) return { code: '4.01' };
    if (path.depth === 2 && this.has('malformed-read-response')) {
      // A piggybacked 2.05 whose Content-Format option announces 2 bytes but carries none.
      const head = Buffer.from([0x60 | req.message.token.length, 0x45, req.message.messageId >> 8, req.message.messageId & 0xff]);
      void this.ctx.coap().sendBytes(req.peer, Buffer.concat([head, req.message.token, Buffer.from([0xc2])]));
      return NO_RESPONSE;
    }
    this.ctx.behaviours?.of(path.objectId)?.beforeRead?.(path);
    const accept = acceptOf(req.message);
    if (accept === FORMAT.link) {
      const depth = this.depthOf(req);
      if (depth === 'bad') return { code: '4.00', payload: Buffer.from('depth must be 0, 1, 2 or 3') };
      const text = depth === undefined ? this.discover(path) : this.discoverToDepth(path, depth);
      return { code: '2.05', contentFormat: FORMAT.link, payload: Buffer.from(text) };
    }
    if (path.depth >= 3 && store.definition(path.objectId!, path.resourceId!)?.operations === 'E')
      return this.has('read-executable-answered')
        ? { code: '2.05', contentFormat: FORMAT.text, payload: Buffer.alloc(0) }
        : { code: '4.05' };
    let records = this.served(store.read(path));
    // One value: a single-instance resource, or (TS 1.1 §7.4) one resource instance.
    const single = records.length === 1 && ((path.depth === 3 && records[0].path.depth === 3) || path.depth === 4);
    const preferred = single ? FORMAT.text : this.ctx.lwm2mVersion === '1.0' ? FORMAT.tlv : FORMAT.senmlCbor;
    const format = accept ?? (this.has('default-format-undeclared') ? FORMAT.lwm2mCbor : preferred);
    const fits = SUPPORTED_FORMATS.has(format) || format === FORMAT.lwm2mCbor;
    if (!fits || ((format === FORMAT.text || format === FORMAT.cbor || format === FORMAT.opaque) && !single)) return { code: '4.06' };
    if (accept === FORMAT.senmlCbor && this.has('senml-cbor-refused')) return { code: '4.06' };
    if (accept === FORMAT.cbor && this.has('cbor-refused')) return { code: '4.06' };
    if (path.depth === 1 && this.has('omit-mandatory-resources')) {
      records = records.filter(
        (r) => !(r.path.objectId === 3 && r.path.resourceId === 16) && !(r.path.objectId === 1 && r.path.resourceId === 7),
      );
    }
    let at = path;
    if (path.depth >= 3 && this.has('read-beyond-path')) {
      at = LwM2MPath.of(path.objectId!, path.instanceId!);
      records = this.served(store.read(at));
    }
    let payload = encodeContent(format, at, records, store.registry);
    if (format === FORMAT.tlv && this.has('tlv-length-overrun')) payload = Buffer.concat([payload.subarray(0, payload.length - 1)]);
    const announced =
      format === FORMAT.text && this.has('text-wrong-content-format')
        ? FORMAT.opaque
        : format === FORMAT.senmlJson && this.has('senml-announced-as-json')
          ? 50
          : format;
    return { code: '2.05', contentFormat: announced, payload };
  }

  /** The values a Read shows: the store's, or what a value fault puts in their place. */
  private served(records: ResourceRecord[]): ResourceRecord[] {
    const lifetime = this.ctx.initialLifetime;
    return records
      .filter((r) => !(this.has('omit-firmware-version') && r.path.objectId === 3 && r.path.resourceId === 3))
      .map((r) => {
        const key = `${r.path.objectId}/${r.path.resourceId}`;
        if (key === '3/3' && this.has('report-other-firmware-version')) return { ...r, value: '0.9' };
        if (key === '3/16' && this.has('report-other-binding')) return { ...r, value: 'UQ' };
        if (key === '1/1' && this.has('stale-lifetime-reads')) return { ...r, value: lifetime };
        return r;
      });
  }

  private get ssid(): number {
    return Number(this.ctx.store.get(1, this.ctx.serverInstance, 0) ?? 0n);
  }

  /** Attributes set on exactly `path` by this server, as link attributes. */
  private own(path: string): Record<string, number> {
    return formatAttributes(this.ctx.attributes.at(this.ssid, LwM2MPath.parse(path)));
  }

  /**
   * Discover (TS Core, Discover): on an object, the object, its instances and their resources
   * with the attributes of the object and instance levels; on an instance, its resources with
   * theirs; on a resource, the attributes in force there (inherited from the instance and the
   * object) and, from 1.1, its resource instances with their own.
   */
  discover(path: LwM2MPath): string {
    const store = this.ctx.store;
    if (!store.has(path)) throw new StoreError('4.04', `${path} does not exist`);
    const text = path.toString();
    const links = [];
    const resourceLinks = (oid: number, iid: number, withAttributes: boolean) => {
      const records = store.read(LwM2MPath.of(oid, iid));
      // Executable resources hold no value; the client implements every one its objects define.
      const executable = [...(store.registry.get(oid)?.resources.values() ?? [])].filter((d) => d.operations === 'E').map((d) => d.id);
      const rids = [...new Set([...records.map((r) => r.path.resourceId!), ...executable])].sort((a, b) => a - b);
      for (const rid of rids) {
        const resPath = `/${oid}/${iid}/${rid}`;
        const dim = records.filter((x) => x.path.resourceId === rid && x.path.resourceInstanceId !== undefined).length;
        const def = store.definition(oid, rid);
        const shown = withAttributes && !this.has('discover-hides-resource-attributes');
        links.push(
          link(resPath, { ...(def?.multiple && !this.has('discover-without-dim') ? { dim } : {}), ...(shown ? this.own(resPath) : {}) }),
        );
      }
    };
    if (path.depth === 1) {
      const ver = announcedVersion(path.objectId!, this.ctx.faults);
      links.push(link(text, { ...(ver ? { ver } : {}), ...this.own(text) }));
      for (const iid of store.instanceIds(path.objectId!)) {
        if (this.has('discover-misses-created-instances') && !this.initialInstances.has(`${path.objectId}/${iid}`)) continue;
        links.push(link(`${text}/${iid}`, this.own(`${text}/${iid}`)));
        resourceLinks(path.objectId!, iid, false);
      }
    } else if (path.depth === 2) {
      links.push(link(text, this.own(text)));
      resourceLinks(path.objectId!, path.instanceId!, true);
    } else {
      const records = store.definition(path.objectId!, path.resourceId!)?.operations === 'E' ? [] : store.read(path);
      const def = store.definition(path.objectId!, path.resourceId!);
      const instances = records.filter((r) => r.path.resourceInstanceId !== undefined);
      const inherited = this.has('discover-without-inheritance')
        ? this.own(text)
        : formatAttributes(this.ctx.attributes.effective(this.ssid, path));
      if (path.depth === 3) {
        links.push(link(text, { ...(def?.multiple && !this.has('discover-without-dim') ? { dim: instances.length } : {}), ...inherited }));
        if (this.ctx.lwm2mVersion !== '1.0') for (const r of instances) links.push(link(String(r.path), this.own(String(r.path))));
      } else {
        links.push(link(text, this.own(text)));
      }
    }
    return formatLinks(links);
  }

  /** The `depth` of a 1.2 Discover (TS 1.2 Core, Discover); earlier versions know no such parameter. */
  private depthOf(req: IncomingRequest): number | undefined | 'bad' {
    const text = req.query.get('depth');
    if (text === undefined || this.ctx.lwm2mVersion !== '1.2' || this.has('discover-ignores-depth')) return undefined;
    if (!/^[0-3]$/.test(text)) return 'bad';
    return this.has('discover-depth-off-by-one') ? Math.max(0, Number(text) - 1) : Number(text);
  }

  /**
   * Discover with a depth (TS 1.2): the target and the levels below it down to `depth` levels,
   * each link with the attributes set on exactly that level, and dim on multiple resources.
   */
  discoverToDepth(path: LwM2MPath, depth: number): string {
    const store = this.ctx.store;
    if (!store.has(path)) throw new StoreError('4.04', `${path} does not exist`);
    const links: ReturnType<typeof link>[] = [];
    const visit = (at: LwM2MPath, left: number) => {
      const text = String(at);
      const below = this.childrenOf(at);
      const def = at.depth === 3 ? store.definition(at.objectId!, at.resourceId!) : undefined;
      const dim: Record<string, number> = def?.multiple && !this.has('discover-without-dim') ? { dim: below.length } : {};
      links.push(link(text, { ...dim, ...this.own(text) }));
      if (left > 0) for (const child of below) visit(child, left - 1);
    };
    visit(path, depth);
    return formatLinks(links);
  }

  /** The paths one level below `at`: instances, resources (executable ones too), resource instances. */
  private childrenOf(at: LwM2MPath): LwM2MPath[] {
    const store = this.ctx.store;
    const oid = at.objectId!;
    if (at.depth === 1) return store.instanceIds(oid).map((iid) => LwM2MPath.of(oid, iid));
    if (at.depth === 2) {
      const records = store.read(at);
      const executable = [...(store.registry.get(oid)?.resources.values() ?? [])].filter((d) => d.operations === 'E').map((d) => d.id);
      const rids = [...new Set([...records.map((r) => r.path.resourceId!), ...executable])].sort((a, b) => a - b);
      return rids.map((rid) => LwM2MPath.of(oid, at.instanceId!, rid));
    }
    if (at.depth === 3) {
      if (store.definition(oid, at.resourceId!)?.operations === 'E') return [];
      return store
        .read(at)
        .filter((r) => r.path.resourceInstanceId !== undefined)
        .map((r) => r.path);
    }
    return [];
  }

  /** Write-Attributes: a PUT with a query and no payload, kept per server (attributes.ts). */
  writeAttributes(path: LwM2MPath, req: IncomingRequest): HandlerResult {
    if (path.objectId === 0 && !this.has('security-write-attributes')) return { code: '4.01' };
    if (!this.ctx.store.has(path)) return { code: '4.04' };
    if (this.has('refuse-write-attributes')) return { code: '4.05' };
    if (this.has('ignore-write-attributes')) return { code: '2.04' };
    try {
      this.ctx.attributes.write(this.ssid, path, req.query);
    } catch (e) {
      if (e instanceof AttributeError) return { code: '4.00', payload: Buffer.from(e.message) };
      throw e;
    }
    return { code: '2.04' };
  }

  write(path: LwM2MPath, req: IncomingRequest, mode: 'replace' | 'partial'): HandlerResult {
    const store = this.ctx.store;
    if (path.objectId === 0 && !this.has('security-writable')) return { code: '4.01' };
    const format = contentFormat(req.message);
    if (format === undefined || !SUPPORTED_FORMATS.has(format)) return { code: '4.15' };
    const isServer = path.objectId === 1 && path.instanceId === this.ctx.serverInstance;
    if (isServer && path.resourceId === 1 && this.has('reject-lifetime-write')) return { code: '4.05' };
    if (format === FORMAT.text && this.has('refuse-text-writes')) return { code: '4.15' };
    if (format === FORMAT.cbor && this.has('refuse-cbor-writes')) return { code: '4.15' };
    if (mode === 'partial' && path.depth === 2 && this.has('reject-partial-update')) return { code: '4.05' };
    if (path.depth === 4 && this.has('refuse-resource-instance-write')) return { code: '4.05' };
    // TS Core §6.3: an operation the resource does not have is 4.05 (an Execute-only one takes no Write).
    if (path.depth >= 3 && store.definition(path.objectId!, path.resourceId!)?.operations === 'E')
      return { code: this.has('write-executable-accepted') ? '2.04' : '4.05' };
    let records = decodeContent(format, path, req.message.payload, store.registry);
    if (this.has('ignore-timezone-writes')) records = records.filter((r) => !(r.path.objectId === 3 && r.path.resourceId === 15));
    const taken = this.ctx.behaviours?.of(path.objectId)?.write?.(path, records, mode);
    if (taken) return taken;
    if (mode === 'replace' && path.depth === 2 && this.has('replace-ignored')) return { code: '2.04' };
    if (path.depth >= 3 && this.has('write-not-applied') && !records.some((r) => r.path.objectId === 1 && r.path.resourceId === 1))
      return { code: '2.04' };
    if (this.has('ignore-writes-of-defaults')) {
      records = records.filter((r) => !isDefault(r));
      if (records.length === 0) return { code: '2.04' };
      mode = 'partial'; // the left-out values keep what they were
    }
    if (path.objectId === 0) {
      for (const r of records) store.force(r); // fault security-writable: Security resources have no server access
      return { code: '2.04' };
    }
    this.apply(() => store.write(path, records, this.effectiveMode(path, mode)), path, records);
    return { code: '2.04' };
  }

  /** The write mode the client applies: faults turn a partial update into a replace, or the reverse. */
  private effectiveMode(path: LwM2MPath, mode: 'replace' | 'partial'): 'replace' | 'partial' {
    if (path.depth === 2 && mode === 'partial' && this.has('partial-update-replaces')) return 'replace';
    return mode;
  }

  /** Runs a store change, announcing a changed lifetime with an Update (TS: Update when lt changes). */
  private apply(change: () => void, path: LwM2MPath, records: ResourceRecord[]): void {
    const store = this.ctx.store;
    const before = store.get(1, this.ctx.serverInstance, 1);
    const readOnly = records.some((r) => store.definition(r.path.objectId!, r.path.resourceId!)?.operations.includes('W') === false);
    if (readOnly && this.has('read-only-write-applied')) {
      for (const r of records) store.force(r);
      throw new StoreError('4.05', `${path} is not writable`);
    }
    if (readOnly && this.has('allow-read-only-write')) for (const r of records) store.force(r);
    else change();
    const announce =
      !this.has('no-update-on-lifetime-write') && !(this.has('update-only-on-first-lifetime-write') && this.lifetimeAnnounced);
    if (store.get(1, this.ctx.serverInstance, 1) !== before && announce) {
      this.lifetimeAnnounced = true;
      this.ctx.onLifetimeChanged();
    }
  }

  /** Create (POST on an object): 2.01 with the new instance's Location-Path. */
  create(path: LwM2MPath, req: IncomingRequest): HandlerResult {
    const store = this.ctx.store;
    const object = store.registry.get(path.objectId!);
    if (!object) return { code: '4.04' };
    // A single-instance object (e.g. Device /3) holds its one instance for good.
    const refused = !object.multiple && !this.has('allow-device-create');
    if (refused && !this.has('create-applied-but-refused')) return { code: '4.05' };
    if (this.has('refuse-create') && object.multiple) return { code: '4.05' };
    const format = contentFormat(req.message);
    if (format === undefined || !SUPPORTED_FORMATS.has(format)) return { code: '4.15' };
    const named = instanceIdInCreate(format, path, req.message.payload, store.registry);
    const iid = named ?? store.nextInstanceId(path.objectId!);
    if (store.has(LwM2MPath.of(path.objectId!, iid))) return { code: '4.00', payload: Buffer.from(`/${path.objectId}/${iid} exists`) };
    const instancePath = LwM2MPath.of(path.objectId!, iid);
    let records = decodeContent(format, named === undefined ? instancePath : path, req.message.payload, store.registry);
    if (this.has('create-drops-second-value')) records = records.filter((r) => (r.path.resourceInstanceId ?? 0) === 0);
    store.create(path.objectId!, iid, records);
    if (refused) return { code: '4.05' };
    return {
      code: '2.01',
      options: [String(path.objectId), String(iid)].map((v) => ({ number: OptionNumber.LocationPath, value: Buffer.from(v) })),
    };
  }

  /** Delete of an object instance; the Device and Server objects keep theirs (4.05). */
  delete(path: LwM2MPath): HandlerResult {
    const store = this.ctx.store;
    if (path.depth !== 2) return { code: '4.05' };
    const kept = path.objectId === 3 || path.objectId === 1 || path.objectId === 0;
    if (kept && !this.has('allow-device-delete') && !this.has('delete-applied-but-refused')) return { code: '4.05' };
    if (!store.has(path)) return { code: '4.04' };
    if (!kept && this.has('refuse-portfolio-delete')) return { code: '4.05' };
    if (this.has('delete-ignored')) return { code: '2.02' };
    store.delete(path.objectId!, path.instanceId!);
    this.ctx.attributes.clearBelow(path);
    if (!kept && this.has('delete-answers-changed')) return { code: '2.04' };
    return { code: kept && this.has('delete-applied-but-refused') ? '4.05' : '2.02' };
  }

  /** Read-Composite (FETCH, TS 1.1 §6.3.8): the readable data under each listed path; absent ones are left out. */
  readComposite(req: IncomingRequest): HandlerResult {
    const store = this.ctx.store;
    const format = contentFormat(req.message);
    if (format !== FORMAT.senmlJson && format !== FORMAT.senmlCbor) return { code: '4.15' };
    const answer = acceptOf(req.message) ?? format;
    if (answer !== FORMAT.senmlJson && answer !== FORMAT.senmlCbor) return { code: '4.06' };
    const paths = decodePathList(format, req.message.payload);
    if (this.has('composite-fails-on-absent-path') && paths.some((p) => !store.has(p))) return { code: '4.04' };
    const out: ResourceRecord[] = [];
    for (const p of paths) {
      const roots =
        p.depth === 0
          ? store
              .objectIds()
              .filter((o) => o !== 0)
              .map((o) => LwM2MPath.of(o))
          : [p];
      for (const r of roots) {
        if (!store.has(r)) continue;
        try {
          // Overlapping paths (/1/0 and /1/0/1) give each value once.
          for (const rec of this.served(store.read(r))) if (!out.some((o) => o.path.equals(rec.path))) out.push(rec);
        } catch (e) {
          if (!(e instanceof StoreError)) throw e; // a path that is not readable is left out
        }
      }
    }
    if (this.has('composite-includes-security') && paths.some((p) => p.depth === 0)) {
      // Security resources have no server access, so the store's read skips them: take them raw.
      for (const rid of [0, 1, 2]) {
        const value = store.get(0, 0, rid);
        const def = store.definition(0, rid);
        if (value !== undefined && def) out.push({ path: LwM2MPath.of(0, 0, rid), type: def.type, value });
      }
    }
    if (this.has('composite-extra-paths'))
      out.push(...store.read(LwM2MPath.parse('/3/0')).filter((r) => !out.some((o) => o.path.equals(r.path))));
    return { code: '2.05', contentFormat: answer, payload: encodeContent(answer, LwM2MPath.root, out, store.registry) };
  }

  /** Write-Composite (iPATCH, TS 1.1 §6.3.7): every value is checked first, then all are applied as partial updates. */
  writeComposite(req: IncomingRequest): HandlerResult {
    const store = this.ctx.store;
    const format = contentFormat(req.message);
    if (format !== FORMAT.senmlJson && format !== FORMAT.senmlCbor) return { code: '4.15' };
    if (this.has('refuse-write-composite')) return { code: '4.05' };
    const records = decodeComposite(format, req.message.payload, store.registry);
    for (const r of records) {
      const def = store.definition(r.path.objectId!, r.path.resourceId!);
      if (!def || !store.has(LwM2MPath.of(r.path.objectId!, r.path.instanceId!))) return { code: '4.04' };
      if (!def.operations.includes('W')) return { code: '4.05' };
    }
    const applied = this.has('write-composite-skips-last') ? records.slice(0, -1) : records;
    this.apply(
      () => {
        for (const r of applied) store.write(LwM2MPath.of(r.path.objectId!, r.path.instanceId!), [r], 'partial');
      },
      LwM2MPath.root,
      applied,
    );
    return { code: '2.04' };
  }

  execute(path: LwM2MPath, args = ''): HandlerResult {
    const store = this.ctx.store;
    const def = store.definition(path.objectId!, path.resourceId!);
    if (!def || !store.has(LwM2MPath.parse(`/${path.objectId}/${path.instanceId}`))) return { code: '4.04' };
    if (def.operations !== 'E') return { code: '4.05' };
    const acted = this.ctx.behaviours?.of(path.objectId)?.execute?.(path, args);
    if (acted) return acted;
    const key = `${path.objectId}/${path.resourceId}`;
    const own = path.objectId === 1 && path.instanceId === this.ctx.serverInstance;
    if (own && key === '1/8') return this.ctx.onExecute('update-trigger') ?? { code: '2.04' };
    if (own && key === '1/4') return this.ctx.onExecute('disable') ?? { code: '2.04' };
    if (key === '3/4') return this.ctx.onExecute('reboot') ?? { code: '2.04' };
    return { code: '2.04' };
  }
}

/** Values of ETS configuration C.3 (fault ignore-writes-of-defaults keeps these from being written). */
function isDefault(r: ResourceRecord): boolean {
  const key = `${r.path.objectId}/${r.path.resourceId}`;
  return (
    (key === '1/2' && r.value === 1n) ||
    (key === '1/3' && r.value === 10n) ||
    (key === '1/5' && r.value === 86400n) ||
    (key === '1/6' && r.value === false)
  );
}
