import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadCatalogue, parseFeature, type CatalogueCase } from '../../src/conformance/catalogue';
import { ETS_CASES, PLANNED_FEATURES } from '../../src/conformance/ets-cases';
import { COVERAGE_BLOCKS, blockOf } from '../../src/conformance/ets-coverage';
import { ERRATA, erratumIdsOf } from '../../src/conformance/ets-errata';
import { etsCatalogue, dutViewOf, formatEtsCatalogue } from '../../src/conformance/ets-catalogue';
import { ETS_EDITIONS, editionFor } from '../../src/conformance/ets-editions';
import { KNOWN_FEATURES } from '../../src/conformance/ics';
import { redactProfileText, REDACTED } from '../../src/conformance/run-record';
import { parseDutProfile } from '../../src/conformance/dut-profile';

const ROOT = path.join(__dirname, '..', '..');
const FEATURES = loadCatalogue(path.join(ROOT, 'features'));

const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});

test('every edition has the number of IDs the ETS inventories give, each ID once', () => {
  const sizes = Object.fromEntries(ETS_EDITIONS.map((e) => [e, etsCatalogue(e, []).cases.length]));
  assert.deepEqual(sizes, { '1.0': 92, '1.1': 145, '1.2': 155 });
  for (const e of ETS_EDITIONS) {
    const ids = etsCatalogue(e, []).cases.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate IDs in ${e}`);
  }
  const ids12 = etsCatalogue('1.2', []).cases.map((c) => c.id);
  assert.equal(ids12.filter((id) => id.includes('-1.2-int-')).length, 9);
  assert.ok(ids12.includes('LightweightM2M-CONMGMT-1.1-int-1250'));
  assert.ok(
    etsCatalogue('1.0', []).cases.some((c) => c.id === 'LightweightM2M-1.0-int-1210' && c.renumberedAs === 'LightweightM2M-1.1-int-1202'),
  );
});

test('standing per edition: INT 1.2 has 117 procedures, 29 placeholders, 6 delegated, 2 N/A and int-229 voided', () => {
  assert.deepEqual(countBy(etsCatalogue('1.2', []).cases.map((c) => c.status)), {
    'not-automated': 117,
    placeholder: 29,
    delegated: 6,
    'na-in-ets': 2,
    voided: 1,
  });
  assert.deepEqual(countBy(etsCatalogue('1.0', []).cases.map((c) => c.status)), {
    'not-automated': 56,
    placeholder: 28,
    delegated: 6,
    'na-in-ets': 2,
  });
  const v = etsCatalogue('1.2', []).cases.find((c) => c.number === 'int-229')!;
  assert.equal(v.seeInstead, 'LightweightM2M-1.1-int-280');
  assert.match(v.voidedBy!, /1\.2\.1-C/);
  assert.equal(etsCatalogue('1.1', []).cases.find((c) => c.number === 'int-229')!.status, 'not-automated');
  for (const e of ETS_EDITIONS) {
    const cat = etsCatalogue(e, []);
    for (const c of cat.cases.filter((x) => x.status === 'delegated'))
      assert.ok(
        cat.cases.some((t) => t.id === c.delegatedTo),
        `${c.id} delegates to ${c.delegatedTo}, not in ${e}`,
      );
  }
});

test('automated is derived from the feature files: a feature that lands needs no change to the data', () => {
  const before = etsCatalogue('1.2', FEATURES).cases;
  assert.equal(before.find((c) => c.number === 'int-101')!.status, 'automated');
  // int-3 (bootstrap from a smartcard) stands for any case not automated yet.
  assert.equal(before.find((c) => c.number === 'int-3')!.status, 'not-automated');
  const landed = parseFeature(
    '@LightweightM2M-1.1-int-3 @lwm2m-1.1 @dut-client @bootstrap @requires-bootstrap-smartcard\n' +
      'Feature: LightweightM2M-1.1-int-3 Simple Bootstrap from Smartcard\n  Scenario: LightweightM2M-1.1-int-3 x\n    Given a step\n',
    'features/bootstrap/LightweightM2M-1.1-int-3.feature',
  ) as CatalogueCase;
  const after = etsCatalogue('1.2', [...FEATURES, landed]).cases.find((c) => c.number === 'int-3')!;
  assert.equal(after.status, 'automated');
  assert.equal(after.featureFile, 'features/bootstrap/LightweightM2M-1.1-int-3.feature');
  // Every feature file of the project with an ETS number is a case of the catalogue (srv-N are the harness's own).
  const numbers = new Set(ETS_CASES.map((c) => `int-${c.n}`));
  for (const f of FEATURES.filter((x) => x.number.startsWith('int-')))
    assert.ok(numbers.has(f.number), `${f.file}: ${f.number} is not in the ETS catalogue`);
});

test('mandatory and conditional follow the features a case needs and what the DUT declares', () => {
  const dut = dutViewOf(
    parseDutProfile('name: D\nrole: client\nlwm2mVersion: "1.1"\nendpoint: ep\nlaunch: manual\nics: [format-tlv]\n', 'd.yaml'),
  );
  const cat = etsCatalogue('1.1', FEATURES, dut).cases;
  const of = (n: string) => cat.find((c) => c.number === n)!;
  assert.equal(of('int-101').classification, 'mandatory');
  assert.deepEqual([of('int-203').classification, of('int-203').declared], ['conditional', true]);
  assert.deepEqual([of('int-204').classification, of('int-204').declared], ['conditional', false]);
  assert.equal(of('int-202').classification, 'none');
  for (const c of ETS_CASES)
    for (const f of c.requires ?? [])
      assert.ok(Object.hasOwn(KNOWN_FEATURES, f) || Object.hasOwn(PLANNED_FEATURES, f), `int-${c.n} needs unknown feature ${f}`);
});

test('Appendix D weights: each block of INT 1.2 sums to its W; 1.0.x lacks server-initiated bootstrap and queue mode', () => {
  const sum = (e: (typeof ETS_EDITIONS)[number], block?: string) =>
    etsCatalogue(e, [])
      .cases.filter((c) => !block || blockOf(Number(c.number.slice(4)))?.block === block)
      .reduce((s, c) => s + (c.weight ?? 0), 0);
  for (const b of COVERAGE_BLOCKS) assert.ok(Math.abs(sum('1.2', b.name) - b.weight) < 1e-9, `${b.name}: ${sum('1.2', b.name)}`);
  assert.ok(Math.abs(sum('1.2') - 100) < 1e-9);
  assert.ok(Math.abs(sum('1.0') - 94) < 1e-9, String(sum('1.0')));
  const loc = etsCatalogue('1.0', []).cases.find((c) => c.number === 'int-810')!;
  assert.ok(Math.abs(loc.weight! - (14 / 6) * 0.3) < 1e-9);
});

test('errata name existing cases; a case applies one by tag or by a harness trace note', () => {
  const numbers = new Set(ETS_CASES.map((c) => c.n));
  for (const [id, e] of Object.entries(ERRATA)) for (const n of e.cases) assert.ok(numbers.has(n), `${id}: int-${n}`);
  assert.deepEqual(
    erratumIdsOf(
      ['@erratum-deleted-code', '@dut-client'],
      [
        { layer: 'harness', direction: 'note', detail: { erratum: 'int-310-observe-value' } },
        { layer: 'coap', direction: 'in', detail: { erratum: 'not-a-note' } },
      ],
    ),
    ['deleted-code', 'int-310-observe-value'],
  );
  const bad = parseFeature(
    '@LightweightM2M-1.1-int-101 @lwm2m-1.1 @dut-client @registration @erratum-no-such\nFeature: LightweightM2M-1.1-int-101 x\n  Scenario: LightweightM2M-1.1-int-101 x\n    Given a\n',
    'features/registration/LightweightM2M-1.1-int-101.feature',
  );
  assert.ok(Array.isArray(bad) && bad.some((p) => /@erratum-no-such names no known ETS erratum/.test(p)), String(bad));
});

test('the edition follows the DUT version; list prints every ID with its standing', () => {
  assert.deepEqual(['1.0', '1.1', '1.2'].map(editionFor), ['1.0', '1.2', '1.2']);
  const text = formatEtsCatalogue(etsCatalogue('1.2', FEATURES));
  assert.match(text, /LightweightM2M-1\.1-int-270\s+Create Object Instance\s+.*delegated to LightweightM2M-1\.1-int-1630/);
  assert.match(text, /LightweightM2M-1\.1-int-705\s+.*N\/A in the ETS: the object has no writable resources/);
  assert.match(text, /LightweightM2M-1\.1-int-229\s+.*voided by ETS INT 1\.2\.1-C/);
  assert.match(text, /155 test case IDs; 117 with a procedure, \d+ of them automated/);
});

test('the profile record removes secrets, also where they were pasted elsewhere', () => {
  const text = redactProfileText(
    'name: x\nsecurity:\n  mode: psk\n  identity: dev1\n  key: "0011223344556677"\nlaunch:\n  command: "client --psk 0011223344556677 --id dev1"\n  env: { API_TOKEN: hunter22 }\n',
  );
  assert.ok(!text.includes('0011223344556677') && !text.includes('hunter22'), text);
  assert.match(text, new RegExp(`key: "?\\${REDACTED.slice(0, -1)}`));
  assert.match(text, /identity: dev1/);
  assert.equal(redactProfileText('a: [unclosed'), REDACTED);
});
