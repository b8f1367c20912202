/**
 * The Markdown summary a GitHub Actions job page shows ($GITHUB_STEP_SUMMARY): the headline, the
 * standing lines and one row per case that ran. Written only when that variable is set.
 */
import * as fs from 'node:fs';
import type { RunResult } from '../conformance/results';
import { criterionLabel } from './format';
import { normalizeRun } from './normalize';
import { headline, reportRows, standing, standingLines } from './standing';

/** Markdown text must not open tables, links or HTML from DUT strings. */
const md = (s: string) => s.replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');

export function stepSummaryMarkdown(input: RunResult, reportPath?: string): string {
  const run = normalizeRun(input);
  const rows = reportRows(run);
  const h = headline(run);
  const mark = { good: '✅', bad: '❌', warn: '⚠️', none: 'ℹ️' } as const;
  const lines = [
    `## LwM2M conformance: ${md(run.dut.name)}`,
    '',
    `${mark[h.tone]} **${md(h.text)}**`,
    '',
    ...standingLines(run, standing(run, rows)).map((l) => `- ${mark[l.tone]} ${md(l.text)}`),
    '',
    '| Case | Title | Verdict | Why |',
    '|---|---|---|---|',
    ...rows
      .filter((r) => r.result)
      .map((r) => {
        const c = r.result!;
        const why =
          c.verdict === 'PASS' ? '' : `${c.diagnosis?.criterion ? `${criterionLabel(c.diagnosis.criterion)}: ` : ''}${c.reason ?? ''}`;
        return `| ${md(c.id)} | ${md(c.title)} | ${c.verdict} | ${md(why)} |`;
      }),
  ];
  if (reportPath) lines.push('', `Full report: \`${reportPath.replace(/`/g, '')}\``);
  return lines.join('\n') + '\n';
}

/** Appends the summary to $GITHUB_STEP_SUMMARY when the run is a GitHub Actions step; a failure to write is not the run's failure. */
export function writeStepSummary(run: RunResult, reportPath?: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  try {
    fs.appendFileSync(file, stepSummaryMarkdown(run, reportPath), 'utf8');
    return true;
  } catch {
    return false;
  }
}
