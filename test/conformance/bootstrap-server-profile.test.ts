/** A Bootstrap-Server DUT's profile: role bootstrap-server, and the endpoint name it is configured for, per bootstrap script. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ProfileError, loadDutProfile, parseDutProfile } from '../../src/conformance/dut-profile';
import { applicability } from '../../src/conformance/ics';
import { loadCatalogue } from '../../src/conformance/catalogue';

const FILE = 'duts/my-bs.yaml';
const profile = (role: string, scripts: string) => `name: My bootstrap server
role: ${role}
lwm2mVersion: "1.1"
launch:
  command: ./bs
serverUri: "coap://127.0.0.1:5783"
${scripts}
`;

function problems(source: string): { field: string; message: string }[] {
  try {
    parseDutProfile(source, FILE);
  } catch (e) {
    if (e instanceof ProfileError) return e.problems;
    throw e;
  }
  return [];
}

test('bootstrapScripts maps script names to endpoint names', () => {
  const p = parseDutProfile(profile('bootstrap-server', 'bootstrapScripts: { provision: urn:dev:a, delete: urn:dev:b }'), FILE);
  assert.equal(p.role, 'bootstrap-server');
  assert.deepEqual(p.serverDut?.bootstrapScripts, { provision: 'urn:dev:a', delete: 'urn:dev:b' });
});

test('an unknown script, an empty endpoint name, and scripts on an LwM2M server profile name the field', () => {
  assert.match(
    JSON.stringify(problems(profile('bootstrap-server', 'bootstrapScripts: { provison: urn:dev:a }'))),
    /bootstrapScripts.*provision, read, delete/,
  );
  assert.match(JSON.stringify(problems(profile('bootstrap-server', 'bootstrapScripts: { read: "" }'))), /bootstrapScripts\.read/);
  const onServer = problems(profile('server', 'bootstrapScripts: { read: urn:dev:a }'));
  assert.deepEqual(
    onServer.map((x) => x.field),
    ['bootstrapScripts'],
  );
  assert.match(onServer[0].message, /role: bootstrap-server/);
});

test('the Bootstrap-Server cases apply to a bootstrap-server profile only, and need their script', () => {
  const root = path.resolve(__dirname, '..', '..');
  const cases = loadCatalogue(path.join(root, 'features')).filter((c) => c.role === 'bootstrap-server');
  assert.deepEqual(cases.map((c) => c.number).sort(), ['int-0', 'int-4', 'int-8']);
  const reference = loadDutProfile(path.join(root, 'fixtures', 'duts', 'reference-bootstrap-server.yaml'));
  for (const c of cases) assert.equal(applicability(c, reference).applicable, true, c.number);
  const partial = parseDutProfile(profile('bootstrap-server', 'bootstrapScripts: { provision: urn:dev:a }'), FILE);
  const int8 = cases.find((c) => c.number === 'int-8')!;
  assert.match(applicability(int8, partial).reason ?? '', /"read" script for \(bootstrapScripts\.read\)/);
  const server = loadDutProfile(path.join(root, 'fixtures', 'duts', 'reference-server.yaml'));
  assert.match(applicability(int8, server).reason ?? '', /judges an LwM2M bootstrap-server; the DUT is an LwM2M server/);
});
