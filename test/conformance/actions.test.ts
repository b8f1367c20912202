/** Action adapters against the reference server's HTTP API, a real console program, a command and an operator. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ReferenceServer } from '../../src/peers/reference-server/server';
import { ReferenceServerApi } from '../../src/peers/reference-server/http-api';
import { TestClient } from '../../src/peers/test-client/test-client';
import { ActionError, ActionRunner, Captures, type DutConsole } from '../../src/conformance/actions/runner';
import { missingActions, type ActionSpec, type HttpAction } from '../../src/conformance/actions/types';
import { pointerKey, resolvePointer } from '../../src/conformance/actions/json-pointer';
import { EventLog } from '../../src/util/event-log';

const EP = 'urn:tc:actions';

async function referenceSetup() {
  const server = new ReferenceServer({ ackTimeoutMs: 100, responseTimeoutMs: 1000 });
  await server.start();
  const api = new ReferenceServerApi(server);
  const base = await api.listen();
  const client = new TestClient({ server: server.endpoint.local, registration: { endpoint: EP, lifetime: 60 } });
  await client.start();
  await client.register();
  return {
    base,
    client,
    close: async () => {
      await client.close();
      await api.close();
      await server.close();
    },
  };
}

const http = (base: string, op: string, body: string, valuePointer?: string): HttpAction => ({
  kind: 'http',
  method: 'POST',
  url: `${base}/api/clients/{endpoint}/${op}`,
  headers: { 'content-type': 'application/json' },
  body,
  valuePointer,
  timeoutMs: 2000,
});

test('HTTP actions: the request reaches the Test Client and the decoded value comes from the answer', async () => {
  const s = await referenceSetup();
  try {
    const runner = new ActionRunner({
      read: http(s.base, 'read', '{"path":"{path}","format":"{format}"}', '/value'),
      write: http(s.base, 'write', '{"path":"{path}","value":{value},"format":"{format}"}'),
      'write-attributes': {
        ...http(s.base, 'write-attributes', ''),
        url: `${s.base}/api/clients/{endpoint}/write-attributes`,
        body: '{"path":"{path}","attributes":{value}}',
      },
    });
    const read = await runner.perform('read', { endpoint: EP, path: '/3/0/0', format: 'text' });
    assert.equal(read.ok, true, read.evidence);
    assert.equal(read.value, 'Open Mobile Alliance');
    assert.match(read.evidence, /HTTP 200/);
    const seen = s.client.requests.all().at(-1)!;
    assert.deepEqual([seen.operation, seen.request.path], ['read', '/3/0/0']);

    const written = await runner.perform('write', { endpoint: EP, path: '/3441/0/110', format: 'text', value: 'quote " and \\ kept' });
    assert.equal(written.ok, true, written.evidence);
    assert.equal(s.client.store.get(3441, 0, 110), 'quote " and \\ kept');
    assert.equal((await runner.perform('write-attributes', { endpoint: EP, path: '/3/0/9', value: { pmin: 3 } })).ok, true);
    assert.equal(s.client.requests.all().at(-1)!.request.query.get('pmin'), '3');

    const unknown = await runner.perform('read', { endpoint: 'nobody', path: '/3/0/0' });
    assert.equal(unknown.ok, false);
    assert.match(unknown.evidence, /HTTP 404/);
    const missing = await new ActionRunner({ read: http(s.base, 'read', '{"path":"{path}"}', '/nothing') }).perform('read', {
      endpoint: EP,
      path: '/3/0/0',
    });
    assert.equal(missing.value, undefined);
    assert.match(missing.evidence, /nothing at \/nothing/);
  } finally {
    await s.close();
  }
});

test('an HTTP server that is not there is a failed action, with the reason', async () => {
  const runner = new ActionRunner({ read: http('http://127.0.0.1:1', 'read', '{}') });
  const r = await runner.perform('read', { endpoint: EP, path: '/3/0/0' });
  assert.equal(r.ok, false);
  assert.match(r.evidence, /ECONNREFUSED|fetch failed/);
});

/** A console program: prints a client number when told a client registered, answers "read N PATH" lines. */
function consoleProgram(): DutConsole & { stop(): void } {
  const script = `
    const rl = require('readline').createInterface({ input: process.stdin });
    console.log('server ready');
    rl.on('line', (l) => {
      const w = l.trim().split(' ');
      if (w[0] === 'hello') console.log('New client #7 registered.');
      else if (w[0] === 'read') console.log(w[1] === '7' ? 'value of ' + w[2] + ': 42' : 'no such client ' + w[1]);
      else if (w[0] === 'quit') process.exit(0);
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const output = new EventLog<string>();
  let rest = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const l of lines) output.push(l);
  });
  return { output, write: (t) => child.stdin.write(t), stop: () => child.kill() };
}

test('stdin actions: a placeholder captured from the output, the value read from the answer line', async () => {
  const dut = consoleProgram();
  try {
    await dut.output.waitFor((l) => l === 'server ready', { timeoutMs: 5000, what: 'start' });
    const captures = new Captures({ client: 'New client #(\\d+) registered' }, dut);
    const runner = new ActionRunner(
      { read: { kind: 'stdin', line: 'read {client} {path}', value: 'value of \\S+: (\\S+)', timeoutMs: 3000 } },
      { captures, console: dut },
    );
    const early = runner.perform('read', { endpoint: EP, path: '/3/0/9' }); // waits for the capture
    dut.write('hello\n');
    const r = await early;
    assert.equal(r.ok, true, r.evidence);
    assert.equal(r.value, '42');
    assert.match(r.evidence, /wrote "read 7 \/3\/0\/9"/);
    assert.equal(captures.get('client'), '7');

    const never = new ActionRunner(
      { read: { kind: 'stdin', line: 'read {other} {path}', timeoutMs: 200 } },
      { captures: new Captures({ other: 'Other #(\\d+)' }, dut), console: dut },
    );
    await assert.rejects(never.perform('read', { endpoint: EP, path: '/3/0/9' }), ActionError);
    const refused = await new ActionRunner(
      { read: { kind: 'stdin', line: 'read 9 {path}', success: '^value of', timeoutMs: 300 } },
      { console: dut },
    ).perform('read', { endpoint: EP, path: '/3/0/9' });
    assert.equal(refused.ok, false);
    assert.match(refused.evidence, /no output matched/);
  } finally {
    dut.stop();
  }
});

test('command actions: exit 0 is success, the value from stdout; manual actions tell the operator', async () => {
  const runner = new ActionRunner({
    read: {
      kind: 'command',
      command: [process.execPath, '-e', 'console.log("got {path} for {endpoint}")'],
      value: 'got (\\S+)',
      timeoutMs: 5000,
    },
    delete: { kind: 'command', command: [process.execPath, '-e', 'process.exit(3)'], timeoutMs: 5000 },
    execute: { kind: 'manual', instructions: 'Click "Execute" on {path} of {endpoint}', timeoutMs: 60000 },
  });
  const r = await runner.perform('read', { endpoint: EP, path: '/3/0/1' });
  assert.deepEqual([r.ok, r.value], [true, '/3/0/1']);
  const d = await runner.perform('delete', { endpoint: EP, path: '/3441/0' });
  assert.equal(d.ok, false);
  assert.match(d.evidence, /exit 3/);
  const filled = new ActionRunner({
    discover: {
      kind: 'command',
      command: [process.execPath, '-e', 'console.log("{path}?depth={depth} {attributes}")'],
      value: '(.+)',
      timeoutMs: 5000,
    },
  });
  const deep = await filled.perform('discover', { endpoint: EP, path: '/3', depth: 2, attributes: { pmin: 5, pmax: 15 } });
  assert.equal(deep.value, '/3?depth=2 pmin=5&pmax=15', 'the depth and the attributes placeholders');
  assert.equal((await filled.perform('discover', { endpoint: EP, path: '/3' })).value, '/3?depth= ', 'empty when not asked for');
  const told: string[] = [];
  const manual = await new ActionRunner(runner.actions, { log: (l) => told.push(l) }).perform('execute', { endpoint: EP, path: '/3/0/4' });
  assert.deepEqual([manual.ok, manual.manual, manual.deadlineMs], [true, true, 60000]);
  assert.deepEqual(told, [`ACTION REQUIRED: Click "Execute" on /3/0/4 of ${EP}`]);
});

test('a case whose actions are missing is N/A with the reason; JSON pointers follow RFC 6901', () => {
  const declared: Partial<Record<string, ActionSpec>> = { read: { kind: 'manual', instructions: 'x', timeoutMs: 1 } };
  assert.equal(missingActions(['read'], declared), undefined);
  assert.match(missingActions(['read', 'observe', 'cancel-observation'], declared)!, /observe, cancel-observation \(actions\.observe\)/);
  const doc = { values: { '/3/0/0': 'x' }, list: [1, { 'a~b': 2 }] };
  assert.deepEqual(resolvePointer(doc, `/values/${pointerKey('/3/0/0')}`), { found: true, value: 'x' });
  assert.deepEqual(resolvePointer(doc, '/list/1/a~0b'), { found: true, value: 2 });
  assert.deepEqual(resolvePointer(doc, '/list/2'), { found: false, at: '/list/2' });
  assert.deepEqual(resolvePointer(doc, ''), { found: true, value: doc });
});
