import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { Trace, type TraceEntry } from '../../src/trace/trace';
import type { CommandLaunch, StopSpec } from '../../src/conformance/dut-profile';
import {
  LaunchError,
  commandArgv,
  fillPlaceholders,
  harnessArgv,
  launchDut,
  splitCommandLine,
  stopAllDuts,
  type RunningDut,
} from '../../src/conformance/launcher';

const NODE = process.execPath;
const DEADLINE_MS = 5000;
/** A deadline for each test, so a DUT that never stops fails the test instead of hanging the run. */
const T = { timeout: 15000 };
const vars = { uri: 'coap://127.0.0.1:5683', host: '127.0.0.1', port: '5683', endpoint: 'ep with space', lifetime: '30' };

/** A launch spec running `node -e <program>`. */
function nodeProgram(program: string, stop: StopSpec = { signal: 'SIGTERM', timeoutMs: 2000 }, extra: string[] = []): CommandLaunch {
  return { kind: 'command', command: [NODE, '-e', program, ...extra], cwd: '.', env: {}, stop };
}

/** Resolves with the first DUT output line matching `pattern` (already recorded or still to come). */
function waitForLine(trace: Trace, pattern: RegExp): Promise<TraceEntry> {
  return new Promise((resolve, reject) => {
    const hit = (e: TraceEntry) => e.layer === 'dut' && (pattern.test(e.summary) || e.summary.startsWith('DUT exited'));
    const earlier = trace.entries.find(hit);
    const settle = (e: TraceEntry) =>
      pattern.test(e.summary) ? resolve(e) : reject(new Error(`${e.summary} before a line matching ${pattern}`));
    if (earlier) return settle(earlier);
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(`no DUT line matching ${pattern} within ${DEADLINE_MS} ms; got: ${trace.entries.map((e) => e.summary).join(' | ')}`),
      );
    }, DEADLINE_MS);
    const off = trace.subscribe((e) => {
      if (!hit(e)) return;
      clearTimeout(timer);
      off();
      settle(e);
    });
  });
}

async function launch(spec: CommandLaunch, trace = new Trace()): Promise<{ dut: RunningDut; trace: Trace }> {
  const dut = await launchDut(spec, vars, { trace, profileDir: os.tmpdir() });
  return { dut, trace };
}

// Keeps running until stdin closes (then exits 3, which the tests would notice) or a signal arrives.
const STAY_UP = `process.stdin.on('data', () => {}); process.stdin.on('end', () => process.exit(3));`;

