/**
 * How long rendering and writing the reports takes for a full-size run: 155 cases (the INT 1.2
 * ETS count), each with steps and a message trace; with --browser, also how long Chromium takes
 * to open report.html and apply the verdict filter.
 * Run: npx tsx bench/report.bench.ts [--trace N] [--browser]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { VERDICTS, type CaseResult, type RunResult } from '../src/conformance/results';
import { junitXml, reportHtml, resultsJson, writeReportsSync } from '../src/report';
import type { TraceEntry } from '../src/trace/trace';

const CASES = 155;
const argAfter = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i < 0 ? undefined : process.argv[i + 1];
};
const TRACE_PER_CASE = Number(argAfter('--trace') ?? 40);
const BROWSER = process.argv.includes('--browser');

function traceFor(start: number): TraceEntry[] {
  const out: TraceEntry[] = [];
  for (let i = 0; i < TRACE_PER_CASE; i++) {
    const bytes = Buffer.alloc(64, i);
    out.push({
      t: start + i * 3,
      layer: 'coap',
      direction: i % 2 ? 'out' : 'in',
      local: '127.0.0.1:5683',
      peer: '127.0.0.1:40211',
      hex: bytes.toString('hex'),
      summary: `CON POST /rd?ep=node-1&lt=30 MID=${i} T=0a1b2c3d CF=11542 (52 B)`,
      detail: {
        type: 'CON',
        code: '0.02 POST',
        messageId: i,
        token: '0a1b2c3d',
        options: [{ number: 11, name: 'Uri-Path', value: 'rd' }],
        payload: '</1/1>,</3/0>',
      },
    });
  }
  return out;
}

function bigRun(): RunResult {
  const cases: CaseResult[] = [];
  for (let n = 0; n < CASES; n++) {
    const verdict = VERDICTS[n % VERDICTS.length];
    cases.push({
      id: `LightweightM2M-1.1-int-${100 + n}`,
      title: `Case ${n}`,
      interface: ['Bootstrap', 'Registration', 'Device Management & Service Enablement', 'Information Reporting'][n % 4],
      verdict,
      reason: verdict === 'PASS' ? undefined : 'a reason',
      diagnosis:
        verdict === 'FAIL'
          ? { criterion: 'B', expected: '2.01 Created', actual: '4.00 Bad Request', message: 'criterion B failed' }
          : undefined,
      durationMs: 120,
      tags: ['@lwm2m-1.1'],
      steps: Array.from({ length: 8 }, (_, i) => ({ keyword: 'Then ', text: `step ${i}`, status: 'passed' as const, durationMs: 1 })),
      trace: traceFor(1_800_000_000_000 + n * 1000),
    });
  }
  return {
    tool: { name: 'lwm2m-conformance', version: 'bench' },
    startedAt: new Date(0).toISOString(),
    finishedAt: new Date(60_000).toISOString(),
    interrupted: false,
    dut: { name: 'bench', role: 'client', lwm2mVersion: '1.1', launch: 'x', ics: [] },
    timers: { lifetime: 30 },
    cases,
  };
}

function measure(label: string, fn: () => string | unknown, rounds = 5): void {
  fn(); // warm-up
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const out = fn();
    times.push(performance.now() - t0);
    if (typeof out === 'string') size = Buffer.byteLength(out);
  }
  times.sort((a, b) => a - b);
  const sizeText = size ? `, ${(size / 1024 / 1024).toFixed(2)} MiB` : '';
  console.log(`${label.padEnd(22)} median ${times[Math.floor(rounds / 2)].toFixed(1)} ms (min ${times[0].toFixed(1)})${sizeText}`);
}

const run = bigRun();
console.log(`${CASES} cases x ${TRACE_PER_CASE} trace entries (${CASES * TRACE_PER_CASE} messages)`);
measure('report.html', () => reportHtml(run));
measure('junit.xml', () => junitXml(run));
measure('results.json', () => resultsJson(run));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-bench-'));
measure('writeReportsSync (all)', () => writeReportsSync(run, dir));

async function browserFigures(): Promise<void> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const t0 = performance.now();
    await page.goto(pathToFileURL(path.join(dir, 'report.html')).href);
    const t1 = performance.now();
    await page.locator('#filter-PASS').uncheck();
    const t2 = performance.now();
    await page.locator('#expand-all').click();
    await page.locator('details.evidence[open]').last().waitFor();
    const t3 = performance.now();
    console.log(`chromium: load ${(t1 - t0).toFixed(0)} ms, filter ${(t2 - t1).toFixed(0)} ms, expand all ${(t3 - t2).toFixed(0)} ms`);
  } finally {
    await browser.close();
  }
}

(BROWSER ? browserFigures() : Promise.resolve()).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
