/**
 * Whatever a DUT sends and whatever a half-finished run holds, the reports render: no throw,
 * junit.xml stays well-formed, nothing from the run becomes markup in report.html.
 * The seed is fixed so CI is repeatable; REPORT_FUZZ_SEED / REPORT_FUZZ_RUNS explore further.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { VERDICTS, type CaseResult, type RunResult, type StepResult } from '../../src/conformance/results';
import { junitXml, parseResultsJson, reportHtml, resultsJson } from '../../src/report';
import type { TraceEntry } from '../../src/trace/trace';
import { sampleRun } from './sample-run';

const FUZZ = {
  numRuns: Number(process.env.REPORT_FUZZ_RUNS ?? 300),
  seed: process.env.REPORT_FUZZ_SEED ? Number(process.env.REPORT_FUZZ_SEED) : 20261127,
};

// Any UTF-16 text, lone surrogates and control characters included, plus markup-like pieces.
const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", ']]>', '</script>', '\u0000', '\u001b', '\uD800', '\uFFFE', 'a', '\n') }),
);
const time = fc.oneof(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.double());
const anyValue = fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withDate: true });
const STEP_STATUSES: StepResult['status'][] = ['passed', 'failed', 'skipped', 'undefined', 'pending', 'ambiguous', 'not-run'];

/**
 * Runs whose enumerations hold valid values (strict), or also any text at all, including
 * names of Object.prototype members (loose: a harness bug upstream must not break the report).
 */
function runs(loose: boolean): fc.Arbitrary<RunResult> {
  const oneOf = <T extends string>(...values: T[]): fc.Arbitrary<T> =>
    loose
      ? (fc.oneof(fc.constantFrom(...values), fc.constantFrom('constructor', '__proto__', 'toString'), hostile) as fc.Arbitrary<T>)
      : fc.constantFrom(...values);
  const traceEntry: fc.Arbitrary<TraceEntry> = fc.record(
    {
      t: time,
      layer: oneOf('udp', 'dtls', 'coap', 'harness', 'dut'),
      direction: oneOf('in', 'out', 'note'),
      local: hostile,
      peer: hostile,
      hex: fc.oneof(
        hostile,
        fc.uint8Array().map((b) => Buffer.from(b).toString('hex')),
      ),
      summary: hostile,
      detail: anyValue,
      problem: hostile,
    },
    { requiredKeys: ['t', 'layer', 'direction', 'summary'] },
  );
  const step: fc.Arbitrary<StepResult> = fc.record(
    { keyword: hostile, text: hostile, status: oneOf(...STEP_STATUSES), durationMs: time, error: hostile },
    { requiredKeys: ['keyword', 'text', 'status', 'durationMs'] },
  );
  const caseResult: fc.Arbitrary<CaseResult> = fc.record(
    {
      id: hostile,
      title: hostile,
      interface: hostile,
      verdict: oneOf(...VERDICTS),
      reason: hostile,
      diagnosis: fc.record({ criterion: hostile, expected: hostile, actual: hostile, message: hostile }, { requiredKeys: ['message'] }),
      durationMs: time,
      unfinished: fc.boolean(),
      featureFile: hostile,
      tags: fc.array(hostile, { maxLength: 3 }),
      steps: fc.array(step, { maxLength: 3 }),
      trace: fc.array(traceEntry, { maxLength: 4 }),
    },
    { requiredKeys: ['id', 'title', 'interface', 'verdict', 'durationMs', 'tags', 'steps', 'trace'] },
  );
  const isoDate = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  return fc.record(
    {
      tool: fc.record({ name: hostile, version: hostile }),
      startedAt: fc.oneof(hostile, isoDate),
      finishedAt: fc.oneof(hostile, isoDate),
      interrupted: fc.boolean(),
      dut: fc.record(
        {
          name: hostile,
          role: oneOf('client', 'server'),
          lwm2mVersion: hostile,
          endpoint: hostile,
          profileFile: hostile,
          launch: hostile,
          ics: fc.array(hostile, { maxLength: 3 }),
          declared: fc.dictionary(hostile, anyValue),
        },
        { requiredKeys: ['name', 'role', 'lwm2mVersion', 'launch', 'ics'] },
      ),
      timers: fc.dictionary(hostile, fc.oneof(hostile, fc.double())),
      tagExpression: hostile,
      cases: fc.array(caseResult, { maxLength: 4 }),
    },
    { requiredKeys: ['tool', 'startedAt', 'finishedAt', 'interrupted', 'dut', 'timers', 'cases'] },
  );
}

/** Characters outside the XML 1.0 Char production. */
const ILLEGAL_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertRenders(run: RunResult): void {
  const xml = junitXml(run);
  assert.equal(XMLValidator.validate(xml), true);
  assert.ok(!ILLEGAL_XML.test(xml));
  const html = reportHtml(run);
  assert.ok(!ILLEGAL_XML.test(html));
  assert.equal(
    html.match(/<script(?! type="application\/json" class="trace-data">)/g)?.length,
    1,
    'only the page script (traces are data blocks)',
  );
  assert.equal((html.match(/<tbody class="case /g) ?? []).length, run.cases.length);
}

test('any run content renders; junit.xml stays well-formed; report.html gains no markup; results.json reads back', () => {
  fc.assert(
    fc.property(runs(false), (run) => {
      assertRenders(run);
      const text = resultsJson(run);
      assert.equal(resultsJson(parseResultsJson(text)), text);
    }),
    FUZZ,
  );
});

test('nonsense in the enumerations (a harness bug upstream) still renders', () => {
  fc.assert(
    fc.property(runs(true), (run) => {
      assertRenders(run);
      assert.equal(JSON.parse(resultsJson(run)).cases.length, run.cases.length);
    }),
    FUZZ,
  );
});

test('a half-built run (lists and objects missing) still renders all three reports', () => {
  const run = sampleRun() as unknown as Record<string, any>;
  delete run.timers;
  delete run.dut.ics;
  for (const c of run.cases) {
    delete c.steps;
    delete c.trace;
    delete c.tags;
  }
  run.cases.push({ id: 'LightweightM2M-1.1-int-999', verdict: 'MAYBE' });
  run.cases[0].steps = [{ status: 'passed' }];
  run.cases[1].trace = [{ summary: 'no time, no layer' }];
  const partial = run as unknown as RunResult;
  assert.equal(XMLValidator.validate(junitXml(partial)), true);
  const html = reportHtml(partial);
  assert.match(html, /data-case-id="LightweightM2M-1\.1-int-999" data-verdict="ERROR"/, 'an unknown verdict is shown as ERROR, never PASS');
  const doc = JSON.parse(resultsJson(partial));
  assert.equal(doc.cases.length, 7);
  assert.equal(doc.cases[6].verdict, 'ERROR');
});
