/** The exit codes of `run`, as the README's table gives them: each one, from a real run. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseOf, faultyProfile, profileWith, runHarness } from './harness';

const ID = (n: number) => `LightweightM2M-1.1-int-${n}`;
const unstartable = () =>
  profileWith('reference-client.yaml', [], (y) => y.replace(/command: "[^"]*"/, 'command: "/nonexistent/lwm2m-client {uri}"'));

describe('exit codes', { concurrency: 2 }, () => {
  test('0: every applicable case PASSed (N/A ones do not count against it)', async () => {
    const r = await runHarness(['--tags', `@${ID(101)} or @${ID(401)}`]);
    assert.equal(caseOf(r.run, ID(401)).verdict, 'N/A');
    assert.equal(r.exitCode, 0, r.stdout);
  });

  test('1: a case FAILed', async () => {
    const r = await runHarness(['--dut', faultyProfile(['wrong-serial-number']), '--tags', `@${ID(201)}`]);
    assert.equal(caseOf(r.run, ID(201)).verdict, 'FAIL');
    assert.equal(r.exitCode, 1);
    assert.match(r.stdout, /Exit code 1: 1 FAIL, 0 ERROR/);
  });

  test('1: every case INCONC (the DUT never started), also with --allow-inconclusive since nothing was judged', async () => {
    const profile = unstartable();
    const r = await runHarness(['--dut', profile, '--tags', `@${ID(101)} or @${ID(103)}`]);
    assert.deepEqual(
      r.run!.cases.map((c) => c.verdict),
      ['INCONC', 'INCONC'],
    );
    assert.equal(r.exitCode, 1);
    assert.match(r.stdout, /Exit code 1: 2 INCONC: not judged/);
    const allowed = await runHarness(['--dut', profile, '--tags', `@${ID(101)}`, '--allow-inconclusive']);
    assert.equal(allowed.exitCode, 1);
    assert.match(allowed.stdout, /Exit code 1: no case was judged/);
  });

  test('1: only N/A cases, so nothing was judged', async () => {
    const r = await runHarness(['--tags', `@${ID(401)} or @${ID(402)}`]);
    assert.ok(r.run!.cases.every((c) => c.verdict === 'N/A'));
    assert.equal(r.exitCode, 1);
  });

  test('1: applicable cases that never ran (their Cucumber workers died) are ERROR, none missing', async () => {
    // The DUT "command" kills the worker process that launched it, so Cucumber stops early.
    const profile = profileWith('reference-client.yaml', [], (y) =>
      y.replace(/command: "[^"]*"/, `command: ["sh", "-c", "kill -9 $PPID"]`),
    );
    const r = await runHarness(['--dut', profile, '--workers', '2', '--tags', `@${ID(101)} or @${ID(103)} or @${ID(201)}`]);
    assert.equal(r.exitCode, 1);
    assert.deepEqual(
      r.run!.cases.map((c) => [c.id, c.verdict]),
      [ID(101), ID(103), ID(201)].map((id) => [id, 'ERROR']),
    );
    // The cases the dead workers held did not finish; the one no worker was left for never started.
    const reasons = r.run!.cases.map((c) => c.reason!);
    assert.equal(reasons.filter((t) => /^The case did not finish/.test(t)).length, 2, reasons.join('\n'));
    assert.equal(
      reasons.filter((t) => /^(Not run: Cucumber ended with a failure|The harness failed)/.test(t)).length,
      1,
      reasons.join('\n'),
    );
  });

  test('2: bad usage or configuration, nothing runs', async () => {
    for (const args of [
      ['--workers', '0'],
      ['--shard', '4/3'],
      ['--dut', unstartable(), '--workers', 'x'],
    ]) {
      const r = await runHarness(args);
      assert.equal(r.exitCode, 2, args.join(' '));
      assert.equal(r.run, undefined);
    }
    const fixed = profileWith('reference-client.yaml', [], (y) => y.replace('port: 0', 'port: 5999'));
    const r = await runHarness(['--dut', fixed, '--workers', '2']);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /--workers 2: the Test Server listens on a fixed port/);
  });
});
