/** `report matrix RESULTS.json...` (the compatibility matrix) and `report pdf RESULTS.json` (the report as PDF). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { RunResult } from '../conformance/results';
import { REPORT_FILES, parseResultsJson } from '../report';
import { relativeUrl, writeMatrix } from '../report/matrix';
import { PACKAGE_ROOT } from '../util/package-root';
import { PDF_FILE, writePdf } from './pdf';
import { UsageError } from './usage';

const MATRIX_USAGE = `Usage: lwm2m-conformance report matrix RESULTS.json... [--out DIR]

Writes matrix.html, matrix.csv and matrix.json into DIR (default: the current folder): every
case of the runs' ETS editions as a row, one column per results.json (a DUT), each verdict linking
to the case in the report.html beside that results.json, with per-DUT totals.`;

const PDF_USAGE = `Usage: lwm2m-conformance report pdf RESULTS.json [--out FILE.pdf]

Prints the report of RESULTS.json to a PDF through Chromium (default FILE: report.pdf beside
RESULTS.json). Needs Chromium (Debian: apt-get install chromium, or ${'$'}LWM2M_CONFORMANCE_CHROMIUM).`;

const toolVersion = () => (require(path.join(PACKAGE_ROOT, 'package.json')) as { version: string }).version;

function readRun(file: string): RunResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return parseResultsJson(text);
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}

function matrixCommand(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || positionals.length === 0) {
    console.log(MATRIX_USAGE);
    return values.help ? 0 : 2;
  }
  const dir = path.resolve(values.out ?? process.cwd());
  const inputs = positionals.map((p) => {
    const file = path.resolve(p);
    return { run: readRun(file), report: relativeUrl(dir, path.join(path.dirname(file), REPORT_FILES.html)) };
  });
  const out = writeMatrix(inputs, dir, `lwm2m-conformance ${toolVersion()}`);
  console.log(`Matrix: ${out.html} (${inputs.length} DUTs; also ${path.basename(out.csv)}, ${path.basename(out.json)})`);
  return 0;
}

async function pdfCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || positionals.length !== 1) {
    console.log(PDF_USAGE);
    return values.help ? 0 : 2;
  }
  const file = path.resolve(positionals[0]);
  const out = path.resolve(values.out ?? path.join(path.dirname(file), PDF_FILE));
  const { bytes, ms } = await writePdf(readRun(file), out);
  console.log(`PDF: ${out} (${(bytes / 1024).toFixed(0)} KiB, ${(ms / 1000).toFixed(1)} s)`);
  return 0;
}

export async function reportSubcommand(name: 'matrix' | 'pdf', argv: string[]): Promise<number> {
  return name === 'matrix' ? matrixCommand(argv) : pdfCommand(argv);
}
