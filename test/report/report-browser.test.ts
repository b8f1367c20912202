/**
 * Opens report.html in Debian's Chromium and checks what a person sees: the summary, the verdict
 * table, a failing case's diagnosis and trace, the verdict filter, and that DUT strings stayed text.
 * CI installs the browser with `apt-get install -y chromium`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { writeReports } from '../../src/report';
import { HOSTILE_ENDPOINT, HOSTILE_NAME, sampleRun } from './sample-run';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function openReport(t: {
  after: (fn: () => Promise<void>) => void;
}): Promise<{ page: Page; dir: string; requests: string[]; problems: string[] }> {
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: the browser check needs Debian's Chromium (apt-get install -y chromium)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-browser-'));
  const paths = await writeReports(sampleRun(), path.join(dir, 'run'));
  const context: BrowserContext = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  t.after(() => context.close());
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await page.goto(pathToFileURL(paths.html).href);
  return { page, dir: path.dirname(paths.html), requests, problems };
}

/** Dispatches a window event in the page (the project compiles without DOM types). */
const fire = (page: Page, type: string) =>
  page.evaluate((t) => {
    const win = globalThis as unknown as { dispatchEvent(e: unknown): boolean; Event: new (type: string) => unknown };
    win.dispatchEvent(new win.Event(t));
  }, type);

const caseRow = (page: Page, id: string) => page.locator(`tbody.case[data-case-id="${id}"]`);

