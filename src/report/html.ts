/**
 * report.html: one self-contained page in the manner of an OMA TestFest report. The top answers
 * what a certification program asks (what was judged, TestFest entry criteria, mandatory and
 * conditional PASS counts, cases not run, coverage); then who was tested with what (identity as
 * declared and as read, harness revision, ETS edition, timing mode, profile hash, timers, errata);
 * then every case of the ETS edition, run or not, with search, filters and a permalink each, and
 * the steps and message trace behind each verdict. Every string from the run is escaped; a
 * Content-Security-Policy admits only the page's own script, as a second line of defence.
 */
import { VERDICTS, type CaseResult, type RunResult, type StepResult, type Verdict } from '../conformance/results';
import { describeTimeline, renderTimelineSvg, timelinesOf } from '../conformance/observation-timeline';
import type { TraceEntry } from '../trace/trace';
import { criteriaOf, letterOutcomes, splitLetters, stepLabel, type CriterionOutcome } from './criteria';
import { escapeAttr as attr, escapeText as text } from './escape';
import { criterionLabel, formatDate, formatDuration, formatOffset, isoTime } from './format';
import { REPORT_CSS, REPORT_JS, REPORT_JS_CSP_HASH } from './html-assets';
import { toJsonSafe } from './json';
import { normalizeRun } from './normalize';
import { decodeAsOptions, pcapFileFor, wirePackets } from './pcap';
import {
  delegatedVerdict,
  errataApplied,
  headline,
  identityRead,
  reportRows,
  rowCounts,
  standing,
  standingLines,
  type ReportRow,
} from './standing';
import { runDurationMs } from './summary';

/** CSS class of a verdict ("N/A" is not a valid class name). */
const verdictClass = (v: Verdict | 'NOT RUN') => `v-${v === 'N/A' ? 'NA' : v === 'NOT RUN' ? 'NOTRUN' : v}`;

const badge = (v: Verdict | 'NOT RUN') => `<span class="badge ${verdictClass(v)}">${text(v)}</span>`;

const idStem = (base: string) => base.replace(/[^A-Za-z0-9_.-]/g, '_') || 'x';

/** The element id of a case in report.html, the anchor of its permalink (report.html#case-…). */
export const caseElementId = (caseId: string) => `case-${idStem(caseId)}`;

