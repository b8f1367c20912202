import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeContent,
  encodeContent,
  ContentFormat,
  encodePathList,
  decodePathList,
  decodeComposite,
  encodeComposite,
} from '../../src/lwm2m/content';
import { LwM2MPath } from '../../src/lwm2m/path';
import { DecodeError } from '../../src/lwm2m/errors';
import { registry } from './arbitraries';
import { DEVICE_3_0 as DEVICE } from './examples';

const SENML_JSON = ContentFormat.SENML_JSON;
const OMA_JSON = ContentFormat.OMA_JSON;
const P = LwM2MPath.parse;

// The Device /3/0 instance of the TS Core examples (1.0 §6.4.4 OMA JSON; 1.1 §7.4.4 SenML JSON).

const SENML_DEVICE =
  '[{"bn":"/3/0/","n":"0","vs":"Open Mobile Alliance"},{"n":"1","vs":"Lightweight M2M Client"},{"n":"2","vs":"345000123"},' +
  '{"n":"3","vs":"1.0"},{"n":"6/0","v":1},{"n":"6/1","v":5},{"n":"7/0","v":3800},{"n":"7/1","v":5000},{"n":"8/0","v":125},' +
  '{"n":"8/1","v":900},{"n":"9","v":100},{"n":"10","v":15},{"n":"11/0","v":0},{"n":"13","v":1367491215},{"n":"14","vs":"+02:00"},{"n":"16","vs":"U"}]';

const OMA_DEVICE =
  '{"bn":"/3/0/","e":[{"n":"0","sv":"Open Mobile Alliance"},{"n":"1","sv":"Lightweight M2M Client"},{"n":"2","sv":"345000123"},' +
  '{"n":"3","sv":"1.0"},{"n":"6/0","v":1},{"n":"6/1","v":5},{"n":"7/0","v":3800},{"n":"7/1","v":5000},{"n":"8/0","v":125},' +
  '{"n":"8/1","v":900},{"n":"9","v":100},{"n":"10","v":15},{"n":"11/0","v":0},{"n":"13","v":1367491215},{"n":"14","sv":"+02:00"},{"n":"16","sv":"U"}]}';

test('SenML JSON spec example: Device /3/0 both ways', () => {
  assert.deepEqual(decodeContent(SENML_JSON, P('/3/0'), Buffer.from(SENML_DEVICE), registry), DEVICE);
  assert.equal(encodeContent(SENML_JSON, P('/3/0'), DEVICE, registry).toString(), SENML_DEVICE);
  // Pretty-printed (whitespace is JSON's business) reads the same.
  assert.deepEqual(decodeContent(SENML_JSON, P('/3/0'), Buffer.from(JSON.stringify(JSON.parse(SENML_DEVICE), null, 2)), registry), DEVICE);
});

test('OMA JSON spec example: Device /3/0 both ways, and without bn', () => {
  assert.deepEqual(decodeContent(OMA_JSON, P('/3/0'), Buffer.from(OMA_DEVICE), registry), DEVICE);
  assert.equal(encodeContent(OMA_JSON, P('/3/0'), DEVICE, registry).toString(), OMA_DEVICE);
  assert.deepEqual(decodeContent(OMA_JSON, P('/3/0'), Buffer.from(OMA_DEVICE.replace('"bn":"/3/0/",', '')), registry), DEVICE);
  assert.deepEqual(decodeContent(OMA_JSON, P('/3/0/0'), Buffer.from('{"bn":"/3/0/0","e":[{"sv":"x"}]}'), registry), [
    { path: P('/3/0/0'), type: 'string', value: 'x' },
  ]);
  assert.deepEqual(decodeContent(OMA_JSON, P('/3442/0/150'), Buffer.from('{"e":[{"sv":"AQI="}]}'), registry)[0].value, Buffer.from([1, 2]));
  assert.deepEqual(decodeContent(OMA_JSON, P('/3442/0/170'), Buffer.from('{"e":[{"ov":"3:1"}]}'), registry)[0].value, {
    objectId: 3,
    instanceId: 1,
  });
});

test('SenML base-name splits the specification allows (LwM2M 1.1 §7.4.4)', () => {
  const want = [
    { path: P('/3/0/0'), type: 'string', value: 'a' },
    { path: P('/3/0/9'), type: 'integer', value: 7n },
  ];
  for (const body of [
    '[{"bn":"/3/0/","n":"0","vs":"a"},{"n":"9","v":7}]',
    '[{"bn":"/3/0","n":"/0","vs":"a"},{"n":"/9","v":7}]',
    '[{"n":"/3/0/0","vs":"a"},{"n":"/3/0/9","v":7}]',
    '[{"bn":"/3/0/0","vs":"a"},{"bn":"/3/0/9","v":7}]',
    '[{"bn":"/","n":"3/0/0","vs":"a"},{"bn":"/3/","n":"0/9","v":7}]',
  ]) {
    assert.deepEqual(decodeContent(SENML_JSON, P('/3/0'), Buffer.from(body), registry), want, body);
  }
});

