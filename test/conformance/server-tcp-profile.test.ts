/** A server DUT reached over CoAP over TCP/TLS: the serverUri scheme decides the transport cases, and TLS takes PSK or X.509. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CatalogueCase } from '../../src/conformance/catalogue';
import { ProfileError, loadDutProfile, parseDutProfile } from '../../src/conformance/dut-profile';
import { applicability } from '../../src/conformance/ics';
import { dutViewOf } from '../../src/conformance/ets-catalogue';
import { PACKAGE_ROOT } from '../../src/util/package-root';

const server = (uri: string, security = '') =>
  `name: S\nrole: server\nlwm2mVersion: "1.1"\nendpoint: ep\nlaunch: manual\nserverUri: "${uri}"\n${security}\n`;
const PSK = 'security: { mode: psk, identity: dev, key: { hex: "0011" } }';

function problems(source: string): { field: string; message: string }[] {
  try {
    parseDutProfile(source, 'duts/s.yaml');
  } catch (e) {
    if (e instanceof ProfileError) return e.problems;
    throw e;
  }
  return [];
}

function serverCase(requires: string[], tags: string[] = []): CatalogueCase {
  return {
    ids: [{ edition: '1.1', id: 'LightweightM2M-1.1-int-106' }],
    number: 'int-106',
    title: 'TCP Binding',
    introducedIn: '1.1',
    interface: 'registration',
    role: 'server',
    requires,
    manual: false,
    file: 'x.feature',
    tags: [...tags, ...requires.map((r) => `@requires-${r}`)],
  };
}

test('coap+tcp:// with NoSec and coaps+tcp:// with PSK are valid; the scheme must still follow security.mode', () => {
  assert.deepEqual(problems(server('coap+tcp://127.0.0.1:5683')), []);
  assert.deepEqual(problems(server('coaps+tcp://127.0.0.1:5684', PSK)), []);
  assert.match(problems(server('coap+tcp://127.0.0.1:5683', PSK))[0].message, /coaps\+tcp:\/\/ URI with security\.mode psk/);
  assert.match(problems(server('coaps+tcp://127.0.0.1:5684'))[0].message, /coap\+tcp:\/\/ URI with security\.mode nosec/);
});

test('a Bootstrap-Server DUT over TCP is refused, naming serverUri', () => {
  const p = problems(server('coap+tcp://127.0.0.1:5683').replace('role: server', 'role: bootstrap-server'));
  assert.ok(
    p.some((x) => x.field === 'serverUri' && /bootstrap over TCP is not offered/.test(x.message)),
    JSON.stringify(p),
  );
});

test('raw public keys over TLS are refused, naming security.mode', () => {
  const sec = 'security: { mode: rpk, privateKey: a, publicKey: b, clientPublicKey: c, clientPrivateKey: d }';
  const p = problems(server('coaps+tcp://127.0.0.1:5684', sec));
  assert.deepEqual(
    p.map((x) => x.field),
    ['security.mode'],
  );
  assert.match(p[0].message, /psk or x509 with a coaps\+tcp:\/\/ serverUri, found rpk/);
});

test('the serverUri scheme decides: TCP cases are N/A over UDP, UDP-only cases N/A over TCP, and neither needs an ICS entry', () => {
  const udp = parseDutProfile(server('coap://127.0.0.1:5683'), 's.yaml');
  const tcp = parseDutProfile(
    server('coap+tcp://127.0.0.1:{coap_port}').replace('serverUri', 'captures: { coap_port: "(\\\\d+)" }\nserverUri'),
    's.yaml',
  );
  const tcpCase = serverCase(['transport-tcp']);
  const udpCase = serverCase(['transport-udp']);
  assert.equal(applicability(tcpCase, tcp).applicable, true);
  assert.equal(applicability(udpCase, udp).applicable, true);
  assert.match(applicability(tcpCase, udp).reason!, /Runs over CoAP over TCP or TLS \(RFC 8323\); the profile's serverUri is coap:\/\//);
  assert.match(applicability(udpCase, tcp).reason!, /Runs over CoAP over UDP or DTLS; the profile's serverUri is coap\+tcp:\/\//);
  assert.equal(applicability(serverCase([]), tcp).applicable, true);
  assert.equal(dutViewOf(tcp).declares('transport-tcp'), true);
  assert.equal(dutViewOf(tcp).declares('transport-udp'), false);
  assert.equal(dutViewOf(udp).declares('transport-udp'), true);
});

test('the bundled TCP and TLS reference-server profiles load', () => {
  for (const [f, scheme] of [
    ['reference-server-tcp.yaml', 'coap+tcp'],
    ['reference-server-tls-psk.yaml', 'coaps+tcp'],
    ['reference-server-tls-x509.yaml', 'coaps+tcp'],
  ]) {
    const p = loadDutProfile(path.join(PACKAGE_ROOT, 'fixtures', 'duts', f));
    assert.ok(p.serverDut!.serverUri.startsWith(`${scheme}://`), f);
  }
});
