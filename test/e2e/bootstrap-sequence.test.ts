/**
 * int-6 Bootstrap Sequence end to end: the reference client, started from a factory configuration
 * with both a server account and a Bootstrap-Server account (launch.factory), PASSes over DTLS PSK
 * too, and the fallback really went through a DTLS handshake with the Test Bootstrap Server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { caseOf, runHarness, ROOT } from './harness';

const ID = 'LightweightM2M-1.1-int-6';

test('int-6 PASSes over DTLS PSK: Register with the factory account first, bootstrap only after it fails', async () => {
  const r = await runHarness(['--dut', path.join(ROOT, 'fixtures/duts/reference-client-bootstrap-psk.yaml'), '--tags', `@${ID}`]);
  const c = caseOf(r.run, ID);
  assert.equal(c.verdict, 'PASS', c.reason);
  const handshakes = c.trace.filter((e) => e.layer === 'dtls' && /handshake complete: TLS_PSK/.test(e.summary));
  // Test Server (factory account), Test Bootstrap Server (fallback), Test Server again (bootstrapped account).
  assert.ok(handshakes.length >= 3, `${handshakes.length} PSK handshakes`);
  const registers = c.trace.filter((e) => e.layer === 'harness' && /Test Server registered/.test(e.summary));
  const bootstrap = c.trace.findIndex((e) => e.layer === 'harness' && /Test Bootstrap Server: bootstrap-request/.test(e.summary));
  assert.equal(registers.length, 2);
  assert.ok(
    c.trace.indexOf(registers[0]) < bootstrap && bootstrap < c.trace.indexOf(registers[1]),
    'Register, then bootstrap, then Register',
  );
});
