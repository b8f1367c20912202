/**
 * The server-side suite end to end through the CLI: every case PASSes against the reference
 * server (`run --role server`), and each reference-server fault (generated from its registry)
 * makes the cases it names FAIL with the named criterion and diagnosis.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseOf, faultyProfile, profileWith, runHarness } from './harness';
import { SERVER_FAULT_REGISTRY } from '../../src/peers/reference-server/faults';
import { BOOTSTRAP_SERVER_FAULT_REGISTRY } from '../../src/peers/reference-server/bootstrap-faults';

const SERVER_CASES = [
  101, 102, 103, 104, 105, 107, 108, 109, 201, 203, 204, 205, 211, 212, 215, 220, 222, 223, 224, 225, 226, 227, 228, 230, 231, 232, 233,
  234, 237, 241, 256, 257, 260, 261, 280, 281, 301, 302, 303, 304, 305, 306, 310, 311, 652, 770, 771, 1630, 1635,
]
  .map((n) => `LightweightM2M-1.1-int-${n}`)
  .concat(['LwM2M-Robustness-1.1-srv-1', 'LwM2M-Robustness-1.1-srv-2']);
/** The LwM2M 1.2 server-side cases: N/A with the 1.1 profile, run with reference-server-1.2.yaml. */
const SERVER_12_CASES = [264, 266, 312, 313].map((n) => `LightweightM2M-1.2-int-${n}`);

