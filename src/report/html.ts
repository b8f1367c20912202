/**
 * report.html: one self-contained page in the manner of an OMA TestFest report: who was tested
 * with what, the summary by verdict and by interface, one row per test case with its diagnosis,
 * and the steps and message trace behind each verdict. Every string from the run is escaped;
 * a Content-Security-Policy admits only the page's own script, as a second line of defence.
 */
import { VERDICTS, summarize, type CaseResult, type RunResult, type StepResult, type Verdict } from '../conformance/results';
import type { TraceEntry } from '../trace/trace';
import { escapeAttr as attr, escapeText as text } from './escape';
import { criterionLabel, formatDate, formatDuration, formatOffset, hexDump, isoTime } from './format';
import { REPORT_CSS, REPORT_JS, REPORT_JS_CSP_HASH } from './html-assets';
import { toJsonSafe } from './json';
import { normalizeRun } from './normalize';
import { runDurationMs, summaryByInterface } from './summary';

/** CSS class of a verdict ("N/A" is not a valid class name). */
const verdictClass = (v: Verdict) => `v-${v === 'N/A' ? 'NA' : v}`;

const badge = (v: Verdict) => `<span class="badge ${verdictClass(v)}">${text(v)}</span>`;

/** Ids for elements, unique within the page, derived from the case ID where possible. */
function idMaker(): (base: string) => string {
  const used = new Set<string>();
  return (base) => {
    const stem = base.replace(/[^A-Za-z0-9_.-]/g, '_') || 'x';
    let id = stem;
    for (let n = 2; used.has(id); n++) id = `${stem}-${n}`;
    used.add(id);
    return id;
  };
}

function kvRows(rows: [string, string | undefined][]): string {
  return rows
    .filter(([, html]) => html !== undefined)
    .map(([label, html]) => `<tr><th scope="row">${text(label)}</th>${html}</tr>`)
    .join('\n');
}

const cell = (id: string, value: unknown) => `<td id="${id}">${text(value)}</td>`;
const optionalCell = (id: string, value: unknown) => (value === undefined || value === '' ? undefined : cell(id, value));

function prettyData(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(toJsonSafe(value), null, 2);
}

function identitySection(run: RunResult): string {
  const dut = run.dut;
  const ics = dut.ics.length
    ? `<ul id="ics" class="chips">${dut.ics.map((f) => `<li>${text(f)}</li>`).join('')}</ul>`
    : '<p id="ics" class="muted">No optional features declared.</p>';
  const declared =
    dut.declared && Object.keys(dut.declared).length
      ? `<details id="declared"><summary>Declared values (${Object.keys(dut.declared).length})</summary><pre>${text(prettyData(dut.declared))}</pre></details>`
      : '';
  return `<section id="identity"><h2>Device under test</h2>
<table class="kv">
${kvRows([
  ['Name', cell('dut-name', dut.name)],
  ['Role', cell('dut-role', `LwM2M ${dut.role}`)],
  ['LwM2M version', cell('dut-version', dut.lwm2mVersion)],
  ['Endpoint', optionalCell('dut-endpoint', dut.endpoint)],
  ['Profile', optionalCell('dut-profile', dut.profileFile)],
  ['Launch', `<td id="dut-launch"><code>${text(dut.launch)}</code></td>`],
  ['Security', optionalCell('dut-security', dut.security)],
])}
</table>
<h3>ICS: declared optional features</h3>
${ics}
${declared}
</section>`;
}

function runSection(run: RunResult): string {
  const timers = Object.entries(run.timers);
  const timerTable = timers.length
    ? `<table class="kv" id="timers">${timers.map(([k, v]) => `<tr data-timer="${attr(k)}"><th scope="row">${text(k)}</th><td>${text(v)}</td></tr>`).join('\n')}</table>`
    : '<p id="timers" class="muted">No timers recorded.</p>';
  return `<section id="run"><h2>Test run</h2>
<table class="kv">
${kvRows([
  ['Harness', cell('harness', `${run.tool.name} ${run.tool.version}`)],
  ['Started', cell('started-at', formatDate(run.startedAt))],
  ['Finished', cell('finished-at', formatDate(run.finishedAt))],
  ['Duration', cell('run-duration', formatDuration(runDurationMs(run)))],
  ['Tag expression', optionalCell('tag-expression', run.tagExpression)],
  ['Interrupted', cell('interrupted', run.interrupted ? 'yes' : 'no')],
])}
</table>
<h3>Timers used</h3>
${timerTable}
</section>`;
}

