/**
 * junit.xml for CI test reporters (Jenkins, GitLab, GitHub Actions): one testcase per OMA case of
 * the edition. FAIL is a failure; ERROR, INCONC and unfinished cases are errors; N/A and cases not
 * run are skipped. Each testcase carries its verdict, criterion and criterion letters as properties.
 */
import type { CaseResult, RunResult } from '../conformance/results';
import { escapeAttr, escapeText } from './escape';
import { criterionLabel, formatOffset } from './format';
import { criteriaOf, stepLabel } from './criteria';
import { normalizeRun } from './normalize';
import { reportRows, type ReportRow } from './standing';
import { runDurationMs } from './summary';

type Outcome = 'passed' | 'failure' | 'error' | 'skipped';

/** How a case counts in JUnit terms; the testsuite attributes are tallied from the same answer. */
export function junitOutcome(c: CaseResult): Outcome {
  if (c.unfinished) return 'error';
  switch (c.verdict) {
    case 'PASS':
      return 'passed';
    case 'FAIL':
      return 'failure';
    case 'N/A':
      return 'skipped';
    default:
      return 'error';
  }
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

/** xs:dateTime without zone, as the Jenkins JUnit schema wants (the value is UTC). */
function junitTimestamp(iso: string): string | undefined {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 19) : undefined;
}

function attrs(pairs: [string, unknown][]): string {
  return pairs
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join('');
}

/** "Criterion B: reason", the one line a CI page shows for a non-PASS case. */
function headline(c: CaseResult): string {
  const reason = c.reason ?? c.diagnosis?.message ?? (c.unfinished ? 'the run stopped before this case finished' : c.verdict);
  const criterion = c.diagnosis?.criterion;
  return criterion ? `${criterionLabel(criterion)}: ${reason}` : reason;
}

/** The body of a failure/error element: the diagnosis in full, one field a line. */
function diagnosisText(c: CaseResult): string {
  const d = c.diagnosis;
  const lines = [`Verdict: ${c.verdict}${c.unfinished ? ' (unfinished)' : ''}`];
  if (d?.criterion) lines.push(`Criterion: ${d.criterion}`);
  if (d?.expected !== undefined) lines.push(`Expected: ${d.expected}`);
  if (d?.actual !== undefined) lines.push(`Actual: ${d.actual}`);
  if (c.reason) lines.push(`Reason: ${c.reason}`);
  if (d?.message && d.message !== c.reason) lines.push(`Detail: ${d.message}`);
  const failedStep = c.steps.find((s) => s.error);
  if (failedStep) lines.push(`Step: ${failedStep.keyword.trim()} ${failedStep.text}`, failedStep.error ?? '');
  return lines.join('\n');
}

/** Steps and trace summaries, so a CI page carries the evidence without opening report.html. */
function systemOut(c: CaseResult): string {
  const lines: string[] = [];
  for (const s of c.steps) {
    const label = stepLabel(s.text);
    const ets = label.procedure ? `step ${label.procedure}: ` : label.criteria ? `criterion ${label.criteria.join(', ')}: ` : '';
    lines.push(`[${s.status}] ${s.keyword.trim()} ${ets}${label.text}`);
  }
  const start = c.trace[0]?.t ?? 0;
  for (const e of c.trace) {
    const arrow = e.direction === 'in' ? '<-' : e.direction === 'out' ? '->' : '--';
    const problem = e.problem ? `  !! ${e.problem}` : '';
    lines.push(`${formatOffset(e.t - start)} ${arrow} ${e.layer} ${e.peer ?? ''} ${e.summary}${problem}`);
  }
  return lines.join('\n');
}

function property(name: string, value: unknown): string {
  return `        <property${attrs([
    ['name', name],
    ['value', value],
  ])}/>`;
}

/** Verdict, criterion, the outcome of each criterion letter and the case's class, for CI tools that read properties. */
function caseProperties(c: CaseResult, row: ReportRow | undefined): string {
  const props = [property('verdict', c.verdict)];
  if (c.diagnosis?.criterion) props.push(property('criterion', c.diagnosis.criterion));
  for (const o of criteriaOf(c)) props.push(property(`criterion.${o.letter}`, o.status));
  if (row && row.classification !== 'unknown') props.push(property('class', row.classification));
  return ['      <properties>', ...props, '      </properties>'].join('\n');
}

