import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoapEndpoint } from '../../src/coap/endpoint';
import { createUdpTransport } from '../../src/transport/udp';
import { TestServer } from '../../src/peers/test-server';
import { ReferenceClient } from '../../src/peers/reference-client/client';
import { Trace } from '../../src/trace/trace';
import { Method, OptionNumber } from '../../src/coap/message';

async function testServer(trace = new Trace()) {
  return new TestServer(
    new CoapEndpoint({ transport: await createUdpTransport(), trace, timers: { ackTimeoutMs: 200 } }),
    { lifetimeGraceMs: 100, responseTimeoutMs: 2000 },
    trace,
  );
}

test('registers, updates and de-registers a client, answering as LwM2M requires', async () => {
  const server = await testServer();
  const client = await createUdpTransport().then((t) => new CoapEndpoint({ transport: t }));
  const reg = await client.request(server.endpoint.local, {
    method: Method.POST,
    path: '/rd?ep=a&lt=60&lwm2m=1.1&b=U',
    contentFormat: 40,
    payload: Buffer.from('</1/0>,</3/0>'),
  });
  assert.equal(reg.message.code, '2.01');
  const location = reg.message.options.filter((o) => o.number === OptionNumber.LocationPath).map((o) => o.value.toString());
  assert.equal(location[0], 'rd');
  const upd = await client.request(server.endpoint.local, { method: Method.POST, path: `/rd/${location[1]}?lt=30` });
  assert.equal(upd.message.code, '2.04');
  assert.equal(server.registrationOf('a')!.lifetime, 30);
  const del = await client.request(server.endpoint.local, { method: Method.DELETE, path: `/rd/${location[1]}` });
  assert.equal(del.message.code, '2.02');
  const again = await client.request(server.endpoint.local, { method: Method.POST, path: `/rd/${location[1]}` });
  assert.equal(again.message.code, '4.04', 'an Update to a removed registration is 4.04');
  assert.deepEqual(
    server.events.all().map((e) => e.kind),
    ['register', 'update', 'deregister', 'unknown-location'],
  );
  await Promise.all([server.close(), client.close()]);
});

test('accepts the form of each version for of the object list: 1.0 root link with ct= alone and hb, 1.1 alternate root path', async () => {
  const server = await testServer();
  const client = await createUdpTransport().then((t) => new CoapEndpoint({ transport: t }));
  const forms: [string, string, string][] = [
    ['v10', '1.0', '</>;ct=11543;hb,</1/0>,</3/0>'],
    ['v11', '1.1', '</lwm2m>;rt="oma.lwm2m";ct=110,</lwm2m/1/0>,</lwm2m/3/0>'],
  ];
  for (const [ep, version, payload] of forms) {
    const reg = await client.request(server.endpoint.local, {
      method: Method.POST,
      path: `/rd?ep=${ep}&lt=60&lwm2m=${version}`,
      contentFormat: 40,
      payload: Buffer.from(payload),
    });
    assert.equal(reg.message.code, '2.01', `${payload}: ${reg.message.payload.toString()}`);
    assert.deepEqual(
      server.registrationOf(ep)!.objects.objects.map((o) => o.objectId),
      [1, 3],
    );
  }
  await Promise.all([server.close(), client.close()]);
});

test('refuses a Register without ep or with a broken object list, and says why', async () => {
  const server = await testServer();
  const client = await createUdpTransport().then((t) => new CoapEndpoint({ transport: t }));
  const noEp = await client.request(server.endpoint.local, {
    method: Method.POST,
    path: '/rd?lt=60',
    contentFormat: 40,
    payload: Buffer.from('</3/0>'),
  });
  assert.equal(noEp.message.code, '4.00');
  const broken = await client.request(server.endpoint.local, {
    method: Method.POST,
    path: '/rd?ep=b',
    contentFormat: 40,
    payload: Buffer.from('</3/0'),
  });
  assert.equal(broken.message.code, '4.00');
  const rejected = server.events.all().filter((e) => e.kind === 'rejected');
  assert.match(rejected[0].problem!, /"ep"/);
  assert.match(rejected[1].problem!, /object list is not valid/);
  await Promise.all([server.close(), client.close()]);
});

test('expires a registration whose lifetime passes without an Update', async () => {
  const server = await testServer();
  const client = await createUdpTransport().then((t) => new CoapEndpoint({ transport: t }));
  await client.request(server.endpoint.local, {
    method: Method.POST,
    path: '/rd?ep=c&lt=1',
    contentFormat: 40,
    payload: Buffer.from('</1/0>,</3/0>'),
  });
  const expired = await server.events.waitFor((e) => e.kind === 'expired', { timeoutMs: 3000, what: 'expiry' });
  assert.equal(expired.registration!.endpoint, 'c');
  assert.equal(server.registrationOf('c'), undefined);
  await Promise.all([server.close(), client.close()]);
});

test('random datagrams never crash the Test Server; a real client still registers and is read afterwards', async () => {
  const trace = new Trace();
  const server = await testServer(trace);
  const noise = await createUdpTransport().then((t) => new CoapEndpoint({ transport: t }));
  for (let i = 0; i < 3000; i++) {
    const b = Buffer.from(Array.from({ length: Math.floor(Math.random() * 60) }, () => Math.floor(Math.random() * 256)));
    if (i % 3 === 0 && b.length >= 4) b[0] = 0x40 | (b[0] & 0x3f); // mostly-valid headers reach deeper
    await noise.sendBytes(server.endpoint.local, b);
  }
  const client = new ReferenceClient({ server: server.endpoint.local, endpoint: 'after-noise', lifetime: 60, lwm2mVersion: '1.1' });
  await client.start();
  const reg = await server.events.waitFor((e) => e.kind === 'register' && e.registration?.endpoint === 'after-noise', {
    timeoutMs: 5000,
    what: 'Register',
  });
  const res = await server.read(reg.registration!, '/3/0/0', 0);
  assert.equal(res.message.payload.toString(), 'Open Mobile Alliance');
  assert.ok(
    trace.entries.some((e) => e.problem),
    'malformed datagrams are in the trace with their problem',
  );
  await client.stop(false);
  await Promise.all([server.close(), noise.close()]);
});

test('answerNext changes exactly one answer, as a step needs (e.g. 4.04 to the next Update)', async () => {
  const server = await testServer();
  const client = await createUdpTransport().then((t) => new CoapEndpoint({ transport: t }));
  const reg = await client.request(server.endpoint.local, {
    method: Method.POST,
    path: '/rd?ep=d&lt=60',
    contentFormat: 40,
    payload: Buffer.from('</1/0>,</3/0>'),
  });
  const id = reg.message.options.filter((o) => o.number === OptionNumber.LocationPath)[1].value.toString();
  server.answerNext('update', { code: '4.04' });
  const first = await client.request(server.endpoint.local, { method: Method.POST, path: `/rd/${id}` });
  const second = await client.request(server.endpoint.local, { method: Method.POST, path: `/rd/${id}` });
  assert.deepEqual([first.message.code, second.message.code], ['4.04', '2.04']);
  assert.deepEqual(
    server.events
      .all()
      .filter((e) => e.kind === 'update')
      .map((e) => e.responseCode),
    ['4.04', '2.04'],
  );
  await Promise.all([server.close(), client.close()]);
});
