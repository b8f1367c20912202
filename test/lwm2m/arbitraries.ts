// fast-check generators of object instances that are valid under the bundled model.
import fc from 'fast-check';
import { ObjectRegistry, type ResourceType } from '../../src/lwm2m/model';
import { LwM2MPath } from '../../src/lwm2m/path';
import type { ResourceRecord, ResourceValue } from '../../src/lwm2m/content';
import { INT64_MAX, INT64_MIN, UINT64_MAX } from '../../src/lwm2m/values';

export const registry = ObjectRegistry.bundled();

export function valueOf(type: ResourceType): fc.Arbitrary<ResourceValue> {
  switch (type) {
    case 'integer':
    case 'time':
      return fc.bigInt({ min: INT64_MIN, max: INT64_MAX });
    case 'unsignedInteger':
      return fc.bigInt({ min: 0n, max: UINT64_MAX });
    case 'float':
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d));
    case 'boolean':
      return fc.boolean();
    case 'string':
    case 'corelnk':
      return fc.string({ unit: 'grapheme', maxLength: 12 });
    case 'opaque':
      return fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a));
    case 'objlnk':
      return fc
        .record({ objectId: fc.integer({ min: 0, max: 65535 }), instanceId: fc.integer({ min: 0, max: 65535 }) })
        .map((o) => ({ objectId: o.objectId, instanceId: o.instanceId }));
    case 'none':
      throw new Error('no value for none');
  }
}

/** Records of one instance of `objectId`, every readable typed resource present or not at random. */
export function instanceOf(objectId: number, instanceId?: number): fc.Arbitrary<ResourceRecord[]> {
  const def = registry.get(objectId)!;
  const resources = [...def.resources.values()].filter((r) => r.type !== 'none');
  const iid = instanceId === undefined ? fc.integer({ min: 0, max: 65535 }) : fc.constant(instanceId);
  return iid.chain((i) =>
    fc
      .tuple(
        ...resources.map((r) => {
          const base = LwM2MPath.of(objectId, i, r.id);
          const one = r.multiple
            ? fc
                .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 65535 }), valueOf(r.type)), {
                  selector: (t) => t[0],
                  minLength: 1,
                  maxLength: 3,
                })
                .map((vs) => vs.sort((a, b) => a[0] - b[0]).map(([ri, value]) => ({ path: base.child(ri), type: r.type, value })))
            : valueOf(r.type).map((value) => [{ path: base, type: r.type, value }]);
          return fc.option(one, { nil: [] as ResourceRecord[] });
        }),
      )
      .map((lists) => lists.flat()),
  );
}

/** Objects whose every resource type every format can carry. */
export const TEST_OBJECTS = [3, 3441, 3442, 1];
