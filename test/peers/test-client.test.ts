/** The Test Client over real UDP, against the Test Server's registration store and a bare CoAP endpoint as the server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoapEndpoint, type IncomingRequest, type IncomingResponse } from '../../src/coap/endpoint';
import { createUdpTransport } from '../../src/transport/udp';
import { TestServer } from '../../src/peers/test-server';
import { TestClient } from '../../src/peers/test-client/test-client';
import { Method, OptionNumber, contentFormat, locationPath, observe } from '../../src/coap/message';
import {
  ContentFormat,
  decodeComposite,
  decodeContent,
  encodeComposite,
  encodeContent,
  encodePathList,
  valueAt,
} from '../../src/lwm2m/content';
import { LwM2MPath } from '../../src/lwm2m/path';
import { parseLinkFormatBytes } from '../../src/lwm2m/link-format';
import { ObjectRegistry } from '../../src/lwm2m/model';

const registry = ObjectRegistry.bundled();
const fast = { ackTimeoutMs: 100, ackRandomFactor: 1, maxRetransmit: 2 };

async function registrationServer() {
  return new TestServer(new CoapEndpoint({ transport: await createUdpTransport(), timers: fast }), {
    lifetimeGraceMs: 100,
    responseTimeoutMs: 2000,
  });
}

async function client(server: CoapEndpoint, extra: Partial<ConstructorParameters<typeof TestClient>[0]> = {}) {
  const c = new TestClient({
    server: server.local,
    registration: { endpoint: 'tc-1', lifetime: 60, binding: 'U' },
    timers: fast,
    ...extra,
  });
  await c.start();
  return c;
}

/** A bare endpoint playing the server: it sends requests to the Test Client and answers its own. */
async function bareServer(handler: (req: IncomingRequest) => { code: string } = () => ({ code: '2.04' })) {
  const e = new CoapEndpoint({ transport: await createUdpTransport(), timers: fast, defaultTimeoutMs: 2000 });
  e.onRequest(handler);
  return e;
}

test('registers with its parameters and object list, updates and de-registers', async () => {
  const server = await registrationServer();
  const c = await client(server.endpoint);
  try {
    const res = await c.register({ sms: '+123', queueMode: true });
    assert.equal(res.message.code, '2.01');
    assert.deepEqual(c.location?.[0], 'rd');
    const reg = server.registrationOf('tc-1')!;
    assert.equal(reg.lifetime, 60);
    assert.equal(reg.lwm2mVersion, '1.1');
    assert.equal(reg.binding, 'U');
    assert.equal(reg.sms, '+123');
    assert.equal(reg.queueMode, true);
    assert.deepEqual(
      reg.objects.objects.map((o) => [o.objectId, o.instances]),
      [
        [1, [0]],
        [3, [0]],
        [3441, [0]],
      ],
    );
    assert.ok(!/<\/0/.test(c.objectLinks()), 'the Security object is never listed');
    assert.equal((await c.update({ lifetime: 30 })).message.code, '2.04');
    assert.equal(server.registrationOf('tc-1')!.lifetime, 30);
    assert.equal((await c.update({ objects: true })).message.code, '2.04');
    const path = c.registrationPath;
    assert.equal((await c.deregister()).message.code, '2.02');
    assert.equal(c.location, undefined);
    assert.equal((await c.update({}, path)).message.code, '4.04', 'an Update to a removed registration');
  } finally {
    await c.close();
    await server.close();
  }
});

test('registers block-wise when asked (16-byte blocks)', async () => {
  const server = await registrationServer();
  const c = await client(server.endpoint);
  try {
    const mark = server.endpoint.inbox.cursor();
    assert.equal((await c.register({ blockSize: 16 })).message.code, '2.01');
    const blocks = server.endpoint.inbox.since(mark).filter((e) => e.message?.options.some((o) => o.number === OptionNumber.Block1));
    assert.ok(blocks.length > 2, `${blocks.length} blocks`);
    assert.equal(server.registrationOf('tc-1')!.objects.objects.length, 3);
  } finally {
    await c.close();
    await server.close();
  }
});

