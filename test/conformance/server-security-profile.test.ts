/** A secured server DUT's profile: the URI scheme follows security.mode, and X.509 and RPK need the Test Client's own credentials. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ProfileError, loadDutProfile, parseDutProfile } from '../../src/conformance/dut-profile';

const FILE = 'duts/my-server.yaml';
const base = (security: string, uri: string) => `name: My server
role: server
lwm2mVersion: "1.1"
launch:
  command: ./server
serverUri: "${uri}"
${security}
`;
const PSK = 'security: { mode: psk, identity: dev, key: { hex: "0011" } }';

function problems(source: string): { field: string; message: string }[] {
  try {
    parseDutProfile(source, FILE);
  } catch (e) {
    if (e instanceof ProfileError) return e.problems;
    throw e;
  }
  return [];
}

test('a PSK server profile with a coaps:// URI is valid; with coap:// the problem names serverUri', () => {
  assert.deepEqual(problems(base(PSK, 'coaps://127.0.0.1:5684')), []);
  const p = problems(base(PSK, 'coap://127.0.0.1:5683'));
  assert.equal(p[0]?.field, 'serverUri');
  assert.match(p[0].message, /coaps:\/\/ URI with security\.mode psk/);
});

test('a NoSec server profile with a coaps:// URI names serverUri', () => {
  assert.equal(problems(base('', 'coaps://127.0.0.1:5684'))[0]?.field, 'serverUri');
});

test('an X.509 server profile without the Test Client certificate and key names both fields', () => {
  const sec = 'security: { mode: x509, certificate: s.crt, privateKey: s.key, trustAnchor: ca.crt }';
  const fields = problems(base(sec, 'coaps://127.0.0.1:5684')).map((p) => p.field);
  assert.deepEqual(fields.sort(), ['security.clientCertificate', 'security.clientPrivateKey']);
});

test('an RPK server profile without the Test Client key pair names clientPrivateKey; with it, it is valid', () => {
  const sec = 'security: { mode: rpk, privateKey: a, publicKey: b, clientPublicKey: c }';
  assert.deepEqual(
    problems(base(sec, 'coaps://127.0.0.1:5684')).map((p) => p.field),
    ['security.clientPrivateKey'],
  );
  assert.deepEqual(problems(base(sec.replace(' }', ', clientPrivateKey: d }'), 'coaps://127.0.0.1:5684')), []);
});

test('the bundled DTLS reference-server profiles load', () => {
  for (const f of ['reference-server-psk.yaml', 'reference-server-x509.yaml', 'reference-server-rpk.yaml']) {
    const p = loadDutProfile(path.join(__dirname, '..', '..', 'fixtures', 'duts', f));
    assert.equal(p.role, 'server');
    assert.match(p.serverDut!.serverUri, /^coaps:/);
  }
});
