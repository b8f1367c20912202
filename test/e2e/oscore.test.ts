/**
 * OSCORE (RFC 8613) end to end through the CLI: int-405 PASS against the reference client and,
 * from the server side, against the reference server with their OSCORE profiles (and other cases
 * still PASS with every message protected), N/A with the default profiles; the trace shows the outer message and the decrypted inner one, and the
 * Master Secret the harness chose (on the DUT's command line) is in none of the reports.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { caseOf, runHarness, ROOT } from './harness';

const ID = (n: number) => `LightweightM2M-1.1-int-${n}`;

describe('OSCORE against the reference client', { concurrency: 2 }, () => {
  test('OSCORE profile: int-405, int-101 and int-203 PASS, protected on the wire, the secret never in the evidence', async () => {
    const profile = path.join(ROOT, 'fixtures/duts/reference-client-oscore.yaml');
    const r = await runHarness(['--dut', profile, '--tags', `@${ID(405)} or @${ID(101)} or @${ID(203)}`]);
    for (const n of [101, 203, 405]) assert.equal(caseOf(r.run, ID(n)).verdict, 'PASS', `${ID(n)}: ${caseOf(r.run, ID(n)).reason}`);
    const trace = caseOf(r.run, ID(405)).trace;
    const outer = trace.find((e) => e.layer === 'coap' && e.direction === 'in' && /^CON POST \/ .*OSCORE=PIV=/.test(e.summary));
    assert.ok(outer?.hex, 'the protected Register is in the evidence, byte-exact');
    assert.ok(
      trace.some((e) => e.direction === 'note' && /OSCORE inner message received \(decrypted\): CON POST \/rd\?ep=/.test(e.summary)),
    );
    assert.ok(
      trace.some((e) => e.direction === 'in' && /^ACK 2\.04 Changed .*OSCORE=\(empty\)/.test(e.summary)),
      'the Read answer, outer 2.04',
    );
    const launch = trace.find((e) => /--oscore-master-secret/.test(e.summary));
    const shown = /--oscore-master-secret (\S+)/.exec(launch?.summary ?? '')?.[1];
    assert.ok(shown && !/^[0-9a-f]{32}$/.test(shown), `the launch line masks the secret: ${launch?.summary}`);
    for (const f of ['results.json', 'report.html', 'junit.xml']) {
      const text = fs.readFileSync(path.join(r.reportDir, 'latest', f), 'utf8');
      assert.ok(!/--oscore-master-secret [0-9a-f]{32}/.test(text), `${f} shows the Master Secret`);
    }
  });

  test('the default profile does not declare oscore: int-405 is N/A', async () => {
    const r = await runHarness(['--tags', `@${ID(405)}`]);
    assert.equal(caseOf(r.run, ID(405)).verdict, 'N/A');
  });
});

describe('OSCORE against the reference server (server side)', { concurrency: 2 }, () => {
  test('OSCORE profile: int-405 (server side), int-101 and int-301 PASS, the Test Client and the server protected on the wire', async () => {
    const profile = path.join(ROOT, 'fixtures/duts/reference-server-oscore.yaml');
    const r = await runHarness(['--dut', profile, '--tags', `@${ID(405)} or @${ID(101)} or @${ID(301)}`]);
    for (const n of [101, 301, 405]) assert.equal(caseOf(r.run, ID(n)).verdict, 'PASS', `${ID(n)}: ${caseOf(r.run, ID(n)).reason}`);
    assert.ok(caseOf(r.run, ID(405)).featureFile?.startsWith('features/server/'));
    const wire = (n: number, direction: string, re: RegExp) =>
      caseOf(r.run, ID(n)).trace.some((e) => e.layer === 'coap' && e.direction === direction && re.test(e.summary));
    const note = (n: number, re: RegExp) => caseOf(r.run, ID(n)).trace.some((e) => e.direction === 'note' && re.test(e.summary));
    assert.ok(wire(405, 'out', /^CON POST \/ .*OSCORE=PIV=/), 'the protected Register');
    assert.ok(wire(405, 'in', /^ACK 2\.04 Changed .*OSCORE=/), "the server's answer, outer 2.04");
    assert.ok(note(405, /OSCORE inner message received \(decrypted\): ACK 2\.01 Created .*Location-Path=rd/));
    assert.ok(wire(405, 'in', /^CON POST \/ .*OSCORE=PIV=/) && note(405, /received \(decrypted\): CON GET \/3\/0 /), "the server's Read");
    assert.ok(wire(301, 'in', /^CON FETCH \/ .*Observe=0 OSCORE=/), 'the Observe, outer FETCH');
    assert.ok(wire(301, 'out', /^CON 2\.05 Content .*OSCORE=PIV=/), 'a notification with a Partial IV of its own');
    for (const f of ['results.json', 'report.html', 'junit.xml']) {
      const text = fs.readFileSync(path.join(r.reportDir, 'latest', f), 'utf8');
      assert.ok(!/--oscore-master-secret [0-9a-f]{32}/.test(text), `${f} shows the Master Secret`);
    }
  });

  test('the default server profile does not declare oscore: int-405 (server side) is N/A', async () => {
    const r = await runHarness(['--dut', path.join(ROOT, 'fixtures/duts/reference-server.yaml'), '--tags', `@${ID(405)}`]);
    assert.equal(caseOf(r.run, ID(405)).verdict, 'N/A');
    assert.ok(caseOf(r.run, ID(405)).featureFile?.startsWith('features/server/'));
  });
});
