/**
 * The registration cases end to end through the CLI: PASS against the reference client, and
 * FAIL with the right criterion against the reference client with each relevant fault.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { caseOf, faultyProfile, profileWith, runHarness, ROOT } from './harness';

const ID = (n: number, edition = '1.1') => `LightweightM2M-${edition}-int-${n}`;

describe('registration suite against the reference client', { concurrency: 2 }, () => {
  test('LwM2M 1.1: every applicable case PASSes, exit code 0, all three reports written', async () => {
    const r = await runHarness([]);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    for (const n of [101, 102, 103, 104, 105, 107, 201, 203, 204, 241])
      assert.equal(caseOf(r.run, ID(n)).verdict, 'PASS', `${ID(n)}: ${caseOf(r.run, ID(n)).reason}`);
    for (const f of ['report.html', 'junit.xml', 'results.json']) assert.ok(fs.existsSync(path.join(r.reportDir, 'latest', f)), f);
    const register = caseOf(r.run, ID(101)).trace.find((e) => e.layer === 'coap' && e.direction === 'in' && /POST \/rd\?/.test(e.summary));
    assert.ok(register?.hex, 'the Register is in the evidence, byte-exact');
  });

  test('a client that registers and answers block-wise (16-byte blocks) still PASSes', async () => {
    const r = await runHarness([
      '--dut',
      profileWith('reference-client.yaml', ['--block-size', '16']),
      '--tags',
      `@${ID(101)} or @${ID(203)}`,
    ]);
    for (const n of [101, 203]) assert.equal(caseOf(r.run, ID(n)).verdict, 'PASS', caseOf(r.run, ID(n)).reason);
    const blocks = caseOf(r.run, ID(101)).trace.filter(
      (e) => e.layer === 'coap' && e.direction === 'in' && /POST \/rd\?.*Block1=/.test(e.summary),
    );
    assert.ok(blocks.length > 2, `the Register came in ${blocks.length} block(s)`);
  });

  test('LwM2M 1.0: 1.0 IDs are reported, 1.1-only cases are N/A with the reason', async () => {
    const r = await runHarness(['--dut', path.join(ROOT, 'fixtures/duts/reference-client-1.0.yaml'), '--tags', '@registration']);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    for (const n of [101, 102, 103, 104]) assert.equal(caseOf(r.run, ID(n, '1.0')).verdict, 'PASS');
    for (const n of [105, 107]) {
      const c = caseOf(r.run, ID(n));
      assert.equal(c.verdict, 'N/A');
      assert.match(c.reason!, /Introduced in LwM2M 1.1; the DUT declares 1.0/);
    }
  });
});

describe('a device switched on by an operator (launch: manual)', () => {
  test('the instructions reach the operator with the Test Server URI, and the device is judged', async () => {
    const profile = profileWith('reference-client.yaml', [], (y) =>
      y.replace(
        /launch:\n(?: {2}[^\n]*\n)+/, // the whole launch block: command, bootstrap, stop
        'launch:\n  manual:\n    instructions: "Point the device at {uri} with endpoint {endpoint}, then switch it on."\n    timeoutMs: 20000\n',
      ),
    );
    let device: ChildProcess | undefined;
    const r = await runHarness(['--dut', profile, '--tags', `@${ID(101)}`], {
      onStderr: (err) => {
        const m = /Point the device at (coap:\/\/[0-9.:]+) with endpoint (\S+),/.exec(err);
        if (m && !device) {
          // The "operator" switches the device on: here, the reference client started by hand.
          device = spawn(
            process.execPath,
            [path.join(ROOT, 'bin/lwm2m-conformance.js'), 'reference-client', '--server', m[1], '--endpoint', m[2], '--lifetime', '30'],
            { stdio: 'ignore' },
          );
        }
      },
    });
    device?.kill('SIGTERM');
    assert.ok(device, `no instructions on stderr: ${r.stderr}`);
    assert.equal(caseOf(r.run, ID(101)).verdict, 'PASS', caseOf(r.run, ID(101)).reason);
  });
});

describe('honest verdicts', { concurrency: 2 }, () => {
  test('a precondition the DUT cannot meet is INCONC, not FAIL', async () => {
    // With a broken Register the client never registers, so int-102 cannot be set up.
    const r = await runHarness(['--dut', faultyProfile(['malformed-register-payload']), '--tags', `@${ID(102)}`]);
    const c = caseOf(r.run, ID(102));
    assert.equal(c.verdict, 'INCONC', c.reason);
    assert.match(c.reason!, /Precondition not met/);
  });

  test('a DUT that cannot be launched makes the case INCONC, with the launch error', async () => {
    const profile = profileWith('reference-client.yaml', [], (y) =>
      y.replace(/command: "[^"]*"/, 'command: "/nonexistent/lwm2m-client {uri}"'),
    );
    const r = await runHarness(['--dut', profile, '--tags', `@${ID(101)}`]);
    const c = caseOf(r.run, ID(101));
    assert.equal(c.verdict, 'INCONC');
    assert.match(c.reason!, /could not be started/);
  });

  test('an undefined step is ERROR, never PASS', async () => {
    const r = await runHarness(['--features', path.join(ROOT, 'test/e2e/fixtures/features'), '--tags', '@LightweightM2M-1.1-int-199']);
    const c = caseOf(r.run, 'LightweightM2M-1.1-int-199');
    assert.equal(c.verdict, 'ERROR');
    assert.match(c.reason!, /has no step definition/);
    assert.equal(r.exitCode, 1);
  });

  test('a malformed DUT profile is exit code 2 with the file and field named, and nothing runs', async () => {
    const profile = profileWith('reference-client.yaml', [], (y) => y.replace('lwm2mVersion: "1.1"', 'lwm2mVersion: "2.0"'));
    const r = await runHarness(['--dut', profile]);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /reference-client\.yaml/);
    assert.match(r.stderr, /lwm2mVersion/);
    assert.equal(r.run, undefined);
  });

  test('Ctrl-C during a run still writes the report, with the unfinished case marked', async () => {
    const r = await runHarness(['--tags', `@${ID(104)} or @${ID(107)}`], { signalAfter: (out) => out.includes('test case(s)') });
    assert.ok(r.run, `no results.json; stdout: ${r.stdout} stderr: ${r.stderr}`);
    assert.equal(r.run!.interrupted, true);
    assert.ok(r.run!.cases.some((c) => c.unfinished && c.verdict === 'ERROR'));
    assert.equal(r.exitCode, 1);
  });
});

describe('security cases over DTLS against the reference client', { concurrency: 2 }, () => {
  const psk = path.join(ROOT, 'fixtures/duts/reference-client-psk.yaml');
  const x509 = path.join(ROOT, 'fixtures/duts/reference-client-x509.yaml');

  test('PSK profile: int-401 PASS, and the registration cases PASS over DTLS', async () => {
    const r = await runHarness(['--dut', psk, '--tags', '@security or @LightweightM2M-1.1-int-101 or @LightweightM2M-1.1-int-203']);
    for (const n of [101, 203, 401]) assert.equal(caseOf(r.run, ID(n)).verdict, 'PASS', caseOf(r.run, ID(n)).reason);
    assert.equal(caseOf(r.run, ID(402)).verdict, 'N/A');
    assert.ok(
      caseOf(r.run, ID(401)).trace.some((e) => e.layer === 'dtls' && /handshake complete: TLS_PSK_WITH_AES_128_CCM_8/.test(e.summary)),
    );
    // The key is never in the evidence (the DUT's command line carries it).
    const key = '000102030405060708090a0b0c0d0e0f';
    for (const f of ['results.json', 'report.html', 'junit.xml']) {
      assert.ok(!fs.readFileSync(path.join(r.reportDir, 'latest', f), 'utf8').includes(key), `${f} shows the PSK`);
    }
  });

  test('X.509 profile: int-402 and int-403 PASS', async () => {
    const r = await runHarness(['--dut', x509, '--tags', '@security']);
    for (const n of [402, 403]) assert.equal(caseOf(r.run, ID(n)).verdict, 'PASS', caseOf(r.run, ID(n)).reason);
    assert.equal(caseOf(r.run, ID(401)).verdict, 'N/A');
  });

  test('raw public key profile: the registration and read cases PASS over DTLS with mutual RPK', async () => {
    const r = await runHarness([
      '--dut',
      path.join(ROOT, 'fixtures/duts/reference-client-rpk.yaml'),
      '--tags',
      `@${ID(101)} or @${ID(203)}`,
    ]);
    for (const n of [101, 203]) assert.equal(caseOf(r.run, ID(n)).verdict, 'PASS', caseOf(r.run, ID(n)).reason);
    assert.ok(
      caseOf(r.run, ID(101)).trace.some(
        (e) => e.layer === 'dtls' && /handshake complete: TLS_ECDHE_ECDSA_.*identity sha256:/.test(e.summary),
      ),
    );
  });

  test('int-403 is judged only after its positive control: an unrelated trust anchor gives int-402 FAIL and int-403 INCONC', async () => {
    // The client trusts another CA, so it refuses every certificate of the Test Server.
    const other = path.join(ROOT, 'fixtures/keys/intermediate.crt');
    const profile = profileWith('reference-client-x509.yaml', [], (y) =>
      y.replace('--trust-anchor {trust_anchor}', `--trust-anchor ${other}`),
    );
    const r = await runHarness(['--dut', profile, '--tags', '@security']);
    assert.equal(caseOf(r.run, ID(402)).verdict, 'FAIL', caseOf(r.run, ID(402)).reason);
    const c = caseOf(r.run, ID(403));
    assert.equal(c.verdict, 'INCONC', c.reason);
    assert.match(c.reason!, /Precondition not met.*register/);
  });

  test('int-403 is INCONC, never PASS, for a DUT that never tries a handshake', async () => {
    const profile = profileWith('reference-client-x509.yaml', [], (y) => y.replace(/command: "[^"]*"/, 'command: "sleep 60"'));
    const r = await runHarness(['--dut', profile, '--tags', `@${ID(403)}`]);
    assert.equal(caseOf(r.run, ID(403)).verdict, 'INCONC', caseOf(r.run, ID(403)).reason);
  });

  test('records the DTLS layer dropped are summarised in the diagnosis', async () => {
    const dut = path.join(ROOT, 'test/e2e/fixtures/duts/garbage-dtls-client.js');
    const profile = profileWith('reference-client-psk.yaml', [], (y) => y.replace(/command: "[^"]*"/, `command: "node ${dut} {uri}"`));
    const r = await runHarness(['--dut', profile, '--tags', `@${ID(101)}`]);
    const c = caseOf(r.run, ID(101));
    assert.equal(c.verdict, 'FAIL', c.reason);
    assert.match(c.diagnosis!.actual!, /3 DTLS records dropped by the harness, the first at [0-9:.]+ from 127\.0\.0\.1:\d+: /);
  });
});
