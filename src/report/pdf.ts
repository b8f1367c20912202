/**
 * report.pdf: the HTML report printed by Chromium (playwright-core's page.pdf), for archiving.
 * The page's print styles put the summary first and keep each case in one block; the evidence of
 * every case that did not PASS is opened before printing, so its steps and trace are on paper.
 * Without Chromium (or playwright-core) a PdfUnavailableError says what to install.
 */
import * as fs from 'node:fs';
import { escapeText } from './escape';

export class PdfUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfUnavailableError';
  }
}

/** The environment variable that names a Chromium or Chrome executable to print with. */
export const CHROMIUM_ENV = 'LWM2M_CONFORMANCE_CHROMIUM';
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

type Playwright = typeof import('playwright-core');

function loadPlaywright(): Playwright {
  try {
    return require('playwright-core') as Playwright;
  } catch {
    throw new PdfUnavailableError('the PDF needs the npm package playwright-core: run "npm ci" in the harness folder');
  }
}

/** Where a Chromium may be: the usual system paths, then playwright's own download (if any). */
function defaultCandidates(): string[] {
  let own: string | undefined;
  try {
    own = loadPlaywright().chromium.executablePath();
  } catch {
    own = undefined;
  }
  return [...CANDIDATES, ...(own ? [own] : [])];
}

/** The Chromium to print with: $LWM2M_CONFORMANCE_CHROMIUM, else the first of `candidates` that exists. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, candidates: string[] = defaultCandidates()): string {
  const named = env[CHROMIUM_ENV];
  if (named) {
    if (!fs.existsSync(named)) throw new PdfUnavailableError(`${CHROMIUM_ENV} names ${named}, which does not exist`);
    return named;
  }
  const found = candidates.find((f) => fs.existsSync(f));
  if (found) return found;
  throw new PdfUnavailableError(
    `the PDF needs Chromium, and none was found (${CANDIDATES[0]}): install it (Debian/Ubuntu: apt-get install chromium) or set ${CHROMIUM_ENV} to a Chromium or Chrome executable`,
  );
}

/** Throws a PdfUnavailableError now, before a run, when printing could not work later. */
export function checkPdfPrinting(env: NodeJS.ProcessEnv = process.env): void {
  loadPlaywright();
  findChromium(env);
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'];

/** Prints the report page `html` to `pdfFile` (A4, page numbers in the footer); returns the size and how long it took. */
export async function printReportPdf(
  html: string,
  pdfFile: string,
  opts: { title?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ bytes: number; ms: number }> {
  const started = Date.now();
  const { chromium } = loadPlaywright();
  const executablePath = findChromium(opts.env);
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: ARGS, headless: true, timeout: opts.timeoutMs ?? 60_000 });
  } catch (e) {
    throw new PdfUnavailableError(`Chromium (${executablePath}) did not start: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(opts.timeoutMs ?? 120_000);
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    // The page opens the evidence of non-PASS cases on beforeprint; say so explicitly, whether or not printToPDF fires it.
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    const footer = `<div style="font-size:8px;width:100%;padding:0 12mm;color:#59636e;display:flex;justify-content:space-between"><span>${escapeText(opts.title ?? 'LwM2M conformance report')}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer,
      margin: { top: '12mm', bottom: '14mm', left: '10mm', right: '10mm' },
    });
    const temp = `${pdfFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, pdf);
    fs.renameSync(temp, pdfFile);
    return { bytes: pdf.length, ms: Date.now() - started };
  } finally {
    await browser.close();
  }
}
