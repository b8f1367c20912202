import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode as cbor2Encode } from 'cbor2';
import { decodeContent, encodeContent, ContentFormat, encodePathList, decodePathList } from '../../src/lwm2m/content';
import { LwM2MPath } from '../../src/lwm2m/path';
import { DecodeError } from '../../src/lwm2m/errors';
import { registry } from './arbitraries';

const { CBOR, SENML_CBOR, LWM2M_CBOR } = ContentFormat;
const P = LwM2MPath.parse;
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const M = (...e: Array<[unknown, unknown]>) => new Map(e);

test('SenML CBOR: Device /3/0 matches an independent encoding of the spec example (RFC 8428 labels)', () => {
  const records = [
    ['/3/0/0', 'string', 'Open Mobile Alliance'],
    ['/3/0/7/0', 'integer', 3800n],
    ['/3/0/7/1', 'integer', 5000n],
    ['/3/0/13', 'time', 1367491215n],
    ['/3/0/16', 'string', 'U'],
  ].map(([p, type, value]) => ({ path: P(p as string), type, value })) as never[];
  // [{-2: "/3/0/", 0: "0", 3: "Open Mobile Alliance"}, {0: "7/0", 2: 3800}, ...] written by cbor2, not by us.
  const expected = Buffer.from(
    cbor2Encode([
      M([-2, '/3/0/'], [0, '0'], [3, 'Open Mobile Alliance']),
      M([0, '7/0'], [2, 3800]),
      M([0, '7/1'], [2, 5000]),
      M([0, '13'], [2, 1367491215]),
      M([0, '16'], [3, 'U']),
    ]),
  );
  assert.equal(encodeContent(SENML_CBOR, P('/3/0'), records, registry).toString('hex'), expected.toString('hex'));
  assert.deepEqual(decodeContent(SENML_CBOR, P('/3/0'), expected, registry), records);
  // The first record by hand: a3 | 21 65 "/3/0/" | 00 61 "0" | 03 74 "Open Mobile Alliance".
  assert.equal(expected.subarray(1, 12).toString('hex'), 'a321652f332f302f006130');
});

test('SenML CBOR: vlo text label, vd byte string, float, boolean, timestamps, indefinite lengths', () => {
  const body = Buffer.from(
    cbor2Encode([
      M([-2, '/3442/0/'], [0, '170'], ['vlo', '3:0']),
      M([0, '150'], [8, new Uint8Array([1, 2])]),
      M([0, '130'], [2, 1.5]),
      M([0, '140'], [4, false]),
      M([0, '125'], [2, 2n ** 64n - 1n]),
    ]),
  );
  assert.deepEqual(
    decodeContent(SENML_CBOR, P('/3442/0'), body, registry).map((r) => r.value),
    [{ objectId: 3, instanceId: 0 }, Buffer.from([1, 2]), 1.5, false, 2n ** 64n - 1n],
  );
  // [_ {_ -2: "/3/0/9", 2: 100}] with indefinite-length array and map.
  assert.deepEqual(decodeContent(SENML_CBOR, P('/3/0/9'), hex('9f bf 21 66 2f332f302f39 02 18 64 ff ff'), registry), [
    { path: P('/3/0/9'), type: 'integer', value: 100n },
  ]);
  const timed = decodeContent(
    SENML_CBOR,
    P('/'),
    Buffer.from(cbor2Encode([M([-2, '/3/0/9'], [-3, 1700000000], [6, 5], [2, 90])])),
    registry,
  );
  assert.equal(timed[0].timestamp, 1700000005);
  assert.deepEqual(decodeContent(SENML_CBOR, P('/'), encodeContent(SENML_CBOR, P('/'), timed, registry), registry), timed);
});

test('SenML CBOR path lists', () => {
  const bytes = encodePathList(SENML_CBOR, [P('/3/0/0'), P('/1')]);
  assert.equal(bytes.toString('hex'), Buffer.from(cbor2Encode([M([0, '/3/0/0']), M([0, '/1'])])).toString('hex'));
  assert.deepEqual(decodePathList(SENML_CBOR, bytes).map(String), ['/3/0/0', '/1']);
});