function notRunXml(row: ReportRow): string {
  return [
    `    <testcase${attrs([
      ['classname', row.interface || 'Other'],
      ['name', `${row.id} ${row.title}`],
      ['time', '0.000'],
    ])}>`,
    [
      '      <properties>',
      property('verdict', 'NOT RUN'),
      property('status', row.entry?.status),
      property('class', row.classification),
      '      </properties>',
    ].join('\n'),
    `      <skipped${attrs([['message', row.notRun]])}/>`,
    '    </testcase>',
  ].join('\n');
}

function testcaseXml(c: CaseResult, row?: ReportRow): string {
  const open = `    <testcase${attrs([
    ['classname', c.interface || 'Other'],
    ['name', `${c.id} ${c.title}`],
    ['time', seconds(c.durationMs)],
    ['file', c.featureFile],
  ])}>`;
  const body: string[] = [caseProperties(c, row)];
  const outcome = junitOutcome(c);
  if (outcome === 'failure' || outcome === 'error') {
    const type = c.unfinished ? 'UNFINISHED' : c.verdict;
    body.push(
      `      <${outcome}${attrs([
        ['message', headline(c)],
        ['type', type],
      ])}>${escapeText(diagnosisText(c))}</${outcome}>`,
    );
  } else if (outcome === 'skipped') {
    body.push(`      <skipped${attrs([['message', headline(c)]])}/>`);
  }
  const out = systemOut(c);
  if (out) body.push(`      <system-out>${escapeText(out)}</system-out>`);
  return [open, ...body, '    </testcase>'].join('\n');
}

function propertiesXml(run: RunResult): string[] {
  const props: [string, unknown][] = [
    ['tool', `${run.tool.name} ${run.tool.version}`],
    ['tool.revision', run.tool.revision],
    ['ets.edition', run.ets?.title],
    ['timing', run.timing],
    ['profile.sha256', run.profile?.sha256],
    ['dut.name', run.dut.name],
    ['dut.role', run.dut.role],
    ['dut.lwm2mVersion', run.dut.lwm2mVersion],
    ['dut.endpoint', run.dut.endpoint],
    ['dut.profileFile', run.dut.profileFile],
    ['dut.launch', run.dut.launch],
    ['dut.ics', run.dut.ics.join(' ')],
    ['tagExpression', run.tagExpression],
    ['startedAt', run.startedAt],
    ['finishedAt', run.finishedAt],
    ['interrupted', String(run.interrupted)],
    ...Object.entries(run.timers).map(([k, v]): [string, unknown] => [`timer.${k}`, v]),
  ];
  return props
    .filter(([, v]) => v !== undefined)
    .map(
      ([name, value]) =>
        `      <property${attrs([
          ['name', name],
          ['value', value],
        ])}/>`,
    );
}

/** The junit.xml text for a run. */
export function junitXml(input: RunResult): string {
  const run = normalizeRun(input);
  const rows = reportRows(run);
  const tally = { tests: rows.length, failure: 0, error: 0, skipped: 0 };
  for (const r of rows) {
    const outcome = r.result ? junitOutcome(r.result) : 'skipped';
    if (outcome !== 'passed') tally[outcome]++;
  }
  const counts: [string, unknown][] = [
    ['tests', tally.tests],
    ['failures', tally.failure],
    ['errors', tally.error],
    ['skipped', tally.skipped],
    ['time', seconds(runDurationMs(run))],
  ];
  const suiteName = `${run.tool.name}: ${run.dut.name}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs([['name', run.tool.name], ...counts])}>`,
    `  <testsuite${attrs([['name', suiteName], ...counts, ['timestamp', junitTimestamp(run.startedAt)]])}>`,
    '    <properties>',
    ...propertiesXml(run),
    '    </properties>',
    ...rows.map((r) => (r.result ? testcaseXml(r.result, r) : notRunXml(r))),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
