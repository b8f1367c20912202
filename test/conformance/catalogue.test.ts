import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CatalogueError, formatCatalogue, loadCatalogue, parseFeature } from '../../src/conformance/catalogue';
import { parseDutProfile } from '../../src/conformance/dut-profile';

const FEATURES = path.join(__dirname, 'fixtures', 'features');

const profile = (version: string, role = 'client', ics = '[server-disable]') =>
  parseDutProfile(
    `name: Sample DUT\nrole: ${role}\nlwm2mVersion: "${version}"\nendpoint: ep\nlaunch: manual\nics: ${ics}\n`,
    'sample.yaml',
  );

function featureText(tags: string, name = 'LightweightM2M-1.1-int-101 Initial Registration'): string {
  return `${tags}\nFeature: ${name}\n  Scenario: ${name}\n    Given a step\n`;
}

function problemsOf(tags: string, name?: string): string[] {
  const r = parseFeature(featureText(tags, name), 'features/x.feature');
  assert.ok(Array.isArray(r), 'expected problems');
  return r;
}

test('the sample features are read into cases, by interface order then number', () => {
  const cases = loadCatalogue(FEATURES);
  assert.deepEqual(
    cases.map((c) => `${c.interface} ${c.number}`),
    [
      'bootstrap int-0',
      'registration int-101',
      'registration int-103',
      'registration int-105',
      'registration int-110',
      'device-management int-201',
    ],
  );
  const c101 = cases[1];
  assert.deepEqual(c101.ids, [
    { edition: '1.0', id: 'LightweightM2M-1.0-int-101' },
    { edition: '1.1', id: 'LightweightM2M-1.1-int-101' },
  ]);
  assert.equal(c101.title, 'Initial Registration');
  assert.equal(c101.introducedIn, '1.0');
  assert.equal(c101.role, 'client');
  assert.deepEqual(c101.requires, []);
  assert.equal(c101.manual, false);
  assert.equal(c101.file, path.join(FEATURES, 'registration', 'LightweightM2M-1.1-int-101.feature'));
  assert.ok(c101.tags.includes('@registration'));

  const c201 = cases[5];
  assert.equal(c201.role, 'server');
  assert.equal(c201.manual, true);
  assert.deepEqual(c201.requires, ['format-tlv']);
  assert.deepEqual(cases[2].requires, ['server-disable']);
});

test('broken conventions are reported with the file and what is wrong', () => {
  assert.match(problemsOf('@lwm2m-1.0 @dut-client @registration').join('\n'), /^features\/x\.feature:2: no ID tag/);
  assert.match(
    problemsOf('@LightweightM2M-1.0-int-101 @LightweightM2M-1.1-int-102 @lwm2m-1.0 @dut-client @registration').join('\n'),
    /ID tags disagree on the case number: int-101, int-102/,
  );
  assert.match(
    problemsOf('@LightweightM2M-1.1-int-101 @dut-client @registration').join('\n'),
    /one version tag such as @lwm2m-1.0, found 0/,
  );
  assert.match(
    problemsOf('@LightweightM2M-1.0-int-101 @lwm2m-1.1 @dut-client @registration').join('\n'),
    /@lwm2m-1.1 says the case is newer than its ID LightweightM2M-1.0-int-101/,
  );
  assert.match(
    problemsOf('@LightweightM2M-1.1-int-101 @lwm2m-1.0 @registration').join('\n'),
    /@dut-client, @dut-server or @dut-bootstrap-server, found none/,
  );
  assert.match(problemsOf('@LightweightM2M-1.1-int-101 @lwm2m-1.0 @dut-client').join('\n'), /one interface tag .*found none/);
  assert.match(
    problemsOf('@LightweightM2M-1.1-int-101 @lwm2m-1.0 @dut-client @registration @bootstrap').join('\n'),
    /found @bootstrap, @registration|found @registration, @bootstrap/,
  );
  assert.match(
    problemsOf('@LightweightM2M-1.1-int-101 @lwm2m-1.0 @dut-client @registration @requires-telepathy').join('\n'),
    /@requires-telepathy names no known feature/,
  );
  assert.match(
    problemsOf('@LightweightM2M-1.1-int-101 @lwm2m-1.0 @dut-client @registration', 'LightweightM2M-1.1-int-102 Registration Update').join(
      '\n',
    ),
    /starts with LightweightM2M-1.1-int-102, which is not one of its ID tags/,
  );
  assert.match(
    problemsOf('@LightweightM2M-1.1-int-101 @lwm2m-1.0 @dut-client @registration', 'LightweightM2M-1.1-int-101').join('\n'),
    /no title after its ID/,
  );

  const misfiled = parseFeature(
    featureText('@LightweightM2M-1.1-int-101 @lwm2m-1.0 @dut-client @registration'),
    'features/bootstrap/int-101.feature',
  );
  assert.ok(Array.isArray(misfiled));
  assert.match(misfiled.join('\n'), /int-101\.feature:2: the file is in the bootstrap\/ folder but tagged @registration/);
  assert.match(misfiled.join('\n'), /the file name should start with one of its IDs, e\.g\. LightweightM2M-1\.1-int-101\.feature/);
  const scenario = parseFeature(
    '@LightweightM2M-1.1-int-101 @lwm2m-1.0 @dut-client @registration\nFeature: LightweightM2M-1.1-int-101 Initial Registration\n  Scenario: Initial Registration\n    Given a step\n',
    'features/registration/LightweightM2M-1.1-int-101.feature',
  );
  assert.deepEqual(scenario, [
    'features/registration/LightweightM2M-1.1-int-101.feature:2: line 3: the Scenario name should start with one of its IDs, found "Initial Registration"',
  ]);

  const notGherkin = parseFeature('Feature: a\n  Scenario: s\n    Given x\nFeature: b\n', 'features/bad.feature');
  assert.ok(Array.isArray(notGherkin));
  assert.match(notGherkin[0], /^features\/bad\.feature: not valid Gherkin: \(4:1\): expected: .*got 'Feature: b'$/);
  assert.deepEqual(parseFeature('# only a comment\n', 'features/empty.feature'), ['features/empty.feature: no Feature in the file']);
});

