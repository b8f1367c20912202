import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseLinkFormat,
  parseLinkFormatBytes,
  formatLinks,
  objectsFromRegistration,
  link,
  linkAttributes,
} from '../../src/lwm2m/link-format';
import { DecodeError } from '../../src/lwm2m/errors';

const attrs = (l: { attributes: Map<string, string | true> }) => Object.fromEntries(l.attributes);

test('registration payload of the LwM2M 1.1 Core example', () => {
  const text = '</>;rt="oma.lwm2m";ct=11543,</1/101>,</1/102>,</2/0>,</2/1>,</2/2>,</3/0>,</4/0>,</5>';
  const links = parseLinkFormat(text);
  assert.equal(links.length, 9);
  assert.deepEqual(attrs(links[0]), { rt: 'oma.lwm2m', ct: '11543' });
  const reg = objectsFromRegistration(links);
  assert.equal(reg.rootPath, '/');
  assert.deepEqual(reg.contentFormats, [11543]);
  assert.deepEqual(reg.objects, [
    { objectId: 1, instances: [101, 102] },
    { objectId: 2, instances: [0, 1, 2] },
    { objectId: 3, instances: [0] },
    { objectId: 4, instances: [0] },
    { objectId: 5, instances: [] },
  ]);
});

test('object versions, quoted or not, and an alternate root path', () => {
  const reg = objectsFromRegistration(
    parseLinkFormat(
      '</lwm2m>;rt="oma.lwm2m";ct="60 110 112 11542",</lwm2m/1/0>,</lwm2m/3>;ver=1.1,</lwm2m/3/0>,</lwm2m/3442>;ver="1.0",</lwm2m/3442/0>',
    ),
  );
  assert.equal(reg.rootPath, '/lwm2m');
  assert.deepEqual(reg.contentFormats, [60, 110, 112, 11542]);
  assert.deepEqual(reg.objects, [
    { objectId: 1, instances: [0] },
    { objectId: 3, version: '1.1', instances: [0] },
    { objectId: 3442, version: '1.0', instances: [0] },
  ]);
});

test('registration without the root link', () => {
  const reg = objectsFromRegistration(parseLinkFormat('</1/0>,</3/0>'));
  assert.equal(reg.rootLink, undefined);
  assert.equal(reg.contentFormats, undefined);
  assert.equal(reg.objects.length, 2);
});

test('LwM2M 1.0 root link with ct= alone (no rt), and an unknown attribute such as hb: accepted', () => {
  const reg = objectsFromRegistration(parseLinkFormat('</>;ct=11543;hb,</1/0>,</3/0>'));
  assert.equal(reg.rootPath, '/');
  assert.equal(reg.rootLink?.target, '/');
  assert.deepEqual(reg.contentFormats, [11543]);
  assert.deepEqual(reg.objects, [
    { objectId: 1, instances: [0] },
    { objectId: 3, instances: [0] },
  ]);
});

test('LwM2M 1.1 root link with rt="oma.lwm2m" at /, with a list of formats and unknown attributes', () => {
  const reg = objectsFromRegistration(parseLinkFormat('</>;rt="oma.lwm2m";ct="60 110";title="x",</1/0>;hb,</3/0>;foo=bar'));
  assert.equal(reg.rootPath, '/');
  assert.deepEqual(reg.contentFormats, [60, 110]);
  assert.deepEqual(
    reg.objects.map((o) => o.objectId),
    [1, 3],
  );
});

test('alternate root path: rt="oma.lwm2m" names it, also among other resource types, and links follow under it', () => {
  const reg = objectsFromRegistration(parseLinkFormat('</lwm2m>;rt="core.rd oma.lwm2m",</lwm2m/1/0>,</lwm2m/3/0>'));
  assert.equal(reg.rootPath, '/lwm2m');
  assert.equal(reg.contentFormats, undefined);
  assert.deepEqual(reg.objects, [
    { objectId: 1, instances: [0] },
    { objectId: 3, instances: [0] },
  ]);
});

