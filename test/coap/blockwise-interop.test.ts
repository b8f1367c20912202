/**
 * Block-wise transfers against implementations nobody here wrote: node-coap (both roles) and
 * libcoap's command-line tools (Debian libcoap3-bin: coap-client-notls, coap-server-notls).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as coap from 'coap';
import { CoapEndpoint, type BlockwiseOptions, type IncomingRequest } from '../../src/coap/endpoint';
import { Method, OptionNumber, optionValues } from '../../src/coap/message';
import { createUdpTransport } from '../../src/transport/udp';

async function endpoint(t: TestContext, blockwise?: Partial<BlockwiseOptions>) {
  const ep = new CoapEndpoint({ transport: await createUdpTransport(), blockwise, timers: { ackTimeoutMs: 200 }, defaultTimeoutMs: 3000 });
  t.after(() => ep.close());
  return ep;
}

/** Printable so that command-line tools can hand it over on stdout unchanged. */
const text = (n: number) => Buffer.from(randomBytes(n).toString('base64').slice(0, n));

async function nodeCoapServer(t: TestContext, onRequest: (req: coap.IncomingMessage, res: coap.OutgoingMessage) => void) {
  const server = coap.createServer();
  server.on('request', onRequest);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { host: '127.0.0.1', port: (server as unknown as { _sock: { address(): { port: number } } })._sock.address().port };
}

function nodeCoapRequest(t: TestContext, opts: coap.CoapRequestParams, body?: Buffer, block1Szx?: number): Promise<coap.IncomingMessage> {
  const agent = new coap.Agent({ type: 'udp4' });
  t.after(() => agent.close());
  return new Promise((resolve, reject) => {
    const req = coap.request({ ...opts, agent });
    if (block1Szx !== undefined) req.setOption('Block1', Buffer.of(block1Szx));
    req.on('response', resolve);
    req.on('error', reject);
    req.end(body);
  });
}

test('node-coap server: our request() puts together its 3000-byte Block2 response', async (t) => {
  const body = randomBytes(3000);
  const peer = await nodeCoapServer(t, (_req, res) => res.end(body));
  const ours = await endpoint(t);
  const res = await ours.request(peer, { method: Method.GET, path: '/fw' });
  assert.deepEqual(res.message.payload, body);
  assert.equal(res.blocks, 3);
  const small = await ours.request(peer, { method: Method.GET, path: '/fw', block2Size: 256 });
  assert.deepEqual(small.message.payload, body);
  assert.equal(small.blocks, 12);
});

test('node-coap server: it puts together our 3000-byte Block1 POST', async (t) => {
  const body = randomBytes(3000);
  let got: Buffer | undefined;
  const peer = await nodeCoapServer(t, (req, res) => {
    got = req.payload;
    res.code = '2.04';
    res.end('stored');
  });
  const ours = await endpoint(t);
  const res = await ours.request(peer, { method: Method.POST, path: '/rd?ep=x', payload: body, block1Size: 64 });
  assert.equal(res.message.code, '2.04');
  assert.equal(res.message.payload.toString(), 'stored');
  assert.deepEqual(got, body);
  assert.equal(res.parts!.length, 47);
});

test('node-coap client: its Block1 POST reaches our handler whole; it puts together our Block2 response', async (t) => {
  const ours = await endpoint(t);
  const big = randomBytes(3000);
  const seen: IncomingRequest[] = [];
  ours.onRequest(
    (req) => (
      seen.push(req),
      req.message.code === Method.GET
        ? { code: '2.05', payload: big }
        : { code: '2.04', payload: Buffer.from(`got ${req.message.payload.length}`) }
    ),
  );
  const upload = randomBytes(3000);
  const posted = await nodeCoapRequest(
    t,
    { hostname: '127.0.0.1', port: ours.local.port, method: 'POST', pathname: '/rd', query: 'ep=x' },
    upload,
    2,
  );
  assert.equal(posted.code, '2.04');
  assert.equal(posted.payload.toString(), 'got 3000');
  assert.deepEqual(seen[0].message.payload, upload);
  assert.equal(seen[0].blocks, 47);
  const fetched = await nodeCoapRequest(t, { hostname: '127.0.0.1', port: ours.local.port, pathname: '/5/0/0' });
  assert.equal(fetched.code, '2.05');
  assert.deepEqual(fetched.payload, big);
  assert.equal(seen.length, 2, 'Block2 blocks after the first come from the kept representation');
});

// ---- libcoap ---------------------------------------------------------------------------

