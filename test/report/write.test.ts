import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  casePcap,
  createRunFolder,
  pcapFileFor,
  reportHtml,
  junitXml,
  resultsJson,
  runFolderName,
  updateLatest,
  writeReports,
  writeReportsSync,
} from '../../src/report';
import { sampleRun } from './sample-run';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'report-test-'));

test('writeReports and writeReportsSync write the three reports and the captures into a new folder', async () => {
  const base = tempDir();
  const run = sampleRun();
  const written = await writeReports(run, path.join(base, 'a', 'b'));
  const writtenSync = writeReportsSync(run, path.join(base, 'sync'));
  for (const paths of [written, writtenSync]) {
    assert.equal(fs.readFileSync(paths.html, 'utf8'), reportHtml(run));
    assert.equal(fs.readFileSync(paths.junit, 'utf8'), junitXml(run));
    assert.equal(fs.readFileSync(paths.json, 'utf8'), resultsJson(run));
    assert.deepEqual(fs.readdirSync(path.dirname(paths.html)).sort(), ['junit.xml', 'pcap', 'report.html', 'results.json']);
    // One capture per case that traced datagrams, byte-equal to what casePcap gives.
    const withDatagrams = run.cases.filter((c) => c.trace.some((e) => e.hex));
    assert.deepEqual(
      fs.readdirSync(path.join(path.dirname(paths.html), 'pcap')).sort(),
      withDatagrams.map((c) => path.basename(pcapFileFor(c.id))).sort(),
    );
    for (const c of withDatagrams)
      assert.deepEqual(fs.readFileSync(path.join(path.dirname(paths.html), pcapFileFor(c.id))), casePcap(c, 'lwm2m-conformance 0.1.0'));
  }
});

test('concurrent writes into one folder leave complete files and no temporaries', async () => {
  const dir = path.join(tempDir(), 'same');
  const runs = [sampleRun({ interrupted: false }), sampleRun(), sampleRun({ cases: [] })];
  await Promise.all(runs.map((r) => writeReports(r, dir)));
  assert.deepEqual(fs.readdirSync(dir).sort(), ['junit.xml', 'pcap', 'report.html', 'results.json']);
  assert.ok(
    fs.readdirSync(path.join(dir, 'pcap')).every((f) => f.endsWith('.pcapng')),
    'no temporaries among the captures',
  );
  const json = fs.readFileSync(path.join(dir, 'results.json'), 'utf8');
  assert.ok(runs.some((r) => resultsJson(r) === json));
});

test('run folders are named by UTC time and stay unique within one second', () => {
  const base = path.join(tempDir(), 'reports');
  const started = new Date('2026-11-27T14:05:03.456Z');
  assert.equal(runFolderName(started), '2026-11-27T14-05-03Z');
  const dirs = [createRunFolder(base, started), createRunFolder(base, started), createRunFolder(base, started)];
  assert.deepEqual(
    dirs.map((d) => path.basename(d)),
    ['2026-11-27T14-05-03Z', '2026-11-27T14-05-03Z-2', '2026-11-27T14-05-03Z-3'],
  );
  for (const d of dirs) assert.ok(fs.statSync(d).isDirectory());
});

test('reports/latest follows the newest run, replacing an earlier copy if there is one', () => {
  const base = tempDir();
  const first = createRunFolder(base, new Date('2026-11-27T14:00:00Z'));
  const second = createRunFolder(base, new Date('2026-11-27T15:00:00Z'));
  writeReportsSync(sampleRun({ interrupted: false }), first);
  writeReportsSync(sampleRun(), second);
  const latest = path.join(base, 'latest');

  assert.equal(updateLatest(base, first), 'symlink');
  assert.equal(fs.readlinkSync(latest), path.basename(first), 'relative, so the folder can be moved');
  assert.equal(JSON.parse(fs.readFileSync(path.join(latest, 'results.json'), 'utf8')).interrupted, false);

  assert.equal(updateLatest(base, second), 'symlink');
  assert.equal(JSON.parse(fs.readFileSync(path.join(latest, 'results.json'), 'utf8')).interrupted, true);

  // A copy left where symlinks once failed is a real directory; it is replaced, not written into.
  fs.rmSync(latest);
  fs.cpSync(first, latest, { recursive: true });
  assert.equal(updateLatest(base, second), 'symlink');
  assert.ok(fs.lstatSync(latest).isSymbolicLink());
  assert.deepEqual(fs.readdirSync(base).sort(), [path.basename(first), path.basename(second), 'latest'].sort());
});

test('a process interrupted by SIGINT still writes its report synchronously', async () => {
  const dir = path.join(tempDir(), 'interrupted');
  const script = `
    const { writeReportsSync } = require(${JSON.stringify(path.resolve(__dirname, '../../src/report'))});
    const { sampleRun } = require(${JSON.stringify(path.resolve(__dirname, 'sample-run'))});
    process.on('SIGINT', () => { writeReportsSync(sampleRun(), ${JSON.stringify(dir)}); process.exit(130); });
    setInterval(() => {}, 1000); // stands for a run in progress
    console.log('ready');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.on('exit', () => reject(new Error('child exited before it was ready')));
    });
    child.kill('SIGINT');
    assert.equal(await exited, 130);
  } finally {
    clearTimeout(deadline);
  }
  const doc = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
  assert.equal(doc.interrupted, true);
  assert.equal(doc.summary.unfinished, 1);
  assert.match(fs.readFileSync(path.join(dir, 'report.html'), 'utf8'), /id="interrupted-banner"/);
});