test('a person reading report.html in Chromium sees the verdicts and the diagnosis', { timeout: 60_000 }, async (t) => {
  const { page, dir, requests, problems } = await openReport(t);

  // Header and identity: the hostile DUT strings appear as the literal text they are.
  assert.equal(await page.locator('#report-title').textContent(), HOSTILE_NAME);
  assert.equal(await page.locator('#dut-name').textContent(), HOSTILE_NAME);
  assert.equal(
    await page.locator('#dut-endpoint').textContent(),
    HOSTILE_ENDPOINT.replace('\u0001', '\\u0001').replace('\u0007', '\\u0007'),
  );
  assert.equal(await page.title(), `LwM2M conformance report: ${HOSTILE_NAME}`);
  assert.ok(await page.locator('#interrupted-banner').isVisible());
  assert.match((await page.locator('#outcome').textContent()) ?? '', /Not passed: 1 FAIL, 2 ERROR, 1 INCONC; 1 PASS/);

  // Summary tiles and the by-interface table.
  const tiles = await page.locator('#verdict-counts .tile').allInnerTexts();
  assert.deepEqual(
    tiles.map((s) => s.replace(/\s+/g, ' ').trim()),
    ['6 TOTAL', '1 PASS', '1 FAIL', '1 INCONC', '1 N/A', '2 ERROR', '0 NOT RUN'],
  );
  const registration = await page.locator('#by-interface tr[data-interface="Registration"] > *').allInnerTexts();
  assert.deepEqual(registration, ['Registration', '1', '1', '1', '0', '1', '0', '4']);

  // One visible row per case with its verdict badge, grouped under interface headings.
  const rows = page.locator('tbody.case tr.case-row');
  assert.equal(await rows.count(), 6);
  const seen = await page
    .locator('tbody.case')
    .evaluateAll((els) => els.map((e) => [e.querySelector('.case-id')!.textContent, e.querySelector('.badge')!.textContent]));
  assert.deepEqual(seen, [
    ['LightweightM2M-1.1-int-0', 'N/A'],
    ['LightweightM2M-1.1-int-101', 'PASS'],
    ['LightweightM2M-1.1-int-102', 'FAIL'],
    ['LightweightM2M-1.1-int-103', 'INCONC'],
    ['LightweightM2M-1.1-int-104', 'ERROR'],
    ['LightweightM2M-1.1-int-201', 'ERROR'],
  ]);
  assert.deepEqual(await page.locator('tr.group-head').allInnerTexts(), [
    'Bootstrap',
    'Registration',
    'Device Management & Service Enablement',
  ]);
  assert.ok(await caseRow(page, 'LightweightM2M-1.1-int-201').locator('.pill', { hasText: 'unfinished' }).isVisible());

  // The failing case: criterion letter, expected and actual; then its steps and trace once expanded.
  const fail = caseRow(page, 'LightweightM2M-1.1-int-102');
  const traceRows = fail.locator('tr.trace-row');
  assert.equal(await traceRows.first().isVisible(), false, 'evidence starts collapsed');
  await fail.locator('details.evidence > summary').click();
  // A joint criterion (B, C) that failed with diagnosis "B, C": both letters are shown, both failed.
  assert.deepEqual(await fail.locator('[data-field="criterion"]').allInnerTexts(), ['Criterion B', 'Criterion C']);
  const letters = await fail
    .locator('tr.step li.crit')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-letter')}:${e.getAttribute('data-status')}`));
  assert.deepEqual(letters, ['B:failed', 'C:failed', 'D:not judged']);
  const pass = caseRow(page, 'LightweightM2M-1.1-int-101');
  await pass.locator('details.evidence > summary').click();
  assert.equal(await pass.locator('tr.step [data-procedure-step]').innerText(), 'step 1');
  assert.deepEqual(await pass.locator('tr.step li.crit').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))), ['passed']);
  await pass.locator('details.evidence > summary').click();
  assert.equal(await fail.locator('[data-field="expected"]').innerText(), '2.01 Created with Location-Path');
  assert.equal(await fail.locator('[data-field="actual"]').innerText(), '4.00 Bad Request');
  assert.ok(await fail.locator('[data-field="expected"]').isVisible());
  assert.ok(await fail.locator('[data-field="actual"]').isVisible());
  assert.equal(await fail.locator('tr.step').count(), 3);
  assert.match(
    await fail.locator('tr.step[data-status="failed"]').innerText(),
    /the client receives 2\.01 Created[\s\S]*AssertionError: expected 2\.01, got 4\.00/,
  );
  assert.equal(await traceRows.count(), 4);
  const cells = await traceRows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll(':scope > td')].slice(0, 4).map((td) => (td as unknown as { innerText: string }).innerText)),
  );
  assert.deepEqual(cells, [
    ['+0 ms', '·', 'harness', ''],
    ['+3 ms', '→', 'coap', '127.0.0.1:40211'],
    ['+5 ms', '←', 'coap', '127.0.0.1:40211'],
    ['+10 ms', '·', 'dut', ''],
  ]);
  for (let i = 0; i < 4; i++) assert.ok(await traceRows.nth(i).isVisible());
  assert.match(await traceRows.nth(2).innerText(), /ACK 4\.00 Bad Request MID=4660\s+the DUT answered 4\.00 Bad Request/);
  // Decoded view and bytes appear on demand.
  const hex = traceRows.nth(1).locator('pre.hex');
  assert.equal(await hex.isVisible(), false);
  await traceRows.nth(1).locator('details.raw > summary').click();
  assert.match(await hex.innerText(), /^0000 {2}44 02 12 34 0a 1b 2c 3d/);
  assert.match(await traceRows.nth(1).locator('pre.detail').innerText(), /"Uri-Query": \[/);
  assert.match(await traceRows.nth(3).innerText(), /<\/system-out><script>window\.__pwned=2<\/script>/);

  // The verdict filter: hide PASS, then show only FAIL; interface headings follow their cases.
  await page.locator('#filter-PASS').uncheck();
  assert.equal(await caseRow(page, 'LightweightM2M-1.1-int-101').isVisible(), false);
  assert.equal(await page.locator('#shown-count').innerText(), '5 of 6 shown');
  for (const v of ['NA', 'INCONC', 'ERROR']) await page.locator(`#filter-${v}`).uncheck();
  assert.equal(await page.locator('#shown-count').innerText(), '1 of 6 shown');
  const visibleIds = await page.locator('tbody.case:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-case-id')));
  assert.deepEqual(visibleIds, ['LightweightM2M-1.1-int-102']);
  assert.deepEqual(await page.locator('tr.group-head:visible').allInnerTexts(), ['Registration']);
  for (const v of ['PASS', 'NA', 'INCONC', 'ERROR']) await page.locator(`#filter-${v}`).check();
  assert.equal(await page.locator('tbody.case:visible').count(), 6);

  // A summary tile filters to its verdict; the total tile shows everything again.
  await page.locator('.tile[data-show="ERROR"]').click();
  assert.deepEqual(await page.locator('tbody.case:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-case-id'))), [
    'LightweightM2M-1.1-int-104',
    'LightweightM2M-1.1-int-201',
  ]);
  assert.equal(await page.locator('#filter-PASS').isChecked(), false);
  await page.locator('.tile[data-show="*"]').click();
  assert.equal(await page.locator('tbody.case:visible').count(), 6);

  // Expand all / collapse all.
  await page.locator('#expand-all').click();
  assert.equal(await page.locator('details.evidence[open]').count(), 6);
  await page.locator('#collapse-all').click();
  assert.equal(await page.locator('details.evidence[open]').count(), 0);

  // Nothing injected through DUT strings ran, and the page fetched nothing but itself.
  assert.equal(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator('body script').count(), 1);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    requests.filter((u) => !u.startsWith('file://') || !u.endsWith('/report.html')),
    [],
  );

  // The junit.xml beside it is well-formed XML 1.0 to the browser's strict parser.
  const xml = fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8');
  const xmlCheck = await page.evaluate((text) => {
    // Runs in the page; the project compiles without DOM types.
    const { DOMParser } = globalThis as unknown as { DOMParser: new () => { parseFromString(s: string, type: string): any } };
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const error = doc.getElementsByTagName('parsererror')[0];
    return { error: error?.textContent ?? null, testcases: doc.getElementsByTagName('testcase').length };
  }, xml);
  assert.deepEqual(xmlCheck, { error: null, testcases: 6 });

  // Printing hides the controls and opens the evidence of every case that did not PASS.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#filter').isVisible(), false);
  await fire(page, 'beforeprint');
  const openForPrint = await page.locator('details.evidence[open]').evaluateAll((ds) => ds.map((d) => d.getAttribute('data-case-id')));
  assert.deepEqual(openForPrint.sort(), [
    'LightweightM2M-1.1-int-0',
    'LightweightM2M-1.1-int-102',
    'LightweightM2M-1.1-int-103',
    'LightweightM2M-1.1-int-104',
    'LightweightM2M-1.1-int-201',
  ]);
  await fire(page, 'afterprint');
  assert.equal(await page.locator('details.evidence[open]').count(), 0);
  await page.emulateMedia({ media: 'screen' });

  await fail.locator('details.evidence > summary').click();
  if (process.env.REPORT_SCREENSHOT) await page.screenshot({ path: process.env.REPORT_SCREENSHOT, fullPage: true });
});
