/** `run --pdf` and `report pdf`: the report printed to PDF, with a clear error when Chromium is missing. */
import * as path from 'node:path';
import type { RunResult } from '../conformance/results';
import { reportHtml } from '../report';
import { PdfUnavailableError, checkPdfPrinting, printReportPdf } from '../report/pdf';
import { UsageError } from './usage';

export const PDF_FILE = 'report.pdf';

/** Throws a UsageError (exit 2) naming what to install when the PDF could not be printed. */
export function checkPdf(): void {
  try {
    checkPdfPrinting();
  } catch (e) {
    if (e instanceof PdfUnavailableError) throw new UsageError(`--pdf: ${e.message}`);
    throw e;
  }
}

/** Prints the run's report to `file`; returns its size and time. A missing Chromium is a UsageError. */
export async function writePdf(run: RunResult, file: string): Promise<{ bytes: number; ms: number }> {
  try {
    return await printReportPdf(reportHtml(run), file, { title: `LwM2M conformance report: ${run.dut.name}` });
  } catch (e) {
    if (e instanceof PdfUnavailableError) throw new UsageError(e.message);
    throw e;
  }
}

/** After a run: report.pdf beside report.html. Returns 0, or 2 when printing failed (the other reports stay written). */
export async function printRunPdf(run: RunResult, runDir: string, out: (line: string) => void): Promise<number> {
  const file = path.join(runDir, PDF_FILE);
  try {
    const { bytes, ms } = await writePdf(run, file);
    out(`PDF: ${file} (${(bytes / 1024).toFixed(0)} KiB, ${(ms / 1000).toFixed(1)} s)`);
    return 0;
  } catch (e) {
    process.stderr.write(`lwm2m-conformance: the PDF was not written: ${(e as Error).message}\n`);
    return 2;
  }
}
