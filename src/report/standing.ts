/**
 * What the top of every report answers, from the run and the ETS catalogue it carries: every case
 * of the edition with its verdict or why it was not run, the headline (what was judged), TestFest
 * entry criteria, mandatory and conditional PASS counts, coverage (automated share and the ETS
 * Appendix D weighted rate), the DUT's identity as read during the run, and the errata applied.
 */
import { VERDICTS, summarize, type CaseResult, type RunResult, type Verdict } from '../conformance/results';
import type { EtsCatalogueEntry } from '../conformance/ets-catalogue';
import { statusLine } from '../conformance/ets-catalogue';
import { TESTFEST_ENTRY_CRITERIA } from '../conformance/ets-editions';
import { ERRATA, erratumIdsOf } from '../conformance/ets-errata';

export type Classification = EtsCatalogueEntry['classification'] | 'unknown';

/** One line of the report's case table: a case that ran, or a case of the edition that did not. */
export interface ReportRow {
  id: string;
  title: string;
  interface: string;
  /** The case's result, when it ran. */
  result?: CaseResult;
  entry?: EtsCatalogueEntry;
  /** Why the case was not run (set exactly when `result` is not). */
  notRun?: string;
  classification: Classification;
}

const numberOf = (id: string) => /int-(\d+)$/.exec(id)?.[1];

/** Every case of the edition in catalogue order, joined with the results; results outside the catalogue follow. */
export function reportRows(run: RunResult): ReportRow[] {
  const byId = new Map(run.cases.map((c) => [c.id, c]));
  const used = new Set<string>();
  const rows: ReportRow[] = [];
  for (const entry of run.ets?.cases ?? []) {
    const result = byId.get(entry.id);
    if (result) used.add(entry.id);
    const row: ReportRow = { id: entry.id, title: entry.title, interface: entry.interface, entry, classification: entry.classification };
    if (result) row.result = result;
    else row.notRun = notRunReason(entry, byId, run.tagExpression);
    rows.push(row);
  }
  for (const c of run.cases)
    if (!used.has(c.id)) rows.push({ id: c.id, title: c.title, interface: c.interface, result: c, classification: 'unknown' });
  // Interfaces in catalogue order, cases by number within each.
  const order = [...new Set(rows.map((r) => r.interface || 'Other'))];
  const num = (r: ReportRow) => Number(numberOf(r.id) ?? 1e9);
  return run.ets
    ? rows.sort((a, b) => order.indexOf(a.interface || 'Other') - order.indexOf(b.interface || 'Other') || num(a) - num(b))
    : rows;
}

function notRunReason(entry: EtsCatalogueEntry, results: Map<string, CaseResult>, tags: string | undefined): string {
  if (!entry.forRole) return `Not run: the case judges an LwM2M ${entry.judges.join(' or ')}.`;
  if (entry.forVersion === false) return `Not run: introduced in LwM2M ${entry.introducedIn}, newer than the DUT.`;
  switch (entry.status) {
    case 'delegated': {
      const target = results.get(entry.delegatedTo ?? '');
      return `Not run: the ETS takes its result from ${entry.delegatedTo} (${target ? `${target.verdict} in this run` : 'not run either'}).`;
    }
    case 'automated':
      return tags ? `Not run: not selected by the tag expression ${tags}.` : 'Not run: not part of this run.';
    default:
      return `Not run: ${statusLine(entry)}.`;
  }
}

/** The verdict a delegated case takes from its target, when the target ran. */
export function delegatedVerdict(row: ReportRow, rows: ReportRow[]): Verdict | undefined {
  if (row.entry?.status !== 'delegated') return undefined;
  return rows.find((r) => r.id === row.entry!.delegatedTo)?.result?.verdict;
}

export type Tone = 'good' | 'bad' | 'warn' | 'none';