test('SenML values of every type, exact 64-bit integers, unknown fields ignored', () => {
  const body =
    '[{"bn":"/3442/0/","n":"120","v":-9223372036854775808},{"n":"125","v":18446744073709551615},{"n":"130","v":1.5},' +
    '{"n":"140","vb":true},{"n":"150","vd":"AQID"},{"n":"160","v":1700000000},{"n":"170","vlo":"3:0"},{"n":"180","vs":"</3442>"},{"n":"110","vs":"x","u":"m","x-vendor":1}]';
  assert.deepEqual(
    decodeContent(SENML_JSON, P('/3442/0'), Buffer.from(body), registry).map((r) => r.value),
    [-(2n ** 63n), 2n ** 64n - 1n, 1.5, true, Buffer.from([1, 2, 3]), 1700000000n, { objectId: 3, instanceId: 0 }, '</3442>', 'x'],
  );
  // Integral float for a float resource, and integral 25.0 for an integer resource (RFC 8428: v is a number).
  assert.deepEqual(decodeContent(SENML_JSON, P('/3442/0/130'), Buffer.from('[{"bn":"/3442/0/130","v":2}]'), registry)[0].value, 2);
  assert.deepEqual(decodeContent(SENML_JSON, P('/3442/0/120'), Buffer.from('[{"bn":"/3442/0/120","v":25.0}]'), registry)[0].value, 25n);
  // Floats keep a fraction on the wire so a reader without a model still sees a float.
  assert.equal(
    encodeContent(SENML_JSON, P('/3442/0/130'), [{ path: P('/3442/0/130'), type: 'float', value: 5 }]).toString(),
    '[{"bn":"/3442/0/130","v":5.0}]',
  );
});

test('SenML timestamps: bt + t, and history of one path', () => {
  const body = '[{"bn":"/3/0/9","bt":1700000000,"v":90},{"t":10,"v":80},{"bn":"/3/0/10","t":5,"v":1}]';
  const recs = decodeContent(SENML_JSON, P('/'), Buffer.from(body), registry);
  assert.deepEqual(
    recs.map((r) => [String(r.path), r.value, r.timestamp]),
    [
      ['/3/0/9', 90n, 1700000000],
      ['/3/0/9', 80n, 1700000010],
      ['/3/0/10', 1n, 1700000005],
    ],
  );
  assert.deepEqual(decodeContent(SENML_JSON, P('/'), encodeContent(SENML_JSON, P('/'), recs, registry), registry), recs);
});

test('composite: path lists and Write-Composite bodies', () => {
  const paths = ['/3/0/0', '/1/0', '/3442'].map(P);
  assert.equal(encodePathList(SENML_JSON, paths).toString(), '[{"n":"/3/0/0"},{"n":"/1/0"},{"n":"/3442"}]');
  assert.deepEqual(decodePathList(SENML_JSON, Buffer.from('[{"bn":"/3/0/","n":"0"},{"n":"1"},{"bn":"/1","n":""}]')).map(String), [
    '/3/0/0',
    '/3/0/1',
    '/1',
  ]);
  assert.throws(() => decodePathList(SENML_JSON, Buffer.from('[{"n":"/3/0/0","v":1}]')), /no value field in a path list/);
  const body = [
    { path: P('/3/0/14'), type: 'string', value: '+01:00' },
    { path: P('/1/0/1'), type: 'integer', value: 60n },
  ] as never[];
  const bytes = encodeComposite(SENML_JSON, body, registry);
  assert.equal(bytes.toString(), '[{"bn":"/","n":"3/0/14","vs":"+01:00"},{"n":"1/0/1","v":60}]');
  assert.deepEqual(decodeComposite(SENML_JSON, bytes, registry), body);
});

test('SenML: a path repeated with the same value is one record (a Read-Composite of /1/1 and /1/1/1 as AVSystem Anjay answers it, ETS int-236); with another value it is refused', () => {
  const body = '[{"bn":"/1/1/","n":"0","v":1},{"n":"1","v":30},{"bn":"/1/1/1","v":30},{"bn":"/3/0/11/0","v":0}]';
  const records = decodeContent(SENML_JSON, P('/'), Buffer.from(body), registry);
  assert.deepEqual(
    records.map((r) => `${r.path}=${r.value}`),
    ['/1/1/0=1', '/1/1/1=30', '/3/0/11/0=0'],
  );
  const contradicting = '[{"bn":"/1/1/","n":"1","v":30},{"bn":"/1/1/1","v":31}]';
  assert.throws(() => decodeContent(SENML_JSON, P('/'), Buffer.from(contradicting), registry), /each path at most once/);
});

