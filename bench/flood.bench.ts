/**
 * What a flooding DUT costs a run (bounded evidence): the same two cases (int-101, int-203) against
 * the reference client as it is, and wrapped by test/e2e/fixtures/duts/flood.js printing 200,000
 * lines per case or sending 20,000 CoAP pings per case to the Test Server. Wall time per run and
 * the size of the reports. The e2e test (test/e2e/evidence.test.ts) checks the verdicts and sizes;
 * the time is measured here, where a loaded machine only makes the figure worse, not a test red.
 * Run: npm run bench -- flood   (ROUNDS=n, default 3; variants run in turn so they share the load)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, stats } from './stats';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'lwm2m-conformance.js');
const FLOOD = path.join(ROOT, 'test', 'e2e', 'fixtures', 'duts', 'flood.js');
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const TAGS = '@LightweightM2M-1.1-int-101 or @LightweightM2M-1.1-int-203';

function profile(dir: string, wrapper: string): string {
  const text = fs
    .readFileSync(path.join(ROOT, 'fixtures', 'duts', 'reference-client.yaml'), 'utf8')
    .replace('command: "{harness}', `command: "${wrapper}{harness}`);
  const file = path.join(dir, 'profile.yaml');
  fs.writeFileSync(file, text);
  return file;
}

function timedRun(wrapper: string): { ms: number; reportBytes: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-flood-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'run', '--dut', profile(dir, wrapper), '--tags', TAGS, '--reports', dir, '--quiet'], {
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`the run exited ${r.status}: ${r.stderr}`);
  const reportBytes = ['report.html', 'results.json', 'junit.xml'].reduce((n, f) => n + fs.statSync(path.join(dir, 'latest', f)).size, 0);
  fs.rmSync(dir, { recursive: true, force: true });
  return { ms, reportBytes };
}

const VARIANTS: [string, string][] = [
  ['no flood', ''],
  ['200,000 output lines per case', `'${process.execPath}' '${FLOOD}' output 200000 `],
  ['20,000 CoAP pings per case', `'${process.execPath}' '${FLOOD}' datagrams 20000 `],
];

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`,
);
const results = VARIANTS.map(() => [] as { ms: number; reportBytes: number }[]);
for (let round = 0; round < ROUNDS; round++) VARIANTS.forEach(([, wrapper], i) => results[i].push(timedRun(wrapper)));
const base = median(results[0].map((r) => r.ms));
VARIANTS.forEach(([name], i) => {
  const ms = results[i].map((r) => r.ms);
  const kib = Math.max(...results[i].map((r) => r.reportBytes)) / 1024;
  console.log(`${name.padEnd(32)} ${stats(ms)}  ×${(median(ms) / base).toFixed(2)} the unflooded run; reports ${kib.toFixed(0)} KiB`);
});
console.log(`load at the end ${os.loadavg()[0].toFixed(1)}`);
