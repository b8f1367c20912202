/**
 * The compatibility matrix: several runs (one results.json per DUT) side by side, as one
 * self-contained HTML page, a CSV and a JSON document. Rows are the cases of the ETS editions the
 * runs were judged against, in catalogue order; columns are the DUTs; each cell is the case's
 * verdict in that run (or why it did not run) and links to the case in that DUT's report.html.
 * Each column heads with the run's headline, by the same rule as the report, and ends in totals.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunResult, Verdict } from '../conformance/results';
import { escapeAttr as attr, escapeText as text } from './escape';
import { formatDate } from './format';
import { REPORT_CSS } from './html-assets';
import { caseElementId } from './html';
import { normalizeRun } from './normalize';
import { VERDICTS, headline, reportRows, rowCounts, standing, standingLines, type ReportRow, type Tone } from './standing';

export const MATRIX_FORMAT = 'lwm2m-conformance/matrix';
export const MATRIX_FILES = { html: 'matrix.html', csv: 'matrix.csv', json: 'matrix.json' } as const;

type CellVerdict = Verdict | 'NOT RUN' | 'NOT IN EDITION';

export interface MatrixColumn {
  /** The DUT's name, with the run's start when two columns would otherwise read the same. */
  label: string;
  name: string;
  lwm2mVersion: string;
  role: string;
  startedAt: string;
  edition?: string;
  /** The DUT's report.html, relative to the matrix (a URL path). */
  report: string;
  headline: { tone: Tone; text: string };
  mandatory?: string;
  totals: Record<Verdict | 'NOT RUN', number>;
}

export interface MatrixCell {
  verdict: CellVerdict;
  /** Why the case did not run, or the run's reason / diagnosis for a verdict other than PASS. */
  note?: string;
  /** The case in the DUT's report (report.html#case-…), absent when the case is not in that run's edition. */
  href?: string;
}

export interface MatrixRow {
  id: string;
  title: string;
  interface: string;
  classification: string;
  cells: MatrixCell[];
}

export interface Matrix {
  columns: MatrixColumn[];
  rows: MatrixRow[];
}

/** One run as the matrix sees it: the results, and where its report.html is relative to the matrix. */
export interface MatrixInput {
  run: RunResult;
  /** URL path from the matrix page to the run's report.html, e.g. "../dut-a/report.html". */
  report: string;
}

/** The matrix of the given runs, columns in the order given. */
export function buildMatrix(inputs: MatrixInput[]): Matrix {
  const runs = inputs.map((i) => ({ ...i, run: normalizeRun(i.run) }));
  const rowsOf = runs.map((r) => reportRows(r.run));
  // Rows: every case of every run, in the order the first run that has it lists it.
  const order: ReportRow[] = [];
  const seen = new Set<string>();
  for (const rows of rowsOf)
    for (const r of rows)
      if (!seen.has(r.id)) {
        seen.add(r.id);
        order.push(r);
      }
  const names = runs.map((r) => r.run.dut.name);
  const columns = runs.map(({ run, report }, i): MatrixColumn => {
    const rows = rowsOf[i];
    const s = standing(run, rows);
    const twin = names.filter((n) => n === run.dut.name).length > 1;
    return {
      label: twin ? `${run.dut.name} (${formatDate(run.startedAt)})` : run.dut.name,
      name: run.dut.name,
      lwm2mVersion: run.dut.lwm2mVersion,
      role: run.dut.role,
      startedAt: run.startedAt,
      edition: run.ets?.title,
      report,
      headline: headline(run),
      mandatory: standingLines(run, s).find((l) => l.key === 'mandatory' && s.mandatory)?.text,
      totals: rowCounts(rows),
    };
  });
  const rows = order.map((first): MatrixRow => {
    const cells = runs.map(({ report }, i): MatrixCell => {
      const row = rowsOf[i].find((r) => r.id === first.id);
      if (!row) return { verdict: 'NOT IN EDITION', note: 'This case is not part of the ETS edition this DUT was judged against.' };
      const href = `${report}#${caseElementId(row.id)}`;
      if (!row.result) return { verdict: 'NOT RUN', note: row.notRun, href };
      const c = row.result;
      const note = c.verdict === 'PASS' ? undefined : (c.reason ?? c.diagnosis?.message);
      return { verdict: c.verdict, ...(note ? { note } : {}), href };
    });
    return { id: first.id, title: first.title, interface: first.interface || 'Other', classification: first.classification, cells };
  });
  return { columns, rows };
}

// ------------------------------------------------------------------ JSON and CSV

