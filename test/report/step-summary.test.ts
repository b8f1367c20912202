import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stepSummaryMarkdown, writeStepSummary } from '../../src/report';
import { catalogueRun } from './sample-run';

test('under GitHub Actions the Markdown summary is appended to $GITHUB_STEP_SUMMARY, DUT strings inert', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'summary-')), 'summary.md');
  assert.equal(writeStepSummary(catalogueRun(), 'reports/latest/report.html', {}), false, 'nothing written outside Actions');
  assert.equal(writeStepSummary(catalogueRun(), 'reports/latest/report.html', { GITHUB_STEP_SUMMARY: file }), true);
  const md = fs.readFileSync(file, 'utf8');
  assert.match(md, /❌ \*\*Not passed: 1 FAIL, 2 ERROR, 1 INCONC; 1 PASS/);
  assert.match(md, /- ❌ TestFest entry criteria \(int-101, int-102, int-201, int-203\): not met/);
  assert.match(md, /\| LightweightM2M-1\.1-int-102 \| Registration Update \| FAIL \| Criterion B, C: The Register was refused/);
  assert.ok(!md.includes('<script>'), 'markup from the DUT name is escaped');
  assert.equal(md.match(/^\| LightweightM2M/gm)?.length, 6, 'one row per case run');
  assert.equal(stepSummaryMarkdown(catalogueRun()), md.replace(/\n\nFull report: .*\n$/, '\n'));
});
