/** The inline stylesheet and script of report.html (the page makes no external requests). */
import { createHash } from 'node:crypto';

export const REPORT_CSS = `
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0b4f8a;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #c62828; --fail-bg: #ffebe9;
  --inconc: #9a6700; --inconc-bg: #fff8c5; --na: #59636e; --na-bg: #eaeef2;
  --error: #8250df; --error-bg: #fbefff;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink); background: #fff; }
main, .report-header > div, .banner { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
pre.hex { white-space: pre; }
pre { margin: 4px 0; padding: 8px 10px; background: var(--soft); border: 1px solid var(--line); border-radius: 4px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); color: var(--accent); }
h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.report-header { background: var(--accent); color: #fff; padding: 20px 0 18px; }
.report-header .eyebrow { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; opacity: .85; }
.report-header h1 { margin: 4px 0 2px; font-size: 26px; overflow-wrap: anywhere; }
.report-header .subtitle { margin: 0; opacity: .9; }
.outcome { display: inline-block; margin-top: 10px; padding: 4px 12px; border-radius: 4px; font-weight: 600; background: #fff; }
.outcome.good { color: var(--pass); } .outcome.bad { color: var(--fail); } .outcome.none { color: var(--muted); } .outcome.warn { color: var(--inconc); }
ul.standing { list-style: none; margin: 8px 0 0; padding: 0; font-size: 13.5px; }
ul.standing li { padding: 1px 0 1px 18px; position: relative; }
ul.standing li::before { content: ""; position: absolute; left: 2px; top: 7px; width: 9px; height: 9px; border-radius: 50%; background: #fff; opacity: .6; }
ul.standing li.tone-good::before { background: #6fdd8b; opacity: 1; } ul.standing li.tone-bad::before { background: #ff8182; opacity: 1; }
ul.standing li.tone-warn::before { background: #eac54f; opacity: 1; }
td.mismatch { color: var(--fail); font-weight: 600; }
.badge.v-NOTRUN { background: #fff; color: var(--muted); border: 1px solid var(--line); }
.tile.v-NOTRUN { border-top-color: var(--line); }
tbody.case.v-NOTRUN td { color: var(--muted); }
tbody.case.targeted tr.case-row > td { background: #fff8c5; }
a.permalink { color: inherit; text-decoration: none; }
a.permalink:hover { color: var(--accent); text-decoration: underline; }
ul.criteria { display: inline-flex; gap: 3px; list-style: none; margin: 0 0 0 4px; padding: 0; vertical-align: middle; }
li.crit { min-width: 18px; padding: 0 4px; border-radius: 3px; font-size: 11.5px; font-weight: 700; text-align: center; border: 1px solid var(--line); }
li.crit-passed { background: var(--pass-bg); color: var(--pass); } li.crit-failed { background: var(--fail-bg); color: var(--fail); }
li.crit-not-judged { background: var(--soft); color: var(--muted); }
.ets-step { font-size: 12px; color: var(--muted); white-space: nowrap; }
.pill.status { border-color: var(--line); color: var(--muted); background: var(--soft); }
.toolbar .break { flex-basis: 100%; height: 0; }
.toolbar input[type=search] { font: inherit; padding: 2px 8px; min-width: 260px; border: 1px solid var(--line); border-radius: 4px; }
.toolbar select { font: inherit; }
.banner { margin-top: 16px; }
.banner > div { padding: 10px 14px; border: 1px solid #d4a72c; border-left: 6px solid #bf8700; background: #fff8c5; border-radius: 4px; font-weight: 600; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 0 32px; }
@media (max-width: 800px) { .columns { grid-template-columns: 1fr; } }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; }
table.kv th { width: 34%; color: var(--muted); font-weight: 500; white-space: nowrap; }
table.kv td, table.kv th { border-bottom: 1px solid var(--line); }
table.kv td { overflow-wrap: anywhere; }
ul.chips { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px; }
ul.chips li { padding: 1px 8px; border: 1px solid var(--line); border-radius: 10px; background: var(--soft); font-size: 12.5px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 6px 0 8px; }
.tile { min-width: 110px; padding: 8px 14px; border-radius: 6px; border: 1px solid var(--line); border-top: 5px solid var(--muted); background: #fff; }
.tile .count { display: block; font-size: 28px; font-weight: 700; font-variant-numeric: tabular-nums; }
.tile .label { font-size: 12px; font-weight: 600; letter-spacing: .05em; color: var(--muted); }
.tile.v-PASS { border-top-color: var(--pass); } .tile.v-FAIL { border-top-color: var(--fail); }
.tile.v-INCONC { border-top-color: var(--inconc); } .tile.v-NA { border-top-color: var(--na); }
.tile.v-ERROR { border-top-color: var(--error); } .tile.zero .count { color: #8c959f; }
.tile[data-show] { cursor: pointer; } .tile[data-show]:hover { background: var(--soft); }
table.grid { width: auto; min-width: 60%; }
table.grid th, table.grid td { border: 1px solid var(--line); }
table.grid thead th, table.grid tfoot th, table.grid tfoot td { background: var(--soft); }
table.grid td { text-align: right; font-variant-numeric: tabular-nums; min-width: 64px; }
table.grid td.zero { color: #8c959f; }
.badge { display: inline-block; min-width: 58px; padding: 1px 8px; border-radius: 3px; color: #fff; font-size: 12px; font-weight: 700; text-align: center; letter-spacing: .03em; }
.badge.v-PASS { background: var(--pass); } .badge.v-FAIL { background: var(--fail); }
.badge.v-INCONC { background: var(--inconc); } .badge.v-NA { background: var(--na); }
.badge.v-ERROR { background: var(--error); }
.pill { display: inline-block; margin-left: 4px; padding: 0 6px; border-radius: 8px; font-size: 11px; border: 1px solid #bf8700; color: #7d4e00; background: #fff8c5; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; padding: 8px 10px; margin-bottom: 8px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; }
.toolbar label { cursor: pointer; user-select: none; white-space: nowrap; }
.toolbar #shown-count { margin-left: auto; }
.toolbar button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
#case-table > thead th { background: var(--soft); border-bottom: 2px solid var(--line); white-space: nowrap; }
#case-table tr.group-head th { background: #e7eef6; color: var(--accent); font-size: 13px; border-top: 1px solid var(--line); }
#case-table tr.case-row > td { border-top: 1px solid var(--line); }
#case-table td.case-id { white-space: nowrap; font-weight: 600; }
#case-table td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
#case-table td.verdict { white-space: nowrap; }
tbody.case.v-FAIL tr.case-row > td:first-child { box-shadow: inset 4px 0 var(--fail); }
tbody.case.v-ERROR tr.case-row > td:first-child { box-shadow: inset 4px 0 var(--error); }
tbody.case.v-INCONC tr.case-row > td:first-child { box-shadow: inset 4px 0 var(--inconc); }
.diagnosis { overflow-wrap: anywhere; }
.criterion { display: inline-block; padding: 0 6px; margin-right: 4px; border-radius: 3px; background: var(--fail-bg); color: var(--fail); font-weight: 700; font-size: 12.5px; }
dl.expect { display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px; margin: 4px 0 0; font-size: 13px; }
dl.expect dt { color: var(--muted); font-weight: 600; }
dl.expect dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
dl.expect dd.actual { color: var(--fail); }
tbody.case.v-INCONC .criterion { background: var(--inconc-bg); color: var(--inconc); }
tbody.case.v-INCONC dl.expect dd.actual { color: var(--inconc); }
tbody.case.v-ERROR .criterion { background: var(--error-bg); color: var(--error); }
tr.case-evidence > td { padding-top: 0; }
details.evidence > summary { cursor: pointer; color: var(--accent); font-size: 13px; padding: 2px 0; }
details.evidence[open] { padding: 0 0 10px 14px; border-left: 3px solid var(--line); margin-bottom: 6px; }
details.evidence h4 { margin: 10px 0 4px; font-size: 13px; }
table.steps, table.trace { font-size: 13px; }
table.steps td, table.trace td { border-bottom: 1px solid #eaeef2; }
table.steps th, table.trace th { color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); }
.st-passed { color: var(--pass); } .st-failed { color: var(--fail); font-weight: 700; }
.st-undefined, .st-pending, .st-ambiguous { color: var(--error); font-weight: 700; }
.st-skipped, .st-not-run { color: var(--muted); }
table.trace td.t { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--muted); }
table.trace td.dir { text-align: center; font-weight: 700; width: 28px; }
tr.dir-in td.dir { color: #0969da; } tr.dir-out td.dir { color: #bc4c00; } tr.dir-note td.dir { color: var(--muted); }
tr.dir-note td.summary { color: var(--muted); font-style: italic; }
table.trace td.peer { white-space: nowrap; }
table.trace td.summary { overflow-wrap: anywhere; }
tr.has-problem td { background: var(--fail-bg); }
.problem { color: var(--fail); font-weight: 600; }
details.raw > summary { cursor: pointer; color: var(--accent); font-size: 12px; }
footer { max-width: 1200px; margin: 32px auto 24px; padding: 10px 24px 0; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
figure.timeline { margin: 6px 0; } figure.timeline figcaption { font-size: 12px; color: var(--muted); }
svg.observation-timeline { max-width: 100%; height: auto; display: block; }
@media print {
  body { font-size: 11px; }
  figure.timeline { break-inside: avoid; } figure.timeline figcaption { color: var(--ink); }
  .toolbar, details.raw { display: none; }
  .report-header { padding: 8px 0; }
  main, .report-header > div, .banner { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tbody.case, .tile, table.kv tr { break-inside: avoid; }
  details.evidence:not([open]) > summary { display: none; }
  .report-header { background: #fff; color: var(--ink); border-bottom: 2px solid var(--accent); }
  #summary { break-before: avoid; } #cases { break-before: page; }
  /* Summary first: the verdict counts right under the top lines, then who was tested with what. */
  main { display: flex; flex-direction: column; } #summary { order: -1; }
  p.capture code { white-space: normal; overflow-wrap: anywhere; }
}
`;

