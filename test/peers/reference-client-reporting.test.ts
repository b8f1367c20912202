/**
 * The reference client's observation engine against the harness's own Observe operations, over
 * real sockets: st is honoured (and the fault ignore-change-conditions is caught by the gt/lt/st
 * check, which no ETS case exercises), a gt crossing seen by Reads is notified (and the fault
 * ignore-gt-lt-crossing is caught), and CON notifications are ACKed without ending the observation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDutProfile } from '../../src/conformance/dut-profile';
import { ClientDutSession } from '../../src/conformance/client-dut/session';
import {
  checkChangeConditions,
  checkChangesNotified,
  checkObserveSemantics,
  type ValueSample,
} from '../../src/conformance/checks/information-reporting';
import { Trace } from '../../src/trace/trace';
import { faultyProfile } from '../e2e/harness';
import { CoapEndpoint, type IncomingResponse } from '../../src/coap/endpoint';
import { Method, observe } from '../../src/coap/message';
import { createUdpTransport } from '../../src/transport/udp';
import { TestBootstrapServer, securityRecords, serverRecords, type ServerAccount } from '../../src/peers/test-bootstrap-server';
import { TestServer } from '../../src/peers/test-server';
import { ReferenceClient } from '../../src/peers/reference-client/client';
import { encodeContent } from '../../src/lwm2m/content';
import { LwM2MPath } from '../../src/lwm2m/path';
import { ObjectRegistry } from '../../src/lwm2m/model';
import { EventLog } from '../../src/util/event-log';

const registry = ObjectRegistry.bundled();
const TLV = 11542;

async function observeWithStep(faults: string[]) {
  const session = new ClientDutSession(loadDutProfile(faultyProfile(faults)), new Trace());
  await session.start();
  try {
    await session.switchOn();
    const ir = session.reporting;
    // /3442/0/120 rises by 1 every 250 ms: with st=5 a notification about every 1.25 s.
    const path = '/3442/0/120';
    const attrs = { pmin: 0, pmax: 60, st: 5 };
    assert.equal((await ir.writeAttributes(path, attrs)).message.code, '2.04');
    const obs = await ir.observe(path, attrs);
    await ir.watch(3000);
    return {
      obs,
      problems: checkChangeConditions(obs.log, path, attrs, ir.toleranceMs),
      semantics: checkObserveSemantics(obs.log, ir.strays),
    };
  } finally {
    await session.close();
  }
}

test('st=5: the reference client notifies steps of 5, over CON and NON notifications', async () => {
  const { obs, problems, semantics } = await observeWithStep([]);
  assert.deepEqual(problems, []);
  assert.deepEqual(semantics, []);
  assert.ok(obs.notifications().length >= 1, `notifications: ${obs.notifications().length}`);
  assert.ok(
    obs.notifications().some((n) => n.type === 'CON'),
    'the first notification is confirmable',
  );
  assert.ok(obs.notifications().length >= 2, 'an ACKed CON notification keeps the observation');
});

test("fault 'ignore-change-conditions': notifications of every change are caught by the st check", async () => {
  const { problems } = await observeWithStep(['ignore-change-conditions']);
  assert.ok(problems.length > 0);
  assert.match(problems[0], /reports \d+ after \d+: no st=5 condition was met, and pmax had not elapsed/);
});

/** Observes /3442/0/120 with gt a little above its value and Reads it every 200 ms: are crossings notified? */
async function observeCrossing(faults: string[]) {
  const session = new ClientDutSession(loadDutProfile(faultyProfile(faults)), new Trace());
  await session.start();
  try {
    await session.switchOn();
    const ir = session.reporting;
    const path = '/3442/0/120';
    const [start] = (await ir.readValues(path)) ?? [];
    // The value rises by 1 every 250 ms: gt is crossed about 2 s after the Read.
    const attrs = { pmin: 0, pmax: 60, gt: Number(start) + 8 };
    assert.equal((await ir.writeAttributes(path, attrs)).message.code, '2.04');
    const obs = await ir.observe(path, attrs);
    const samples: ValueSample[] = [];
    const until = Date.now() + 4000;
    while (Date.now() < until) {
      const from = Date.now();
      const [v] = (await ir.readValues(path)) ?? [];
      // The client held the value between the Read going out and its answer coming in.
      if (v !== undefined) samples.push({ from, at: Date.now(), value: Number(v) });
      await ir.watch(200);
    }
    return { samples, problems: checkChangesNotified(obs.log, samples, path, attrs, ir.toleranceMs, Date.now()) };
  } finally {
    await session.close();
  }
}

