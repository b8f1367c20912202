/**
 * Our Test Server over CoAP over TCP/TLS (RFC 8323) answering libcoap's coap-client, an
 * implementation nobody here wrote (Debian package libcoap3-bin). Skipped, with the reason
 * printed, when the binary is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { CoapEndpoint } from '../../src/coap/endpoint';
import { SignalCode } from '../../src/coap/signalling';
import { TestServer } from '../../src/peers/test-server';
import { createTcpServer } from '../../src/transport/tcp';
import { Trace } from '../../src/trace/trace';

function binary(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

const NOTLS = binary('coap-client-notls') ?? binary('coap-client');
const OPENSSL = binary('coap-client-openssl');
const skipWhy = (bin: string | undefined, name: string) => {
  if (bin) return false;
  const why = `${name} is not installed (Debian: apt-get install libcoap3-bin)`;
  console.log(`# skipped: ${why}`);
  return why;
};

function run(bin: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function registerWith(server: TestServer, bin: string, scheme: string, extra: string[] = []) {
  const { host, port } = server.endpoint.local;
  const uri = `${scheme}://${host}:${port}/rd?ep=libcoap-tcp&lt=60&lwm2m=1.1&b=T`;
  const result = await run(bin, ['-m', 'post', '-t', '40', '-e', '</1/0>,</3/0>', '-B', '5', ...extra, uri]);
  const reg = server.registrationOf('libcoap-tcp');
  assert.ok(reg, `no registration; coap-client (exit ${result.code}) said: ${result.out}`);
  assert.deepEqual(
    reg.objects.objects.map((o) => o.objectId),
    [1, 3],
  );
  const inbox = server.endpoint.inbox.all();
  assert.equal(inbox[0].message?.code, SignalCode.CSM, 'libcoap opens the connection with a CSM');
  assert.ok(server.endpoint.peerCsm.size > 0);
  assert.ok(
    inbox.every((e) => e.problems.length === 0 && !e.error),
    JSON.stringify(inbox.map((e) => e.problems)),
  );
}

test('libcoap coap-client registers at the Test Server over coap+tcp://', { skip: skipWhy(NOTLS, 'coap-client-notls') }, async () => {
  const trace = new Trace();
  const server = new TestServer(new CoapEndpoint({ transport: await createTcpServer({ trace }), trace }), {
    lifetimeGraceMs: 1000,
    responseTimeoutMs: 2000,
  });
  try {
    await registerWith(server, NOTLS!, 'coap+tcp');
  } finally {
    await server.close();
  }
});

test(
  'libcoap coap-client registers over coaps+tcp:// with a PSK (TLS 1.2)',
  { skip: skipWhy(OPENSSL, 'coap-client-openssl') },
  async () => {
    const key = Buffer.from('secretPSK');
    const trace = new Trace();
    const transport = await createTcpServer({ trace, tls: { psk: (id) => (id === 'libcoap' ? key : undefined) } });
    const server = new TestServer(new CoapEndpoint({ transport, trace }), { lifetimeGraceMs: 1000, responseTimeoutMs: 2000 });
    try {
      await registerWith(server, OPENSSL!, 'coaps+tcp', ['-u', 'libcoap', '-k', 'secretPSK']);
    } finally {
      await server.close();
    }
  },
);