/** The one-line outcome: green only when something was judged and every applicable case PASSed. */
export function headline(run: RunResult): { tone: Tone; text: string } {
  const n = summarize(run.cases);
  const judged = n.PASS + n.FAIL;
  const suffix = run.interrupted ? ' (the run was interrupted)' : '';
  if (run.cases.length === 0) return { tone: 'none', text: 'No test cases were run' };
  if (n.FAIL + n.ERROR > 0) {
    const parts = (['FAIL', 'ERROR', 'INCONC'] as const).filter((v) => n[v] > 0).map((v) => `${n[v]} ${v}`);
    return { tone: 'bad', text: `Not passed: ${parts.join(', ')}; ${n.PASS} PASS${suffix}` };
  }
  if (judged === 0) {
    const parts = (['INCONC', 'N/A'] as const).filter((v) => n[v] > 0).map((v) => `${n[v]} ${v}`);
    return { tone: 'warn', text: `Nothing judged: ${parts.join(', ')}${suffix}` };
  }
  if (n.INCONC > 0) return { tone: 'warn', text: `Not judged: ${n.INCONC} INCONC; ${n.PASS} PASS${suffix}` };
  if (run.interrupted) return { tone: 'warn', text: `${n.PASS} PASS so far${suffix}` };
  return {
    tone: 'good',
    text: `PASS: all ${n.PASS} applicable case${n.PASS === 1 ? '' : 's'} judged PASS${n['N/A'] ? ` (${n['N/A']} N/A)` : ''}`,
  };
}

export interface Standing {
  entry: { met: boolean; text: string };
  mandatory?: { pass: number; of: number };
  conditional?: { pass: number; of: number };
  notRun: { count: number; of: number; byReason: [string, number][] };
  coverage?: { automated: number; withProcedure: number; runRate: number; harnessRate: number };
}

const pct = (x: number) => `${x.toFixed(1)} %`;