test('loadCatalogue collects the problems of every file and finds duplicate cases', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-'));
  try {
    const good = featureText('@LightweightM2M-1.1-int-101 @lwm2m-1.0 @dut-client @registration');
    fs.mkdirSync(path.join(dir, 'registration'));
    fs.writeFileSync(path.join(dir, 'registration', 'LightweightM2M-1.1-int-101.feature'), good);
    fs.writeFileSync(path.join(dir, 'registration', 'LightweightM2M-1.1-int-101-copy.feature'), good);
    fs.writeFileSync(path.join(dir, 'c.feature'), 'not gherkin at all\n');
    assert.throws(
      () => loadCatalogue(dir),
      (e: unknown) =>
        e instanceof CatalogueError &&
        e.problems.length === 2 &&
        /c\.feature: not valid Gherkin/.test(e.message) &&
        /int-101(-copy)?\.feature: case int-101 is also defined in .*int-101(-copy)?\.feature/.test(e.message),
    );
    assert.throws(() => loadCatalogue(path.join(dir, 'missing')), /missing: cannot read the features folder/);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test('the list table shows every case, and applicability with a profile', () => {
  const cases = loadCatalogue(FEATURES);
  const plain = formatCatalogue(cases);
  const lines = plain.trimEnd().split('\n');
  assert.match(lines[0], /^ID\s+Title\s+Version\s+Interface\s+Mode$/);
  assert.match(lines[3], /^LightweightM2M-1\.1-int-101\s+Initial Registration\s+1\.0\s+Registration\s+automated$/);
  assert.match(plain, /LightweightM2M-1\.1-int-201 .* manual\n/);
  assert.match(lines[lines.length - 1], /^6 test cases$/);

  const forOld = formatCatalogue(cases, profile('1.0'));
  assert.match(forOld, /^LightweightM2M-1\.0-int-101\s+Initial Registration .* automated\s+applicable$/m);
  assert.match(forOld, /^LightweightM2M-1\.1-int-105 .* N\/A: Introduced in LwM2M 1\.1; the DUT declares 1\.0\.$/m);
  assert.match(
    forOld,
    /^LightweightM2M-1\.0-int-0 .* N\/A: Needs bootstrap-client-initiated \(client-initiated bootstrap\), which the DUT's ICS does not declare\.$/m,
  );
  assert.match(forOld, /^LightweightM2M-1\.0-int-201 .* N\/A: The case judges an LwM2M server; the DUT is an LwM2M client\.$/m);
  assert.match(forOld, /6 test cases; 2 applicable to "Sample DUT", an LwM2M 1\.0 client\n$/);
});