test('answers Read, Write, Execute, Create, Delete, Discover and Write-Attributes, logging each request', async () => {
  const server = await bareServer();
  const c = await client(server);
  const peer = c.endpoint.local;
  const ask = (spec: Parameters<CoapEndpoint['request']>[1]) => server.request(peer, spec);
  try {
    const text = await ask({ method: Method.GET, path: '/3/0/0' });
    assert.equal(contentFormat(text.message), ContentFormat.TEXT);
    assert.equal(text.message.payload.toString(), 'Open Mobile Alliance');

    const tlv = await ask({ method: Method.GET, path: '/3/0', accept: ContentFormat.TLV });
    assert.equal(contentFormat(tlv.message), ContentFormat.TLV);
    const records = decodeContent(ContentFormat.TLV, LwM2MPath.parse('/3/0'), tlv.message.payload, registry);
    assert.equal(valueAt(records, '/3/0/2'), '345000123');
    assert.equal((await ask({ method: Method.GET, path: '/3/0', accept: ContentFormat.TEXT })).message.code, '4.06');
    // One resource instance is one value: plain text or CBOR; its multiple resource is not.
    const instance = await ask({ method: Method.GET, path: '/3/0/7/1', accept: ContentFormat.TEXT });
    assert.equal(instance.message.payload.toString(), '5000');
    assert.equal((await ask({ method: Method.GET, path: '/3/0/7/1', accept: ContentFormat.CBOR })).message.code, '2.05');
    assert.equal((await ask({ method: Method.GET, path: '/3/0/7', accept: ContentFormat.TEXT })).message.code, '4.06');
    assert.equal((await ask({ method: Method.GET, path: '/0/0' })).message.code, '4.01');
    assert.equal((await ask({ method: Method.GET, path: '/9/0' })).message.code, '4.04');

    const path = LwM2MPath.parse('/3441/0/110');
    const payload = encodeContent(ContentFormat.TEXT, path, [{ path, type: 'string', value: 'written' }]);
    assert.equal((await ask({ method: Method.PUT, path: '/3441/0/110', contentFormat: 0, payload })).message.code, '2.04');
    assert.equal((await ask({ method: Method.GET, path: '/3441/0/110' })).message.payload.toString(), 'written');
    assert.equal((await ask({ method: Method.PUT, path: '/3/0/0', contentFormat: 0, payload })).message.code, '4.05', 'read-only');
    assert.equal((await ask({ method: Method.PUT, path: '/3441/0/110', payload })).message.code, '4.15', 'no Content-Format');

    assert.equal((await ask({ method: Method.POST, path: '/3/0/4' })).message.code, '2.04');
    assert.equal((await ask({ method: Method.POST, path: '/3/0/0' })).message.code, '4.05', 'not executable');

    const created = await ask({
      method: Method.POST,
      path: '/3441',
      contentFormat: ContentFormat.SENML_JSON,
      payload: Buffer.from('[{"n":"/3441/1/110","vs":"new"}]'),
    });
    assert.equal(created.message.code, '2.01');
    assert.deepEqual(locationPath(created.message), ['3441', '1']);
    assert.equal((await ask({ method: Method.GET, path: '/3441/1/110' })).message.payload.toString(), 'new');
    assert.equal((await ask({ method: Method.DELETE, path: '/3441/1' })).message.code, '2.02');
    assert.equal((await ask({ method: Method.DELETE, path: '/3441/1' })).message.code, '4.04');
    assert.equal((await ask({ method: Method.DELETE, path: '/3/0' })).message.code, '4.05');

    assert.equal((await ask({ method: Method.PUT, path: '/3/0/9?pmin=5&pmax=60' })).message.code, '2.04');
    assert.equal((await ask({ method: Method.PUT, path: '/3/0/9?pmin=x' })).message.code, '4.00');
    assert.equal((await ask({ method: Method.PUT, path: '/3/0/9?foo=1' })).message.code, '4.00');
    const discover = await ask({ method: Method.GET, path: '/3/0', accept: ContentFormat.LINK_FORMAT });
    const links = parseLinkFormatBytes(discover.message.payload);
    const battery = links.find((l) => l.target === '/3/0/9');
    assert.equal(battery?.attributes.get('pmin'), '5');
    assert.equal(links.find((l) => l.target === '/3/0/7')?.attributes.get('dim'), '2');

    const ops = c.requests.all().map((r) => `${r.operation} ${r.request.path} ${r.responseCode}`);
    assert.deepEqual(ops.slice(0, 3), ['read /3/0/0 2.05', 'read /3/0 2.05', 'read /3/0 4.06']);
    assert.ok(
      ops.includes('create /3441 2.01') && ops.includes('delete /3441/1 2.02') && ops.includes('execute /3/0/4 2.04'),
      ops.join('\n'),
    );
    assert.ok(ops.includes('write-attributes /3/0/9 2.04') && ops.includes('discover /3/0 2.05'), ops.join('\n'));
    assert.match(c.requests.all().find((r) => r.responseCode === '4.05' && r.operation === 'write')!.problem!, /not writable/);
  } finally {
    await c.close();
    await server.close();
  }
});

