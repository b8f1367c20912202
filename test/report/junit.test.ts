import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { junitXml } from '../../src/report/junit';
import { HOSTILE_ENDPOINT, HOSTILE_NAME, sampleRun } from './sample-run';

type Node = Record<string, any>;

function parse(xml: string): { suites: Node; suite: Node; cases: Node[] } {
  assert.equal(XMLValidator.validate(xml), true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    htmlEntities: true, // also decodes numeric character references such as &#10;
    isArray: (name) => ['testcase', 'property', 'testsuite'].includes(name),
  }).parse(xml);
  const suites = doc.testsuites;
  assert.equal(suites.testsuite.length, 1);
  return { suites, suite: suites.testsuite[0], cases: suites.testsuite[0].testcase };
}

/** Characters outside the XML 1.0 Char production, checked code point by code point. */
function illegalXmlChars(text: string): number[] {
  const bad: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const ok =
      cp === 0x9 ||
      cp === 0xa ||
      cp === 0xd ||
      (cp >= 0x20 && cp <= 0xd7ff) ||
      (cp >= 0xe000 && cp <= 0xfffd) ||
      (cp >= 0x10000 && cp <= 0x10ffff);
    if (!ok) bad.push(cp);
  }
  return bad;
}

test('one testcase per OMA case, and the suite counts match the elements', () => {
  const run = sampleRun();
  const { suites, suite, cases } = parse(junitXml(run));
  assert.equal(suite.name, `lwm2m-conformance: ${HOSTILE_NAME}`);
  assert.equal(cases.length, run.cases.length);
  const count = (el: string) => cases.filter((c) => el in c).length;
  for (const holder of [suite, suites]) {
    assert.equal(Number(holder.tests), cases.length);
    assert.equal(Number(holder.failures), count('failure'));
    assert.equal(Number(holder.errors), count('error'));
    assert.equal(Number(holder.skipped), count('skipped'));
  }
  assert.deepEqual([suite.failures, suite.errors, suite.skipped], ['1', '3', '1']);
  assert.equal(suite.time, '6.480');
  assert.equal(suite.timestamp, '2026-11-27T14:05:03');
});

test('each verdict maps to the element CI systems expect', () => {
  const { cases } = parse(junitXml(sampleRun()));
  const byName = (id: string) => cases.find((c) => c.name.startsWith(id + ' '))!;

  const pass = byName('LightweightM2M-1.1-int-101');
  assert.equal(pass.name, 'LightweightM2M-1.1-int-101 Initial Registration');
  assert.equal(pass.classname, 'Registration');
  assert.equal(pass.time, '0.120');
  assert.ok(!('failure' in pass || 'error' in pass || 'skipped' in pass));
  assert.match(pass['system-out'], /<- coap 127\.0\.0\.1:40211 CON POST \/rd\?ep=node-1&lt=30/);

  const fail = byName('LightweightM2M-1.1-int-102').failure;
  assert.equal(fail.type, 'FAIL');
  assert.match(fail.message, /^Criterion B, C: /);
  assert.match(fail['#text'], /Criterion: B, C\nExpected: 2\.01 Created with Location-Path\nActual: 4\.00 Bad Request/);

  const inconc = byName('LightweightM2M-1.1-int-103').error;
  assert.equal(inconc.type, 'INCONC');
  assert.match(inconc.message, /^Precondition: Precondition not met/);

  assert.equal(byName('LightweightM2M-1.1-int-104').error.type, 'ERROR');
  assert.equal(byName('LightweightM2M-1.1-int-201').error.type, 'UNFINISHED');
  assert.equal(byName('LightweightM2M-1.1-int-0').skipped.message, 'The ICS does not declare bootstrap.');
});

test('an unfinished case counts as an error whatever verdict it carries', () => {
  const run = sampleRun();
  run.cases = run.cases.map((c) => ({ ...c, verdict: 'PASS' as const, unfinished: true }));
  const { suite, cases } = parse(junitXml(run));
  assert.equal(suite.errors, String(run.cases.length));
  assert.ok(cases.every((c) => c.error?.type === 'UNFINISHED'));
});

test('DUT strings are escaped and XML-illegal characters are written visibly', () => {
  const xml = junitXml(sampleRun());
  assert.deepEqual(illegalXmlChars(xml), []);
  assert.ok(!xml.includes('<script>'));
  assert.ok(!xml.includes('</system-out><script>'));
  const { suite } = parse(xml);
  const props = Object.fromEntries(suite.properties.property.map((p: Node) => [p.name, p.value]));
  assert.equal(props['dut.name'], HOSTILE_NAME);
  assert.equal(props['dut.endpoint'], HOSTILE_ENDPOINT.replace('\u0001', '\\u0001').replace('\u0007', '\\u0007'));
  assert.equal(props['timer.lifetime'], '30 s');
  assert.equal(props.interrupted, 'true');
  const dutLine = suite.testcase.find((c: Node) => c.name.includes('int-102'))['system-out'];
  assert.match(dutLine, /DUT stdout: bad\\u0000byte \\uD800 \]\]> <\/system-out><script>window\.__pwned=2<\/script>/);
});

test('attribute values keep newlines and tabs through a parser', () => {
  const run = sampleRun();
  run.cases[0].reason = 'line one\nline two\ttabbed';
  const { cases } = parse(junitXml(run));
  assert.equal(cases[0].skipped.message, 'line one\nline two\ttabbed');
});

test('an empty run is a valid suite with zero tests', () => {
  const xml = junitXml(sampleRun({ cases: [] }));
  assert.equal(XMLValidator.validate(xml), true);
  assert.match(xml, /<testsuite name="[^"]*" tests="0" failures="0" errors="0" skipped="0"/);
});
