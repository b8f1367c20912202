import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { buildPackage, checkPackage, PACKAGE_MAGIC } from '../../src/peers/firmware-package';
import { DownloadServer } from '../../src/peers/download-server';
import { CoapEndpoint } from '../../src/coap/endpoint';
import { Method } from '../../src/coap/message';
import { createUdpTransport } from '../../src/transport/udp';

const header = { version: '2.0', ramBytes: 1024, install: 'ok' as const };

test('a reference package checks out; a changed byte, another type and a cut package do not', () => {
  const pkg = buildPackage(header, 4096);
  assert.deepEqual(checkPackage(pkg), { ok: true, header });
  const corrupted = Buffer.from(pkg);
  corrupted[2000] ^= 1;
  assert.deepEqual(checkPackage(corrupted), { ok: false, result: 5, why: 'SHA-256 mismatch' });
  const other = Buffer.from(PACKAGE_MAGIC);
  other[7] = 0x39;
  assert.equal((checkPackage(buildPackage(header, 16, other)) as { result: number }).result, 6);
  assert.equal((checkPackage(pkg.subarray(0, 100)) as { result: number }).result, 5);
});

function httpGet(uri: string): Promise<{ status: number; body: Buffer; complete: boolean }> {
  return new Promise((resolve) => {
    http.get(uri, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      const done = () => resolve({ status: res.statusCode!, body: Buffer.concat(parts), complete: res.complete });
      res.on('end', done);
      res.on('aborted', done);
      res.on('error', done);
    });
  });
}

test('the download server serves a package over HTTP and CoAP (block-wise), records fetches, 404s unknown paths', async (t) => {
  const server = new DownloadServer('127.0.0.1');
  t.after(() => server.close());
  const pkg = buildPackage(header, 10_000);
  server.offer('/fw/a.bin', { bytes: pkg });
  const got = await httpGet(await server.uri('http', '/fw/a.bin'));
  assert.equal(got.status, 200);
  assert.ok(got.body.equals(pkg));
  assert.equal((await httpGet(await server.uri('http', '/fw/none.bin'))).status, 404);

  const client = new CoapEndpoint({ transport: await createUdpTransport({ host: '127.0.0.1', port: 0 }) });
  t.after(() => client.close());
  const coapUri = new URL(await server.uri('coap', '/fw/a.bin'));
  const res = await client.request({ host: '127.0.0.1', port: Number(coapUri.port) }, { method: Method.GET, path: '/fw/a.bin' });
  assert.equal(res.message.code, '2.05');
  assert.ok(res.message.payload.equals(pkg));
  assert.ok((res.blocks ?? 0) >= 10);
  assert.deepEqual(
    server.fetches.map((f) => [f.scheme, f.complete]),
    [
      ['http', true],
      ['coap', true],
    ],
  );
});

test('a cut-off package: HTTP ends after half the bytes, CoAP stops answering halfway', async (t) => {
  const server = new DownloadServer('127.0.0.1');
  t.after(() => server.close());
  const pkg = buildPackage(header, 8192);
  server.offer('/fw/cut.bin', { bytes: pkg, cutOff: true });
  const got = await httpGet(await server.uri('http', '/fw/cut.bin'));
  assert.equal(got.complete, false);
  assert.ok(got.body.length < pkg.length);

  const client = new CoapEndpoint({ transport: await createUdpTransport({ host: '127.0.0.1', port: 0 }), timers: { ackTimeoutMs: 50 } });
  t.after(() => client.close());
  const port = Number(new URL(await server.uri('coap', '/fw/cut.bin')).port);
  await assert.rejects(client.request({ host: '127.0.0.1', port }, { method: Method.GET, path: '/fw/cut.bin', timeoutMs: 300 }));
});
