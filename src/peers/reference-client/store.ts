/**
 * The reference client's data: object instances with typed resource values, checked against
 * the object definitions (types, operations, single/multiple) of the object registry.
 */
import type { ObjectRegistry, ResourceDefinition } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import type { ResourceRecord, ResourceValue } from '../../lwm2m/content';

type Stored = { kind: 'single'; value: ResourceValue } | { kind: 'multiple'; values: Map<number, ResourceValue> };
type Instance = Map<number, Stored>;

export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ObjectStore {
  private readonly objects = new Map<number, Map<number, Instance>>();

  constructor(readonly registry: ObjectRegistry) {}

  /** Creates or replaces an instance from `{ resourceId: value | [values] }`. */
  put(objectId: number, instanceId: number, resources: Record<number, ResourceValue | ResourceValue[]>): void {
    const inst: Instance = new Map();
    for (const [rid, v] of Object.entries(resources)) {
      inst.set(
        Number(rid),
        Array.isArray(v) ? { kind: 'multiple', values: new Map(v.map((x, i) => [i, x])) } : { kind: 'single', value: v },
      );
    }
    let obj = this.objects.get(objectId);
    if (!obj) this.objects.set(objectId, (obj = new Map()));
    obj.set(instanceId, inst);
  }

  /** Removes an instance (Bootstrap-Delete); an object left without instances is removed too. */
  deleteInstance(objectId: number, instanceId: number): void {
    this.remove(objectId, instanceId);
    if (this.objects.get(objectId)?.size === 0) this.objects.delete(objectId);
  }

  /** Removes an instance (LwM2M Delete); false when it did not exist. */
  remove(objectId: number, instanceId: number): boolean {
    return this.objects.get(objectId)?.delete(instanceId) ?? false;
  }

  /** Sets one single-instance resource value, whatever its operations (the device itself changes it). */
  set(objectId: number, instanceId: number, resourceId: number, value: ResourceValue): void {
    const inst = this.objects.get(objectId)?.get(instanceId);
    if (!inst) throw new StoreError('4.04', `/${objectId}/${instanceId} does not exist`);
    inst.set(resourceId, { kind: 'single', value });
  }

  objectIds(): number[] {
    return [...this.objects.keys()].sort((a, b) => a - b);
  }

  instanceIds(objectId: number): number[] {
    return [...(this.objects.get(objectId)?.keys() ?? [])].sort((a, b) => a - b);
  }

  definition(objectId: number, resourceId: number): ResourceDefinition | undefined {
    return this.registry.resource(objectId, resourceId);
  }

  has(path: LwM2MPath): boolean {
    const inst = path.instanceId === undefined ? undefined : this.objects.get(path.objectId!)?.get(path.instanceId);
    if (path.depth === 1) return this.objects.has(path.objectId!);
    if (!inst) return false;
    if (path.depth === 2) return true;
    const res = inst.get(path.resourceId!);
    if (!res) return false;
    if (path.depth === 3) return true;
    return res.kind === 'multiple' && res.values.has(path.resourceInstanceId!);
  }

  get(objectId: number, instanceId: number, resourceId: number): ResourceValue | undefined {
    const r = this.objects.get(objectId)?.get(instanceId)?.get(resourceId);
    return r?.kind === 'single' ? r.value : undefined;
  }

  /**
   * Sets a resource from inside the client (a sensor reading, a state change), whatever the
   * operations a server may use on it. The instance must exist.
   */
  update(objectId: number, instanceId: number, resourceId: number, value: ResourceValue | ResourceValue[]): void {
    const inst = this.objects.get(objectId)?.get(instanceId);
    if (!inst) throw new StoreError('4.04', `/${objectId}/${instanceId} does not exist`);
    inst.set(
      resourceId,
      Array.isArray(value) ? { kind: 'multiple', values: new Map(value.map((x, i) => [i, x])) } : { kind: 'single', value },
    );
  }

  /** Readable values under a path, flattened to resource / resource-instance records. */
  read(path: LwM2MPath): ResourceRecord[] {
    if (!this.has(path)) throw new StoreError('4.04', `${path} does not exist`);
    const out: ResourceRecord[] = [];
    const instances = path.depth === 1 ? this.instanceIds(path.objectId!) : [path.instanceId!];
    for (const iid of instances) {
      const inst = this.objects.get(path.objectId!)!.get(iid)!;
      const rids = path.depth >= 3 ? [path.resourceId!] : [...inst.keys()].sort((a, b) => a - b);
      for (const rid of rids) {
        const def = this.definition(path.objectId!, rid);
        if (!def || !def.operations.includes('R')) {
          if (path.depth >= 3) throw new StoreError('4.05', `${path} is not readable`);
          continue;
        }
        const stored = inst.get(rid)!;
        const base = `/${path.objectId}/${iid}/${rid}`;
        if (stored.kind === 'single') out.push({ path: LwM2MPath.parse(base), type: def.type, value: stored.value });
        else {
          for (const [riid, v] of [...stored.values].sort((a, b) => a[0] - b[0])) {
            if (path.depth === 4 && riid !== path.resourceInstanceId) continue;
            out.push({ path: LwM2MPath.parse(`${base}/${riid}`), type: def.type, value: v });
          }
        }
      }
    }
    return out;
  }

  /**
   * Applies decoded records. `replace` replaces a whole instance or resource; `partial` updates
   * only the given resources (LwM2M Write with POST).
   */
  write(target: LwM2MPath, records: ResourceRecord[], mode: 'replace' | 'partial', opts: { bootstrap?: boolean } = {}): void {
    if (target.depth < 2) throw new StoreError('4.05', `Write on ${target} is not supported`);
    // A Bootstrap-Write creates the instance and may write any resource (LwM2M TS 5.2.7.4).
    if (opts.bootstrap && !this.objects.get(target.objectId!)?.has(target.instanceId!)) this.put(target.objectId!, target.instanceId!, {});
    const inst = this.objects.get(target.objectId!)?.get(target.instanceId!);
    if (!inst) throw new StoreError('4.04', `${target} does not exist`);
    for (const r of records) {
      const def = this.definition(target.objectId!, r.path.resourceId!);
      if (!def) throw new StoreError('4.04', `${r.path} is not defined`);
      if (!opts.bootstrap && !def.operations.includes('W')) throw new StoreError('4.05', `${r.path} is not writable`);
    }
    if (mode === 'replace' && target.depth === 3) inst.delete(target.resourceId!);
    // A replace of an instance replaces its writable resources; read-only ones stay.
    if (mode === 'replace' && target.depth === 2) {
      for (const rid of [...inst.keys()]) if (this.definition(target.objectId!, rid)?.operations.includes('W')) inst.delete(rid);
    }
    for (const r of records) {
      const rid = r.path.resourceId!;
      const def = this.definition(target.objectId!, rid)!;
      if (def.multiple) {
        let cur = inst.get(rid);
        if (!cur || cur.kind !== 'multiple') inst.set(rid, (cur = { kind: 'multiple', values: new Map() }));
        if (r.path.resourceInstanceId !== undefined) cur.values.set(r.path.resourceInstanceId, r.value);
      } else {
        inst.set(rid, { kind: 'single', value: r.value });
      }
    }
  }

  /** Sets a value whatever the resource's operations (faults that let a read-only write through). */
  force(r: ResourceRecord): void {
    const inst = this.objects.get(r.path.objectId!)?.get(r.path.instanceId!);
    if (!inst) return;
    if (r.path.resourceInstanceId === undefined) inst.set(r.path.resourceId!, { kind: 'single', value: r.value });
    else {
      const cur = inst.get(r.path.resourceId!);
      if (cur?.kind === 'multiple') cur.values.set(r.path.resourceInstanceId, r.value);
    }
  }

  /** The lowest free instance ID of an object (for a Create that leaves the choice to the client). */
  nextInstanceId(objectId: number): number {
    const used = new Set(this.instanceIds(objectId));
    let id = 0;
    while (used.has(id)) id++;
    return id;
  }

  /** Creates an instance from decoded records (Create); the caller checked that it is new. */
  create(objectId: number, instanceId: number, records: ResourceRecord[]): void {
    this.put(objectId, instanceId, {});
    this.write(LwM2MPath.of(objectId, instanceId), records, 'partial');
  }

  delete(objectId: number, instanceId: number): void {
    this.objects.get(objectId)?.delete(instanceId);
  }
}