const senmlBad: Array<[string, string, string, RegExp, number?]> = [
  ['not an array', '/3/0', '{"bn":"/3/0/"}', /JSON array of SenML records/, 0],
  ['two value fields', '/3/0', '[{"bn":"/3/0/","n":"0","vs":"a","v":1}]', /exactly one value field.*both "vs" and "v"/, 32],
  ['no value field', '/3/0', '[{"bn":"/3/0/","n":"0"}]', /one value field/],
  ['base name not a path', '/3/0', '[{"bn":"/3/0","n":"0","vs":"a"}]', /base name \+ name forming an LwM2M path.*"\/3\/00"/],
  ['name with empty segment', '/3/0', '[{"bn":"/3/0/","n":"/0","vs":"a"}]', /"\/3\/0\/\/0"/],
  ['duplicate key', '/3/0', '[{"bn":"/3/0/","n":"0","n":"1","vs":"a"}]', /unique member names.*a second "n"/, 23],
  ['wrong value key for the type', '/3/0', '[{"bn":"/3/0/","n":"0","v":1}]', /"vs" for a string resource, got "v"/],
  ['integer out of range', '/3/0', '[{"bn":"/3/0/","n":"9","v":9223372036854775808}]', /signed 64-bit range/],
  ['non-integral integer', '/3/0', '[{"bn":"/3/0/","n":"9","v":1.5}]', /an integer for an integer resource, got 1\.5/],
  ['record outside the request', '/3/0', '[{"bn":"/3/1/","n":"0","vs":"a"}]', /under the request path \/3\/0/],
  ['padded base64url', '/3442/0', '[{"bn":"/3442/0/","n":"150","vd":"AQI="}]', /base64url without padding/],
  ['vb not boolean', '/3442/0', '[{"bn":"/3442/0/","n":"140","vb":1}]', /true or false/],
  ['must-understand field', '/3/0', '[{"bn":"/3/0/","n":"0","vs":"a","z_":1}]', /must-understand/],
  ['trailing comma', '/3/0', '[{"bn":"/3/0/","n":"0","vs":"a"},]', /a JSON value/, 33],
  ['single resource given as whole multiple', '/3/0', '[{"bn":"/3/0/","n":"7","v":1}]', /resource-instance path.*multiple-instance/],
  ['object-level name', '/', '[{"n":"/3","v":1}]', /resource or resource-instance name/],
  ['lone surrogate', '/3/0', '[{"bn":"/3/0/","n":"0","vs":"\\ud800"}]', /lone surrogate/],
  ['raw control character', '/3/0', '[{"bn":"/3/0/","n":"0","vs":"a\nb"}]', /control character/],
];
for (const [name, path, body, why, offset] of senmlBad) {
  test(`SenML JSON rejects: ${name}`, () => {
    assert.throws(
      () => decodeContent(SENML_JSON, P(path), Buffer.from(body), registry),
      (e: unknown) => e instanceof DecodeError && why.test(e.message) && (offset === undefined || e.offset === offset),
    );
  });
}

const omaBad: Array<[string, string, RegExp]> = [
  ['array at top', '[]', /JSON object/],
  ['no e', '{"bn":"/3/0/"}', /"e" array/],
  ['unknown top key', '{"bn":"/3/0/","x":1,"e":[]}', /only "bn", "bt" and "e"/],
  ['unknown entry key', '{"bn":"/3/0/","e":[{"n":"0","vs":"a"}]}', /only "n", "t", "v", "bv", "sv", "ov"/],
  ['two values', '{"bn":"/3/0/","e":[{"n":"0","sv":"a","v":1}]}', /exactly one value field/],
  ['bad base64 opaque', '{"bn":"/3442/0/","e":[{"n":"150","sv":"A"}]}', /standard base64/],
  ['bad objlnk', '{"bn":"/3442/0/","e":[{"n":"170","ov":"3-0"}]}', /object link/],
  ['name not a path', '{"bn":"/3/0","e":[{"n":"0","sv":"a"}]}', /"bn" \+ "n" forming an LwM2M path/],
  ['invalid UTF-8', '{"bn":"/3/0/","e":[{"n":"0","sv":"\xff"}]}', /UTF-8|valid/],
];
for (const [name, body, why] of omaBad) {
  test(`OMA JSON rejects: ${name}`, () => {
    const bytes =
      name === 'invalid UTF-8'
        ? Buffer.concat([Buffer.from('{"bn":"/3/0/","e":[{"n":"0","sv":"'), Buffer.from([0xff]), Buffer.from('"}]}')])
        : Buffer.from(body);
    assert.throws(
      () => decodeContent(OMA_JSON, P('/3/0'), bytes, registry),
      (e: unknown) => e instanceof DecodeError && why.test(e.message),
    );
  });
}
