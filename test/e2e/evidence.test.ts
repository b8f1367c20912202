/**
 * Bounded evidence end to end: a wrapper DUT floods the harness (hundreds of thousands of output
 * lines; tens of thousands of datagrams to the Test Server) while the reference client inside it
 * does its job. The verdicts stay those of the same cases without the flood, the reports stay
 * small, what was not stored is said in the trace, and the run ends cleanly. What the flood costs
 * in time is measured in bench/flood.bench.ts: a ratio of wall times failed this test on a loaded
 * CI machine without saying anything about the harness.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { caseOf, profileWith, runHarness, ROOT, type HarnessRun } from './harness';

const FLOOD = path.join(ROOT, 'test', 'e2e', 'fixtures', 'duts', 'flood.js');
const CASES = ['LightweightM2M-1.1-int-101', 'LightweightM2M-1.1-int-203'];
const TAGS = CASES.map((id) => `@${id}`).join(' or ');
/** Each report file (HTML, JSON, JUnit) of the flooded run stays under this. */
const MAX_REPORT_BYTES = 2 * 1024 * 1024;

function floodingProfile(mode: 'output' | 'datagrams', count: number): string {
  return profileWith('reference-client.yaml', [], (yaml) =>
    yaml.replace('command: "{harness}', `command: "'${process.execPath}' '${FLOOD}' ${mode} ${count} {harness}`),
  );
}

const runCases = (args: string[]) => runHarness(['--tags', TAGS, ...args]);

function reportSizes(r: HarnessRun): Record<string, number> {
  return Object.fromEntries(
    ['report.html', 'results.json', 'junit.xml'].map((f) => [f, fs.statSync(path.join(r.reportDir, 'latest', f)).size]),
  );
}

describe('a DUT that floods the harness', () => {
  let baseline: HarnessRun;

  test('baseline: the same cases without a flood', async () => {
    baseline = await runCases([]);
    for (const id of CASES) assert.equal(caseOf(baseline.run, id).verdict, 'PASS', caseOf(baseline.run, id).reason);
  });

  for (const [mode, count, cut] of [
    ['output', 200_000, /^\d+ lines of DUT output \(.*\) not stored; kept: the first 100 and the last 100$/],
    ['datagrams', 20_000, /^flood: \d+ coap datagrams \(\d+ in, \d+ out; .*\) not stored; kept: the first 300 and the last 50$/],
  ] as const) {
    test(`${count} ${mode === 'output' ? 'lines of output' : 'CoAP pings'} per case: same verdicts, small reports, the cut said`, async () => {
      const flooded = await runCases(['--dut', floodingProfile(mode, count)]);
      for (const id of CASES) {
        const c = caseOf(flooded.run, id);
        assert.equal(c.verdict, caseOf(baseline.run, id).verdict, `${id}: ${c.reason}`);
        assert.ok(
          c.trace.some((e) => cut.test(e.summary)),
          `${id}: no summary of what was not stored; ${c.trace.length} entries`,
        );
      }
      const sizes = reportSizes(flooded);
      for (const [file, size] of Object.entries(sizes)) assert.ok(size < MAX_REPORT_BYTES, `${file}: ${size} bytes`);
      assert.doesNotMatch(flooded.stdout + flooded.stderr, /did not stop/);
    });
  }
});