test('a root link without ct (</>;hb) is still the root link, not an object link', () => {
  const reg = objectsFromRegistration(parseLinkFormat('</>;hb,</3/0>'));
  assert.equal(reg.rootLink?.target, '/');
  assert.equal(reg.contentFormats, undefined);
  assert.deepEqual(reg.objects, [{ objectId: 3, instances: [0] }]);
});

test('discover output with notification attributes', () => {
  const text =
    '</3/0>;pmin=10;pmax=60,</3/0/1>,</3/0/6>;dim=8,</3/0/7>;dim=8;gt=50;lt=42.2,</3/0/11>;st=0.5,</1/0>;ssid=101;uri="coap://server:5683",</3/0/8>;epmin=1;epmax=30';
  const links = parseLinkFormat(text);
  assert.deepEqual(attrs(links[0]), { pmin: '10', pmax: '60' });
  assert.deepEqual(attrs(links[3]), { dim: '8', gt: '50', lt: '42.2' });
  assert.deepEqual(attrs(links[5]), { ssid: '101', uri: 'coap://server:5683' });
  assert.deepEqual(attrs(links[6]), { epmin: '1', epmax: '30' });
  assert.equal(formatLinks(links), text);
});

test('attribute without value, escaped quotes, empty document', () => {
  const [l] = parseLinkFormat('</3/0/13>;obs;title="a \\"b\\" c"');
  assert.equal(l.attributes.get('obs'), true);
  assert.equal(l.attributes.get('title'), 'a "b" c');
  assert.deepEqual(parseLinkFormat(''), []);
  assert.equal(formatLinks([l]), '</3/0/13>;obs;title="a \\"b\\" c"');
});

test('formatLinks quotes rt and values that are not tokens', () => {
  assert.equal(
    formatLinks([link('/', { rt: 'oma.lwm2m', ct: '60 110' }), link('/3/0/7', { dim: 2, pmin: 10 })]),
    '</>;rt="oma.lwm2m";ct="60 110",</3/0/7>;dim=2;pmin=10',
  );
});

const malformed: Array<[string, string, number, RegExp]> = [
  ['unterminated <', '</3/0', 5, /unterminated/],
  ['missing >', '</3/0,</4/0>', 6, /URI character|">"/],
  ['empty target', '<>', 1, /non-empty link target/],
  ['trailing comma', '</3/0>,', 7, /trailing comma/],
  ['no < at start', '/3/0', 0, /"<" opening/],
  ['space between links', '</3/0>, </4/0>', 7, /"<" opening/],
  ['attribute without name', '</3/0>;=1', 7, /attribute name/],
  ['empty value', '</3/0>;pmin=', 12, /attribute value/],
  ['unterminated quoted value', '</>;rt="oma.lwm2m', 17, /closing the string opened at offset 7/],
  ['junk after link', '</3/0>x', 6, /"," between links/],
  ['duplicate attribute', '</3/0/7>;pmin=1;pmin=2', 16, /at most once/],
  ['control char in quote', '</>;rt="a\nb"', 9, /printable/],
  ['nested <', '</3<0>', 3, /">" closing/],
];
for (const [name, text, offset, why] of malformed) {
  test(`rejects ${name}`, () => {
    assert.throws(
      () => parseLinkFormat(text),
      (e: unknown) => e instanceof DecodeError && e.offset === offset && why.test(e.message),
      `for ${JSON.stringify(text)}`,
    );
  });
}

test('registration payload errors name the link', () => {
  const cases: Array<[string, RegExp]> = [
    ['</3/0/1>', /object "<\/o>" or object-instance/],
    ['</3/0>,</3/0>', /listed once/],
    ['</3/x>', /<\/3\/x>.*decimal id/],
    ['</3>;ver=1,</3/0>', /ver=<major>\.<minor>/],
    ['</lwm2m>;rt="oma.lwm2m",</1/0>', /under the root path/],
    ['</>;rt="oma.lwm2m";ct="60,110",</1/0>', /content-format numbers/],
    ['</>;ct=json,</1/0>', /content-format numbers/],
    ['</lwm2m>;rt="oma.lwm2m",</>,</lwm2m/1/0>', /under the root path/],
  ];
  for (const [text, why] of cases) {
    assert.throws(
      () => objectsFromRegistration(parseLinkFormat(text)),
      (e: unknown) => e instanceof DecodeError && why.test(e.message),
      text,
    );
  }
});

