import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodeContent,
  encodeContent,
  ContentFormat,
  contentFormatName,
  valueAt,
  describeRecord,
  describePayload,
} from '../../src/lwm2m/content';
import { LwM2MPath } from '../../src/lwm2m/path';
import { DecodeError, EncodeError } from '../../src/lwm2m/errors';
import { registry, valueOf } from './arbitraries';
import type { ResourceType } from '../../src/lwm2m/model';

const TEXT = ContentFormat.TEXT;
const OPAQUE = ContentFormat.OPAQUE;
const P = LwM2MPath.parse;

test('plain text values of every type (LwM2M 1.1 §7.3.1)', () => {
  const cases: Array<[string, string, unknown]> = [
    ['/3/0/0', 'Open Mobile Alliance', 'Open Mobile Alliance'],
    ['/3/0/9', '100', 100n],
    ['/3/0/13', '1367491215', 1367491215n],
    ['/3442/0/125', '18446744073709551615', 2n ** 64n - 1n],
    ['/3442/0/120', '-9223372036854775808', -(2n ** 63n)],
    ['/3442/0/130', '-12.5', -12.5],
    ['/3442/0/140', '1', true],
    ['/3442/0/150', 'AQID', Buffer.from([1, 2, 3])],
    ['/3442/0/170', '3:0', { objectId: 3, instanceId: 0 }],
    ['/3/0/7/1', '5000', 5000n],
  ];
  for (const [p, text, value] of cases) {
    const [rec] = decodeContent(TEXT, P(p), Buffer.from(text), registry);
    assert.deepEqual(rec.value, value, p);
    assert.equal(encodeContent(TEXT, P(p), [rec]).toString(), text, p);
  }
  assert.deepEqual(decodeContent(TEXT, P('/3442/0/130'), Buffer.from('1e3'), registry)[0].value, 1000);
  assert.deepEqual(decodeContent(TEXT, P('/9999/0/1'), Buffer.from('x')), [{ path: P('/9999/0/1'), type: 'string', value: 'x' }]);
});

const malformed: Array<[string, string, Buffer, RegExp]> = [
  ['letters in an integer', '/3/0/9', Buffer.from('12a'), /decimal integer, got "12a"/],
  ['integer above int64', '/3442/0/120', Buffer.from('9223372036854775808'), /signed 64-bit range/],
  ['negative unsigned', '/3442/0/125', Buffer.from('-1'), /decimal unsignedInteger|0\.\.2\^64-1/],
  ['boolean "true"', '/3442/0/140', Buffer.from('true'), /"0" or "1"/],
  ['float "1,5"', '/3442/0/130', Buffer.from('1,5'), /decimal float/],
  ['objlnk without colon', '/3442/0/170', Buffer.from('30'), /"<objectId>:<instanceId>"/],
  ['objlnk id too big', '/3442/0/170', Buffer.from('3:70000'), /ids 0\.\.65535/],
  ['invalid UTF-8', '/3/0/0', Buffer.from([0x41, 0xff]), /valid UTF-8/],
  ['bad base64', '/3442/0/150', Buffer.from('AQI'), /base64/],
  ['object-instance path', '/3/0', Buffer.from('1'), /resource or resource instance/],
  ['multiple resource as a whole', '/3/0/7', Buffer.from('1'), /single-instance resource/],
  ['executable resource', '/3/0/4', Buffer.from('1'), /executable/],
];
for (const [name, p, bytes, why] of malformed) {
  test(`plain text rejects: ${name}`, () => {
    assert.throws(
      () => decodeContent(TEXT, P(p), bytes, registry),
      (e: unknown) => e instanceof DecodeError && why.test(e.message),
    );
  });
}