/**
 * Search and filters (verdict, interface, class, run / not run), expand/collapse, permalinks,
 * evidence made from its <template> when first opened, and the evidence of non-PASS cases opened
 * for printing. Plain ES5-level DOM code: the page must work from a file on any browser.
 */
export const REPORT_JS = `
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter-verdict]'));
  var cases = Array.prototype.slice.call(document.querySelectorAll('tbody.case'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('tbody.interface-group'));
  var shownCount = document.getElementById('shown-count');
  var search = document.getElementById('search');
  var selects = { 'data-interface': document.getElementById('filter-interface'), 'data-class': document.getElementById('filter-class'), 'data-run': document.getElementById('filter-run') };
  function applyFilter() {
    var wanted = {};
    boxes.forEach(function (b) { wanted[b.getAttribute('data-filter-verdict')] = b.checked; });
    var words = search ? search.value.toLowerCase().split(/\\s+/).filter(Boolean) : [];
    var visibleGroups = {}, shown = 0;
    cases.forEach(function (c) {
      var show = wanted[c.getAttribute('data-verdict')] !== false;
      for (var a in selects) if (show && selects[a] && selects[a].value && c.getAttribute(a) !== selects[a].value) show = false;
      if (show && words.length) {
        var hay = c.getAttribute('data-search') || '';
        for (var i = 0; i < words.length; i++) if (hay.indexOf(words[i]) < 0) { show = false; break; }
      }
      c.hidden = !show;
      if (show) { shown++; visibleGroups[c.getAttribute('data-group')] = true; }
    });
    groups.forEach(function (g) { g.hidden = !visibleGroups[g.getAttribute('data-group')]; });
    if (shownCount) shownCount.textContent = shown + ' of ' + cases.length + ' shown';
  }
  function resetFilters() {
    boxes.forEach(function (b) { b.checked = true; });
    for (var a in selects) if (selects[a]) selects[a].value = '';
    if (search) search.value = '';
    applyFilter();
  }
  boxes.forEach(function (b) { b.addEventListener('change', applyFilter); });
  for (var a in selects) if (selects[a]) selects[a].addEventListener('change', applyFilter);
  if (search) search.addEventListener('input', applyFilter);
  // A summary tile shows only its verdict; the total tile shows everything.
  document.querySelectorAll('.tile[data-show]').forEach(function (tile) {
    function show() {
      var only = tile.getAttribute('data-show');
      boxes.forEach(function (b) { b.checked = only === '*' || b.getAttribute('data-filter-verdict') === only; });
      applyFilter();
    }
    tile.addEventListener('click', show);
    tile.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(); } });
  });
  // Evidence is built from its template the first time it opens.
  function fill(d) {
    var t = d.querySelector(':scope > template');
    if (!t) return;
    var content = t.content;
    var slot = content.querySelector('.trace-slot');
    var data = d.querySelector(':scope > script.trace-data');
    if (slot && data) slot.parentNode.replaceChild(traceTable(JSON.parse(data.textContent)), slot);
    d.replaceChild(content, t);
  }
  function setOpen(d, open) { if (open) fill(d); d.open = open; }
  function hexDump(hex) {
    var lines = [];
    for (var off = 0; off < hex.length / 2; off += 16) {
      var h = [], a = '';
      for (var i = off; i < Math.min(off + 16, hex.length / 2); i++) {
        var b = parseInt(hex.substr(i * 2, 2), 16);
        h.push(hex.substr(i * 2, 2).toLowerCase());
        a += b >= 32 && b < 127 ? String.fromCharCode(b) : '.';
      }
      var hs = h.join(' ');
      while (hs.length < 47) hs += ' ';
      var o = off.toString(16);
      while (o.length < 4) o = '0' + o;
      lines.push(o + '  ' + hs + '  |' + a + '|');
    }
    return lines.join('\\n');
  }
  function el(tag, cls, content, title) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined && content !== null) e.textContent = content;
    if (title) e.title = title;
    return e;
  }
  var ARROWS = { 'in': ['\u2190', 'from the DUT to the harness'], out: ['\u2192', 'from the harness to the DUT'], note: ['\u00b7', 'note'] };
  // The trace table of a case, built from its data block with text nodes only (never markup).
  function traceTable(data) {
    var table = el('table', 'trace'), head = el('thead'), tr = el('tr'), body = el('tbody');
    ['Time', '', 'Layer', 'Peer', 'Message'].forEach(function (h) { tr.appendChild(el('th', '', h)); });
    tr.firstChild.title = "milliseconds since the case's first entry";
    head.appendChild(tr); table.appendChild(head); table.appendChild(body);
    data.forEach(function (r) {
      var row = el('tr', 'trace-row dir-' + r[1] + (r[5] ? ' has-problem' : ''));
      row.setAttribute('data-direction', r[1]); row.setAttribute('data-layer', r[2]);
      var arrow = Object.prototype.hasOwnProperty.call(ARROWS, r[1]) ? ARROWS[r[1]] : ['?', r[1]];
      row.appendChild(el('td', 't', r[0], r[6]));
      row.appendChild(el('td', 'dir', arrow[0], arrow[1]));
      row.appendChild(el('td', '', r[2]));
      row.appendChild(el('td', 'peer mono', r[3]));
      var s = el('td', 'summary');
      s.appendChild(el('span', 'mono', r[4]));
      if (r[5]) s.appendChild(el('div', 'problem', r[5]));
      if (r[10]) {
        var d = el('details', 'raw');
        d.appendChild(el('summary', '', r[10]));
        if (r[7] !== null) d.appendChild(el('pre', 'detail', r[7]));
        if (r[8] !== null) d.appendChild(el('pre', 'hex', hexDump(r[8])));
        if (r[9] !== null) d.appendChild(el('pre', 'hex', r[9]));
        s.appendChild(d);
      }
      row.appendChild(s);
      body.appendChild(row);
    });
    return table;
  }
  document.addEventListener('toggle', function (e) {
    var d = e.target;
    if (!d || !d.classList || !d.open) return;
    if (d.classList.contains('evidence')) fill(d);
  }, true);
  function setAll(open) {
    document.querySelectorAll('details.evidence').forEach(function (d) { setOpen(d, open); });
  }
  var expand = document.getElementById('expand-all');
  var collapse = document.getElementById('collapse-all');
  if (expand) expand.addEventListener('click', function () { setAll(true); });
  if (collapse) collapse.addEventListener('click', function () { setAll(false); });
  // Permalinks: #case-<ID> shows that case (clearing filters that hide it) with its evidence open.
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target || !target.classList.contains('case')) return;
    if (target.hidden) resetFilters();
    cases.forEach(function (c) { c.classList.remove('targeted'); });
    target.classList.add('targeted');
    var d = target.querySelector('details.evidence');
    if (d) setOpen(d, true);
    target.scrollIntoView();
  }
  window.addEventListener('hashchange', follow);
  var openedForPrint = [];
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('tbody.case:not([data-verdict="PASS"]) details.evidence:not([open])').forEach(function (d) {
      setOpen(d, true); openedForPrint.push(d);
    });
  });
  window.addEventListener('afterprint', function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });
  applyFilter();
  follow();
})();
`;

/** Content-Security-Policy source for exactly this script: nothing injected can run. */
export const REPORT_JS_CSP_HASH = `'sha256-${createHash('sha256').update(REPORT_JS).digest('base64')}'`;