describe('the server suite against the reference server', { concurrency: 2 }, () => {
  test('run --role server: every server-side case PASSes, through the HTTP action adapters', async () => {
    const r = await runHarness(['--role', 'server']);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    for (const id of SERVER_CASES) assert.equal(caseOf(r.run, id).verdict, 'PASS', `${id}: ${caseOf(r.run, id).reason}`);
    assert.ok(
      r.run!.cases.every((c) => !c.id.includes('int-2') || (c.featureFile ?? '').startsWith('features/server/')),
      'no client case in a server run',
    );
    const read = caseOf(r.run, 'LightweightM2M-1.1-int-201').trace.find(
      (e) => e.layer === 'coap' && e.direction === 'in' && /GET \/3\/0\/0/.test(e.summary),
    );
    assert.ok(read?.hex, 'the server’s Read is in the evidence, byte-exact');
    assert.ok(
      caseOf(r.run, 'LightweightM2M-1.1-int-201').trace.some((e) =>
        /action read: POST http:\/\/127\.0\.0\.1:\d+\/api\/clients\//.test(e.summary),
      ),
    );
  });

  test('as a LwM2M 1.2 server (its Test Client registers with lwm2m=1.2): every 1.2 server-side case PASSes', async () => {
    const r = await runHarness(['--dut', profileWith('reference-server-1.2.yaml', []), '--tags', '@lwm2m-1.2']);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    for (const id of SERVER_12_CASES) assert.equal(caseOf(r.run, id).verdict, 'PASS', `${id}: ${caseOf(r.run, id).reason}`);
    const wire = (id: string, re: RegExp, direction = 'in') =>
      caseOf(r.run, id).trace.some((e) => e.layer === 'coap' && e.direction === direction && re.test(e.summary));
    assert.ok(wire('LightweightM2M-1.2-int-264', /POST \/rd\?.*lwm2m=1\.2/, 'out'), 'the Test Client registers as a 1.2 client');
    assert.ok(wire('LightweightM2M-1.2-int-266', /GET \/3\?depth=3 .*Accept=40/), 'the Discover with depth is on the wire');
    assert.ok(wire('LightweightM2M-1.2-int-313', /GET \/3\/0\/7\?pmin=5&pmax=10 .*Observe=0/), 'the Observe carries its parameters');
  });

  for (const [mode, id] of [
    ['psk', 401],
    ['x509', 402],
  ] as const) {
    test(`over DTLS (${mode}): int-${id} and the registration cases PASS, the other security case is N/A`, async () => {
      const r = await runHarness([
        '--dut',
        profileWith(`reference-server-${mode}.yaml`, []),
        '--tags',
        '@security or @LightweightM2M-1.1-int-101',
      ]);
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      for (const n of [id, 101]) assert.equal(caseOf(r.run, `LightweightM2M-1.1-int-${n}`).verdict, 'PASS', r.stdout);
      if (mode === 'psk') assert.equal(caseOf(r.run, 'LwM2M-Robustness-1.1-srv-3').verdict, 'PASS', r.stdout);
      const other = caseOf(r.run, `LightweightM2M-1.1-int-${id === 401 ? 402 : 401}`);
      assert.equal(other.verdict, 'N/A');
      assert.ok(
        caseOf(r.run, `LightweightM2M-1.1-int-${id}`).trace.some((e) => e.layer === 'dtls' && /handshake complete/.test(e.summary)),
      );
    });
  }

  test('over DTLS (rpk): the registration and read cases and srv-4 PASS over raw public keys; the PSK and X.509 cases are N/A', async () => {
    const r = await runHarness([
      '--dut',
      profileWith('reference-server-rpk.yaml', []),
      '--tags',
      '@security or @LightweightM2M-1.1-int-101 or @LightweightM2M-1.1-int-203',
    ]);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    for (const id of ['LightweightM2M-1.1-int-101', 'LightweightM2M-1.1-int-203', 'LwM2M-Robustness-1.1-srv-4'])
      assert.equal(caseOf(r.run, id).verdict, 'PASS', `${id}: ${caseOf(r.run, id).reason}`);
    for (const id of ['LightweightM2M-1.1-int-401', 'LightweightM2M-1.1-int-402', 'LwM2M-Robustness-1.1-srv-3'])
      assert.equal(caseOf(r.run, id).verdict, 'N/A', id);
    for (const id of ['LightweightM2M-1.1-int-101', 'LightweightM2M-1.1-int-203'])
      assert.ok(
        caseOf(r.run, id).trace.some((e) => e.layer === 'dtls' && /handshake complete: TLS_ECDHE_ECDSA_.*identity sha256:/.test(e.summary)),
        `${id} ran over an RPK handshake`,
      );
  });

  for (const [profile, id] of [
    ['reference-server-tcp.yaml', 106],
    ['reference-server-tls-psk.yaml', 406],
    ['reference-server-tls-x509.yaml', 404],
  ] as const) {
    test(`over CoAP over TCP/TLS (${profile}): int-${id}, int-101, int-301 and srv-5 PASS with a CSM both ways, srv-3 with TLS PSK; the UDP-only cases are N/A`, async () => {
      const robustness = ['@LwM2M-Robustness-1.1-srv-5', '@LwM2M-Robustness-1.1-srv-3'];
      const tags = [...[id, 106, 101, 301, 401, 302].map((n) => `@LightweightM2M-1.1-int-${n}`), ...robustness].join(' or ');
      const r = await runHarness(['--dut', profileWith(profile, []), '--tags', tags]);
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      for (const n of [id, 106, 101, 301]) assert.equal(caseOf(r.run, `LightweightM2M-1.1-int-${n}`).verdict, 'PASS', r.stdout);
      assert.equal(caseOf(r.run, 'LwM2M-Robustness-1.1-srv-5').verdict, 'PASS', r.stdout);
      // The wrong-PSK refusals are judged over TLS too; without PSK credentials the case is N/A.
      assert.equal(caseOf(r.run, 'LwM2M-Robustness-1.1-srv-3').verdict, id === 406 ? 'PASS' : 'N/A', r.stdout);
      for (const n of [401, 302]) assert.equal(caseOf(r.run, `LightweightM2M-1.1-int-${n}`).verdict, 'N/A', r.stdout);
      const trace = caseOf(r.run, `LightweightM2M-1.1-int-${id}`).trace.filter((e) => e.layer === 'coap');
      for (const direction of ['out', 'in'])
        assert.ok(
          trace.some((e) => e.direction === direction && /^CSM/.test(e.summary)),
          direction,
        );
      assert.ok(
        trace.some((e) => e.direction === 'out' && /POST \/rd\?.*b=T/.test(e.summary)),
        'the Register announces binding T',
      );
    });
  }

  test('srv-3 judges the refusals only after its positive control: a server provisioned with another key gives INCONC', async () => {
    const dut = profileWith('reference-server-psk.yaml', [], (y) =>
      y.replace('--psk-key {psk_key}', '--psk-key 00112233445566778899aabbccddeeff'),
    );
    const r = await runHarness(['--dut', dut, '--tags', '@LwM2M-Robustness-1.1-srv-3']);
    const c = caseOf(r.run, 'LwM2M-Robustness-1.1-srv-3');
    assert.equal(c.verdict, 'INCONC', c.reason);
    assert.match(c.reason!, /positive control.*handshake failed/);
  });

  test('a profile without a read action makes the cases that need it N/A, with the reason', async () => {
    const dut = profileWith('reference-server.yaml', [], (y) => y.replace(/\n {2}read:\n(?: {4}.*\n)+/, '\n'));
    const r = await runHarness(['--dut', dut, '--tags', '@LightweightM2M-1.1-int-201 or @LightweightM2M-1.1-int-103']);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const c = caseOf(r.run, 'LightweightM2M-1.1-int-201');
    assert.equal(c.verdict, 'N/A');
    assert.match(c.reason!, /Needs a way to make the server act: .*read \(actions\.read\)/);
    assert.equal(caseOf(r.run, 'LightweightM2M-1.1-int-103').verdict, 'PASS');
  });

  test('actions that name no value in their answers make the criteria that check what the server reports INCONC, not FAIL', async () => {
    const dut = profileWith('reference-server.yaml', [], (y) => y.replace(/\n {6}valuePointer: \/(value|code)\n/g, '\n'));
    const r = await runHarness(['--dut', dut, '--tags', '@LightweightM2M-1.1-int-201 or @LightweightM2M-1.1-int-256']);
    const read = caseOf(r.run, 'LightweightM2M-1.1-int-201');
    assert.equal(read.verdict, 'INCONC', read.reason);
    assert.match(read.reason!, /actions\.read names no value/);
    const write = caseOf(r.run, 'LightweightM2M-1.1-int-256');
    assert.equal(write.verdict, 'INCONC', write.reason);
    assert.match(write.reason!, /says how the request went.*succeeded and holds no value/);
  });

  test('a capture printed only once the Test Client registers (a client number, say) is awaited by the action that uses it', async () => {
    const dut = profileWith('reference-server.yaml', [], (y) =>
      y
        .replace(/\ncaptures:\n/, "\ncaptures:\n  location: 'registered: \\S+ at (/rd/\\S+)'\n")
        .replace('/api/clients/{endpoint}/read"', '/api/clients/{endpoint}/read?registration={location}"'),
    );
    const r = await runHarness(['--dut', dut, '--tags', '@LightweightM2M-1.1-int-201']);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const c = caseOf(r.run, 'LightweightM2M-1.1-int-201');
    assert.equal(c.verdict, 'PASS');
    assert.ok(c.trace.some((e) => /action read: POST http:\/\/127\.0\.0\.1:\d+\/api\/clients\/.*registration=%2Frd%2F/.test(e.summary)));
  });
});

