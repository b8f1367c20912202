/**
 * report.pdf, printed by Debian's Chromium and read back with pdftotext (poppler-utils): the
 * headline and top lines come first, then the summary, then the cases; a failing case's diagnosis
 * and trace are on paper, a passing case's trace is not. Without Chromium: exit 2 and what to
 * install. CI installs both with `apt-get install -y chromium poppler-utils`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resultsJson } from '../../src/report';
import { CHROMIUM_ENV, PdfUnavailableError, findChromium } from '../../src/report/pdf';
import { headline } from '../../src/report/standing';
import { normalizeRun } from '../../src/report/normalize';
import type { RunResult } from '../../src/conformance/results';
import { catalogueRun } from './sample-run';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'lwm2m-conformance.js');

function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function resultsFile(run: RunResult): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-pdf-'));
  const file = path.join(dir, 'results.json');
  fs.writeFileSync(file, resultsJson(run));
  return file;
}

function pdfText(file: string): string {
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `pdftotext failed (apt-get install -y poppler-utils): ${r.stderr ?? r.error}`);
  return r.stdout;
}

test('report pdf: the headline first, the summary, a case ID, the failing case diagnosis and trace; a passing trace stays folded', async () => {
  const run = catalogueRun({ interrupted: false });
  const file = resultsFile(run);
  const r = await cli(['report', 'pdf', file]);
  assert.equal(r.code, 0, r.stderr);
  const pdf = path.join(path.dirname(file), 'report.pdf');
  assert.match(r.stdout, /PDF: .*report\.pdf \(\d+ KiB, [\d.]+ s\)/);
  assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(pdf).replace(/\s+/g, ' ');
  const at = (s: string) => {
    const i = text.indexOf(s);
    assert.ok(i >= 0, `the PDF holds "${s}"`);
    return i;
  };
  const top = at(headline(normalizeRun(run)).text);
  const mandatory = at('Mandatory cases for an LwM2M 1.1 client: PASS');
  const summary = at('By interface'.toUpperCase());
  const device = at('Device under test');
  const firstCase = at('LightweightM2M-1.1-int-101');
  assert.ok(
    top < mandatory && mandatory < summary && summary < device && device < firstCase,
    'headline, top lines, summary, identity, cases',
  );
  at('Pass criterion B failed: the Register got 4.00 Bad Request.'); // the failing case's diagnosis, in its evidence
  at('ACK 4.00 Bad Request MID=4660'); // and its trace, opened for print
  assert.ok(!text.includes('ACK 2.01 Created Location-Path=/rd/5a3f'), "the passing case's trace is not printed");
});

test('without Chromium: a clear error naming what to install, exit 2, and run --pdf stops before anything runs', async () => {
  assert.throws(
    () => findChromium({}, []),
    (e: Error) => e instanceof PdfUnavailableError && /apt-get install chromium/.test(e.message),
  );
  assert.throws(
    () => findChromium({ [CHROMIUM_ENV]: '/nonexistent/chromium' }),
    /LWM2M_CONFORMANCE_CHROMIUM names \/nonexistent\/chromium/,
  );
  const env = { ...process.env, [CHROMIUM_ENV]: '/nonexistent/chromium' };
  const file = resultsFile(catalogueRun());
  const r = await cli(['report', 'pdf', file], env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /lwm2m-conformance: .*\/nonexistent\/chromium/);
  assert.ok(!fs.existsSync(path.join(path.dirname(file), 'report.pdf')));
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'report-pdf-run-'));
  const run = await cli(['run', '--pdf', '--tags', '@LightweightM2M-1.1-int-101', '--reports', reports], env);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--pdf: .*does not exist/);
  assert.deepEqual(fs.readdirSync(reports), [], 'no run started');
});