test('bytes with invalid UTF-8 are rejected at their offset', () => {
  const bytes = Buffer.concat([Buffer.from('</3/0>;title="'), Buffer.from([0xc3, 0x28]), Buffer.from('"')]);
  assert.throws(
    () => parseLinkFormatBytes(bytes),
    (e: unknown) => e instanceof DecodeError && e.offset === 14,
  );
});

test('round trip: parse(format(links)) == links', () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
  const value = fc.oneof(
    fc.constant(true as const),
    fc.string({ maxLength: 8 }).filter((s) => [...s].every((c) => c >= ' ' && c < '\x7f')),
  );
  const target = fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 0, maxLength: 4 }).map((ids) => '/' + ids.join('/'));
  const arbLink = fc
    .record({ target, attributes: fc.uniqueArray(fc.tuple(name, value), { selector: (t) => t[0], maxLength: 4 }).map((e) => new Map(e)) })
    .map((r) => ({ target: r.target, attributes: r.attributes }));
  fc.assert(
    fc.property(fc.array(arbLink, { maxLength: 5 }), (links) => {
      assert.deepEqual(parseLinkFormat(formatLinks(links)), links);
    }),
  );
});

test('fuzz: only DecodeError, never anything else', () => {
  const base = '</>;rt="oma.lwm2m";ct=11543,</1/0>,</3/0>;ver=1.1';
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.array(fc.nat(base.length), { maxLength: 4 }).chain((cuts) => fc.string({ maxLength: 3 }).map((ins) => mutate(base, cuts, ins))),
      ),
      (text) => {
        try {
          objectsFromRegistration(parseLinkFormat(text));
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
      },
    ),
    { numRuns: 3000 },
  );
});

function mutate(base: string, cuts: number[], ins: string): string {
  let s = base;
  for (const c of cuts) s = s.slice(0, c % (s.length + 1)) + ins + s.slice((c % (s.length + 1)) + 1);
  return s;
}

test('LwM2M attributes of a link, typed', () => {
  const [a, b, c] = parseLinkFormat(
    '</3/0/7>;dim=2;pmin=10;pmax=60;gt=50;lt=42.2;st=0.5,</1/0>;ssid=101;uri="coap://s:5683",</>;lwm2m=1.1;obs',
  );
  assert.deepEqual({ ...linkAttributes(a), other: undefined }, { dim: 2, pmin: 10, pmax: 60, gt: 50, lt: 42.2, st: 0.5, other: undefined });
  assert.deepEqual(linkAttributes(b).ssid, 101);
  assert.equal(linkAttributes(b).uri, 'coap://s:5683');
  assert.equal(linkAttributes(c).lwm2m, '1.1');
  assert.equal(linkAttributes(c).other.get('obs'), true);
  assert.deepEqual(linkAttributes(parseLinkFormat('</3/0/9>;con=1;edge=0;hqmax=5;epmin=1;epmax=9')[0]), {
    con: true,
    edge: false,
    hqmax: 5,
    epmin: 1,
    epmax: 9,
    other: new Map(),
  });
});

test('malformed LwM2M attribute values are named', () => {
  const cases: Array<[string, RegExp]> = [
    ['</3/0/9>;pmin=abc', /<\/3\/0\/9>;pmin: expected an integer 0\.\.2147483647, got "abc"/],
    ['</3/0/9>;pmin=-1', /pmin/],
    ['</3/0/9>;gt=1e3', /;gt: expected a decimal number/],
    ['</3/0/9>;pmin=10;pmax=5', /pmax >= pmin \(10\)/],
    ['</3/0/7>;dim', /;dim: expected a value, got no value/],
    ['</1/0>;ssid=0', /;ssid: expected an integer 1\.\.65534/],
    ['</3>;ver=1', /;ver: expected <major>\.<minor>/],
    ['</3/0/9>;con=yes', /;con: expected 0 or 1/],
  ];
  for (const [text, why] of cases) {
    assert.throws(
      () => linkAttributes(parseLinkFormat(text)[0]),
      (e: unknown) => e instanceof DecodeError && why.test(e.message),
      text,
    );
  }
});