/** Ids for elements, unique within the page, derived from the case ID where possible. */
function idMaker(): (base: string) => string {
  const used = new Set<string>();
  return (base) => {
    const stem = idStem(base);
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

function declaredDevice(run: RunResult): Record<string, unknown> {
  const d = run.dut.declared?.device;
  return typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
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
  const device = declaredDevice(run);
  const read = identityRead(run);
  const both = (label: string, id: string, decl: unknown, seen: string | undefined) => {
    const mismatch = decl !== undefined && seen !== undefined && String(decl) !== seen;
    return `<tr data-identity="${attr(id)}"><th scope="row">${text(label)}</th><td id="dut-declared-${id}">${text(decl ?? '–')}</td><td id="dut-read-${id}"${mismatch ? ' class="mismatch"' : ''}>${text(seen ?? 'not read')}</td></tr>`;
  };
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
<h3>Identity: declared and as read from /3/0</h3>
<table class="grid identity" id="dut-identity"><thead><tr><th></th><th scope="col">Declared</th><th scope="col">Read during the run${read.readIn ? ` (first in ${text(read.readIn)})` : ''}</th></tr></thead><tbody>
${both('Manufacturer', 'manufacturer', device.manufacturer, read.manufacturer)}
${both('Model number', 'model', device.modelNumber, read.model)}
${both('Firmware version', 'firmware', device.firmwareVersion, read.firmwareVersion)}
</tbody></table>
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
  const errata = errataApplied(run);
  const errataList = errata.length
    ? `<ul id="errata">${errata.map((e) => `<li data-erratum="${attr(e.id)}"><code>${text(e.id)}</code>: ${text(e.text)} <span class="muted">(${text(e.cases.join(', '))})</span></li>`).join('')}</ul>`
    : '<p id="errata" class="muted">No ETS erratum was applied.</p>';
  const timing =
    run.timing === 'ets'
      ? 'ETS: the literal values of the ETS (run --timing ets)'
      : run.timing === 'fast'
        ? "fast: the profile's timers"
        : undefined;
  const profile = run.profile
    ? `<details id="profile-record"><summary>Profile as run, secrets removed (SHA-256 <code id="profile-sha256">${text(run.profile.sha256)}</code>)</summary><pre>${text(run.profile.text)}</pre></details>`
    : '';
  return `<section id="run"><h2>Test run</h2>
<table class="kv">
${kvRows([
  ['Harness', cell('harness', `${run.tool.name} ${run.tool.version}`)],
  ['Source revision', optionalCell('harness-revision', run.tool.revision)],
  ['ETS edition', optionalCell('ets-edition', run.ets?.title)],
  ['Timing mode', optionalCell('timing-mode', timing)],
  ['Started', cell('started-at', formatDate(run.startedAt))],
  ['Finished', cell('finished-at', formatDate(run.finishedAt))],
  ['Duration', cell('run-duration', formatDuration(runDurationMs(run)))],
  ['Tag expression', optionalCell('tag-expression', run.tagExpression)],
  ['Interrupted', cell('interrupted', run.interrupted ? 'yes' : 'no')],
])}
</table>
${profile}
<h3>Timers and tolerances used</h3>
${timerTable}
<h3>ETS errata applied</h3>
${errataList}
</section>`;
}

const SHOWN: readonly (Verdict | 'NOT RUN')[] = [...VERDICTS, 'NOT RUN'];
const rowVerdict = (r: ReportRow): Verdict | 'NOT RUN' => r.result?.verdict ?? 'NOT RUN';

function summarySection(rows: ReportRow[]): string {
  const counts = rowCounts(rows);
  // data-show: clicking a tile filters the case table to that verdict ("*" = all).
  const tile = (label: string, n: number, cls: string, id: string, show: string, hint: string) =>
    `<div class="tile ${cls}${n === 0 ? ' zero' : ''}" data-show="${attr(show)}" role="button" tabindex="0" title="${attr(hint)}"${show === '*' ? '' : ` data-verdict="${attr(show)}"`}><span class="count" id="${id}">${n}</span><span class="label">${text(label)}</span></div>`;
  const tiles = [
    tile('TOTAL', rows.length, '', 'count-total', '*', 'Show all cases'),
    ...SHOWN.map((v) => tile(v, counts[v], verdictClass(v), `count-${verdictClass(v).slice(2)}`, v, `Show only ${v} cases`)),
  ].join('\n');
  const numCell = (v: string, n: number) => `<td data-verdict="${attr(v)}"${n === 0 ? ' class="zero"' : ''}>${n}</td>`;
  const groups = interfaceGroups(rows);
  const body = groups
    .map(([name, members]) => {
      const c = rowCounts(members);
      return `<tr data-interface="${attr(name)}"><th scope="row">${text(name)}</th>${SHOWN.map((v) => numCell(v, c[v])).join('')}<td data-total>${members.length}</td></tr>`;
    })
    .join('\n');
  return `<section id="summary"><h2>Summary</h2>
<div class="tiles" id="verdict-counts">
${tiles}
</div>
<h3>By interface</h3>
<table class="grid" id="by-interface">
<thead><tr><th scope="col">Interface</th>${SHOWN.map((v) => `<th scope="col">${text(v)}</th>`).join('')}<th scope="col">Total</th></tr></thead>
<tbody>
${body}
</tbody>
<tfoot><tr data-interface=""><th scope="row">All interfaces</th>${SHOWN.map((v) => numCell(v, counts[v])).join('')}<td data-total>${rows.length}</td></tr></tfoot>
</table>
</section>`;
}

function interfaceGroups(rows: ReportRow[]): [string, ReportRow[]][] {
  const groups = new Map<string, ReportRow[]>();
  for (const r of rows) {
    const name = r.interface || 'Other';
    groups.set(name, [...(groups.get(name) ?? []), r]);
  }
  return [...groups];
}

const criterionChips = (outcomes: CriterionOutcome[]) =>
  outcomes.length
    ? `<ul class="criteria">${outcomes.map((o) => `<li class="crit crit-${attr(o.status.replace(' ', '-'))}" data-letter="${attr(o.letter)}" data-status="${attr(o.status)}" title="${attr(`Criterion ${o.letter}: ${o.status}`)}">${text(o.letter)}</li>`).join('')}</ul>`
    : '';

function diagnosisCell(row: ReportRow): string {
  const c = row.result;
  if (!c) return `<td class="diagnosis"><span data-field="reason">${text(row.notRun ?? '')}</span></td>`;
  if (c.verdict === 'PASS' && !c.unfinished) return `<td class="diagnosis">${criterionChips(criteriaOf(c))}</td>`;
  const d = c.diagnosis;
  const reason = c.reason ?? d?.message ?? (c.unfinished ? 'The run stopped before this case finished.' : '');
  const parts: string[] = [];
  if (d?.criterion) {
    const letters = splitLetters(d.criterion);
    parts.push(
      letters.length
        ? letters
            .map((l) => `<span class="criterion" data-field="criterion" data-letter="${attr(l)}">${text(`Criterion ${l}`)}</span>`)
            .join('')
        : `<span class="criterion" data-field="criterion">${text(criterionLabel(d.criterion))}</span>`,
    );
  }
  parts.push(`<span data-field="reason">${text(reason)}</span>`);
  if (d?.expected !== undefined || d?.actual !== undefined) {
    parts.push(
      '<dl class="expect">' +
        (d.expected !== undefined ? `<dt>Expected</dt><dd data-field="expected">${text(d.expected)}</dd>` : '') +
        (d.actual !== undefined ? `<dt>Actual</dt><dd class="actual" data-field="actual">${text(d.actual)}</dd>` : '') +
        '</dl>',
    );
  }
  parts.push(criterionChips(criteriaOf(c)));
  return `<td class="diagnosis">${parts.join(' ')}</td>`;
}

function stepsTable(steps: StepResult[], diagnosisCriterion: string | undefined): string {
  if (steps.length === 0) return '<p class="muted">No steps recorded.</p>';
  const rows = steps.map((s) => {
    const error = s.error ? `<pre class="step-error">${text(s.error)}</pre>` : '';
    const label = stepLabel(s.text);
    const ets = label.procedure
      ? `<span class="ets-step" data-procedure-step="${attr(label.procedure)}">step ${text(label.procedure)}</span>`
      : label.criteria
        ? criterionChips(letterOutcomes(s, label.criteria, diagnosisCriterion))
        : '';
    return `<tr class="step" data-status="${attr(s.status)}"><td class="kw"><strong>${text(s.keyword.trim())}</strong></td><td class="ets">${ets}</td><td>${text(label.text)}${error}</td><td class="st-${attr(s.status)}">${text(s.status)}</td><td class="num">${text(formatDuration(s.durationMs))}</td></tr>`;
  });
  return `<table class="steps"><thead><tr><th>Keyword</th><th>ETS</th><th>Step</th><th>Status</th><th>Duration</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

/**
 * The trace of a case as data for the page script, which builds its table when the case is opened:
 * a data block is read as plain text, far quicker than the markup it becomes. Per entry: offset,
 * direction, layer, peer, summary, problem, time, decoded view, bytes (hex), and a label for those.
 */
function traceData(trace: TraceEntry[]): string {
  const origin = trace[0]?.t ?? 0;
  const rows = trace.map((e) => {
    const hexOk = e.hex !== undefined && /^(?:[0-9a-fA-F]{2})*$/.test(e.hex.replace(/\s+/g, ''));
    const label = [e.detail !== undefined ? 'decoded' : '', e.hex ? `${Math.floor(e.hex.length / 2)} bytes` : '']
      .filter(Boolean)
      .join(' + ');
    return [
      formatOffset(e.t - origin),
      e.direction,
      e.layer,
      e.peer ?? '',
      e.summary,
      e.problem ?? null,
      isoTime(e.t) ?? String(e.t),
      e.detail === undefined ? null : prettyData(e.detail),
      e.hex === undefined ? null : hexOk ? e.hex.replace(/\s+/g, '') : null,
      e.hex !== undefined && !hexOk ? e.hex : null,
      label,
    ];
  });
  // Inside a data block only "<" could end it early; \u003c reads back as the same character.
  return `<script type="application/json" class="trace-data">${JSON.stringify(rows).replace(/[<\uFFFE\uFFFF\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}</script>`;
}

/** The link to the case's pcapng file (written beside the report by writeReports), with the tshark options its CoAP needs. */
function captureLink(c: CaseResult): string {
  const packets = wirePackets(c.trace).length;
  if (packets === 0) return '';
  const file = pcapFileFor(c.id);
  const decodeAs = decodeAsOptions(c.trace);
  const dtls = decodeAs.includes('dtls.port') ? ' -o tls.keylog_file:KEYLOG' : '';
  const hint = decodeAs ? ` · CoAP: <code>tshark -r ${text(file)}${dtls} ${text(decodeAs)}</code> (Wireshark: Decode As… CoAP)` : '';
  return `<p class="capture">Capture: <a class="pcap" href="${attr(file)}" download>${text(file)}</a> <span class="muted">(pcapng, ${packets} datagram${packets === 1 ? '' : 's'}${hint})</span></p>`;
}

/**
 * A case's steps and trace. The body sits in a <template> until the reader opens it: the browser
 * parses it but neither styles nor lays it out, which keeps a large report quick to open.
 */
function evidence(c: CaseResult): string {
  const { steps, trace } = c;
  const about: string[] = [];
  if (c.diagnosis?.message && c.diagnosis.message !== c.reason) about.push(`<p class="diagnosis-message">${text(c.diagnosis.message)}</p>`);
  if (c.featureFile) about.push(`<p class="muted">Feature: <code>${text(c.featureFile)}</code></p>`);
  if (c.tags.length) about.push(`<ul class="chips tags">${c.tags.map((t) => `<li>${text(t)}</li>`).join('')}</ul>`);
  about.push(captureLink(c));
  const problems = trace.filter((e) => e.problem).length;
  const label =
    steps.length + trace.length === 0
      ? 'Feature and tags (nothing was run)'
      : `Steps (${steps.length}) and message trace (${trace.length}${problems ? `, ${problems} problem${problems === 1 ? '' : 's'}` : ''})`;
  return `<details class="evidence" data-case-id="${attr(c.id)}"><summary>${text(label)}</summary><template>
${about.join('\n')}
<h4>Steps</h4>
${stepsTable(steps, c.diagnosis?.criterion)}
<h4>Message trace</h4>
${trace.length ? `<div class="trace-slot" data-entries="${trace.length}"></div>` : '<p class="muted">No messages recorded.</p>'}
</template>${trace.length ? traceData(trace) : ''}</details>`;
}

/** The observation timelines of a case, drawn inline (no resource to fetch) and outside the evidence template, so they print. */
function timelineFigures(c: CaseResult): string {
  const timelines = timelinesOf(c.trace);
  if (timelines.length === 0) return '';
  const figures = timelines.map(
    (t) => `<figure class="timeline">${renderTimelineSvg(t)}<figcaption>${text(describeTimeline(t))}</figcaption></figure>`,
  );
  return `<div class="timelines"><h4>Observation timeline${timelines.length === 1 ? '' : 's'}</h4>${figures.join('')}</div>`;
}

function searchText(r: ReportRow): string {
  const c = r.result;
  return [r.id, r.title, r.notRun, c?.reason, c?.diagnosis?.message, c?.diagnosis?.expected, c?.diagnosis?.actual, c?.diagnosis?.criterion]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

function statusPill(row: ReportRow, rows: ReportRow[]): string {
  const e = row.entry;
  const pills: string[] = [];
  if (row.result?.unfinished) pills.push('<span class="pill">unfinished</span>');
  if (e && !row.result)
    pills.push(
      `<span class="pill status" data-status="${attr(e.status)}">${text(e.status === 'na-in-ets' ? 'N/A in ETS' : e.status.replace('-', ' '))}</span>`,
    );
  const dv = delegatedVerdict(row, rows);
  if (dv) pills.push(`<span class="pill delegated">result ${text(dv)}</span>`);
  return pills.join('');
}

function casesSection(run: RunResult, rows: ReportRow[]): string {
  const counts = rowCounts(rows);
  const filters = SHOWN.map(
    (v) =>
      `<label><input type="checkbox" checked data-filter-verdict="${attr(v)}" id="filter-${verdictClass(v).slice(2)}"> ${badge(v)} <span class="muted">(${counts[v]})</span></label>`,
  ).join('\n');
  const newId = idMaker();
  const groups = interfaceGroups(rows);
  const bodies: string[] = [];
  groups.forEach(([name, members], g) => {
    bodies.push(
      `<tbody class="interface-group" data-group="${g}" data-interface="${attr(name)}"><tr class="group-head"><th colspan="6">${text(name)}</th></tr></tbody>`,
    );
    for (const r of members) {
      const c = r.result;
      const v = rowVerdict(r);
      const elementId = `case-${newId(r.id)}`;
      const data = [
        `data-case-id="${attr(r.id)}"`,
        `data-verdict="${attr(v)}"`,
        `data-group="${g}"`,
        `data-interface="${attr(name)}"`,
        `data-class="${attr(r.classification)}"`,
        `data-run="${c ? 'run' : 'not-run'}"`,
        `data-search="${attr(searchText(r))}"`,
        c?.unfinished ? 'data-unfinished="true"' : '',
      ]
        .filter(Boolean)
        .join(' ');
      const klass = r.classification === 'none' || r.classification === 'unknown' ? '' : r.classification;
      bodies.push(`<tbody class="case ${verdictClass(v)}" id="${elementId}" ${data}>
<tr class="case-row"><td class="case-id"><a class="permalink" href="#${attr(elementId)}" title="Permalink to this case">${text(r.id)}</a></td><td class="title">${text(r.title)}</td><td class="class">${text(klass)}</td><td class="verdict">${badge(v)}${statusPill(r, rows)}</td><td class="num">${c ? text(formatDuration(c.durationMs)) : ''}</td>${diagnosisCell(r)}</tr>
${c ? `<tr class="case-evidence"><td colspan="6">${timelineFigures(c)}${evidence(c)}</td></tr>` : ''}
</tbody>`);
    }
  });
  const options = (id: string, label: string, values: [string, string][]) =>
    `<label>${text(label)} <select id="${id}">${values.map(([v, t]) => `<option value="${attr(v)}">${text(t)}</option>`).join('')}</select></label>`;
  const table = rows.length
    ? `<table id="case-table">
<thead><tr><th scope="col">OMA test case</th><th scope="col">Title</th><th scope="col">Class</th><th scope="col">Verdict</th><th scope="col">Duration</th><th scope="col">Diagnosis</th></tr></thead>
${bodies.join('\n')}
</table>`
    : '<p class="muted">No test cases were run.</p>';
  return `<section id="cases"><h2>Test cases</h2>
<div class="toolbar" id="filter">
<input type="search" id="search" placeholder="Search ID, title, diagnosis" aria-label="Search cases">
${options('filter-interface', 'Interface', [['', 'all'], ...groups.map(([n]): [string, string] => [n, n])])}
${options('filter-class', 'Class', [
  ['', 'all'],
  ['mandatory', 'mandatory'],
  ['conditional', 'conditional'],
])}
${options('filter-run', 'Run', [
  ['', 'all'],
  ['run', 'run'],
  ['not-run', 'not run'],
])}
<span class="break"></span><strong>Show</strong>
${filters}
<span id="shown-count" class="muted">${rows.length} of ${rows.length} shown</span>
<button type="button" id="expand-all">Expand all</button><button type="button" id="collapse-all">Collapse all</button>
</div>
${table}
</section>`;
}

function standingBlock(run: RunResult, rows: ReportRow[]): string {
  const h = headline(run);
  const lines = standingLines(run, standing(run, rows));
  return `<div class="outcome ${h.tone}" id="outcome">${text(h.text)}</div>
<ul class="standing" id="standing">${lines.map((l) => `<li class="tone-${l.tone}" data-line="${attr(l.key)}">${text(l.text)}</li>`).join('')}</ul>`;
}

function interruptedBanner(run: RunResult): string {
  if (!run.interrupted) return '';
  const unfinished = run.cases.filter((c) => c.unfinished).length;
  return `<div class="banner"><div id="interrupted-banner" role="alert">This run was interrupted before it completed. ${unfinished} case${unfinished === 1 ? ' was' : 's were'} left unfinished; verdicts below cover only what ran.</div></div>`;
}

/** The report.html text for a run. */
export function reportHtml(input: RunResult): string {
  const run = normalizeRun(input);
  const rows = reportRows(run);
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
<p class="subtitle">LwM2M ${text(dut.lwm2mVersion)} ${text(dut.role)} · ${text(run.ets?.title ?? 'ETS edition not recorded')} · started ${text(formatDate(run.startedAt))} · ${text(run.tool.name)} ${text(run.tool.version)}</p>
${standingBlock(run, rows)}
</div></header>
${interruptedBanner(run)}
<main>
<div class="columns">
${identitySection(run)}
${runSection(run)}
</div>
${summarySection(rows)}
${casesSection(run, rows)}
</main>
<footer>Generated by ${text(run.tool.name)} ${text(run.tool.version)}. Verdicts: PASS every pass criterion held; FAIL the DUT broke a pass criterion; INCONC a precondition could not be established; N/A the ICS rules the case out; ERROR the harness itself failed; NOT RUN the case of the ETS edition did not run (the reason is given).</footer>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}