test('plain text round trip for every type', () => {
  const types: ResourceType[] = ['string', 'integer', 'unsignedInteger', 'float', 'boolean', 'opaque', 'time', 'objlnk', 'corelnk'];
  const pathOf: Record<string, string> = {
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
  fc.assert(
    fc.property(
      fc.constantFrom(...types).chain((t) => valueOf(t).map((v) => ({ path: P(pathOf[t]), type: t, value: v }))),
      (rec) => {
        assert.deepEqual(decodeContent(TEXT, rec.path, encodeContent(TEXT, rec.path, [rec]), registry), [rec]);
      },
    ),
    { numRuns: 500 },
  );
});

test('plain text encoder refuses what it cannot carry', () => {
  assert.throws(() => encodeContent(TEXT, P('/3/0'), []), EncodeError);
  assert.throws(() => encodeContent(TEXT, P('/3/0/9'), [{ path: P('/3/0/9'), type: 'integer', value: 1 as never }]), /bigint/);
});

test('opaque carries only opaque resources', () => {
  const bytes = Buffer.from([0, 1, 255]);
  assert.deepEqual(decodeContent(OPAQUE, P('/5/0/0'), bytes, registry), [{ path: P('/5/0/0'), type: 'opaque', value: bytes }]);
  assert.deepEqual(encodeContent(OPAQUE, P('/5/0/0'), [{ path: P('/5/0/0'), type: 'opaque', value: bytes }]), bytes);
  assert.throws(() => decodeContent(OPAQUE, P('/3/0/0'), bytes, registry), /Opaque carries only Opaque resources/);
  assert.throws(() => decodeContent(OPAQUE, P('/5/0'), bytes, registry), /resource or resource instance/);
  assert.throws(() => decodeContent(OPAQUE, P('/3442/0/1150'), bytes, registry), /single-instance resource or a resource instance/);
  assert.deepEqual(decodeContent(OPAQUE, P('/3442/0/1150/2'), bytes, registry)[0].value, bytes);
  assert.throws(() => encodeContent(OPAQUE, P('/3/0/0'), [{ path: P('/3/0/0'), type: 'string', value: 'x' }]), EncodeError);
});

test('content-format names', () => {
  assert.equal(contentFormatName(11542), 'application/vnd.oma.lwm2m+tlv');
  assert.equal(contentFormatName(112), 'application/senml+cbor');
  assert.match(contentFormatName(9), /unknown/);
  assert.throws(() => decodeContent(9, P('/3/0/0'), Buffer.alloc(0)), DecodeError);
});

test('valueAt, describeRecord and describePayload (never throws)', () => {
  const recs = decodeContent(
    ContentFormat.SENML_JSON,
    P('/'),
    Buffer.from('[{"bn":"/3/0/9","bt":10,"v":90},{"t":5,"v":80},{"bn":"/3/0/0","vs":"OMA"}]'),
    registry,
  );
  assert.equal(valueAt(recs, '/3/0/9'), 80n);
  assert.equal(valueAt(recs, P('/3/0/0')), 'OMA');
  assert.equal(valueAt(recs, '/3/0/1'), undefined);
  assert.deepEqual(recs.map(describeRecord), ['/3/0/9 = 90 (integer) @10', '/3/0/9 = 80 (integer) @15', '/3/0/0 = "OMA" (string) @10']);
  assert.equal(describeRecord({ path: P('/3442/0/150'), type: 'opaque', value: Buffer.from([1, 255]) }), '/3442/0/150 = 0x01ff (opaque)');
  assert.equal(
    describeRecord({ path: P('/3442/0/170'), type: 'objlnk', value: { objectId: 3, instanceId: 0 } }),
    '/3442/0/170 = 3:0 (objlnk)',
  );
  const ok = describePayload(ContentFormat.TLV, P('/3/0/9'), Buffer.from('C10964', 'hex'), registry);
  assert.deepEqual(ok, { format: 'application/vnd.oma.lwm2m+tlv', lines: ['/3/0/9 = 100 (integer)'] });
  const bad = describePayload(ContentFormat.TLV, P('/3/0'), Buffer.from('C814', 'hex'), registry);
  assert.equal(bad.lines.length, 0);
  assert.match(bad.problem!, /^TLV at offset 0: expected 2 header byte/);
  assert.deepEqual(describePayload(ContentFormat.LINK_FORMAT, P('/3/0'), Buffer.from('</3/0>;pmin=1,</3/0/0>'), registry).lines, [
    '</3/0>;pmin=1',
    '</3/0/0>',
  ]);
  assert.match(describePayload(9999, P('/3/0'), Buffer.alloc(1)).problem!, /unknown content-format 9999/);
});