describe('the Bootstrap-Server suite against the reference bootstrap server', () => {
  test('run --role bootstrap-server: int-0, int-4 and int-8 PASS from the Bootstrap-Server side', async () => {
    const r = await runHarness(['--role', 'bootstrap-server']);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    for (const n of [0, 4, 8]) {
      const c = caseOf(r.run, `LightweightM2M-1.1-int-${n}`);
      assert.equal(c.verdict, 'PASS', `int-${n}: ${c.reason}`);
      assert.ok((c.featureFile ?? '').startsWith('features/server-bootstrap/'), c.featureFile);
    }
    const finish = caseOf(r.run, 'LightweightM2M-1.1-int-0').trace.find(
      (e) => e.layer === 'coap' && e.direction === 'in' && /POST \/bs\b/.test(e.summary),
    );
    assert.ok(finish?.hex, 'the Bootstrap-Finish is in the evidence, byte-exact');
  });

  test('a profile without an endpoint for a script makes its case N/A, with the reason', async () => {
    const dut = profileWith('reference-bootstrap-server.yaml', [], (y) => y.replace(/\n {2}read: .*\n/, '\n'));
    const r = await runHarness(['--dut', dut]);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const c = caseOf(r.run, 'LightweightM2M-1.1-int-8');
    assert.equal(c.verdict, 'N/A');
    assert.match(c.reason!, /bootstrapScripts\.read/);
    assert.equal(caseOf(r.run, 'LightweightM2M-1.1-int-0').verdict, 'PASS');
  });
});

describe('each reference-server fault FAILs the server cases it names, with the named criterion', { concurrency: 3 }, () => {
  for (const [fault, def] of Object.entries({ ...SERVER_FAULT_REGISTRY, ...BOOTSTRAP_SERVER_FAULT_REGISTRY })) {
    const cases = def.breaks.map((e) => `${e.case} (${e.criterion})`).join(', ');
    test(`--fault ${fault} → FAIL ${cases}`, async () => {
      // One run per profile the effects name (the security cases need a DTLS profile).
      for (const profile of new Set(def.breaks.map((e) => e.profile ?? 'reference-server.yaml'))) {
        const effects = def.breaks.filter((e) => (e.profile ?? 'reference-server.yaml') === profile);
        const tags = [...new Set(effects.map((e) => `@${e.case}`))].join(' or ');
        const r = await runHarness(['--dut', faultyProfile([fault], profile), '--workers', '1', '--tags', tags]); // see faults.test.ts
        assert.equal(r.exitCode, 1, r.stdout + r.stderr);
        for (const e of effects) {
          const c = caseOf(r.run, e.case);
          assert.equal(c.verdict, 'FAIL', `${e.case}: ${c.verdict}: ${c.reason}`);
          assert.equal(c.diagnosis!.criterion, e.criterion, `${e.case}: ${c.reason}`);
          assert.match(`${c.diagnosis!.expected}; ${c.diagnosis!.actual}`, e.diagnosis, e.case);
        }
      }
    });
  }
});
