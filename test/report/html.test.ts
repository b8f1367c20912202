import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { reportHtml } from '../../src/report/html';
import { HOSTILE_ENDPOINT, HOSTILE_NAME, observationCase, sampleCases, sampleRun } from './sample-run';

const attrValues = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`<tbody class="case[^"]*"[^>]*\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]);

test('every case has one row, with its id and verdict as data attributes', () => {
  const run = sampleRun();
  const html = reportHtml(run);
  assert.deepEqual(attrValues(html, 'data-case-id').sort(), run.cases.map((c) => c.id).sort());
  assert.deepEqual(attrValues(html, 'data-verdict').sort(), run.cases.map((c) => c.verdict).sort());
  for (const c of run.cases) assert.ok(html.includes(`>${c.title}</td>`), c.title);
  assert.match(html, /<span class="count" id="count-FAIL">1<\/span>/);
  assert.match(html, /<span class="count" id="count-ERROR">2<\/span>/);
  assert.match(html, /<span class="count" id="count-total">6<\/span>/);
});

test('case element ids are unique even when case IDs repeat', () => {
  const run = sampleRun();
  run.cases = [run.cases[1], { ...run.cases[1] }, { ...run.cases[1], id: 'weird id/<>' }];
  const ids = [...reportHtml(run).matchAll(/ id="(case-[^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(ids, ['case-table', 'case-LightweightM2M-1.1-int-101', 'case-LightweightM2M-1.1-int-101-2', 'case-weird_id___']);
});

test('DUT strings are escaped: no markup from the DUT reaches the page', () => {
  const html = reportHtml(sampleRun());
  assert.ok(!html.includes('<script>alert(1)'));
  assert.ok(!html.includes('<img src=x'));
  assert.ok(!html.includes('<b>client'));
  assert.ok(!html.includes('<script>window.__pwned'));
  assert.equal(
    html.match(/<script(?! type="application\/json" class="trace-data">)/g)?.length,
    1,
    'only the page script (traces are data blocks)',
  );
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; "Acme" &lt;b&gt;client&lt;/b&gt;'));
  assert.ok(html.includes(`data-case-id="LightweightM2M-1.1-int-102"`));
  assert.ok(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(html), 'no control characters');
  assert.ok(html.includes('ep-&lt;img src=x onerror="window.__pwned=1"&gt;\\u0001\\u0007'));
  assert.ok(HOSTILE_NAME.includes('<script>') && HOSTILE_ENDPOINT.includes('<img'));
});

test('the page is self-contained, and its CSP admits exactly its own script', () => {
  const html = reportHtml(sampleRun());
  assert.ok(
    !/<[a-z][^>]*\s(?:src\s*=|href\s*=\s*"(?!#|pcap\/[A-Za-z0-9._-]+\.pcapng"))/i.test(html),
    'no src attributes, and href only to places in the page or to the captures beside it',
  );
  assert.ok(!/@import|url\(|<link|<iframe|<object/i.test(html));
  const script = html.match(/<script>([\s\S]*?)<\/script>/)![1];
  const hash = createHash('sha256').update(script).digest('base64');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)![1].replace(/&#39;/g, "'");
  assert.ok(csp.includes(`script-src 'sha256-${hash}'`), csp);
  assert.ok(csp.startsWith("default-src 'none'"));
});

test('the failing case shows its criterion, expected and actual; the evidence holds steps and trace', () => {
  const html = reportHtml(sampleRun());
  const start = html.indexOf('<tbody class="case v-FAIL"');
  const fail = html.slice(start, html.indexOf('<tbody class="case', start + 1));
  assert.match(fail, /data-field="criterion" data-letter="B">Criterion B</);
  assert.match(fail, /data-field="criterion" data-letter="C">Criterion C</);
  assert.match(fail, /data-field="expected">2\.01 Created with Location-Path</);
  assert.match(fail, /data-field="actual">4\.00 Bad Request</);
  assert.match(fail, /<details class="evidence"[^>]*><summary>Steps \(3\) and message trace \(4, 1 problem\)<\/summary>/);
  assert.equal(fail.match(/<tr class="step"/g)?.length, 3);
  // The trace is a data block the page script turns into rows (the browser test checks those).
  const data = JSON.parse(fail.match(/<script type="application\/json" class="trace-data">([^<]*)<\/script>/)![1]) as unknown[][];
  assert.equal(data.length, 4);
  assert.equal(
    data[1][8],
    '44021234' +
      '0a1b2c3d' +
      'b27264' +
      '1128' +
      '39' +
      Buffer.from('ep=node-1').toString('hex') +
      '05' +
      Buffer.from('lt=30').toString('hex') +
      'ff' +
      Buffer.from('</1/1>,</3/0>').toString('hex'),
  );
  assert.match(String(data[2][7]), /"extra": "12345678901234567890"/);
  assert.deepEqual([data[2][1], data[2][5]], ['in', 'the DUT answered 4.00 Bad Request']);
});

test('the interrupted banner appears only for an interrupted run', () => {
  assert.match(reportHtml(sampleRun()), /id="interrupted-banner"[^>]*>This run was interrupted[^<]*1 case was left unfinished/);
  assert.ok(!reportHtml(sampleRun({ interrupted: false })).includes('interrupted-banner'));
});

test('the headline says what was judged: green only when something was judged and all of it PASSed', () => {
  const run = sampleRun();
  const outcome = (r: typeof run) =>
    reportHtml(r)
      .match(/<div class="outcome (\w+)" id="outcome">([^<]*)</)!
      .slice(1);
  assert.deepEqual(outcome(run), ['bad', 'Not passed: 1 FAIL, 2 ERROR, 1 INCONC; 1 PASS (the run was interrupted)']);
  const done = { interrupted: false };
  const only = (...v: string[]) => sampleRun({ ...done, cases: run.cases.filter((c) => v.includes(c.verdict) && !c.unfinished) });
  assert.deepEqual(outcome(only('PASS', 'N/A', 'INCONC')), ['warn', 'Not judged: 1 INCONC; 1 PASS']);
  assert.deepEqual(outcome(only('N/A', 'INCONC')), ['warn', 'Nothing judged: 1 INCONC, 1 N/A']);
  assert.deepEqual(outcome(only('PASS', 'N/A')), ['good', 'PASS: all 1 applicable case judged PASS (1 N/A)']);
  assert.match(reportHtml(sampleRun({ cases: [] })), /No test cases were run/);
});

test('identity, ICS and timers are shown', () => {
  const html = reportHtml(sampleRun());
  assert.match(html, /<td id="dut-version">1\.1<\/td>/);
  assert.match(html, /<li>requires-content-format-tlv<\/li>/);
  assert.match(html, /<tr data-timer="ACK_TIMEOUT"><th scope="row">ACK_TIMEOUT<\/th><td>2 s<\/td><\/tr>/);
  assert.match(html, /<td id="tag-expression">@lwm2m-1\.1 and not @slow<\/td>/);
  assert.match(html, /<td id="started-at">2026-11-27 14:05:03 UTC<\/td>/);
  assert.match(html, /"serial": "345000123"/);
});

test('an observation case shows its timelines inline (last one per observation); other cases show none', () => {
  const html = reportHtml(sampleRun({ cases: [...sampleCases(), observationCase()] }));
  const bodies = [...html.matchAll(/<tbody class="case[^"]*"[^>]*data-case-id="([^"]*)"[\s\S]*?<\/tbody>/g)];
  const svgCount = (id: string) => (bodies.find((b) => b[1] === id)![0].match(/<svg /g) ?? []).length;
  assert.equal(svgCount('LightweightM2M-1.1-int-301'), 2, 'the two observations; the malformed note is left out');
  for (const b of bodies) if (b[1] !== 'LightweightM2M-1.1-int-301') assert.equal(svgCount(b[1]), 0, b[1]);
  const obs = bodies.find((b) => b[1] === 'LightweightM2M-1.1-int-301')![0];
  assert.match(obs, /intervals 1500, 1510 ms/, 'the later timeline of /3/0/7 replaced the earlier');
  assert.ok(!/intervals 1500 ms;/.test(obs));
  // Outside the <template>, so it prints without the evidence being opened; the DUT-made label stays text.
  assert.ok(obs.indexOf('<svg ') < obs.indexOf('<template>'));
  assert.ok(!obs.includes('<script>window.__pwned'));
});