function summarySection(run: RunResult): string {
  const counts = summarize(run.cases);
  // data-show: clicking a tile filters the case table to that verdict ("*" = all).
  const tile = (label: string, n: number, cls: string, id: string, show: string, hint: string) =>
    `<div class="tile ${cls}${n === 0 ? ' zero' : ''}" data-show="${attr(show)}" role="button" tabindex="0" title="${attr(hint)}"${show === '*' ? '' : ` data-verdict="${attr(show)}"`}><span class="count" id="${id}">${n}</span><span class="label">${text(label)}</span></div>`;
  const tiles = [
    tile('TOTAL', run.cases.length, '', 'count-total', '*', 'Show all cases'),
    ...VERDICTS.map((v) => tile(v, counts[v], verdictClass(v), `count-${verdictClass(v).slice(2)}`, v, `Show only ${v} cases`)),
  ].join('\n');
  const numCell = (v: Verdict, n: number) => `<td data-verdict="${attr(v)}"${n === 0 ? ' class="zero"' : ''}>${n}</td>`;
  const rows = summaryByInterface(run.cases)
    .map(
      (s) =>
        `<tr data-interface="${attr(s.interface)}"><th scope="row">${text(s.interface)}</th>${VERDICTS.map((v) => numCell(v, s.counts[v])).join('')}<td data-total>${s.total}</td></tr>`,
    )
    .join('\n');
  return `<section id="summary"><h2>Summary</h2>
<div class="tiles" id="verdict-counts">
${tiles}
</div>
<h3>By interface</h3>
<table class="grid" id="by-interface">
<thead><tr><th scope="col">Interface</th>${VERDICTS.map((v) => `<th scope="col">${text(v)}</th>`).join('')}<th scope="col">Total</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr data-interface=""><th scope="row">All interfaces</th>${VERDICTS.map((v) => numCell(v, counts[v])).join('')}<td data-total>${run.cases.length}</td></tr></tfoot>
</table>
</section>`;
}

function diagnosisCell(c: CaseResult): string {
  if (c.verdict === 'PASS' && !c.unfinished) return '<td class="diagnosis"></td>';
  const d = c.diagnosis;
  const reason = c.reason ?? d?.message ?? (c.unfinished ? 'The run stopped before this case finished.' : '');
  const parts: string[] = [];
  if (d?.criterion) parts.push(`<span class="criterion" data-field="criterion">${text(criterionLabel(d.criterion))}</span>`);
  parts.push(`<span data-field="reason">${text(reason)}</span>`);
  if (d?.expected !== undefined || d?.actual !== undefined) {
    parts.push(
      '<dl class="expect">' +
        (d.expected !== undefined ? `<dt>Expected</dt><dd data-field="expected">${text(d.expected)}</dd>` : '') +
        (d.actual !== undefined ? `<dt>Actual</dt><dd class="actual" data-field="actual">${text(d.actual)}</dd>` : '') +
        '</dl>',
    );
  }
  return `<td class="diagnosis">${parts.join(' ')}</td>`;
}

