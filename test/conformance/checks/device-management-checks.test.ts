/** The judging rules of the Device Management cases, each shown to pass and to fail. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectRegistry } from '../../../src/lwm2m/model';
import { LwM2MPath } from '../../../src/lwm2m/path';
import { encodeContent, type ResourceRecord } from '../../../src/lwm2m/content';
import { parseLinkFormat } from '../../../src/lwm2m/link-format';
import { checkRecordsHold, parseFeatureValue, sameValue, writableRecords } from '../../../src/conformance/checks/values';
import { checkReadLevel } from '../../../src/conformance/checks/content';
import { checkDiscoveredLinks, checkLinkDepth, parseExpectedAttributes } from '../../../src/conformance/checks/discover';
import { checkRecordsHoldWithClock } from '../../../src/conformance/checks/device';
import { checkCompositeRead } from '../../../src/conformance/checks/composite';
import { checkNothingUnder, declaredFormats } from '../../../src/conformance/checks/management';

const registry = ObjectRegistry.bundled();
const rec = (path: string, value: ResourceRecord['value']): ResourceRecord =>
  parseFeatureValue(String(value), LwM2MPath.parse(path), registry);
const server = (extra: ResourceRecord[] = []) => [rec('/1/0/0', 1), rec('/1/0/1', 30), rec('/1/0/6', false), rec('/1/0/7', 'U'), ...extra];

test('feature values take the type of their resource', () => {
  assert.equal(parseFeatureValue('101', LwM2MPath.parse('/1/0/2'), registry).value, 101n);
  assert.equal(parseFeatureValue('true', LwM2MPath.parse('/1/0/6'), registry).value, true);
  assert.equal(parseFeatureValue('"U"', LwM2MPath.parse('/1/0/7'), registry).value, 'U');
  assert.throws(() => parseFeatureValue('yes', LwM2MPath.parse('/1/0/6'), registry), /not true or false/);
  assert.ok(sameValue(1n, 1) && !sameValue(1n, 2n) && !sameValue('1', 1n));
});

test('the 215-SetOfValues encodes to the TLV bytes the ETS prints', () => {
  const set = [rec('/1/0/2', 101), rec('/1/0/3', 1010), rec('/1/0/5', 2000), rec('/1/0/6', true), rec('/1/0/7', 'U')];
  const tlv = encodeContent(11542, LwM2MPath.parse('/1/0'), set, registry).toString('hex');
  assert.equal(tlv, 'c10265' + 'c20303f2' + 'c20507d0' + 'c10601' + 'c10755');
});

test('a Read shows what was written; a missing or different value is named', () => {
  const read = server([rec('/1/0/2', 101)]);
  assert.deepEqual(checkRecordsHold(read, [rec('/1/0/2', 101)], 'was written'), []);
  assert.deepEqual(checkRecordsHold(read, [rec('/1/0/2', 1)], 'was saved'), ['/1/0/2 is 101, but 1 was saved']);
  assert.match(checkRecordsHold(read, [rec('/1/0/3', 10)], 'was written')[0], /\/1\/0\/3 is missing/);
  assert.deepEqual(
    writableRecords(read, registry).map((r) => String(r.path)),
    ['/1/0/1', '/1/0/6', '/1/0/7', '/1/0/2'],
  );
});

test('a Read at each level holds its data only, with the mandatory resources', () => {
  assert.deepEqual(checkReadLevel('/1/0', server(), registry), []);
  assert.match(checkReadLevel('/1/0', server().slice(0, 3), registry).join(), /lacks the mandatory resource Binding \(\/1\/0\/7\)/);
  assert.match(checkReadLevel('/1', server(), registry, [0, 1]).join(), /lacks instance \/1\/1/);
  assert.deepEqual(checkReadLevel('/1/0/1', [rec('/1/0/1', 30)], registry), []);
  assert.match(checkReadLevel('/1/0/1', server(), registry).join(), /outside \/1\/0\/1/);
  assert.deepEqual(checkReadLevel('/3/0/11/0', [rec('/3/0/11/0', 0)], registry), []);
  assert.match(checkReadLevel('/3/0/11/0', [rec('/3/0/11/0', 0), rec('/3/0/11/1', 1)], registry).join(), /outside/);
});

test('Discover links: attributes exactly as expected, inherited ones included, nothing extra when exact', () => {
  const expected = [{ target: '/3/0/7', attributes: parseExpectedAttributes('pmin=10;pmax=200;dim;lt=1') }];
  const good = parseLinkFormat('</3/0/7>;dim=2;pmin=10;pmax=200;lt=1,</3/0/7/0>,</3/0/7/1>');
  assert.deepEqual(checkDiscoveredLinks(good, expected, true), []);
  const noInheritance = parseLinkFormat('</3/0/7>;dim=2;lt=1');
  assert.match(checkDiscoveredLinks(noInheritance, expected, true).join(), /no pmin, no pmax/);
  const wrongDim = parseLinkFormat('</3/0/7>;dim=3;pmin=10;pmax=200;lt=1,</3/0/7/0>,</3/0/7/1>');
  assert.match(checkDiscoveredLinks(wrongDim, expected, true).join(), /dim=3 but 2 resource instances/);
  const extra = parseLinkFormat('</3/0/7>;dim=2;pmin=10;pmax=200;lt=1;st=1,</3/0/8>');
  assert.match(checkDiscoveredLinks(extra, expected, true).join(), /st should not be there.*<\/3\/0\/8>.*should not be listed/);
  assert.deepEqual(checkDiscoveredLinks(parseLinkFormat('</3/0/7>;dim=2;pmin=10;pmax=200;lt=1,</3/0/8>'), expected, false), []);
});

test('Read-Composite: requested data only, absent paths left out, no Security object', () => {
  const records = [rec('/1/0/1', 30), rec('/1/0/7', 'U')];
  assert.deepEqual(
    checkCompositeRead(['/1/0/1', '/1/0/7', '/1/0/8'], records, { present: ['/1/0/1', '/1/0/7'], absent: ['/1/0/8'] }, registry),
    [],
  );
  assert.match(checkCompositeRead(['/1/0/1'], records, { present: ['/1/0/1'] }, registry).join(), /not requested: \/1\/0\/7/);
  assert.match(
    checkCompositeRead(['/1/0/1', '/1/0/7'], [records[0]], { present: ['/1/0/1', '/1/0/7'] }, registry).join(),
    /no data for \/1\/0\/7/,
  );
  const withSecurity = [...records, { path: LwM2MPath.parse('/0/0/1'), type: 'boolean' as const, value: false }];
  assert.match(
    checkCompositeRead(['/'], withSecurity, { present: ['/1'], forbiddenObjects: [0, 21, 23] }, registry).join(),
    /object \/0 must not/,
  );
});

test('declared formats and "nothing under" a path', () => {
  assert.deepEqual(declaredFormats(['format-text', 'server-disable', 'format-senml-cbor']), [0, 112]);
  assert.deepEqual(checkNothingUnder([rec('/3/0/16', 'U')], '/3/1'), []);
  assert.match(checkNothingUnder([rec('/3/1/14', '+02:00')], '/3/1').join(), /\/3\/1\/14/);
});

test('int-211 values in CBOR (60) are one CBOR item each, and decode back', () => {
  const one = (path: string, value: ResourceRecord['value']) => encodeContent(60, LwM2MPath.parse(path), [rec(path, value)], registry);
  assert.equal(one('/1/0/0', 1).toString('hex'), '01');
  assert.equal(one('/1/0/6', false).toString('hex'), 'f4');
  assert.equal(one('/1/0/7', 'U').toString('hex'), '6155');
});

test('Current Time read back may have run on since the write, but not back nor further than the time since', () => {
  const written = [rec('/3/0/13', 0), rec('/3/0/14', '+02:00')];
  assert.deepEqual(checkRecordsHoldWithClock([rec('/3/0/13', 2), rec('/3/0/14', '+02:00')], written, 'was written', 1500), []);
  assert.match(
    checkRecordsHoldWithClock([rec('/3/0/13', 5), rec('/3/0/14', '+02:00')], written, 'was written', 1500)[0],
    /\/3\/0\/13 \(Current Time\) is 5, but 0 was written and the clock can have run on to 3 at most/,
  );
  assert.match(checkRecordsHoldWithClock([rec('/3/0/13', 1)], written, 'was written', 0)[0], /\/3\/0\/14 is missing/);
  assert.match(checkRecordsHoldWithClock([rec('/3/0/14', '+02:00')], written, 'was written', 0)[0], /\/3\/0\/13 is missing/);
});

test('Discover with depth: optional attributes may be absent but not different; nothing deeper than the depth', () => {
  const expected = [{ target: '/3', attributes: parseExpectedAttributes('pmin?=1;pmax?=10') }];
  assert.deepEqual(checkDiscoveredLinks(parseLinkFormat('</3>,</3/0>'), expected, false), []);
  assert.deepEqual(checkDiscoveredLinks(parseLinkFormat('</3>;pmin=1;pmax=10,</3/0>'), expected, false), []);
  assert.match(checkDiscoveredLinks(parseLinkFormat('</3>;pmin=5'), expected, false)[0], /pmin=5, not 1/);
  assert.deepEqual(checkLinkDepth(parseLinkFormat('</3>,</3/0>'), '/3', 1), []);
  assert.match(
    checkLinkDepth(parseLinkFormat('</3>,</3/0>,</3/0/0>,</3/0/1>'), '/3', 1)[0],
    /<\/3\/0\/0> is 2 levels below \/3, deeper than the depth 1 asked for \(and 1 more/,
  );
});