const senmlCborBad: Array<[string, Buffer, RegExp]> = [
  ['duplicate map key', hex('81 a3 21 65 2f332f302f 00 61 30 00 61 31'), /unique map keys/],
  ['invalid UTF-8 text', hex('81 a2 21 66 2f332f302f30 03 62 c3 28'), /valid UTF-8/],
  ['truncated item', hex('81 a2 21 66 2f33'), /cut short/],
  ['extra bytes', hex('80 00'), /extra bytes/],
  ['text label for n', Buffer.from(cbor2Encode([M(['n', '/3/0/0'], [3, 'a'])])), /integer label 0 for "n"/],
  ['two value fields', Buffer.from(cbor2Encode([M([0, '/3/0/0'], [3, 'a'], [2, 1])])), /exactly one value field/],
  ['vs is bytes', Buffer.from(cbor2Encode([M([0, '/3/0/0'], [3, new Uint8Array([97])])])), /record 0 "vs".*a text string, got byte string/],
  ['not an array', Buffer.from(cbor2Encode(M([0, '/3/0/0']))), /CBOR array of SenML records/],
  ['name not a path', Buffer.from(cbor2Encode([M([-2, '/3/0'], [0, '0'], [3, 'a'])])), /base name \+ name/],
  ['wrong key for type', Buffer.from(cbor2Encode([M([0, '/3/0/9'], [3, '100'])])), /"v" for an integer resource, got "vs"/],
  ['empty payload', Buffer.alloc(0), /empty payload/],
];
for (const [name, bytes, why] of senmlCborBad) {
  test(`SenML CBOR rejects: ${name}`, () => {
    assert.throws(
      () => decodeContent(SENML_CBOR, P('/3/0'), bytes, registry),
      (e: unknown) => e instanceof DecodeError && why.test(e.message),
    );
  });
}

test('LwM2M CBOR: as a real client writes it (indefinite maps, array keys) and as we write it', () => {
  // {[3, 0, 9]: 42} with an indefinite-length map.
  assert.deepEqual(decodeContent(LWM2M_CBOR, P('/3/0/9'), hex('BF 83 03 00 09 18 2A FF'), registry), [
    { path: P('/3/0/9'), type: 'integer', value: 42n },
  ]);
  assert.equal(
    encodeContent(LWM2M_CBOR, P('/3/0/9'), [{ path: P('/3/0/9'), type: 'integer', value: 42n }]).toString('hex'),
    'a1830300091' + '82a',
  );
  // {[3, 0]: {0: "OMA", 7: {0: 3800, 1: 5000}}}
  const inst = [
    { path: P('/3/0/0'), type: 'string', value: 'OMA' },
    { path: P('/3/0/7/0'), type: 'integer', value: 3800n },
    { path: P('/3/0/7/1'), type: 'integer', value: 5000n },
  ] as never[];
  const expected = Buffer.from(cbor2Encode(M([[3, 0], M([0, 'OMA'], [7, M([0, 3800], [1, 5000])])])));
  assert.equal(encodeContent(LWM2M_CBOR, P('/3/0'), inst, registry).toString('hex'), expected.toString('hex'));
  assert.deepEqual(decodeContent(LWM2M_CBOR, P('/3/0'), expected, registry), inst);
  // The same data nested from the root ({3: {0: {...}}}) and split differently ({[3,0,7]: {...}}) is equally valid.
  assert.deepEqual(
    decodeContent(LWM2M_CBOR, P('/3/0'), Buffer.from(cbor2Encode(M([3, M([0, M([0, 'OMA'], [7, M([0, 3800], [1, 5000])])])]))), registry),
    inst,
  );
  assert.deepEqual(
    decodeContent(LWM2M_CBOR, P('/3'), Buffer.from(cbor2Encode(M([[3, 0, 0], 'OMA'], [[3, 0, 7], M([0, 3800], [1, 5000])]))), registry),
    inst,
  );
  // Root: {3: {...}, 3442: {...}} with every type.
  const root = [
    { path: P('/3/0/9'), type: 'integer', value: 100n },
    { path: P('/3442/0/125'), type: 'unsignedInteger', value: 2n ** 64n - 1n },
    { path: P('/3442/0/130'), type: 'float', value: 3 },
    { path: P('/3442/0/150'), type: 'opaque', value: Buffer.from([9]) },
    { path: P('/3442/0/160'), type: 'time', value: 5n },
    { path: P('/3442/0/170'), type: 'objlnk', value: { objectId: 1, instanceId: 2 } },
  ] as never[];
  assert.deepEqual(decodeContent(LWM2M_CBOR, P('/'), encodeContent(LWM2M_CBOR, P('/'), root, registry), registry), root);
  // Time may carry tag 1.
  assert.deepEqual(decodeContent(LWM2M_CBOR, P('/3/0/13'), hex('A1 83 03 00 0D C1 1A 5182428F'), registry)[0].value, 1367491215n);
});