test('as a 1.2 client, answers a Discover with depth down to that level, each link with its own attributes', async () => {
  const server = await bareServer();
  const c = await client(server, { registration: { endpoint: 'tc-1', lifetime: 60, binding: 'U', lwm2mVersion: '1.2' } });
  const ask = (spec: Parameters<CoapEndpoint['request']>[1]) => server.request(c.endpoint.local, spec);
  const discover = async (q: string) => {
    const r = await ask({ method: Method.GET, path: `/3${q}`, accept: ContentFormat.LINK_FORMAT });
    return r.message.code === '2.05' ? parseLinkFormatBytes(r.message.payload).map((l) => l.target) : r.message.code;
  };
  try {
    assert.deepEqual(await discover('?depth=0'), ['/3']);
    assert.deepEqual(await discover('?depth=1'), ['/3', '/3/0']);
    const two = (await discover('?depth=2')) as string[];
    assert.ok(two.includes('/3/0/7') && !two.some((t) => t.split('/').length > 4), two.join(','));
    assert.equal((await ask({ method: Method.PUT, path: '/3/0/7/1?gt=8' })).message.code, '2.04');
    const r = await ask({ method: Method.GET, path: '/3?depth=3', accept: ContentFormat.LINK_FORMAT });
    const links = parseLinkFormatBytes(r.message.payload);
    assert.equal(links.find((l) => l.target === '/3/0/7')?.attributes.get('dim'), '2');
    assert.equal(links.find((l) => l.target === '/3/0/7/1')?.attributes.get('gt'), '8');
    assert.equal(await discover('?depth=4'), '4.00');
  } finally {
    await c.close();
    await server.close();
  }
});

test('answers in the format it is told to when the server sends no Accept', async () => {
  const server = await bareServer();
  const c = await client(server, { answerFormat: ContentFormat.OMA_JSON });
  try {
    const res = await server.request(c.endpoint.local, { method: Method.GET, path: '/3/0/0' });
    assert.equal(contentFormat(res.message), ContentFormat.OMA_JSON);
  } finally {
    await c.close();
    await server.close();
  }
});