test('gt: the reference client notifies a crossing that Reads show, as soon as pmin allows', async () => {
  const { samples, problems } = await observeCrossing([]);
  assert.ok(samples.length >= 5, `samples: ${samples.length}`);
  assert.deepEqual(problems, []);
});

test("fault 'ignore-gt-lt-crossing': a crossing left unnotified is caught", async () => {
  const { problems } = await observeCrossing(['ignore-gt-lt-crossing']);
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], /the value \d+ seen at \d+ ms crossed gt=\d+ since \d+ \(the response\), but no notification came by \d+ ms/);
});

test('after a bootstrap the reference client reports to the provisioned server: Send and notifications on the new channel', async () => {
  const bs = new TestBootstrapServer(new CoapEndpoint({ transport: await createUdpTransport(), timers: { ackTimeoutMs: 200 } }), {
    responseTimeoutMs: 2000,
  });
  const server = new TestServer(new CoapEndpoint({ transport: await createUdpTransport() }), {
    lifetimeGraceMs: 100,
    responseTimeoutMs: 2000,
  });
  const client = new ReferenceClient({
    endpoint: 'dev',
    lifetime: 30,
    lwm2mVersion: '1.1',
    bootstrap: { server: bs.endpoint.local, holdOffSeconds: 0 },
  });
  try {
    await client.start();
    await bs.events.waitFor((e) => e.kind === 'bootstrap-request', { timeoutMs: 3000, what: 'Bootstrap-Request' });
    const account: ServerAccount = {
      securityInstance: 0,
      serverInstance: 0,
      uri: server.uri,
      shortServerId: 1,
      lifetime: 30,
      mode: 'nosec',
    };
    const put = (path: string, records: Parameters<typeof encodeContent>[2]) =>
      bs.write(path, encodeContent(TLV, LwM2MPath.parse(path), records, registry), TLV);
    await put('/0', securityRecords(account));
    await put('/1', serverRecords(account));
    assert.equal((await bs.finish()).message.code, '2.04');
    const reg = (await server.events.waitFor((e) => e.kind === 'register', { timeoutMs: 3000, what: 'Register' })).registration!;

    assert.equal((await server.send(reg, { method: Method.POST, path: '/3442/0/5' })).message.code, '2.04');
    const sent = await server.sends.waitFor(() => true, { timeoutMs: 3000, what: 'Send' });
    assert.equal(sent.responseCode, '2.04', 'the Send comes from the registered client');

    assert.equal((await server.send(reg, { method: Method.PUT, path: '/3442/0/120?pmin=0&pmax=1' })).message.code, '2.04');
    const notifications = new EventLog<IncomingResponse>();
    const first = await server.send(reg, { method: Method.GET, path: '/3442/0/120', observe: 0 }, (n) => notifications.push(n));
    assert.equal(first.message.code, '2.05');
    assert.ok(observe(first.message) !== undefined, 'the first response carries Observe');
    const note = await notifications.waitFor(() => true, { timeoutMs: 3000, what: 'a notification on the bootstrapped channel' });
    assert.equal(note.message.code, '2.05');
  } finally {
    await client.stop(false);
    await server.close();
    await bs.close();
  }
});