export function matrixJson(m: Matrix): string {
  return JSON.stringify({ format: MATRIX_FORMAT, formatVersion: 1, ...m }, null, 2) + '\n';
}

/** A CSV field: quoted when needed; a leading = + - @ made inert so a spreadsheet never runs it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line per case: ID, title, interface, class, then each DUT's verdict (RFC 4180, CRLF line ends). */
export function matrixCsv(m: Matrix): string {
  const lines = [
    ['case', 'title', 'interface', 'class', ...m.columns.map((c) => c.label)],
    ...m.rows.map((r) => [r.id, r.title, r.interface, r.classification, ...r.cells.map((c) => c.verdict)]),
  ];
  return lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}

// ------------------------------------------------------------------ HTML

const SHOWN: readonly (Verdict | 'NOT RUN')[] = [...VERDICTS, 'NOT RUN'];
const verdictClass = (v: CellVerdict) => `v-${v === 'N/A' ? 'NA' : v === 'NOT RUN' ? 'NOTRUN' : v === 'NOT IN EDITION' ? 'NOTIN' : v}`;

const MATRIX_CSS = `
#matrix { width: auto; min-width: 60%; }
#matrix th, #matrix td { border: 1px solid var(--line); }
#matrix thead th { background: var(--soft); vertical-align: bottom; }
#matrix thead th.dut { min-width: 140px; }
#matrix thead .outcome { display: block; margin: 4px 0 0; padding: 2px 6px; font-size: 12px; border: 1px solid var(--line); }
#matrix td.cell { text-align: center; white-space: nowrap; }
#matrix td.cell a { text-decoration: none; }
#matrix tr.group-head th { background: #e7eef6; color: var(--accent); }
#matrix tfoot td, #matrix tfoot th { background: var(--soft); font-variant-numeric: tabular-nums; }
#matrix tfoot td { text-align: center; }
.badge.v-NOTIN { background: #fff; color: #8c959f; border: 1px dashed var(--line); }
.sub { display: block; font-weight: 400; font-size: 12px; color: var(--muted); }
tr.differs td.case-id { box-shadow: inset 4px 0 var(--accent); }
`;

/**
 * Filters: text (ID or title), only rows where the DUTs' verdicts differ, only rows some DUT ran.
 * Plain DOM code, like the report's.
 */
export const MATRIX_JS = `
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.matrix-row'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('tr.group-head'));
  var search = document.getElementById('matrix-search');
  var differ = document.getElementById('only-differ');
  var ran = document.getElementById('only-run');
  var count = document.getElementById('matrix-shown');
  function apply() {
    var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0, live = {};
    rows.forEach(function (r) {
      var hay = r.getAttribute('data-search'), show = true;
      for (var i = 0; i < words.length; i++) if (hay.indexOf(words[i]) < 0) show = false;
      if (differ.checked && r.getAttribute('data-differs') !== 'true') show = false;
      if (ran.checked && r.getAttribute('data-ran') !== 'true') show = false;
      r.hidden = !show;
      if (show) { shown++; live[r.getAttribute('data-group')] = true; }
    });
    groups.forEach(function (g) { g.hidden = !live[g.getAttribute('data-group')]; });
    count.textContent = shown + ' of ' + rows.length + ' cases shown';
  }
  [search, differ, ran].forEach(function (e) { e.addEventListener(e === search ? 'input' : 'change', apply); });
  apply();
})();
`;

const MATRIX_JS_CSP_HASH = `'sha256-${createHash('sha256').update(MATRIX_JS).digest('base64')}'`;

const badge = (v: CellVerdict) => `<span class="badge ${verdictClass(v)}">${text(v === 'NOT IN EDITION' ? '—' : v)}</span>`;