test('Observe: notifications are ACKed, an RST or an Observe=1 with the token ends the observation', async () => {
  const server = await bareServer();
  const c = await client(server);
  try {
    const seen: IncomingResponse[] = [];
    const first = await server.request(c.endpoint.local, { method: Method.GET, path: '/3/0/9', observe: 0 }, (n) => seen.push(n));
    assert.equal(first.message.code, '2.05');
    assert.equal(observe(first.message), 1);
    const [o] = c.observationsOf('/3/0/9');
    assert.ok(o);
    c.setValue('/3/0/9', 42n);
    const acked = await c.notify(o, true);
    assert.equal(acked.outcome, 'ack');
    assert.equal(seen.at(-1)?.message.payload.toString(), '42');
    assert.equal((await c.notify(o, false)).outcome, 'sent');

    // Passive cancel: the server forgets the token, so its endpoint resets the next CON notification.
    server.forgetObservation(first.request.token);
    assert.equal((await c.notify(o, true)).outcome, 'rst');
    assert.equal(c.observationsOf('/3/0/9').length, 0);

    // Active cancel: a GET with Observe=1 and the observation's token.
    const second = await server.request(c.endpoint.local, { method: Method.GET, path: '/3/0/9', observe: 0 }, () => {});
    assert.equal(c.observationsOf('/3/0/9').length, 1);
    server.forgetObservation(second.request.token);
    const cancel = await server.request(c.endpoint.local, { method: Method.GET, path: '/3/0/9', observe: 1, token: second.request.token });
    assert.equal(cancel.message.code, '2.05');
    assert.equal(c.observationsOf().length, 0);
    assert.deepEqual(
      c.requests.all().map((r) => r.operation),
      ['observe', 'observe', 'cancel-observe'],
    );
    assert.equal(c.notifications.all().length, 3);
  } finally {
    await c.close();
    await server.close();
  }
});

test('a CON notification nobody answers times out after its retransmissions', async () => {
  const silent = await createUdpTransport(); // receives, never answers
  const c = new TestClient({
    server: silent.local,
    registration: { endpoint: 'x' },
    timers: { ackTimeoutMs: 20, ackRandomFactor: 1, maxRetransmit: 2 },
  });
  await c.start();
  try {
    let datagrams = 0;
    silent.onDatagram(() => datagrams++);
    const o = { token: Buffer.from('abcd'), path: LwM2MPath.parse('/3/0/9'), peer: silent.local, format: 0, sequence: 1 };
    assert.equal((await c.notify(o)).outcome, 'timeout');
    assert.equal(datagrams, 3, 'sent once and retransmitted twice');
  } finally {
    await c.close();
    await silent.close();
  }
});

test('Send posts the values to /dp in SenML CBOR', async () => {
  let got: IncomingRequest | undefined;
  const server = await bareServer((req) => ((got = req), { code: '2.04' }));
  const c = await client(server);
  try {
    assert.equal((await c.send(['/3/0/9', '/3/0/0'])).message.code, '2.04');
    assert.equal(got?.path, '/dp');
    const records = decodeComposite(contentFormat(got!.message)!, got!.message.payload, registry);
    assert.equal(valueAt(records, '/3/0/9'), 100n);
    assert.equal(valueAt(records, '/3/0/0'), 'Open Mobile Alliance');
  } finally {
    await c.close();
    await server.close();
  }
});

test('misbehaves on purpose: malformed object list, Update flood, garbage datagrams, duplicate Register', async () => {
  const server = await registrationServer();
  const c = await client(server.endpoint);
  try {
    const bad = await c.registerMalformed();
    assert.equal(bad.message.code, '4.00');
    assert.match(bad.message.payload.toString(), /object list is not valid/);
    await c.register();
    const first = c.registrationPath;
    const flood = await c.floodUpdates(20);
    assert.ok(flood.every((r) => r.status === 'fulfilled' && r.value.message.code === '2.04'));
    const mark = server.endpoint.inbox.cursor();
    await c.sendGarbage();
    await server.endpoint.inbox.waitFor(() => true, { after: mark + 3, timeoutMs: 1000, what: 'the last garbage datagram' });
    assert.ok(server.endpoint.inbox.since(mark).filter((e) => e.error).length >= 3);
    await c.register();
    assert.notEqual(c.registrationPath, first, 'a duplicate Register gets a new registration');
    assert.equal((await c.update({}, first)).message.code, '4.04', 'the replaced registration is gone');
  } finally {
    await c.close();
    await server.close();
  }
});

