import { test } from 'node:test';
import assert from 'node:assert/strict';
import { junitXml, parseResultsJson, reportHtml, resultsJson, ResultsFileError } from '../../src/report';
import { sampleRun } from './sample-run';

test('results.json reads back into the run it came from, and renders the same reports', () => {
  const run = sampleRun();
  const text = resultsJson(run);
  const back = parseResultsJson(text);
  assert.equal(resultsJson(back), text);
  // The declared serial and a trace detail held bigints; JSON has them as decimal text.
  const plain = JSON.parse(JSON.stringify(run, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  assert.deepEqual(back, plain);
  assert.equal(reportHtml(back), reportHtml(plain));
  assert.equal(junitXml(back), junitXml(plain));
});

test('a damaged or foreign results.json names the field and what was expected', () => {
  const doc = () => JSON.parse(resultsJson(sampleRun()));
  const cases: [unknown, RegExp][] = [
    [{ ...doc(), format: 'something-else' }, /^results\.json: format should be "lwm2m-conformance\/results", found "something-else"$/],
    [{ ...doc(), formatVersion: 99 }, /formatVersion should be 1, found 99/],
    [{ ...doc(), startedAt: 5 }, /^results\.json: startedAt should be a string, found 5$/],
    [{ ...doc(), interrupted: 'yes' }, /interrupted should be true or false/],
    [{ ...doc(), dut: { ...doc().dut, role: 'router' } }, /dut\.role should be one of client, server, bootstrap-server, found "router"/],
    [{ ...doc(), dut: { ...doc().dut, ics: ['a', 7] } }, /dut\.ics\[1\] should be a string, found 7/],
    [{ ...doc(), timers: { lifetime: {} } }, /timers\.lifetime should be a string or number/],
  ];
  for (const [value, message] of cases) {
    assert.throws(
      () => parseResultsJson(JSON.stringify(value)),
      (err: unknown) => err instanceof ResultsFileError && message.test(err.message),
    );
  }
  const broken = doc();
  broken.cases[2].trace[1].direction = 'sideways';
  assert.throws(
    () => parseResultsJson(JSON.stringify(broken)),
    /cases\[2\]\.trace\[1\]\.direction should be one of in, out, note, found "sideways"/,
  );
  broken.cases[2].verdict = 'MAYBE';
  assert.throws(() => parseResultsJson(JSON.stringify(broken)), /cases\[2\]\.verdict should be one of PASS, FAIL, INCONC, N\/A, ERROR/);
  assert.throws(
    () => parseResultsJson('{"format": '),
    (err: unknown) => err instanceof ResultsFileError && err.field === '(document)',
  );
  assert.throws(() => parseResultsJson('[]'), /\(document\) should be an object, found \[\]/);
});
