/** The credential placeholders: PEM paths as the profile names them, and the DER forms the harness writes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { loadDutProfile, ProfileError } from '../../src/conformance/dut-profile';
import { derOfCredential, securityMaterial, securityPlaceholders } from '../../src/conformance/security';
import { caseOf, profileWith, runHarness, ROOT } from '../e2e/harness';

const DUTS = path.join(ROOT, 'fixtures', 'duts');
const KEYS = path.join(ROOT, 'fixtures', 'keys');

test('x509: every credential placeholder has a DER form holding the same certificate or key', () => {
  const vars = securityPlaceholders(securityMaterial(loadDutProfile(path.join(DUTS, 'reference-client-x509.yaml'))));
  for (const name of ['client_certificate', 'client_private_key', 'trust_anchor'])
    assert.ok(fs.existsSync(vars[`${name}_der`]), `{${name}_der} = ${vars[`${name}_der`]}`);
  assert.deepEqual(fs.readFileSync(vars.client_certificate_der), new X509Certificate(fs.readFileSync(vars.client_certificate)).raw);
  assert.deepEqual(fs.readFileSync(vars.trust_anchor_der), new X509Certificate(fs.readFileSync(path.join(KEYS, 'ca.crt'))).raw);
  const key = createPrivateKey({ key: fs.readFileSync(vars.client_private_key_der), format: 'der', type: 'pkcs8' });
  assert.ok(key.equals(createPrivateKey(fs.readFileSync(vars.client_private_key))), 'the DER key is the PEM key');
});

test('rpk: a file that is DER already is handed over as it is; a SEC1 PEM key becomes SEC1 DER', () => {
  const vars = securityPlaceholders(securityMaterial(loadDutProfile(path.join(DUTS, 'reference-client-rpk.yaml'))));
  assert.deepEqual(fs.readFileSync(vars.server_public_key_der), fs.readFileSync(path.join(KEYS, 'rpk-server.spki.der')));
  createPublicKey({ key: fs.readFileSync(vars.server_public_key_der), format: 'der', type: 'spki' });
  const sec1 = derOfCredential(fs.readFileSync(path.join(KEYS, 'rpk-client.sec1.pem')));
  const key = createPrivateKey({ key: sec1, format: 'der', type: 'sec1' });
  assert.ok(key.equals(createPrivateKey(fs.readFileSync(path.join(KEYS, 'rpk-client.key')))));
});

test('a credential file that is neither PEM nor DER is a profile error naming the field', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lwm2m-der-'));
  fs.writeFileSync(path.join(dir, 'cert.txt'), 'not a certificate\n');
  const file = path.join(dir, 'p.yaml');
  const x509 = fs.readFileSync(path.join(DUTS, 'reference-client-x509.yaml'), 'utf8').replace(/\.\.\/keys\//g, KEYS + '/');
  fs.writeFileSync(file, x509.replace(/clientCertificate: .*/, 'clientCertificate: cert.txt'));
  assert.throws(
    () => securityMaterial(loadDutProfile(file)),
    (e: unknown) =>
      e instanceof ProfileError && /security\.clientCertificate: .*cert\.txt: expected a PEM file .* or a DER file/.test(e.message),
  );
});

test('a DUT launched with the DER placeholders completes its X.509 handshake and PASSes int-402', async () => {
  const profile = profileWith('reference-client-x509.yaml', [], (y) =>
    y
      .replace('{client_certificate}', '{client_certificate_der}')
      .replace('{client_private_key}', '{client_private_key_der}')
      .replace('{trust_anchor}', '{trust_anchor_der}'),
  );
  assert.match(fs.readFileSync(profile, 'utf8'), /\{client_private_key_der\}/);
  const r = await runHarness(['--dut', profile, '--tags', '@LightweightM2M-1.1-int-402']);
  const c = caseOf(r.run, 'LightweightM2M-1.1-int-402');
  assert.equal(c.verdict, 'PASS', c.reason);
  assert.ok(
    c.trace.some((e) => e.layer === 'dut' && /\.der\b/.test(e.summary)),
    'the launch command received .der paths',
  );
});
