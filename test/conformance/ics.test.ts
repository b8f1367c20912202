import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CatalogueCase } from '../../src/conformance/catalogue';
import { parseDutProfile } from '../../src/conformance/dut-profile';
import { KNOWN_FEATURES, applicability, compareVersions } from '../../src/conformance/ics';
import * as path from 'node:path';
import { loadCatalogue } from '../../src/conformance/catalogue';
import { ACTION_PLACEHOLDERS, passedPlaceholders } from '../../src/conformance/actions/types';
import { PACKAGE_ROOT } from '../../src/util/package-root';

function dut(version: string, role: 'client' | 'server' = 'client', ics: string[] = [], security = '{ mode: nosec }') {
  return parseDutProfile(
    `name: D\nrole: ${role}\nlwm2mVersion: "${version}"\nendpoint: ep\nlaunch: manual\nics: [${ics.join(', ')}]\nsecurity: ${security}\n`,
    'd.yaml',
  );
}

function testCase(editions: string[], introducedIn: string, extra: Partial<CatalogueCase> = {}): CatalogueCase {
  return {
    ids: editions.map((edition) => ({ edition, id: `LightweightM2M-${edition}-int-101` })),
    number: 'int-101',
    title: 'Initial Registration',
    introducedIn,
    interface: 'registration',
    role: 'client',
    requires: [],
    manual: false,
    file: 'x.feature',
    tags: [],
    ...extra,
  };
}

test('the reported ID is the newest ETS edition not newer than the DUT', () => {
  const c = testCase(['1.0', '1.1'], '1.0');
  assert.deepEqual(applicability(c, dut('1.0')), { applicable: true, reportedId: 'LightweightM2M-1.0-int-101' });
  assert.deepEqual(applicability(c, dut('1.1')), { applicable: true, reportedId: 'LightweightM2M-1.1-int-101' });
  assert.deepEqual(applicability(c, dut('1.2')), { applicable: true, reportedId: 'LightweightM2M-1.1-int-101' });
  assert.equal(applicability(testCase(['1.1', '1.2'], '1.1'), dut('1.2')).reportedId, 'LightweightM2M-1.2-int-101');
});

test('a case newer than the DUT is N/A with the reason, reported under its first ID', () => {
  const a = applicability(testCase(['1.1'], '1.1'), dut('1.0'));
  assert.deepEqual(a, {
    applicable: false,
    reportedId: 'LightweightM2M-1.1-int-101',
    reason: 'Introduced in LwM2M 1.1; the DUT declares 1.0.',
  });
  // A 1.0 feature that only the 1.1 ETS numbers still applies to a 1.0 DUT.
  assert.deepEqual(applicability(testCase(['1.1'], '1.0'), dut('1.0')), { applicable: true, reportedId: 'LightweightM2M-1.1-int-101' });
});

test('the role must match', () => {
  assert.match(applicability(testCase(['1.1'], '1.0'), dut('1.1', 'server')).reason!, /judges an LwM2M client; the DUT is an LwM2M server/);
  assert.equal(applicability(testCase(['1.1'], '1.0', { role: 'server' }), dut('1.1', 'server')).applicable, true);
});

test('every required feature must be declared in the ICS', () => {
  const c = testCase(['1.1'], '1.0', { requires: ['server-disable', 'format-tlv'] });
  const a = applicability(c, dut('1.1', 'client', ['format-tlv']));
  assert.equal(a.applicable, false);
  assert.equal(a.reason, `Needs server-disable (${KNOWN_FEATURES['server-disable']}), which the DUT's ICS does not declare.`);
  assert.match(applicability(c, dut('1.1')).reason!, /Needs server-disable .*, format-tlv \(OMA TLV/);
  assert.equal(applicability(c, dut('1.1', 'client', ['format-tlv', 'server-disable'])).applicable, true);
});

test('a security case runs only in its security mode, which counts as implemented', () => {
  const psk = testCase(['1.1'], '1.0', { requires: ['security-psk'] });
  const pskProfile = '{ mode: psk, identity: id, key: { hex: "00" } }';
  assert.deepEqual(applicability(psk, dut('1.1', 'client', [], pskProfile)), {
    applicable: true,
    reportedId: 'LightweightM2M-1.1-int-101',
  });
  assert.match(
    applicability(psk, dut('1.1', 'client', ['security-psk'])).reason!,
    /security mode psk; this profile runs the DUT in mode nosec/,
  );
  const x509 = testCase(['1.1'], '1.1', { requires: ['security-x509', 'format-tlv'] });
  assert.match(
    applicability(x509, dut('1.1', 'client', [], '{ mode: x509, certificate: s.crt, privateKey: s.key, trustAnchor: ca.crt }')).reason!,
    /^Needs format-tlv /,
  );
});

test('versions compare numerically', () => {
  assert.ok(compareVersions('1.0', '1.1') < 0);
  assert.ok(compareVersions('1.10', '1.2') > 0);
  assert.equal(compareVersions('1.2', '1.2'), 0);
});

test('a server case passing a placeholder to an action is N/A when the profile’s action never uses it', () => {
  const server = (body: string) =>
    parseDutProfile(
      `name: S\nrole: server\nlwm2mVersion: "1.2"\nendpoint: ep\nlaunch: manual\nserverUri: "coap://127.0.0.1:5683"\n` +
        `actions:\n  discover:\n    http:\n      url: "http://127.0.0.1:1/d"\n      body: '${body}'\n`,
      's.yaml',
    );
  const c = testCase(['1.2'], '1.2', { role: 'server', tags: ['@action-discover', '@passes-depth-to-discover'] });
  assert.equal(applicability(c, server('{"path": "{path}", "depth": "{depth}"}')).applicable, true);
  const without = applicability(c, server('{"path": "{path}"}'));
  assert.equal(without.applicable, false);
  assert.match(without.reason!, /actions\.discover does not use \{depth\}/);
});

test('every @passes-<placeholder>-to-<action> tag names a placeholder and an action the case needs', () => {
  const bad: string[] = [];
  for (const c of loadCatalogue(path.join(PACKAGE_ROOT, 'features'))) {
    for (const [action, placeholder] of passedPlaceholders(c.tags)) {
      if (!ACTION_PLACEHOLDERS[placeholder]) bad.push(`${c.file}: no placeholder {${placeholder}}`);
      if (!c.tags.includes(`@action-${action}`))
        bad.push(`${c.file}: passes {${placeholder}} to ${action}, which it has no @action- tag for`);
    }
  }
  assert.deepEqual(bad, []);
});