/** The figures of the report's top lines. */
export function standing(run: RunResult, rows: ReportRow[] = reportRows(run)): Standing {
  const verdictOf = (n: number) => rows.find((r) => numberOf(r.id) === String(n) && r.result)?.result?.verdict;
  const missing = TESTFEST_ENTRY_CRITERIA.map((n) => [n, verdictOf(n)] as const).filter(([, v]) => v !== 'PASS');
  const ids = TESTFEST_ENTRY_CRITERIA.map((n) => `int-${n}`).join(', ');
  const entry = {
    met: missing.length === 0,
    text:
      missing.length === 0
        ? `TestFest entry criteria (${ids}): met`
        : `TestFest entry criteria (${ids}): not met (${missing.map(([n, v]) => `int-${n} ${v ?? 'not run'}`).join(', ')})`,
  };
  const counted = (pred: (r: ReportRow) => boolean) => {
    const mine = rows.filter((r) => r.entry && r.entry.forRole && r.entry.forVersion !== false && pred(r));
    return { pass: mine.filter((r) => r.result?.verdict === 'PASS').length, of: mine.length };
  };
  const notRunRows = rows.filter((r) => !r.result);
  const reasons = new Map<string, number>();
  for (const r of notRunRows) {
    const key = !r.entry
      ? 'unknown'
      : !r.entry.forRole
        ? 'other role'
        : r.entry.forVersion === false
          ? 'newer LwM2M version'
          : STATUS_LABEL[r.entry.status];
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  const out: Standing = { entry, notRun: { count: notRunRows.length, of: rows.length, byReason: [...reasons] } };
  if (run.ets) {
    out.mandatory = counted((r) => r.classification === 'mandatory');
    out.conditional = counted((r) => r.classification === 'conditional' && r.entry!.declared);
    const entries = run.ets.cases;
    const passed = (e: EtsCatalogueEntry): boolean => {
      const r = rows.find((x) => x.id === e.id);
      if (e.status === 'delegated') return r !== undefined && delegatedVerdict(r, rows) === 'PASS';
      return r?.result?.verdict === 'PASS';
    };
    const automated = (e: EtsCatalogueEntry): boolean =>
      e.status === 'automated' || (e.status === 'delegated' && entries.some((t) => t.id === e.delegatedTo && t.status === 'automated'));
    out.coverage = {
      automated: entries.filter((e) => e.status === 'automated').length,
      withProcedure: entries.filter((e) => e.status === 'automated' || e.status === 'not-automated').length,
      runRate: entries.reduce((s, e) => s + (passed(e) ? (e.weight ?? 0) : 0), 0),
      harnessRate: entries.reduce((s, e) => s + (automated(e) ? (e.weight ?? 0) : 0), 0),
    };
  }
  return out;
}

const STATUS_LABEL: Record<EtsCatalogueEntry['status'], string> = {
  automated: 'automated, not selected',
  'not-automated': 'not automated yet',
  placeholder: 'placeholder',
  delegated: 'delegated',
  voided: 'voided',
  'na-in-ets': 'N/A in the ETS',
};

/** The top lines as text, one answer per line (HTML, Markdown summary and PDF share them). */
export function standingLines(run: RunResult, s: Standing = standing(run)): { key: string; text: string; tone: Tone }[] {
  const role = `an LwM2M ${run.dut.lwm2mVersion} ${run.dut.role}`;
  const lines: { key: string; text: string; tone: Tone }[] = [{ key: 'entry', text: s.entry.text, tone: s.entry.met ? 'good' : 'bad' }];
  const ratio = (p: { pass: number; of: number }) => (p.of > 0 && p.pass === p.of ? 'good' : 'bad');
  if (s.mandatory)
    lines.push({
      key: 'mandatory',
      text: `Mandatory cases for ${role}: PASS ${s.mandatory.pass} of ${s.mandatory.of}`,
      tone: ratio(s.mandatory),
    });
  else lines.push({ key: 'mandatory', text: 'Mandatory cases: unknown (the results carry no ETS catalogue)', tone: 'none' });
  if (s.conditional)
    lines.push({
      key: 'conditional',
      text: `Conditional cases for the declared features: PASS ${s.conditional.pass} of ${s.conditional.of}`,
      tone: ratio(s.conditional),
    });
  const why = s.notRun.byReason.map(([k, n]) => `${n} ${k}`).join(', ');
  lines.push({
    key: 'not-run',
    text: `Cases not run: ${s.notRun.count} of ${s.notRun.of}${why ? ` (${why})` : ''}`,
    tone: s.notRun.count ? 'warn' : 'good',
  });
  if (s.coverage)
    lines.push({
      key: 'coverage',
      text: `Coverage: ${s.coverage.automated} of ${s.coverage.withProcedure} cases with a procedure automated; ETS Appendix D weighted rate ${pct(s.coverage.runRate)} passed in this run (${pct(s.coverage.harnessRate)} automated)`,
      tone: 'none',
    });
  return lines;
}

export interface IdentityRead {
  manufacturer?: string;
  model?: string;
  firmwareVersion?: string;
  /** Case in whose trace the values were read. */
  readIn?: string;
}

const IDENTITY: Record<string, keyof Omit<IdentityRead, 'readIn'>> = { '0': 'manufacturer', '1': 'model', '3': 'firmwareVersion' };
const RECORD = /^\/3\/0\/(\d+) = (.*) \([a-z ]+\)$/;

/** Manufacturer, model and firmware version as the DUT reported them in any /3/0 read of the run. */
export function identityRead(run: RunResult): IdentityRead {
  const out: IdentityRead = {};
  for (const c of run.cases) {
    for (const e of c.trace) {
      const records = (e.detail as { decoded?: { records?: unknown } } | undefined)?.decoded?.records;
      if (e.layer !== 'coap' || !Array.isArray(records)) continue;
      for (const line of records) {
        const m = typeof line === 'string' ? RECORD.exec(line) : null;
        const field = m && IDENTITY[m[1]];
        if (!m || !field || out[field] !== undefined) continue;
        let value = m[2];
        try {
          value = typeof JSON.parse(value) === 'string' ? (JSON.parse(value) as string) : value;
        } catch {
          // not JSON text: keep as shown
        }
        out[field] = value;
        out.readIn ??= c.id;
      }
    }
  }
  return out;
}

/** Every erratum the run applied, with the cases that applied it. */
export function errataApplied(run: RunResult): { id: string; text: string; cases: string[] }[] {
  const by = new Map<string, string[]>();
  for (const c of run.cases)
    for (const id of erratumIdsOf(c.tags, c.trace)) {
      const list = by.get(id) ?? [];
      list.push(c.id);
      by.set(id, list);
    }
  return [...by].map(([id, cases]) => ({ id, text: ERRATA[id]?.text ?? 'not a known erratum', cases }));
}

/** Counts of the run's verdicts, with "not run" for the catalogue cases that did not run. */
export function rowCounts(rows: ReportRow[]): Record<Verdict | 'NOT RUN', number> {
  const out = { ...summarize(rows.flatMap((r) => (r.result ? [r.result] : []))), 'NOT RUN': 0 } as Record<Verdict | 'NOT RUN', number>;
  out['NOT RUN'] = rows.filter((r) => !r.result).length;
  return out;
}

export { VERDICTS };