test('command lines split like a shell, without one', () => {
  assert.deepEqual(splitCommandLine(`a  'b c' "d \\"e\\" \\n" f\\ g '' x"y"z`), ['a', 'b c', 'd "e" \\n', 'f g', '', 'xyz']);
  assert.deepEqual(splitCommandLine('  '), []);
  assert.throws(() => splitCommandLine(`a 'b`), /unterminated ' quote/);
  assert.throws(() => splitCommandLine('a "b'), /unterminated " quote/);
  assert.throws(() => splitCommandLine('a \\'), /lone backslash/);
});

test('placeholders are filled in each word; {harness} becomes two words; unknown ones are errors', () => {
  assert.deepEqual(commandArgv('{harness} reference-client --server {uri} --endpoint {endpoint} --x={port}', vars), [
    ...harnessArgv(),
    'reference-client',
    '--server',
    'coap://127.0.0.1:5683',
    '--endpoint',
    'ep with space',
    '--x=5683',
  ]);
  assert.equal(harnessArgv()[0], NODE);
  assert.equal(harnessArgv()[1], path.resolve(__dirname, '../../bin/lwm2m-conformance.js'));
  assert.deepEqual(commandArgv(['run', '{lifetime}s', '{"json": true}'], vars), ['run', '30s', '{"json": true}']);
  assert.throws(
    () => commandArgv('client {server}', vars),
    (e: unknown) => e instanceof LaunchError && /unknown placeholder \{server\}/.test(e.message),
  );
  assert.throws(() => commandArgv('x{harness}', vars), /\{harness\} must be a word of its own/);
  assert.throws(() => commandArgv('client {constructor}', vars), /unknown placeholder \{constructor\}/);
  assert.throws(() => commandArgv('', vars), /launch command is empty/);
  assert.equal(fillPlaceholders('use {uri} now', vars), 'use coap://127.0.0.1:5683 now');
});

test('a launched DUT gets its placeholders, environment and open stdin; its output is captured', T, async () => {
  const spec: CommandLaunch = {
    kind: 'command',
    command: `'${NODE}' -e "console.log('args=' + JSON.stringify(process.argv.slice(1)) + ' env=' + process.env.DUT_URI); console.error('on stderr'); ${STAY_UP}" -- --endpoint {endpoint} {lifetime}`,
    cwd: '.',
    env: { DUT_URI: '{uri}' },
    stop: { signal: 'SIGTERM', timeoutMs: 2000 },
  };
  const { dut, trace } = await launch(spec);
  try {
    assert.ok(dut.pid && dut.isRunning());
    const line = await waitForLine(trace, /^args=/);
    assert.equal(line.summary, 'args=["--endpoint","ep with space","30"] env=coap://127.0.0.1:5683');
    assert.deepEqual((line.detail as { stream: string }).stream, 'stdout');
    const err = await waitForLine(trace, /^on stderr$/);
    assert.equal((err.detail as { stream: string }).stream, 'stderr');
    assert.deepEqual(dut.recentOutput().sort(), ['args=["--endpoint","ep with space","30"] env=coap://127.0.0.1:5683', 'on stderr'].sort());
    assert.match(trace.entries[0].summary, /^DUT started \(pid \d+\): /);
  } finally {
    await dut.stop();
  }
  assert.deepEqual(await dut.exited, { code: null, signal: 'SIGTERM' }, 'it ran until stopped');
  assert.equal(dut.isRunning(), false);
  assert.ok(trace.entries.some((e) => e.summary === 'stopping the DUT: SIGTERM'));
  assert.ok(trace.entries.some((e) => e.summary === 'DUT exited (signal SIGTERM)'));
});

test("{harness} runs this harness's own CLI", T, async () => {
  const { dut, trace } = await launch({
    kind: 'command',
    command: '{harness} --help',
    cwd: '.',
    env: {},
    stop: { signal: 'SIGTERM', timeoutMs: 2000 },
  });
  assert.deepEqual(await dut.exited, { code: 0, signal: null });
  await waitForLine(trace, /^Usage: lwm2m-conformance /);
});

test('stop by a line written to stdin', T, async () => {
  const program = `process.stdin.on('data', (d) => { if (String(d) === 'quit\\n') { console.log('bye'); process.exit(0); } }); console.log('ready');`;
  const { dut, trace } = await launch(nodeProgram(program, { stdin: 'quit\n', timeoutMs: 2000 }));
  await waitForLine(trace, /^ready$/);
  await dut.stop();
  assert.deepEqual(await dut.exited, { code: 0, signal: null });
  assert.deepEqual(dut.recentOutput(), ['ready', 'bye']);
});

test('a DUT that ignores its stop signal is killed after the timeout', T, async () => {
  const program = `process.on('SIGTERM', () => console.log('ignoring SIGTERM')); ${STAY_UP} console.log('ready');`;
  const logged: string[] = [];
  const trace = new Trace();
  const dut = await launchDut(nodeProgram(program, { signal: 'SIGTERM', timeoutMs: 300 }), vars, {
    trace,
    profileDir: '.',
    log: (l) => logged.push(l),
  });
  await waitForLine(trace, /^ready$/);
  await dut.stop();
  assert.deepEqual(await dut.exited, { code: null, signal: 'SIGKILL' });
  assert.ok(trace.entries.some((e) => e.summary === 'the DUT did not stop within 300 ms: SIGKILL'));
  assert.match(logged.join('\n'), /did not stop within 300 ms; killing it/);
});

test('stop is idempotent and quiet when the DUT has already exited', T, async () => {
  const { dut } = await launch(nodeProgram(`console.log('done'); process.exit(5);`));
  assert.deepEqual(await dut.exited, { code: 5, signal: null });
  await Promise.all([dut.stop(), dut.stop()]);
  await dut.stop();
  assert.deepEqual(dut.recentOutput(), ['done']);
});

test('a program that cannot be started is a clear error naming the command', T, async () => {
  await assert.rejects(
    launch({
      kind: 'command',
      command: 'no-such-lwm2m-client --server {uri}',
      cwd: '.',
      env: {},
      stop: { signal: 'SIGTERM', timeoutMs: 100 },
    }),
    (e: unknown) =>
      e instanceof LaunchError &&
      /no-such-lwm2m-client was not found; command: no-such-lwm2m-client --server coap:\/\/127\.0\.0\.1:5683/.test(e.message),
  );
  await assert.rejects(
    launchDut({ ...nodeProgram(''), cwd: 'missing-dir' }, vars, { profileDir: os.tmpdir() }),
    (e: unknown) =>
      e instanceof LaunchError && e.message.includes(`working directory ${path.join(os.tmpdir(), 'missing-dir')} does not exist`),
  );
});

test('long lines are shortened in the trace summary and kept whole in the detail', T, async () => {
  const { dut, trace } = await launch(nodeProgram(`console.log('x'.repeat(1000)); ${STAY_UP}`));
  const line = await waitForLine(trace, /^x+/);
  assert.equal(line.summary, `${'x'.repeat(300)}…`);
  assert.equal((line.detail as { line: string }).line.length, 1000);
  await dut.stop();
});

test('output without newlines is cut into bounded lines', T, async () => {
  const { dut, trace } = await launch(nodeProgram(`process.stdout.write('y'.repeat(200000)); ${STAY_UP}`));
  await waitForLine(trace, /^y+/);
  await dut.stop();
  const lengths = trace.entries
    .filter((e) => e.layer === 'dut' && e.summary.startsWith('y'))
    .map((e) => (e.detail as { line: string }).line.length);
  assert.equal(
    lengths.reduce((a, b) => a + b, 0),
    200000,
  );
  assert.ok(Math.max(...lengths) <= 64 * 1024, String(lengths));
});

test('stopAllDuts stops every DUT still running', T, async () => {
  const a = await launch(nodeProgram(STAY_UP));
  const b = await launch(nodeProgram(STAY_UP));
  await stopAllDuts();
  assert.equal((await a.dut.exited).signal, 'SIGTERM');
  assert.equal((await b.dut.exited).signal, 'SIGTERM');
});

test('a manual DUT: the operator is told what to do, and told when the test is over', T, async () => {
  const logged: string[] = [];
  const trace = new Trace();
  const dut = await launchDut(
    { kind: 'manual', instructions: 'Power on the device; it must use {uri} as its server URI.', timeoutMs: 1000 },
    vars,
    { trace, profileDir: '.', log: (l) => logged.push(l) },
  );
  assert.deepEqual(logged, ['ACTION REQUIRED: Power on the device; it must use coap://127.0.0.1:5683 as its server URI.']);
  assert.equal(dut.isRunning(), true);
  assert.equal(dut.pid, undefined);
  await dut.stop();
  await dut.stop();
  assert.deepEqual(await dut.exited, { code: null, signal: null });
  assert.equal(dut.isRunning(), false);
  assert.deepEqual(logged.slice(1), ['The test is over: you may switch the device off.']);
  await assert.rejects(
    launchDut({ kind: 'manual', instructions: 'use {bogus}', timeoutMs: 1 }, vars, { profileDir: '.' }),
    /unknown placeholder \{bogus\}/,
  );
});

// Exits (code 0, after saying so) only when its standard input ends; ignores lines and SIGTERM.
const EXITS_ON_EOF = `process.on('SIGTERM', () => console.log('ignoring SIGTERM')); process.stdin.on('data', (d) => console.log('read ' + JSON.stringify(String(d)))); process.stdin.on('end', () => { console.log('end of input: bye'); process.exit(0); }); console.log('ready');`;

test('stop by end of input: a program that exits only when its stdin closes', T, async () => {
  const { dut, trace } = await launch(nodeProgram(EXITS_ON_EOF, { closeStdin: true, timeoutMs: 2000 }));
  await waitForLine(trace, /^ready$/);
  await dut.stop();
  assert.deepEqual(await dut.exited, { code: 0, signal: null });
  assert.ok(trace.entries.some((e) => e.summary === 'stopping the DUT: closing its stdin (end of input)'));
  assert.deepEqual(dut.recentOutput(), ['ready', 'end of input: bye']);
});

test('stop steps in order, each with its own wait: a line (ignored), then end of input', T, async () => {
  const stop = [
    { stdin: 'quit\n', timeoutMs: 150 },
    { closeStdin: true as const, timeoutMs: 2000 },
    { signal: 'SIGTERM' as const, timeoutMs: 2000 },
  ];
  const { dut, trace } = await launch(nodeProgram(EXITS_ON_EOF, stop));
  await waitForLine(trace, /^ready$/);
  await dut.stop();
  assert.deepEqual(await dut.exited, { code: 0, signal: null });
  assert.deepEqual(
    trace.entries.filter((e) => e.layer === 'dut').map((e) => e.summary),
    [
      trace.entries.find((e) => e.summary.startsWith('DUT started'))!.summary,
      'ready',
      'stopping the DUT: writing "quit\\n" to its stdin',
      'read "quit\\n"',
      'the DUT did not stop within 150 ms',
      'stopping the DUT: closing its stdin (end of input)',
      'end of input: bye',
      'DUT exited (code 0)',
    ],
  );
});

test('stop steps that all fail end in SIGKILL after the last wait', T, async () => {
  const program = `process.on('SIGTERM', () => {}); process.stdin.on('data', () => {}); setInterval(() => {}, 1000); console.log('ready');`;
  const { dut, trace } = await launch(
    nodeProgram(program, [
      { closeStdin: true, timeoutMs: 100 },
      { signal: 'SIGTERM', timeoutMs: 100 },
    ]),
  );
  await waitForLine(trace, /^ready$/);
  await dut.stop();
  assert.deepEqual(await dut.exited, { code: null, signal: 'SIGKILL' });
  assert.ok(trace.entries.some((e) => e.summary === 'the DUT did not stop within 100 ms: SIGKILL'));
});

test('restartOnExit: a DUT whose reboot is a process exit is started again with the same command, and the trace says so', T, async () => {
  // Each run appends a line to a file; the first two runs exit by themselves ("reboot"), the third stays up.
  const file = path.join(os.tmpdir(), `lwm2m-restart-${process.pid}-${Date.now()}`);
  const program = `const fs = require('fs'); fs.appendFileSync(process.argv[1], 'x'); const n = fs.readFileSync(process.argv[1], 'utf8').length; console.log('run ' + n + ' args ' + process.argv[2]); if (n < 3) process.exit(0); ${STAY_UP}`;
  const spec: CommandLaunch = {
    ...nodeProgram(program, { signal: 'SIGTERM', timeoutMs: 2000 }, [file, '{endpoint}']),
    restartOnExit: true,
  };
  const trace = new Trace();
  const third = new Promise<void>((resolve) => trace.subscribe((e) => e.summary === 'run 3 args ep with space' && resolve()));
  const { dut } = await launch(spec, trace);
  after(() => dut.stop());
  await third;
  assert.ok(dut.isRunning());
  const restarts = trace.entries.filter((e) => /^restarting the DUT with the same command/.test(e.summary));
  assert.equal(restarts.length, 2);
  assert.match(restarts[0].summary, /as launch\.restartOnExit says \(restart 1 of at most 20\)/);
  assert.equal(trace.entries.filter((e) => e.summary.startsWith('DUT started')).length, 3);
  await dut.stop();
  assert.deepEqual(await dut.exited, { code: null, signal: 'SIGTERM' });
  assert.equal(trace.entries.filter((e) => /^restarting/.test(e.summary)).length, 2, 'a stop is not followed by a restart');
});

test('without restartOnExit an exit stands, and the DUT is not started again', T, async () => {
  const { dut, trace } = await launch(nodeProgram(`console.log('rebooting'); process.exit(0);`));
  assert.deepEqual(await dut.exited, { code: 0, signal: null });
  assert.equal(trace.entries.filter((e) => e.summary.startsWith('DUT started')).length, 1);
});

test(
  'a flood of output keeps the first and last lines and the lines matching launch.output.keep; the rest is counted',
  { timeout: 60000 },
  async () => {
    const program = `for (let i = 0; i < 200000; i++) console.log(i % 50000 === 777 ? 'ERROR at ' + i : 'spin ' + i); console.log('last words'); ${STAY_UP}`;
    const spec: CommandLaunch = { ...nodeProgram(program), output: { keep: ['^ERROR'], firstLines: 5, lastLines: 3 } };
    const trace = new Trace();
    // Its own wait (not waitForLine's 5 s): 200 000 lines take a while on a loaded machine.
    const lastWords = new Promise<void>((resolve) => trace.subscribe((e) => e.summary === 'last words' && resolve()));
    const { dut } = await launch(spec, trace);
    try {
      await lastWords;
    } finally {
      await dut.stop();
    }
    const lines = trace.entries
      .filter((e) => e.layer === 'dut' && (e.detail as { stream?: string } | undefined)?.stream)
      .map((e) => e.summary);
    assert.deepEqual(lines, [
      'spin 0',
      'spin 1',
      'spin 2',
      'spin 3',
      'spin 4',
      'ERROR at 777',
      'ERROR at 50777',
      'ERROR at 100777',
      'ERROR at 150777',
      'spin 199998',
      'spin 199999',
      'last words',
    ]);
    const cut = trace.entries.find((e) => /lines of DUT output .* not stored/.test(e.summary));
    assert.match(
      cut!.summary,
      /^199989 lines of DUT output \(.* MB, .* to .*\) not stored; kept: the first 5, 4 matching the profile's launch\.output\.keep and the last 3$/,
    );
    assert.ok(trace.entries.length < 30, `${trace.entries.length} entries stored`);
  },
);
