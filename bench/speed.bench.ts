/**
 * How fast a run is, side by side in one go (issue: runs that stay fast at 150 cases):
 *  1. the whole automated suite against the reference client, sequentially and with --workers 2, 4, 8;
 *  2. the reference client's cold start to its first Register (compiled and from sources);
 *  3. the harness's cost per CoAP exchange beside a raw UDP echo and node-coap.
 * Run: npm run bench -- speed   (ROUNDS=n for more suite rounds; EXCHANGES, and cold-start ROUNDS too)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { coldStart } from './cold-start';
import { exchangeCosts } from './exchange';
import { median, stats } from './stats';

const BIN = path.join(__dirname, '..', 'bin', 'lwm2m-conformance.js');
const SUITE_ROUNDS = Number(process.env.SUITE_ROUNDS ?? 2);

function suite(workers: number): { ms: number; cases: number; judged: number } {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-suite-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'run', '--workers', String(workers), '--reports', reports, '--quiet'], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`suite with --workers ${workers} exited ${r.status}: ${r.stderr}`);
  const run = JSON.parse(fs.readFileSync(path.join(reports, 'latest', 'results.json'), 'utf8')) as { cases: { verdict: string }[] };
  fs.rmSync(reports, { recursive: true, force: true });
  return { ms, cases: run.cases.length, judged: run.cases.filter((c) => c.verdict !== 'N/A').length };
}

void (async () => {
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`,
  );

  console.log('\n1. Whole automated suite against the reference client (CLI, wall time)');
  const rows: [number, number[], number, number][] = [];
  for (const w of [1, 2, 4, 8]) {
    const runs = Array.from({ length: SUITE_ROUNDS }, () => suite(w));
    rows.push([w, runs.map((r) => r.ms), runs[0].cases, runs[0].judged]);
  }
  const sequential = median(rows[0][1]);
  for (const [w, ms, cases, judged] of rows)
    console.log(
      `   --workers ${w}: ${stats(ms)}; ${(sequential / median(ms)).toFixed(2)}x faster than sequential (${judged} cases run, ${cases - judged} N/A)`,
    );

  console.log('\n2. Reference client cold start: spawn to its first Register at a UDP socket');
  const cold = await coldStart();
  console.log(`   compiled (dist/):  ${stats(cold.compiled)}`);
  console.log(`   sources via tsx:   ${stats(cold.tsx)}  (${(median(cold.tsx) / median(cold.compiled)).toFixed(1)}x the compiled start)`);
  console.log(
    `   bare node -e 0:    ${stats(cold.node)}  (compiled start is ${(median(cold.compiled) / median(cold.node)).toFixed(1)}x a bare node)`,
  );

  console.log('\n3. Cost per CoAP exchange (confirmable GET + piggy-backed 2.05, loopback, sequential)');
  const ex = await exchangeCosts();
  for (const [k, us] of Object.entries(ex))
    console.log(
      `   ${k.padEnd(30)} ${us.toFixed(0).padStart(6)} µs  (${(us / ex['node-coap GET']).toFixed(2)}x node-coap, ${(us / ex['raw UDP echo']).toFixed(1)}x raw UDP)`,
    );
})();