export function matrixHtml(m: Matrix, generator: string): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src ${MATRIX_JS_CSP_HASH}; base-uri 'none'; form-action 'none'`;
  const head = m.columns
    .map(
      (c, i) =>
        `<th scope="col" class="dut" data-dut="${i}"><a href="${attr(c.report)}">${text(c.label)}</a><span class="sub">LwM2M ${text(c.lwm2mVersion)} ${text(c.role)}${c.edition ? ` · ${text(c.edition)}` : ''}</span><span class="outcome ${c.headline.tone}" data-field="headline">${text(c.headline.text)}</span>${c.mandatory ? `<span class="sub" data-field="mandatory">${text(c.mandatory)}</span>` : ''}</th>`,
    )
    .join('');
  const groups: string[] = [];
  const body: string[] = [];
  for (const r of m.rows) {
    if (groups[groups.length - 1] !== r.interface) {
      groups.push(r.interface);
      body.push(
        `<tr class="group-head" data-group="${groups.length - 1}"><th colspan="${m.columns.length + 1}">${text(r.interface)}</th></tr>`,
      );
    }
    const judged = r.cells.filter((c) => c.verdict !== 'NOT IN EDITION').map((c) => c.verdict);
    const differs = new Set(judged).size > 1;
    const ran = r.cells.some((c) => c.verdict !== 'NOT RUN' && c.verdict !== 'NOT IN EDITION');
    const cells = r.cells
      .map((c, i) => {
        const title = attr(`${m.columns[i].label}: ${c.verdict}${c.note ? ` · ${c.note}` : ''}`);
        const inner = c.href ? `<a href="${attr(c.href)}">${badge(c.verdict)}</a>` : badge(c.verdict);
        return `<td class="cell ${verdictClass(c.verdict)}" data-dut="${i}" data-verdict="${attr(c.verdict)}" title="${title}">${inner}</td>`;
      })
      .join('');
    const klass =
      r.classification === 'mandatory' || r.classification === 'conditional' ? ` <span class="pill">${text(r.classification)}</span>` : '';
    body.push(
      `<tr class="matrix-row${differs ? ' differs' : ''}" data-case-id="${attr(r.id)}" data-group="${groups.length - 1}" data-differs="${differs}" data-ran="${ran}" data-search="${attr(`${r.id} ${r.title}`.toLowerCase())}"><th scope="row" class="case-id">${text(r.id)}<span class="sub">${text(r.title)}${klass}</span></th>${cells}</tr>`,
    );
  }
  const totals = SHOWN.map(
    (v) =>
      `<tr data-total="${attr(v)}"><th scope="row">${badge(v)}</th>${m.columns.map((c, i) => `<td data-dut="${i}">${c.totals[v]}</td>`).join('')}</tr>`,
  ).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="generator" content="${attr(generator)}">
<title>LwM2M compatibility matrix</title>
<style>${REPORT_CSS}${MATRIX_CSS}</style>
</head>
<body>
<header class="report-header"><div>
<div class="eyebrow">OMA LightweightM2M conformance</div>
<h1>Compatibility matrix</h1>
<p class="subtitle">${m.columns.length} DUT${m.columns.length === 1 ? '' : 's'} · ${m.rows.length} test cases</p>
</div></header>
<main>
<div class="toolbar" id="matrix-filter">
<input type="search" id="matrix-search" placeholder="Search ID or title" aria-label="Search cases">
<label><input type="checkbox" id="only-differ"> only where the DUTs differ</label>
<label><input type="checkbox" id="only-run"> only cases some DUT ran</label>
<span id="matrix-shown" class="muted">${m.rows.length} of ${m.rows.length} cases shown</span>
</div>
<table id="matrix">
<thead><tr><th scope="col">OMA test case</th>${head}</tr></thead>
<tbody>
${body.join('\n')}
</tbody>
<tfoot>
${totals}
</tfoot>
</table>
</main>
<footer>Generated by ${text(generator)}. Each verdict links to the case in that DUT's report; — marks a case outside the ETS edition the DUT was judged against. A column's headline follows the report's rule: green only when something was judged and every case that ran PASSed.</footer>
<script>${MATRIX_JS}</script>
</body>
</html>
`;
}

/** Writes matrix.html, matrix.csv and matrix.json into `dir`; returns their paths. */
export function writeMatrix(inputs: MatrixInput[], dir: string, generator: string): Record<keyof typeof MATRIX_FILES, string> {
  const m = buildMatrix(inputs);
  fs.mkdirSync(dir, { recursive: true });
  const out = {
    html: path.join(dir, MATRIX_FILES.html),
    csv: path.join(dir, MATRIX_FILES.csv),
    json: path.join(dir, MATRIX_FILES.json),
  };
  const content: [string, string][] = [
    [out.html, matrixHtml(m, generator)],
    [out.csv, matrixCsv(m)],
    [out.json, matrixJson(m)],
  ];
  for (const [file, body] of content) {
    fs.writeFileSync(`${file}.${process.pid}.tmp`, body);
    fs.renameSync(`${file}.${process.pid}.tmp`, file);
  }
  return out;
}

/** The URL path from a folder to a file, each segment percent-encoded ("../dut%20a/report.html"). */
export function relativeUrl(fromDir: string, toFile: string): string {
  return path
    .relative(fromDir, toFile)
    .split(path.sep)
    .map((seg) => (seg === '..' || seg === '.' ? seg : encodeURIComponent(seg)))
    .join('/');
}
