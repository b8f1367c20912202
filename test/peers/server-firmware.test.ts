/**
 * Firmware update between the reference server and the Test Client's Firmware Update object, over
 * real UDP and HTTP: push (Block1) and pull (the harness's download server), the States the Test
 * Client goes through, what it records, and how it refuses what a device refuses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReferenceServer } from '../../src/peers/reference-server/server';
import { ReferenceServerApi } from '../../src/peers/reference-server/http-api';
import { CompositeOperations } from '../../src/peers/reference-server/composite';
import type { ServerFaultName } from '../../src/peers/reference-server/faults';
import { TestClient } from '../../src/peers/test-client/test-client';
import { DownloadServer } from '../../src/peers/download-server';
import { packageOfSize, NEW_FIRMWARE_VERSION } from '../../src/conformance/server-dut/firmware';

const fast = { ackTimeoutMs: 200, ackRandomFactor: 1, maxRetransmit: 2 };

async function setup(faults: ServerFaultName[] = []) {
  const server = new ReferenceServer({ faults, ackTimeoutMs: 200, responseTimeoutMs: 2000 });
  await server.start();
  const api = new ReferenceServerApi(server);
  const base = await api.listen();
  const client = new TestClient({ server: server.endpoint.local, registration: { endpoint: 'urn:tc:fw', lifetime: 60 }, timers: fast });
  await client.start();
  const firmware = client.holdFirmwareUpdate();
  assert.equal((await client.register()).message.code, '2.01');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-test-'));
  const update = async (body: Record<string, string>) => {
    const res = await fetch(`${base}/api/clients/urn%3Atc%3Afw/firmware-update`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const file = (bytes: Buffer) => {
    const f = path.join(dir, `p${bytes.length}.bin`);
    fs.writeFileSync(f, bytes);
    return f;
  };
  const close = async () => {
    await client.close();
    await api.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { server, client, firmware, update, file, close };
}

test('push: the package arrives whole in Block1 blocks; Idle → Downloading → Downloaded → Updating → Idle with Update Result 1', async () => {
  const s = await setup();
  try {
    const pkg = packageOfSize(20 * 1024);
    const res = await s.update({ package: s.file(pkg) });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { code: '2.04', stage: 'update', state: 0, updateResult: 1, firmwareVersion: NEW_FIRMWARE_VERSION });
    const events = s.firmware.events.all();
    const delivery = events.find((e) => e.kind === 'package');
    assert.ok(delivery?.kind === 'package' && delivery.bytes.equals(pkg) && delivery.contentFormat === 42 && delivery.blocks === 20);
    const states = events.filter((e) => e.kind === 'state').map((e) => (e.kind === 'state' ? `${e.state}/${e.result}` : ''));
    assert.deepEqual(states, ['1/0', '2/0', '3/0', '0/1']);
    const execute = events.find((e) => e.kind === 'execute');
    assert.ok(execute?.kind === 'execute' && execute.state === 2 && execute.answer === '2.04');
    assert.equal(s.client.store.get(3, 0, 3), NEW_FIRMWARE_VERSION);
    assert.ok(s.client.objectLinks().includes('</5/0>'), 'the object list shows /5/0');
  } finally {
    await s.close();
  }
});

test('pull: the Test Client downloads the URI written to /5/0/1 over HTTP and over CoAP', async () => {
  const s = await setup();
  const downloads = new DownloadServer('127.0.0.1');
  try {
    const pkg = packageOfSize(5000);
    downloads.offer('/fw.bin', { bytes: pkg });
    for (const scheme of ['http', 'coap'] as const) {
      const uri = await downloads.uri(scheme, '/fw.bin');
      const mark = s.firmware.events.cursor();
      const res = await s.update({ uri });
      assert.equal(res.body.updateResult, 1, JSON.stringify(res.body));
      const events = s.firmware.events.since(mark);
      assert.ok(events.some((e) => e.kind === 'uri' && e.uri === uri && e.answer === '2.04'));
      assert.ok(events.some((e) => e.kind === 'download' && e.bytes === pkg.length));
    }
    assert.deepEqual(
      downloads.fetches.map((f) => [f.scheme, f.complete]),
      [
        ['http', true],
        ['coap', true],
      ],
    );
  } finally {
    await downloads.close();
    await s.close();
  }
});

test('an Execute before Downloaded is refused 4.05; a corrupted package ends in Idle with Update Result 5; a text package is 4.15', async () => {
  const early = await setup(['firmware-execute-before-downloaded']);
  try {
    const res = await early.update({ package: early.file(packageOfSize(3000)) });
    assert.deepEqual(res.body, { code: '4.05', stage: 'execute' });
    const execute = early.firmware.events.all().find((e) => e.kind === 'execute');
    assert.ok(execute?.kind === 'execute' && execute.state === 1);
  } finally {
    await early.close();
  }
  const cut = await setup(['firmware-package-truncated']);
  try {
    const res = await cut.update({ package: cut.file(packageOfSize(3000)) });
    assert.deepEqual(res.body, { code: '2.04', stage: 'download', state: 0, updateResult: 5 });
  } finally {
    await cut.close();
  }
  const text = await setup(['firmware-package-as-text']);
  try {
    assert.deepEqual((await text.update({ package: text.file(packageOfSize(3000)) })).body, { code: '4.15', stage: 'write' });
    assert.equal(text.firmware.state, 0, 'a refused package leaves the object Idle');
  } finally {
    await text.close();
  }
});

test('a server observing State is notified of each change', async () => {
  const s = await setup();
  try {
    const o = await s.server.observe('urn:tc:fw', '/5/0/3');
    assert.equal(o.code, '2.05');
    await s.update({ package: s.file(packageOfSize(3000)) });
    const seen = s.server.notificationsOf('urn:tc:fw', '/5/0/3').map((n) => n.values['/5/0/3']);
    assert.deepEqual(seen, [1, 2, 3, 0]);
    assert.ok(s.firmware.events.all().some((e) => e.kind === 'told' && /notification/.test(e.how) && e.state === 2));
  } finally {
    await s.close();
  }
});

test('a Read-Composite listing State counts as the Test Client telling it; one of other paths does not', async () => {
  const s = await setup();
  try {
    const composite = new CompositeOperations(s.server);
    assert.equal((await composite.read('urn:tc:fw', ['/3/0/0'])).code, '2.05');
    assert.equal(s.firmware.events.all().filter((e) => e.kind === 'told').length, 0);
    assert.equal((await composite.read('urn:tc:fw', ['/5/0/3', '/3/0/0'])).code, '2.05');
    const told = s.firmware.events.all().filter((e) => e.kind === 'told');
    assert.ok(told.length === 1 && told[0].kind === 'told' && told[0].state === 0 && told[0].result === undefined, JSON.stringify(told));
  } finally {
    await s.close();
  }
});