test('answers Read-, Write- and Observe-Composite as a client does (FETCH / iPATCH with SenML)', async () => {
  const server = await bareServer();
  const c = await client(server);
  const ask = (spec: Parameters<CoapEndpoint['request']>[1]) => server.request(c.endpoint.local, spec);
  const list = (format: number, paths: string[]) =>
    encodePathList(
      format,
      paths.map((p) => LwM2MPath.parse(p)),
    );
  try {
    // The executable /1/0/8 and the absent /5/0 are left out; the answer is in the Accept's format.
    const read = await ask({
      method: Method.FETCH,
      path: '/',
      contentFormat: 110,
      accept: 112,
      payload: list(110, ['/1/0/1', '/1/0/8', '/5/0', '/3/0/16']),
    });
    assert.equal(read.message.code, '2.05');
    assert.equal(contentFormat(read.message), 112);
    assert.deepEqual(
      decodeComposite(112, read.message.payload, registry).map((r) => String(r.path)),
      ['/1/0/1', '/3/0/16'],
    );
    assert.equal(c.requests.all().at(-1)!.operation, 'read-composite');
    // A path list that does not decode is 4.00; a body that is not SenML 4.15; an answer format that is not SenML 4.06.
    const garbled = await ask({ method: Method.FETCH, path: '/', contentFormat: 110, payload: Buffer.from('[{"n":"/1/0') });
    assert.equal(garbled.message.code, '4.00');
    assert.equal((await ask({ method: Method.FETCH, path: '/', contentFormat: 0, payload: Buffer.from('/1/0/1') })).message.code, '4.15');
    assert.equal(
      (await ask({ method: Method.FETCH, path: '/', contentFormat: 110, accept: 11542, payload: list(110, ['/1/0/1']) })).message.code,
      '4.06',
    );
    // Write-Composite applies every value, or none when one is not writable.
    const records = [
      { path: LwM2MPath.parse('/1/0/1'), type: 'integer' as const, value: 61n },
      { path: LwM2MPath.parse('/3441/0/110'), type: 'string' as const, value: 'changed' },
    ];
    const write = await ask({ method: Method.iPATCH, path: '/', contentFormat: 112, payload: encodeComposite(112, records, registry) });
    assert.equal(write.message.code, '2.04');
    assert.equal(c.store.get(1, 0, 1), 61n);
    assert.equal(c.store.get(3441, 0, 110), 'changed');
    const readOnly = [{ path: LwM2MPath.parse('/3/0/0'), type: 'string' as const, value: 'x' }];
    assert.equal(
      (await ask({ method: Method.iPATCH, path: '/', contentFormat: 112, payload: encodeComposite(112, readOnly, registry) })).message.code,
      '4.05',
    );
    // Observe-Composite: held under its path list, notified with the listed values, cancelled by Observe=1.
    const notified: IncomingResponse[] = [];
    const obs = await server.request(
      c.endpoint.local,
      { method: Method.FETCH, path: '/', contentFormat: 112, observe: 0, payload: list(112, ['/3/0/16', '/1/0/1']) },
      (n) => notified.push(n),
    );
    assert.equal(observe(obs.message), 1);
    const [held] = c.compositeObservationsOf(['/1/0/1', '/3/0/16']);
    assert.ok(held);
    c.setValue('/1/0/1', 90n);
    assert.equal((await c.notify(held)).outcome, 'ack');
    assert.equal(valueAt(decodeComposite(112, notified[0].message.payload, registry), '/1/0/1'), 90n);
    await ask({
      method: Method.FETCH,
      path: '/',
      contentFormat: 112,
      observe: 1,
      token: obs.request.token,
      payload: list(112, ['/3/0/16', '/1/0/1']),
    });
    assert.equal(c.compositeObservationsOf(['/1/0/1', '/3/0/16']).length, 0);
    assert.equal(c.requests.all().at(-1)!.operation, 'cancel-observe-composite');
  } finally {
    await c.close();
    await server.close();
  }
});
