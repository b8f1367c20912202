import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeContent, encodeContent, ContentFormat, instanceIdInCreate } from '../../src/lwm2m/content';
import { LwM2MPath } from '../../src/lwm2m/path';
import { DecodeError } from '../../src/lwm2m/errors';
import { registry, instanceOf, TEST_OBJECTS } from './arbitraries';
import { DEVICE_3_0 as deviceRecords } from './examples';

const TLV = ContentFormat.TLV;
const P = LwM2MPath.parse;
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// LwM2M TS Core 1.0 §6.4.3.1 (1.1 §7.4.3.1): Read on /3/0 of the Device object, 121 bytes.
const DEVICE_3_0 = hex(`
  C8 00 14 4F 70 65 6E 20 4D 6F 62 69 6C 65 20 41 6C 6C 69 61 6E 63 65
  C8 01 16 4C 69 67 68 74 77 65 69 67 68 74 20 4D 32 4D 20 43 6C 69 65 6E 74
  C8 02 09 33 34 35 30 30 30 31 32 33
  C3 03 31 2E 30
  86 06 41 00 01 41 01 05
  88 07 08 42 00 0E D8 42 01 13 88
  87 08 41 00 7D 42 01 03 84
  C1 09 64
  C1 0A 0F
  83 0B 41 00 00
  C4 0D 51 82 42 8F
  C6 0E 2B 30 32 3A 30 30
  C1 10 55`);

test('spec example: Device /3/0 decodes to the documented values', () => {
  assert.equal(DEVICE_3_0.length, 121);
  assert.deepEqual(decodeContent(TLV, P('/3/0'), DEVICE_3_0, registry), deviceRecords);
});

test('spec example: the encoder produces the same 121 bytes', () => {
  assert.deepEqual(encodeContent(TLV, P('/3/0'), deviceRecords as never, registry), DEVICE_3_0);
});

test('spec example wrapped in its Object Instance TLV (08 00 79) is accepted for /3/0 and /3', () => {
  const wrapped = Buffer.concat([hex('08 00 79'), DEVICE_3_0]);
  assert.deepEqual(decodeContent(TLV, P('/3/0'), wrapped, registry), deviceRecords);
  assert.deepEqual(decodeContent(TLV, P('/3'), wrapped, registry), deviceRecords);
  assert.deepEqual(encodeContent(TLV, P('/3'), deviceRecords as never, registry), wrapped);
});

test('single resource, multiple resource, resource instance', () => {
  assert.deepEqual(decodeContent(TLV, P('/3/0/9'), hex('C1 09 64'), registry), [{ path: P('/3/0/9'), type: 'integer', value: 100n }]);
  assert.deepEqual(
    decodeContent(TLV, P('/3/0/7'), hex('88 07 08 42 00 0E D8 42 01 13 88'), registry).map((r) => r.value),
    [3800n, 5000n],
  );
  assert.deepEqual(decodeContent(TLV, P('/3/0/7/1'), hex('42 01 13 88'), registry), [
    { path: P('/3/0/7/1'), type: 'integer', value: 5000n },
  ]);
  assert.deepEqual(encodeContent(TLV, P('/3/0/7/1'), [{ path: P('/3/0/7/1'), type: 'integer', value: 5000n }]), hex('42 01 13 88'));
  // An empty multiple resource still says so (the model knows /3/0/11 is multiple).
  assert.deepEqual(encodeContent(TLV, P('/3/0/11'), [], registry), hex('80 0B'));
  assert.deepEqual(decodeContent(TLV, P('/3/0/11'), hex('80 0B'), registry), []);
});

test('every data type: widths, signs, 64-bit limits', () => {
  const cases: Array<[string, string, unknown, string]> = [
    ['/3442/0/120', 'integer', -1n, 'C1 78 FF'],
    ['/3442/0/120', 'integer', 128n, 'C2 78 00 80'],
    ['/3442/0/120', 'integer', -(2n ** 63n), 'C8 78 08 80 00 00 00 00 00 00 00'],
    ['/3442/0/125', 'unsignedInteger', 2n ** 64n - 1n, 'C8 7D 08 FF FF FF FF FF FF FF FF'],
    ['/3442/0/125', 'unsignedInteger', 255n, 'C1 7D FF'],
    ['/3442/0/130', 'float', 1.5, 'C4 82 3F C0 00 00'],
    ['/3442/0/130', 'float', 0.1, 'C8 82 08 3F B9 99 99 99 99 99 9A'],
    ['/3442/0/140', 'boolean', true, 'C1 8C 01'],
    ['/3442/0/150', 'opaque', Buffer.from([1, 2]), 'C2 96 01 02'],
    ['/3442/0/160', 'time', 1700000000n, 'C4 A0 65 53 F1 00'],
    ['/3442/0/170', 'objlnk', { objectId: 3, instanceId: 0 }, 'C4 AA 00 03 00 00'],
    ['/3442/0/180', 'corelnk', '</3442>', 'C7 B4 3C 2F 33 34 34 32 3E'],
  ];
  for (const [p, type, value, bytes] of cases) {
    const rec = [{ path: P(p), type, value }] as never;
    assert.equal(encodeContent(TLV, P(p), rec, registry).toString('hex'), hex(bytes).toString('hex'), `${p} ${type}`);
    assert.deepEqual(decodeContent(TLV, P(p), hex(bytes), registry), rec, `${p} ${type}`);
  }
  // Resource IDs above 255 use the 16-bit identifier.
  assert.deepEqual(encodeContent(TLV, P('/3442/0/1110/0'), [{ path: P('/3442/0/1110/0'), type: 'string', value: 'a' }]), hex('41 00 61'));
  assert.deepEqual(
    encodeContent(TLV, P('/3442/0/1110'), [{ path: P('/3442/0/1110/0'), type: 'string', value: 'a' }]),
    hex('A3 04 56 41 00 61'),
  );
});

