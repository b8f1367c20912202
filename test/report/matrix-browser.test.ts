/**
 * The compatibility matrix in Debian's Chromium, made by the real CLI from results.json files:
 * every case of the edition as a row in catalogue order, one column per DUT with the report's
 * headline, verdict cells that open the case in that DUT's report.html, per-DUT totals, the
 * filters; and the CSV and JSON beside it. CI installs the browser with `apt-get install -y chromium`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { writeReports } from '../../src/report';
import { headline } from '../../src/report/standing';
import { normalizeRun } from '../../src/report/normalize';
import { MATRIX_FORMAT } from '../../src/report/matrix';
import type { RunResult } from '../../src/conformance/results';
import { HOSTILE_NAME, catalogueRun, sampleCases } from './sample-run';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'];

/** Three DUTs: the sample (hostile name), a better one (int-102 PASS), and an old results file without the catalogue. */
function runs(): RunResult[] {
  const a = catalogueRun({ interrupted: false });
  const better = catalogueRun({ interrupted: false, dut: { ...a.dut, name: 'Better client' } });
  better.cases = better.cases.map((c) =>
    c.id.endsWith('int-102') ? { ...c, verdict: 'PASS', reason: undefined, diagnosis: undefined } : c,
  );
  const old: RunResult = { ...catalogueRun({ interrupted: false }), ets: undefined, dut: { ...a.dut, name: 'Old run' } };
  old.cases = sampleCases().filter((c) => c.id.endsWith('int-101'));
  return [a, better, old];
}

test(
  'the matrix in Chromium: rows in catalogue order, headlines, cells linking into each report, totals, filters; CSV and JSON',
  { timeout: 90_000 },
  async (t) => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: the browser check needs Debian's Chromium (apt-get install -y chromium)`);
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'matrix-'));
    t.after(() => fs.rmSync(base, { recursive: true, force: true }));
    const input = runs();
    const folders = ['dut-a', 'dut b', 'old'];
    for (const [i, run] of input.entries()) await writeReports(run, path.join(base, 'reports', folders[i]));
    const out = path.join(base, 'matrix');
    const cli = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'lwm2m-conformance.js'),
        'report',
        'matrix',
        ...folders.map((f) => path.join(base, 'reports', f, 'results.json')),
        '--out',
        out,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /Matrix: .*matrix\.html \(3 DUTs/);

    const context = await chromium.launchPersistentContext(path.join(base, 'profile'), {
      executablePath: CHROMIUM,
      args: ARGS,
      headless: true,
    });
    t.after(() => context.close());
    context.setDefaultTimeout(10_000);
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog ${d.message()}`);
      void d.dismiss();
    });
    const url = pathToFileURL(path.join(out, 'matrix.html')).href;
    await page.goto(url, { waitUntil: 'load' });
    assert.deepEqual(requests, [url], 'one self-contained page');

    // Columns: the DUT names as text (never markup), each with the report's headline.
    const heads = page.locator('#matrix thead th.dut');
    assert.deepEqual(await heads.locator('a').allTextContents(), [HOSTILE_NAME, 'Better client', 'Old run']);
    assert.deepEqual(
      await heads.locator('[data-field="headline"]').allTextContents(),
      input.map((r) => headline(normalizeRun(r)).text),
    );
    assert.match((await heads.nth(0).locator('.outcome').getAttribute('class')) ?? '', /\bbad\b/);
    assert.match((await heads.nth(1).locator('.outcome').getAttribute('class')) ?? '', /\bbad\b/, 'Better client still has ERROR cases');

    // Rows: every case of the edition, in the order of the report, then nothing else (int-101 of the old run is in it).
    const ids = await page.locator('tr.matrix-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
    const edition = input[0].ets!.cases.map((c) => c.id);
    assert.equal(ids.length, edition.length);
    assert.deepEqual([...ids].sort(), [...edition].sort());
    assert.equal(ids[0], 'LightweightM2M-1.1-int-0', 'catalogue order: Bootstrap first');
    const cells = async (id: string) =>
      page.locator(`tr.matrix-row[data-case-id="${id}"] td.cell`).evaluateAll((tds) => tds.map((td) => td.getAttribute('data-verdict')));
    assert.deepEqual(await cells('LightweightM2M-1.1-int-102'), ['FAIL', 'PASS', 'NOT IN EDITION']);
    assert.deepEqual(await cells('LightweightM2M-1.1-int-101'), ['PASS', 'PASS', 'PASS']);
    assert.deepEqual(await cells('LightweightM2M-1.1-int-105'), ['NOT RUN', 'NOT RUN', 'NOT IN EDITION']);
    const failTitle = await page.locator('tr.matrix-row[data-case-id="LightweightM2M-1.1-int-102"] td.cell').first().getAttribute('title');
    assert.match(failTitle ?? '', /FAIL · The Register was refused/);

    // Totals per DUT.
    const total = async (v: string) => page.locator(`#matrix tfoot tr[data-total="${v}"] td`).allTextContents();
    assert.deepEqual(await total('PASS'), ['1', '2', '1']);
    assert.deepEqual(await total('FAIL'), ['1', '0', '0']);
    assert.deepEqual(await total('NOT RUN'), ['149', '149', '0']);

    // Filters: only where the DUTs differ; search.
    await page.locator('#only-differ').check();
    const shown = () => page.locator('tr.matrix-row:not([hidden])').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));
    const differing = await shown();
    assert.ok(differing.includes('LightweightM2M-1.1-int-102'));
    assert.ok(!differing.includes('LightweightM2M-1.1-int-101'), 'all three PASS: no difference');
    assert.match(
      (await page.locator('#matrix-shown').textContent()) ?? '',
      new RegExp(`^${differing.length} of ${edition.length} cases shown$`),
    );
    await page.locator('#only-differ').uncheck();
    await page.locator('#matrix-search').fill('int-102');
    assert.deepEqual(await shown(), ['LightweightM2M-1.1-int-102']);
    assert.deepEqual(await page.locator('tr.group-head:not([hidden])').allTextContents(), ['Registration']);

    // A cell opens that case in that DUT's report (a folder name with a space, percent-encoded).
    await page.locator('tr.matrix-row[data-case-id="LightweightM2M-1.1-int-102"] td.cell[data-dut="1"] a').click();
    await page.waitForURL(/dut%20b\/report\.html#case-LightweightM2M-1\.1-int-102$/);
    const target = page.locator('tbody.case[data-case-id="LightweightM2M-1.1-int-102"]');
    assert.match((await target.getAttribute('class')) ?? '', /\btargeted\b/, 'the permalink picked the case');
    assert.equal(await target.locator('.badge').first().textContent(), 'PASS');
    assert.deepEqual(problems, []);

    // CSV: a header and one line per case, DUT names quoted and made inert; JSON: the same matrix.
    const csv = fs.readFileSync(path.join(out, 'matrix.csv'), 'utf8').split('\r\n').filter(Boolean);
    assert.equal(csv.length, 1 + edition.length);
    assert.ok(csv[0].startsWith('case,title,interface,class,'));
    assert.ok(csv.includes(`LightweightM2M-1.1-int-102,Registration Update,Registration,mandatory,FAIL,PASS,NOT IN EDITION`), csv[3]);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'matrix.json'), 'utf8')) as {
      format: string;
      columns: { report: string }[];
      rows: unknown[];
    };
    assert.equal(json.format, MATRIX_FORMAT);
    assert.deepEqual(
      json.columns.map((c) => c.report),
      ['../reports/dut-a/report.html', '../reports/dut%20b/report.html', '../reports/old/report.html'],
    );
    assert.equal(json.rows.length, edition.length);
  },
);