const lwm2mCborBad: Array<[string, string, Buffer, RegExp]> = [
  ['array at top', '/3/0', Buffer.from(cbor2Encode([1])), /CBOR map at the top level/],
  ['text key', '/3/0', Buffer.from(cbor2Encode(M(['dev1', M([3, 1])]))), /id 0\.\.65535/],
  ['id above 65535', '/', Buffer.from(cbor2Encode(M([70000, M([0, M([0, 1])])]))), /id 0\.\.65535 \(unsigned integer\), got integer 70000/],
  ['value at object level', '/3', Buffer.from(cbor2Encode(M([3, 1]))), /nested map under an object/],
  ['five levels', '/', Buffer.from(cbor2Encode(M([[3, 0, 7, 0, 1], 1]))), /at most 4 path levels/],
  [
    'same path twice through different keys',
    '/3/0',
    Buffer.from(cbor2Encode(M([[3, 0, 9], 1], [3, M([0, M([9, 2])])]))),
    /each path at most once/,
  ],
  ['string for an integer', '/3/0', Buffer.from(cbor2Encode(M([[3, 0, 9], '100']))), /a CBOR integer for an integer resource/],
  ['duplicate key', '/3/0', hex('A2 83 03 00 09 01 83 03 00 09 02'), /unique map keys/],
];
for (const [name, path, bytes, why] of lwm2mCborBad) {
  test(`LwM2M CBOR rejects: ${name}`, () => {
    assert.throws(
      () => decodeContent(LWM2M_CBOR, P(path), bytes, registry),
      (e: unknown) => e instanceof DecodeError && why.test(e.message),
    );
  });
}

test('CBOR (60) single values', () => {
  const cases: Array<[string, string, unknown, string]> = [
    ['/3/0/9', 'integer', 100n, '18 64'],
    ['/3442/0/120', 'integer', -(2n ** 63n), '3b 7fffffffffffffff'],
    ['/3442/0/125', 'unsignedInteger', 2n ** 64n - 1n, '1b ffffffffffffffff'],
    ['/3442/0/130', 'float', 1, 'fb 3ff0000000000000'],
    ['/3442/0/140', 'boolean', true, 'f5'],
    ['/3/0/0', 'string', 'OMA', '63 4f4d41'],
    ['/3442/0/150', 'opaque', Buffer.from([1]), '41 01'],
    ['/3442/0/170', 'objlnk', { objectId: 3, instanceId: 0 }, '63 333a30'],
  ];
  for (const [p, type, value, bytes] of cases) {
    const rec = [{ path: P(p), type, value }] as never;
    assert.equal(encodeContent(CBOR, P(p), rec, registry).toString('hex'), hex(bytes).toString('hex'), `${type}`);
    assert.deepEqual(decodeContent(CBOR, P(p), hex(bytes), registry), rec, `${type}`);
  }
  assert.deepEqual(decodeContent(CBOR, P('/9999/0/1'), hex('f93c00')), [{ path: P('/9999/0/1'), type: 'float', value: 1 }]);
  assert.deepEqual(decodeContent(CBOR, P('/3442/0/160'), hex('c1 1a 5182428f'), registry)[0].value, 1367491215n);
});

const cborBad: Array<[string, string, string, RegExp]> = [
  ['text for an integer', '/3/0/9', '63 313030', /CBOR integer for an integer resource, got text string "100"/],
  ['float for an integer', '/3/0/9', 'fb 3ff8000000000000', /an integer for an integer resource, got 1\.5/],
  ['unsigned above 2^64 (bignum tag)', '/3442/0/125', 'c2 49 010000000000000000', /CBOR integer.*tag 2/],
  ['negative unsigned', '/3442/0/125', '20', /0\.\.2\^64-1/],
  ['object-instance path', '/3/0', '01', /resource or resource instance/],
  ['multiple resource as a whole', '/3/0/7', '01', /single-instance resource/],
  ['two items', '/3/0/9', '01 02', /extra bytes/],
  ['undefined', '/3/0/0', 'f7', /well-formed CBOR|Unexpected undefined/],
  ['bad objlnk text', '/3442/0/170', '63 333a78', /object link/],
];
for (const [name, path, bytes, why] of cborBad) {
  test(`CBOR (60) rejects: ${name}`, () => {
    assert.throws(
      () => decodeContent(CBOR, P(path), hex(bytes), registry),
      (e: unknown) => e instanceof DecodeError && why.test(e.message),
    );
  });
}