test('without a model, values come back as opaque bytes', () => {
  assert.deepEqual(decodeContent(TLV, P('/9999/0'), hex('C1 01 2A 83 02 41 00 07')), [
    { path: P('/9999/0/1'), type: 'opaque', value: Buffer.from([42]) },
    { path: P('/9999/0/2/0'), type: 'opaque', value: Buffer.from([7]) },
  ]);
});

const malformed: Array<[string, string, string, number | undefined, RegExp]> = [
  ['length past the end', '/3/0', 'C8 00 14 4F 70', 0, /value of 20 byte\(s\) within the payload, got only 2/],
  ['truncated header', '/3/0', 'C8 00', 0, /2 header byte\(s\) after the type byte 0xc8/],
  ['child runs past its container', '/3/0/7', '88 07 04 43 00 0E D8', 3, /within the enclosing TLV/],
  ['bytes left over in a container', '/3/0/7', '88 07 05 42 00 0E D8 00', 7, /header byte/],
  ['resource TLV for a multiple resource', '/3/0', 'C1 07 01', 0, /Multiple Resource TLV \(10\).*multiple-instance/],
  ['multiple TLV for a single resource', '/3/0', '83 09 41 00 64', 0, /Resource with Value TLV \(11\).*single-instance/],
  [
    'object instance inside an instance',
    '/3',
    '08 00 02 00 00',
    3,
    /Resource with Value \(11\) or Multiple Resource \(10\), got Object Instance/,
  ],
  ['resource instance at top of /3/0', '/3/0', '41 00 01', 0, /Resource with Value \(11\) or Multiple Resource \(10\)/],
  ['integer of 3 bytes', '/3/0/9', 'C3 09 00 00 64', 2, /integer of 1, 2, 4, 8 bytes, got 3/],
  ['boolean byte 2', '/3442/0/140', 'C1 8C 02', 2, /boolean byte 0 or 1, got 0x02/],
  ['float of 2 bytes', '/3442/0/130', 'C2 82 3F C0', 2, /float of 4, 8 bytes/],
  ['invalid UTF-8 in a string', '/3/0/0', 'C2 00 C3 28', 2, /valid UTF-8/],
  ['resource id differs from the path', '/3/0/9', 'C1 0A 64', 0, /identifier 9/],
  ['two TLVs for one resource', '/3/0/9', 'C1 09 64 C1 09 64', 3, /exactly one resource TLV, got 2/],
  ['the same resource twice', '/3/0', 'C1 09 64 C1 09 63', undefined, /each path at most once/],
  ['length bits set with a length field', '/3/0', 'C9 00 01 41', 0, /bits 2-0/],
  ['objlnk of 2 bytes', '/3442/0/170', 'C2 AA 00 03', 2, /object link of 4 bytes/],
  ['TLV on the root path', '/', 'C1 09 64', undefined, /root path/],
];
for (const [name, path, bytes, offset, why] of malformed) {
  test(`rejects: ${name}`, () => {
    assert.throws(
      () => decodeContent(TLV, P(path), hex(bytes), registry),
      (e: unknown) => e instanceof DecodeError && e.offset === offset && why.test(e.message),
    );
  });
}

test('round trip for random instances of the test and core objects', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...TEST_OBJECTS).chain((o) => instanceOf(o, 0)),
      (records) => {
        if (records.length === 0) return;
        const path = P(`/${records[0].path.objectId}/0`);
        assert.deepEqual(decodeContent(TLV, path, encodeContent(TLV, path, records, registry), registry), records);
      },
    ),
    { numRuns: 300 },
  );
});

test('Create: the instance the payload names, or none', () => {
  const o = P('/3442');
  assert.equal(instanceIdInCreate(TLV, o, hex('C3 6E 61 62 63'), registry), undefined);
  assert.deepEqual(decodeContent(TLV, P('/3442/7'), hex('C3 6E 61 62 63'), registry), [
    { path: P('/3442/7/110'), type: 'string', value: 'abc' },
  ]);
  assert.equal(instanceIdInCreate(TLV, o, hex('08 05 05 C3 6E 61 62 63'), registry), 5);
  assert.deepEqual(decodeContent(TLV, P('/3442/5'), hex('08 05 05 C3 6E 61 62 63'), registry), [
    { path: P('/3442/5/110'), type: 'string', value: 'abc' },
  ]);
  assert.throws(() => instanceIdInCreate(TLV, o, hex('08 05 00 08 06 00'), registry), /one Object Instance TLV, or resource TLVs only/);
  assert.throws(() => instanceIdInCreate(TLV, o, hex('08 05 00 C1 00 01'), registry), DecodeError);
  assert.equal(instanceIdInCreate(ContentFormat.SENML_JSON, o, Buffer.from('[{"bn":"/3442/2/","n":"110","vs":"a"}]'), registry), 2);
  assert.throws(
    () =>
      instanceIdInCreate(ContentFormat.SENML_JSON, o, Buffer.from('[{"n":"/3442/2/110","vs":"a"},{"n":"/3442/3/110","vs":"b"}]'), registry),
    /resources of one new instance/,
  );
  assert.throws(() => instanceIdInCreate(TLV, P('/3442/1'), hex('C3 6E 61 62 63'), registry), /a Create on an object path/);
});
