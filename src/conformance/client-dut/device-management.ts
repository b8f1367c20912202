/**
 * Device Management & Service Enablement operations of a client-DUT session (ETS int-2xx):
 * Read, Write, Execute, Create, Delete, Discover, Write-Attributes and the composite operations
 * sent by the Test Server to the registered client. A missing answer is the DUT's failure in the
 * step that sent the request; the content is judged in checks/. "/1/x" in a path stands for the
 * Test Server's own Server object instance, whatever its ID.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import { Method, contentFormat } from '../../coap/message';
import { decodeContent, encodeComposite, encodeContent, encodePathList, type ResourceRecord } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import { LwM2MPath } from '../../lwm2m/path';
import { PreconditionFailure } from '../failures';
import { DEVICE_RESOURCES } from '../checks/device';
import { parseFeatureValue, type Expected } from '../checks/values';
import type { RdEvent } from '../../peers/test-server';
import type { ClientDutSession } from './session';

export class DeviceManagementOperations {
  constructor(private readonly session: ClientDutSession) {}

  private async registered() {
    return this.session.registration.ensureRegistered();
  }

  /** The path with "/1/x" replaced by the Test Server's Server instance. */
  async resolve(path: string): Promise<string> {
    if (!/^\/1\/x(\/|$)/.test(path)) return path;
    return path.replace(/^\/1\/x/, `/1/${await this.session.registration.serverInstance()}`);
  }

  private async send(what: string, spec: { method: string; path: string; payload?: Buffer; contentFormat?: number; accept?: number }) {
    const reg = await this.registered();
    return this.session.request(() => this.session.server.send(reg, spec), what);
  }

  /** A Read (CoAP GET), with an Accept option when a format is asked for. */
  async read(path: string, accept?: number): Promise<IncomingResponse> {
    const reg = await this.registered();
    const target = await this.resolve(path);
    return this.session.request(() => this.session.server.read(reg, target, accept), `the Read of ${target}`);
  }

  /** Reads each path in turn, in the same format. */
  async readEach(paths: string[], accept?: number): Promise<[string, IncomingResponse][]> {
    const out: [string, IncomingResponse][] = [];
    for (const path of paths) out.push([await this.resolve(path), await this.read(path, accept)]);
    return out;
  }

  /**
   * Reads and decodes what the client holds under `path` now (in the format it chooses), for a
   * precondition such as "the Test Server has saved /1/x": anything but a readable 2.05 is INCONC.
   */
  async snapshot(path: string): Promise<ResourceRecord[]> {
    const target = await this.resolve(path);
    const res = await this.read(target);
    if (res.message.code !== '2.05') throw new PreconditionFailure(`a readable ${target} to save`, `it was answered ${res.message.code}`);
    try {
      return decodeContent(contentFormat(res.message) ?? 0, LwM2MPath.parse(target), res.message.payload, this.session.registry);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      throw new PreconditionFailure(`a readable ${target} to save`, `its content could not be decoded: ${e.message}`);
    }
  }

  /** Executes a resource, e.g. /3/0/4 (Reboot), with optional arguments. */
  async execute(path: string, args?: string): Promise<IncomingResponse> {
    const reg = await this.registered();
    const target = await this.resolve(path);
    return this.session.request(() => this.session.server.execute(reg, target, args), `the Execute of ${target}`);
  }

  /** A Write: replace (PUT) or partial update (POST) with an encoded payload. */
  async write(path: string, payload: Buffer, format: number, mode: 'replace' | 'partial' = 'replace'): Promise<IncomingResponse> {
    const reg = await this.registered();
    const target = await this.resolve(path);
    return this.session.request(() => this.session.server.write(reg, target, payload, format, mode), `the Write of ${target}`);
  }

  /** A Write of typed records, encoded in `format` for the target path. */
  async writeRecords(path: string, records: ResourceRecord[], format: number, mode: 'replace' | 'partial'): Promise<IncomingResponse> {
    const target = LwM2MPath.parse(await this.resolve(path));
    return this.write(String(target), encodeContent(format, target, records, this.session.registry), format, mode);
  }

  /** A Create (CoAP POST on an object) of one instance; the records name the instance or, at /o, leave it to the client. */
  async create(objectPath: string, records: ResourceRecord[], format: number): Promise<IncomingResponse> {
    const target = LwM2MPath.parse(objectPath);
    const payload = encodeContent(format, target, records, this.session.registry);
    return this.send(`the Create on ${objectPath}`, { method: Method.POST, path: objectPath, payload, contentFormat: format });
  }

  async delete(path: string): Promise<IncomingResponse> {
    return this.send(`the Delete of ${path}`, { method: Method.DELETE, path: await this.resolve(path) });
  }

  /** Write-Attributes: a PUT with the attributes as query and no payload ("pmin=10&pmax=200"; "pmin" cancels). */
  async writeAttributes(path: string, query: string): Promise<IncomingResponse> {
    const target = await this.resolve(path);
    return this.send(`the Write-Attributes on ${target}?${query}`, { method: Method.PUT, path: `${target}?${query}` });
  }

  /** A Discover (CoAP GET with Accept: application/link-format), with a query such as "depth=1". */
  async discover(path: string, query?: string): Promise<IncomingResponse> {
    const target = await this.resolve(path);
    return this.send(`the Discover of ${target}`, { method: Method.GET, path: query ? `${target}?${query}` : target, accept: 40 });
  }

  /** Read-Composite: FETCH on the root with the paths in SenML JSON or CBOR, asking for the same format back. */
  async readComposite(paths: string[], format: number): Promise<IncomingResponse> {
    const resolved = await Promise.all(paths.map((p) => this.resolve(p)));
    const payload = encodePathList(
      format,
      resolved.map((p) => LwM2MPath.parse(p)),
    );
    return this.send(`the Read-Composite of ${resolved.join(', ')}`, {
      method: Method.FETCH,
      path: '/',
      payload,
      contentFormat: format,
      accept: format,
    });
  }

  /** Write-Composite: iPATCH on the root with records at absolute paths. */
  async writeComposite(records: ResourceRecord[], format: number): Promise<IncomingResponse> {
    const payload = encodeComposite(format, records, this.session.registry);
    return this.send(`the Write-Composite of ${records.map((r) => String(r.path)).join(', ')}`, {
      method: Method.iPATCH,
      path: '/',
      payload,
      contentFormat: format,
    });
  }

  /** Typed records from a feature table of `path | value` rows (types from the object definitions). */
  async records(rows: string[][]): Promise<ResourceRecord[]> {
    const out: ResourceRecord[] = [];
    for (const [path, value] of rows) out.push(parseFeatureValue(value, LwM2MPath.parse(await this.resolve(path)), this.session.registry));
    return out;
  }

  /**
   * Expected values from a feature table: a value, "(any)" for present with any value,
   * "(declared)" for the Device resource value the DUT profile declares, "(lifetime)" for the
   * registration lifetime this run uses.
   */
  async expectations(rows: string[][]): Promise<Expected[]> {
    const out: Expected[] = [];
    for (const [shown, value] of rows) {
      const path = LwM2MPath.parse(await this.resolve(shown));
      if (value === '(any)') out.push({ path });
      else if (value === '(declared)') {
        const declared = DEVICE_RESOURCES.find((d) => d.path === String(path))?.declared(this.session.profile.declared.device ?? {});
        out.push(declared === undefined ? { path } : { path, value: declared });
      } else if (value === '(lifetime)') out.push({ path, value: BigInt(this.session.timers.lifetime) });
      else out.push(parseFeatureValue(value, path, this.session.registry));
    }
    return out;
  }

  /** Waits for the Update that announces a written lifetime (TS Core: Update when lt changes). */
  lifetimeUpdate(after: number, lifetime: bigint): Promise<RdEvent> {
    const registration = this.session.registration;
    return this.session.untilDutExits(
      this.session.server.events.waitFor((e) => e.kind === 'update' && e.request?.query.get('lt') === String(lifetime), {
        after,
        timeoutMs: registration.promptMs(Number(lifetime)),
        what: `an Update carrying lt=${lifetime}`,
      }),
      `an Update carrying lt=${lifetime}`,
    );
  }

  /** The instances of an object the client registered, for an object-level Read (none for other levels). */
  registeredInstances(path: string): number[] | undefined {
    const target = LwM2MPath.parse(path);
    if (target.depth !== 1) return undefined;
    return this.session.registration.current?.objects.objects.find((o) => o.objectId === target.objectId)?.instances;
  }

  /** Creates again each saved instance of an object (restoring what a Delete case removed). */
  async recreate(objectPath: string, saved: ResourceRecord[], format: number): Promise<void> {
    for (const iid of [...new Set(saved.map((r) => r.path.instanceId!))]) {
      await this.create(
        objectPath,
        saved.filter((r) => r.path.instanceId === iid && this.writable(r)),
        format,
      );
    }
  }

  private writable(r: ResourceRecord): boolean {
    return this.session.registry.resource(r.path.objectId!, r.path.resourceId!)?.operations.includes('W') ?? false;
  }
}
