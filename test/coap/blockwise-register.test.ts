/** The Test Server accepts a Register sent block-wise (as clients on small MTUs do) by libcoap's client. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoapEndpoint } from '../../src/coap/endpoint';
import { createUdpTransport } from '../../src/transport/udp';
import { TestServer } from '../../src/peers/test-server';
import { Trace } from '../../src/trace/trace';

test('a Register whose object list arrives in 32-byte Block1 blocks from coap-client-notls is registered whole', async (t) => {
  const trace = new Trace();
  const server = new TestServer(
    new CoapEndpoint({ transport: await createUdpTransport(), trace }),
    { lifetimeGraceMs: 100, responseTimeoutMs: 2000 },
    trace,
  );
  t.after(() => server.close());
  const links = [
    '</>;rt="oma.lwm2m"',
    '</1/0>',
    '</3/0>',
    '</4/0>',
    '</5/0>',
    '</6/0>',
    '</7/0>',
    ...Array.from({ length: 20 }, (_, i) => `</${3300 + i}/0>`),
  ].join(',');
  const file = join(mkdtempSync(join(tmpdir(), 'register-')), 'links.txt');
  writeFileSync(file, links);
  const { port } = server.endpoint.local;
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      'coap-client-notls',
      ['-B', '10', '-m', 'post', '-b', '32', '-t', '40', '-f', file, `coap://127.0.0.1:${port}/rd?ep=blockwise-dut&lt=60&lwm2m=1.1&b=U`],
      { timeout: 15_000 },
      (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
    );
    t.after(() => void child.kill());
  });
  assert.equal(stdout.trim(), '');
  const reg = server.registrationOf('blockwise-dut');
  assert.ok(reg, 'registered');
  assert.equal(reg.links.length, 27);
  const event = server.events.all().find((e) => e.kind === 'register')!;
  assert.equal(event.responseCode, '2.01');
  assert.equal(event.request!.blocks, Math.ceil(links.length / 32));
  assert.deepEqual(event.request!.problems, []);
});
