import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeContent, encodeContent, ContentFormat } from '../../src/lwm2m/content';
import { LwM2MPath } from '../../src/lwm2m/path';
import type { ResourceType } from '../../src/lwm2m/model';
import { registry, instanceOf, valueOf, TEST_OBJECTS } from './arbitraries';

const INSTANCE_FORMATS = [
  ContentFormat.TLV,
  ContentFormat.SENML_JSON,
  ContentFormat.SENML_CBOR,
  ContentFormat.OMA_JSON,
  ContentFormat.LWM2M_CBOR,
];
const COMPOSITE_FORMATS = [ContentFormat.SENML_JSON, ContentFormat.SENML_CBOR, ContentFormat.LWM2M_CBOR];
const SINGLE_FORMATS = [ContentFormat.TEXT, ContentFormat.CBOR, ...INSTANCE_FORMATS];

for (const format of INSTANCE_FORMATS) {
  test(`decode(encode(x)) == x for random object instances, format ${format}`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TEST_OBJECTS).chain((o) => instanceOf(o)),
        (records) => {
          if (records.length === 0) return;
          const path = records[0].path.parent().depth === 3 ? records[0].path.parent().parent() : records[0].path.parent();
          const bytes = encodeContent(format, path, records, registry);
          assert.deepEqual(decodeContent(format, path, bytes, registry), records);
          // Read on the object: the same records under /o.
          const objPath = LwM2MPath.of(path.objectId!);
          assert.deepEqual(decodeContent(format, objPath, encodeContent(format, objPath, records, registry), registry), records);
        },
      ),
      { numRuns: 100 },
    );
  });
}

for (const format of COMPOSITE_FORMATS) {
  test(`decode(encode(x)) == x for several objects from the root, format ${format}`, () => {
    fc.assert(
      fc.property(fc.tuple(instanceOf(3, 0), instanceOf(3442, 1), instanceOf(1, 0)), (parts) => {
        const records = parts.flat();
        // LwM2M CBOR writes map keys in id order; compare in path order.
        const sorted = (rs: typeof records) => [...rs].sort((a, b) => LwM2MPath.compare(a.path, b.path));
        assert.deepEqual(
          sorted(decodeContent(format, LwM2MPath.root, encodeContent(format, LwM2MPath.root, records, registry), registry)),
          sorted(records),
        );
      }),
      { numRuns: 60 },
    );
  });
}

const PATH_OF: Record<string, string> = {
  string: '/3442/0/110',
  integer: '/3442/0/120',
  unsignedInteger: '/3442/0/125',
  float: '/3442/0/130',
  boolean: '/3442/0/140',
  opaque: '/3442/0/150',
  time: '/3442/0/160',
  objlnk: '/3442/0/170',
  corelnk: '/3442/0/180',
};
for (const format of SINGLE_FORMATS) {
  test(`single resource values of every type round trip, format ${format}`, () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...(Object.keys(PATH_OF) as ResourceType[]))
          .chain((t) => valueOf(t).map((value) => ({ path: LwM2MPath.parse(PATH_OF[t]), type: t, value }))),
        (rec) => {
          assert.deepEqual(decodeContent(format, rec.path, encodeContent(format, rec.path, [rec], registry), registry), [rec]);
        },
      ),
      { numRuns: 200 },
    );
  });
}
