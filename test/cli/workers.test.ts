import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { parseDutProfile } from '../../src/conformance/dut-profile';
import { parseWorkers, workerCount } from '../../src/cli/workers';

const profile = (extra: string, command = '"{harness} reference-client --server {uri} --endpoint {endpoint}"') =>
  parseDutProfile(`name: x\nrole: client\nlwm2mVersion: "1.1"\nendpoint: ep\nlaunch:\n  command: ${command}\n${extra}`, 'p.yaml');

test('the built-in reference peers default to two cases per core (never more workers than cases)', () => {
  assert.equal(workerCount(profile(''), undefined, 100), 2 * os.availableParallelism());
  assert.equal(workerCount(profile(''), 8, 3), 3);
  assert.equal(workerCount(profile(''), 4, 10), 4);
});

test('another DUT runs one case at a time unless the profile or --workers says more', () => {
  assert.equal(workerCount(profile('', '"my-client {uri}"'), undefined, 10), 1);
  assert.equal(workerCount(profile('parallel: true\n', '"my-client {uri}"'), undefined, 100), os.availableParallelism());
  assert.equal(workerCount(profile('', '"my-client {uri}"'), 3, 10), 3);
});

test('a DUT that cannot run several times refuses --workers > 1 with the reason', () => {
  assert.throws(() => workerCount(profile('parallel: false\n'), 2, 10), /parallel: false/);
  assert.throws(() => workerCount(profile('server: { port: 5683 }\n'), 2, 10), /fixed port \(server.port: 5683\)/);
  const manual = parseDutProfile('name: x\nrole: client\nlwm2mVersion: "1.1"\nendpoint: ep\nlaunch: manual\n', 'p.yaml');
  assert.throws(() => workerCount(manual, 4, 10), /started by hand/);
  assert.equal(workerCount(manual, undefined, 10), 1);
  assert.equal(workerCount(profile('parallel: false\n'), 1, 10), 1);
});

test('--workers and parallel are checked', () => {
  assert.equal(parseWorkers('3'), 3);
  for (const bad of ['0', '-1', '1.5', 'many', '65']) assert.throws(() => parseWorkers(bad), /--workers/);
  assert.throws(() => profile('parallel: yes please\n'), /parallel: expected true or false/);
});