function run(t: TestContext, cmd: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { timeout: 15_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stderr}`)) : resolve({ stdout, stderr }),
    );
    t.after(() => void child.kill());
  });
}

function tempFile(content: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'blockwise-')), 'body.txt');
  writeFileSync(file, content);
  return file;
}

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Starts coap-server-notls and resolves once it answers a GET, within a deadline. */
async function libcoapServer(t: TestContext, ours: CoapEndpoint) {
  const port = await freeUdpPort();
  const child = spawn('coap-server-notls', ['-A', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  t.after(() => void child.kill());
  const peer = { host: '127.0.0.1', port };
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      await ours.request(peer, { method: Method.GET, path: '/.well-known/core', timeoutMs: 300 });
      return peer;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`coap-server-notls did not answer on port ${port} within 5 s: ${(e as Error).message}`);
    }
  }
}

test('libcoap client: its Block1 POST (-b 64) reaches our handler whole', async (t) => {
  const ours = await endpoint(t);
  const seen: IncomingRequest[] = [];
  ours.onRequest((req) => (seen.push(req), { code: '2.01', payload: Buffer.from('created') }));
  const body = text(3000);
  const { stdout } = await run(t, 'coap-client-notls', [
    '-B',
    '10',
    '-m',
    'post',
    '-b',
    '64',
    '-f',
    tempFile(body),
    `coap://127.0.0.1:${ours.local.port}/rd?ep=x`,
  ]);
  assert.equal(stdout.trim(), 'created');
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0].message.payload, body);
  assert.equal(seen[0].blocks, 47);
  assert.equal(seen[0].query.get('ep'), 'x');
});

test('libcoap client: it honours the smaller Block1 size we ask for, with a new token and the same Request-Tag per block', async (t) => {
  const ours = await endpoint(t, { block1Size: 32 });
  const seen: IncomingRequest[] = [];
  ours.onRequest((req) => (seen.push(req), { code: '2.04' }));
  const body = text(3000);
  const mark = ours.inbox.cursor();
  await run(t, 'coap-client-notls', [
    '-B',
    '10',
    '-m',
    'post',
    '-b',
    '256',
    '-f',
    tempFile(body),
    `coap://127.0.0.1:${ours.local.port}/rd`,
  ]);
  assert.deepEqual(seen[0].message.payload, body);
  assert.equal(seen[0].blocks, 1 + Math.ceil((3000 - 256) / 32));
  const blocks = ours.inbox.since(mark).map((e) => e.message!);
  assert.equal(new Set(blocks.map((m) => m.token.toString('hex'))).size, blocks.length);
  assert.equal(new Set(blocks.map((m) => optionValues(m, OptionNumber.RequestTag)[0]?.toString('hex'))).size, 1);
});

test('libcoap client: a POST whose body and answer are both block-wise (Block1 then Block2)', async (t) => {
  const ours = await endpoint(t);
  let calls = 0;
  ours.onRequest(
    (req) => (calls++, { code: '2.04', payload: Buffer.concat([req.message.payload, Buffer.from('|'), req.message.payload]) }),
  );
  const body = text(3000);
  const { stdout } = await run(t, 'coap-client-notls', [
    '-B',
    '10',
    '-m',
    'post',
    '-b',
    '64',
    '-f',
    tempFile(body),
    `coap://127.0.0.1:${ours.local.port}/echo`,
  ]);
  assert.equal(stdout.replace(/\n$/, ''), `${body}|${body}`);
  assert.equal(calls, 1);
});

test('libcoap client: it fetches our 3000-byte response in 64-byte Block2 blocks', async (t) => {
  const ours = await endpoint(t);
  const body = text(3000);
  let calls = 0;
  ours.onRequest(() => (calls++, { code: '2.05', contentFormat: 0, payload: body }));
  const mark = ours.inbox.cursor();
  const { stdout, stderr } = await run(t, 'coap-client-notls', ['-B', '10', '-b', '64', `coap://127.0.0.1:${ours.local.port}/5/0/0`]);
  assert.equal(stdout.replace(/\n$/, ''), body.toString(), stderr); // coap-client ends its output with a newline
  assert.equal(calls, 1);
  assert.equal(ours.inbox.since(mark).filter((e) => e.message?.code === Method.GET).length, 47);
});

test('libcoap server: our Block1 PUT and Block2 GET of its /example_data', async (t) => {
  const ours = await endpoint(t);
  const peer = await libcoapServer(t, ours);
  const body = text(3000);
  const put = await ours.request(peer, { method: Method.PUT, path: '/example_data', payload: body, contentFormat: 0, block1Size: 64 });
  assert.match(put.message.code, /^2\.0[14]$/); // 2.01 when the PUT creates it
  assert.equal(put.parts!.length, 47);
  const got = await ours.request(peer, { method: Method.GET, path: '/example_data', block2Size: 128 });
  assert.equal(got.message.code, '2.05');
  assert.deepEqual(got.message.payload, body);
  assert.equal(got.blocks, Math.ceil(3000 / 128));
  const whole = await ours.request(peer, { method: Method.GET, path: '/example_data' });
  assert.deepEqual(whole.message.payload, body);
});