function stepsTable(steps: StepResult[]): string {
  if (steps.length === 0) return '<p class="muted">No steps recorded.</p>';
  const rows = steps.map((s) => {
    const error = s.error ? `<pre class="step-error">${text(s.error)}</pre>` : '';
    return `<tr class="step" data-status="${attr(s.status)}"><td class="kw"><strong>${text(s.keyword.trim())}</strong></td><td>${text(s.text)}${error}</td><td class="st-${attr(s.status)}">${text(s.status)}</td><td class="num">${text(formatDuration(s.durationMs))}</td></tr>`;
  });
  return `<table class="steps"><thead><tr><th>Keyword</th><th>Step</th><th>Status</th><th>Duration</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

const ARROWS: Record<string, [string, string]> = {
  in: ['←', 'from the DUT to the harness'],
  out: ['→', 'from the harness to the DUT'],
  note: ['·', 'note'],
};

function traceRow(e: TraceEntry, origin: number): string {
  const [arrow, arrowTitle] = Object.hasOwn(ARROWS, e.direction) ? ARROWS[e.direction] : ['?', e.direction];
  const when = isoTime(e.t) ?? String(e.t);
  const raw: string[] = [];
  if (e.detail !== undefined) raw.push(`<pre class="detail">${text(prettyData(e.detail))}</pre>`);
  if (e.hex) raw.push(`<pre class="hex">${text(hexDump(e.hex))}</pre>`);
  const rawLabel = [e.detail !== undefined ? 'decoded' : '', e.hex ? `${Math.floor(e.hex.length / 2)} bytes` : '']
    .filter(Boolean)
    .join(' + ');
  const rawBlock = raw.length ? `<details class="raw"><summary>${text(rawLabel)}</summary>${raw.join('')}</details>` : '';
  const problem = e.problem ? `<div class="problem">${text(e.problem)}</div>` : '';
  const cls = `trace-row dir-${attr(e.direction)}${e.problem ? ' has-problem' : ''}`;
  return `<tr class="${cls}" data-direction="${attr(e.direction)}" data-layer="${attr(e.layer)}"><td class="t" title="${attr(when)}">${formatOffset(e.t - origin)}</td><td class="dir" title="${attr(arrowTitle)}">${arrow}</td><td>${text(e.layer)}</td><td class="peer mono">${text(e.peer ?? '')}</td><td class="summary"><span class="mono">${text(e.summary)}</span>${problem}${rawBlock}</td></tr>`;
}

function traceTable(trace: TraceEntry[]): string {
  if (trace.length === 0) return '<p class="muted">No messages recorded.</p>';
  const origin = trace[0].t;
  return `<table class="trace"><thead><tr><th title="milliseconds since the case's first entry">Time</th><th></th><th>Layer</th><th>Peer</th><th>Message</th></tr></thead><tbody>
${trace.map((e) => traceRow(e, origin)).join('\n')}
</tbody></table>`;
}

function evidence(c: CaseResult): string {
  const { steps, trace } = c;
  const about: string[] = [];
  if (c.diagnosis?.message && c.diagnosis.message !== c.reason) about.push(`<p class="diagnosis-message">${text(c.diagnosis.message)}</p>`);
  if (c.featureFile) about.push(`<p class="muted">Feature: <code>${text(c.featureFile)}</code></p>`);
  if (c.tags.length) about.push(`<ul class="chips tags">${c.tags.map((t) => `<li>${text(t)}</li>`).join('')}</ul>`);
  const problems = trace.filter((e) => e.problem).length;
  const label =
    steps.length + trace.length === 0
      ? 'Feature and tags (nothing was run)'
      : `Steps (${steps.length}) and message trace (${trace.length}${problems ? `, ${problems} problem${problems === 1 ? '' : 's'}` : ''})`;
  return `<details class="evidence" data-case-id="${attr(c.id)}"><summary>${text(label)}</summary>
${about.join('\n')}
<h4>Steps</h4>
${stepsTable(steps)}
<h4>Message trace</h4>
${traceTable(trace)}
</details>`;
}

function casesSection(run: RunResult): string {
  const counts = summarize(run.cases);
  const filters = VERDICTS.map(
    (v) =>
      `<label><input type="checkbox" checked data-filter-verdict="${attr(v)}" id="filter-${verdictClass(v).slice(2)}"> ${badge(v)} <span class="muted">(${counts[v]})</span></label>`,
  ).join('\n');
  const newId = idMaker();
  const groups = summaryByInterface(run.cases).map((s) => s.interface);
  const bodies: string[] = [];
  groups.forEach((name, g) => {
    bodies.push(
      `<tbody class="interface-group" data-group="${g}" data-interface="${attr(name)}"><tr class="group-head"><th colspan="5">${text(name)}</th></tr></tbody>`,
    );
    for (const c of run.cases.filter((k) => (k.interface || 'Other') === name)) {
      const unfinished = c.unfinished ? '<span class="pill">unfinished</span>' : '';
      bodies.push(`<tbody class="case ${verdictClass(c.verdict)}" id="case-${attr(newId(c.id))}" data-case-id="${attr(c.id)}" data-verdict="${attr(c.verdict)}" data-group="${g}"${c.unfinished ? ' data-unfinished="true"' : ''}>
<tr class="case-row"><td class="case-id">${text(c.id)}</td><td class="title">${text(c.title)}</td><td class="verdict">${badge(c.verdict)}${unfinished}</td><td class="num">${text(formatDuration(c.durationMs))}</td>${diagnosisCell(c)}</tr>
<tr class="case-evidence"><td colspan="5">${evidence(c)}</td></tr>
</tbody>`);
    }
  });
  const table = run.cases.length
    ? `<table id="case-table">
<thead><tr><th scope="col">OMA test case</th><th scope="col">Title</th><th scope="col">Verdict</th><th scope="col">Duration</th><th scope="col">Diagnosis</th></tr></thead>
${bodies.join('\n')}
</table>`
    : '<p class="muted">No test cases were run.</p>';
  return `<section id="cases"><h2>Test cases</h2>
<div class="toolbar" id="filter"><strong>Show</strong>
${filters}
<span id="shown-count" class="muted">${run.cases.length} of ${run.cases.length} shown</span>
<button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button>
</div>
${table}
</section>`;
}

function outcomeLine(run: RunResult): string {
  const counts = summarize(run.cases);
  if (run.cases.length === 0) return '<div class="outcome none" id="outcome">No test cases were run</div>';
  const bad = (['FAIL', 'ERROR'] as const).filter((v) => counts[v] > 0).map((v) => `${counts[v]} ${v}`);
  return bad.length
    ? `<div class="outcome bad" id="outcome">Not passed: ${text(bad.join(', '))}</div>`
    : `<div class="outcome good" id="outcome">No case FAIL or ERROR</div>`;
}

function interruptedBanner(run: RunResult): string {
  if (!run.interrupted) return '';
  const unfinished = run.cases.filter((c) => c.unfinished).length;
  return `<div class="banner"><div id="interrupted-banner" role="alert">This run was interrupted before it completed. ${unfinished} case${unfinished === 1 ? ' was' : 's were'} left unfinished; verdicts below cover only what ran.</div></div>`;
}

/** The report.html text for a run. */
export function reportHtml(input: RunResult): string {
  const run = normalizeRun(input);
  const dut = run.dut;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src ${REPORT_JS_CSP_HASH}; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="generator" content="${attr(`${run.tool.name} ${run.tool.version}`)}">
<title>LwM2M conformance report: ${text(dut.name)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="report-header"><div>
<div class="eyebrow">OMA LightweightM2M conformance report</div>
<h1 id="report-title">${text(dut.name)}</h1>
<p class="subtitle">LwM2M ${text(dut.lwm2mVersion)} ${text(dut.role)} · started ${text(formatDate(run.startedAt))} · ${text(run.tool.name)} ${text(run.tool.version)}</p>
${outcomeLine(run)}
</div></header>
${interruptedBanner(run)}
<main>
<div class="columns">
${identitySection(run)}
${runSection(run)}
</div>
${summarySection(run)}
${casesSection(run)}
</main>
<footer>Generated by ${text(run.tool.name)} ${text(run.tool.version)}. Verdicts: PASS every pass criterion held; FAIL the DUT broke a pass criterion; INCONC a precondition could not be established; N/A the ICS rules the case out; ERROR the harness itself failed.</footer>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}
