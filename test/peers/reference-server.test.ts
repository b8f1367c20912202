/** The reference server over real UDP and HTTP, with a Test Client as its client. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReferenceServer } from '../../src/peers/reference-server/server';
import { ReferenceServerApi } from '../../src/peers/reference-server/http-api';
import { SERVER_FAULT_REGISTRY, type ServerFaultName } from '../../src/peers/reference-server/faults';
import { TestClient } from '../../src/peers/test-client/test-client';
import { accept, locationPath, uriQuery } from '../../src/coap/message';

const fast = { ackTimeoutMs: 100, ackRandomFactor: 1, maxRetransmit: 2 };

async function setup(faults: ServerFaultName[] = [], lifetime = 60) {
  const server = new ReferenceServer({ faults, lifetimeGraceMs: 100, ackTimeoutMs: 100, responseTimeoutMs: 1000 });
  await server.start();
  const api = new ReferenceServerApi(server);
  const base = await api.listen();
  const client = new TestClient({
    server: server.endpoint.local,
    registration: { endpoint: 'urn:tc:1', lifetime, binding: 'U' },
    timers: fast,
  });
  await client.start();
  const call = async (op: string, body: unknown = {}, method = 'POST') => {
    const url = `${base}/api/clients/${encodeURIComponent('urn:tc:1')}${op ? `/${op}` : ''}`;
    const res = await fetch(
      url,
      method === 'GET' ? {} : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const close = async () => {
    await client.close();
    await api.close();
    await server.close();
  };
  return { server, api, base, client, call, close };
}

test('registration: 2.01 with a Location-Path, 2.04 to an Update, 2.02 to a De-register, then 4.04', async () => {
  const s = await setup();
  try {
    const reg = await s.client.register();
    assert.equal(reg.message.code, '2.01');
    assert.equal(locationPath(reg.message)[0], 'rd');
    const listed = (await (await fetch(`${s.base}/api/clients`)).json()) as { endpoint: string; lifetime: number; objects: string[] }[];
    assert.deepEqual(
      listed.map((c) => [c.endpoint, c.lifetime]),
      [['urn:tc:1', 60]],
    );
    assert.ok(listed[0].objects.includes('/3/0'));
    assert.equal((await s.client.update({ lifetime: 30 })).message.code, '2.04');
    assert.equal((await s.call('', {}, 'GET')).body.lifetime, 30);
    const path = s.client.registrationPath;
    assert.equal((await s.client.deregister()).message.code, '2.02');
    assert.equal((await s.call('', {}, 'GET')).status, 404);
    assert.equal((await s.client.update({}, path)).message.code, '4.04');
  } finally {
    await s.close();
  }
});

test('a registration is removed when its lifetime passes without an Update', async () => {
  const s = await setup([], 1);
  try {
    await s.client.register();
    await s.server.rd.events.waitFor((e) => e.kind === 'expired', { timeoutMs: 3000, what: 'expiry' });
    assert.equal((await s.client.update()).message.code, '4.04');
  } finally {
    await s.close();
  }
});

test('each registration fault breaks its rule', async () => {
  const expect: [ServerFaultName, (s: Awaited<ReturnType<typeof setup>>) => Promise<void>][] = [
    ['register-without-location', async (s) => assert.deepEqual(locationPath((await s.client.register()).message), [])],
    ['register-answered-changed', async (s) => assert.equal((await s.client.register()).message.code, '2.04')],
    [
      'update-answered-created',
      async (s) => {
        await s.client.register();
        assert.equal((await s.client.update()).message.code, '2.01');
      },
    ],
    [
      'deregister-answered-changed',
      async (s) => {
        await s.client.register();
        assert.equal((await s.client.deregister()).message.code, '2.04');
      },
    ],
    [
      'deregister-keeps-registration',
      async (s) => {
        await s.client.register();
        const path = s.client.registrationPath;
        assert.equal((await s.client.deregister()).message.code, '2.02');
        assert.equal((await s.client.update({}, path)).message.code, '2.04', 'still registered');
      },
    ],
    ['unknown-update-answered-changed', async (s) => assert.equal((await s.client.update({}, '/rd/nothing')).message.code, '2.04')],
  ];
  for (const [fault, check] of expect) {
    assert.ok(SERVER_FAULT_REGISTRY[fault]);
    const s = await setup([fault]);
    try {
      await check(s);
    } finally {
      await s.close();
    }
  }
});

test('never-expire keeps, and update-does-not-renew drops, a registration against its lifetime', async () => {
  const keep = await setup(['never-expire'], 1);
  try {
    await keep.client.register();
    assert.ok(await keep.server.rd.events.absentFor((e) => e.kind === 'expired', { timeoutMs: 1500 }));
    assert.equal((await keep.client.update()).message.code, '2.04');
  } finally {
    await keep.close();
  }
  const drop = await setup(['update-does-not-renew'], 1);
  try {
    await drop.client.register();
    assert.equal((await drop.client.update({ lifetime: 30 })).message.code, '2.04');
    await drop.server.rd.events.waitFor((e) => e.kind === 'expired', { timeoutMs: 2000, what: 'removal at the first lifetime' });
    assert.equal((await drop.client.update()).message.code, '4.04', 'removed at its first lifetime');
  } finally {
    await drop.close();
  }
});

test('HTTP API: Read in each format, Write, Execute, Create, Delete, Discover, Write-Attributes', async () => {
  const s = await setup();
  try {
    await s.client.register();
    const text = await s.call('read', { path: '/3/0/0', format: 'text' });
    assert.deepEqual([text.status, text.body.code, text.body.value], [200, '2.05', 'Open Mobile Alliance']);
    for (const format of ['tlv', 'json', 'senml-json', 'senml-cbor', '11542']) {
      const r = await s.call('read', { path: '/3/0', format });
      assert.equal((r.body.values as Record<string, unknown>)['/3/0/2'], '345000123', format);
    }
    assert.equal(accept(s.client.requests.all().at(-1)!.request.message), 11542);
    const noAccept = await s.call('read', { path: '/3/0/9' });
    assert.equal(noAccept.body.value, 100);
    assert.equal(accept(s.client.requests.all().at(-1)!.request.message), undefined);

    assert.equal((await s.call('write', { path: '/3441/0/110', value: 'via http' })).body.code, '2.04');
    assert.equal((await s.call('read', { path: '/3441/0/110' })).body.value, 'via http');
    assert.equal((await s.call('write', { path: '/3441/0', value: { 110: 'partial' }, format: 'tlv', mode: 'partial' })).body.code, '2.04');
    assert.equal(s.client.requests.all().at(-1)!.operation, 'write-partial');
    assert.equal((await s.call('execute', { path: '/3/0/4' })).body.code, '2.04');
    const created = await s.call('create', { path: '/3441', value: { 110: 'made' } });
    assert.deepEqual([created.body.code, created.body.location], ['2.01', '/3441/1']);
    assert.equal((await s.call('delete', { path: '/3441/1' })).body.code, '2.02');
    assert.equal((await s.call('write-attributes', { path: '/3/0/9', attributes: { pmin: 2, pmax: 10 } })).body.code, '2.04');
    assert.equal(s.client.requests.all().at(-1)!.request.path, '/3/0/9');
    const links = (await s.call('discover', { path: '/3/0' })).body.links as string[];
    assert.ok(links.includes('</3/0/9>;pmin=2;pmax=10'), links.join(','));

    assert.equal((await s.call('read', { path: '/3/x' })).status, 400);
    assert.equal((await s.call('read', { path: '/3/0', format: 'xml' })).status, 400);
    assert.equal((await s.call('write', { path: '/3441/0/110', value: { nested: true }, format: 'text' })).status, 400);
    const unknown = await fetch(`${s.base}/api/clients/nobody/read`, { method: 'POST', body: '{"path":"/3/0"}' });
    assert.equal(unknown.status, 404);
    assert.equal((await fetch(`${s.base}/api/clients/urn%3Atc%3A1/read`, { method: 'POST', body: '{' })).status, 400);
  } finally {
    await s.close();
  }
});

test('Observe: notifications reach the API; cancel actively (Observe=1, same token) and passively (RST)', async () => {
  const s = await setup();
  try {
    await s.client.register();
    const obs = await s.call('observe', { path: '/3/0/9', format: 'text' });
    assert.equal(obs.body.value, 100);
    const [o] = s.client.observationsOf('/3/0/9');
    assert.equal(o.token.toString('hex'), obs.body.token);
    s.client.setValue('/3/0/9', 77n);
    assert.equal((await s.client.notify(o)).outcome, 'ack', 'a CON notification is ACKed');
    const got = (await (await fetch(`${s.base}/api/clients/urn%3Atc%3A1/notifications?path=%2F3%2F0%2F9`)).json()) as { values: object }[];
    assert.deepEqual(got.at(-1)?.values, { '/3/0/9': 77 });

    assert.equal((await s.call('cancel-observation', { path: '/3/0/9' })).body.code, '2.05');
    const cancel = s.client.requests.all().at(-1)!;
    assert.equal(cancel.operation, 'cancel-observe');
    assert.ok(cancel.request.message.token.equals(o.token), 'the cancel carries the observation token');

    await s.call('observe', { path: '/3/0/9' });
    const [again] = s.client.observationsOf('/3/0/9');
    assert.equal((await s.call('cancel-observation', { path: '/3/0/9', mode: 'passive' })).body.code, '2.05');
    assert.equal((await s.client.notify(again)).outcome, 'rst', 'the next notification is reset');
    assert.equal((await s.call('cancel-observation', { path: '/3/0/9' })).status, 404);
  } finally {
    await s.close();
  }
});

test('HTTP API: a Discover with depth, an Observe with attributes as parameters; a bad depth is 400', async () => {
  const s = await setup();
  try {
    await s.client.register();
    assert.equal((await s.call('discover', { path: '/3', depth: '1' })).body.code, '2.05');
    assert.deepEqual(uriQuery(s.client.requests.all().at(-1)!.request.message), ['depth=1']);
    assert.equal((await s.call('discover', { path: '/3', depth: 7 })).status, 400);
    assert.equal((await s.call('discover', { path: '/3', depth: 'deep' })).status, 400);
    const obs = await s.call('observe', { path: '/3/0/9', attributes: 'pmin=5&pmax=15' });
    assert.equal(obs.body.value, 100);
    const sent = s.client.requests.all().at(-1)!;
    assert.deepEqual(
      [sent.operation, [...sent.request.query]],
      [
        'observe',
        [
          ['pmin', '5'],
          ['pmax', '15'],
        ],
      ],
    );
    await s.call('observe', { path: '/3/0/8', attributes: { pmax: 10 }, format: 'senml-json' });
    assert.deepEqual([...s.client.requests.all().at(-1)!.request.query], [['pmax', '10']]);
  } finally {
    await s.close();
  }
});

test('Send: POST /dp is answered 2.04 and the values reach the API', async () => {
  const s = await setup();
  try {
    await s.client.register();
    assert.equal((await s.client.send(['/3/0/9'])).message.code, '2.04');
    const sent = (await (await fetch(`${s.base}/api/sent`)).json()) as { at: number; endpoint: string; values: object }[];
    assert.deepEqual(
      sent.map(({ endpoint, values }) => ({ endpoint, values })),
      [{ endpoint: 'urn:tc:1', values: { '/3/0/9': 100 } }],
    );
  } finally {
    await s.close();
  }
});

test('DM faults: a Read without the Accept asked for; strings decoded one character short', async () => {
  const noAccept = await setup(['read-without-accept']);
  try {
    await noAccept.client.register();
    await noAccept.call('read', { path: '/3/0', format: 'tlv' });
    assert.equal(accept(noAccept.client.requests.all().at(-1)!.request.message), undefined);
  } finally {
    await noAccept.close();
  }
  const short = await setup(['read-misdecodes-strings']);
  try {
    await short.client.register();
    assert.equal((await short.call('read', { path: '/3/0/0' })).body.value, 'Open Mobile Allianc');
  } finally {
    await short.close();
  }
});

test('survives garbage, a malformed object list and an Update flood, and keeps serving', async () => {
  const s = await setup();
  try {
    await s.client.sendGarbage();
    assert.equal((await s.client.registerMalformed()).message.code, '4.00');
    await s.client.register();
    const flood = await s.client.floodUpdates(50);
    assert.ok(flood.every((r) => r.status === 'fulfilled' && r.value.message.code === '2.04'));
    assert.equal((await s.call('read', { path: '/3/0/0' })).body.value, 'Open Mobile Alliance');
  } finally {
    await s.close();
  }
});

test('composite API: Read-, Write-, Observe-Composite and its cancellation, with the values by path; bad bodies are 400', async () => {
  const s = await setup();
  try {
    await s.client.register();
    const read = await s.call('read-composite', { paths: ['/3/0/16', '/1/0/1', '/1/0/8'], format: 'senml-json' });
    assert.equal(read.status, 200);
    assert.equal(read.body.code, '2.05');
    assert.equal(read.body.contentFormat, 110);
    // The executable /1/0/8 is left out by the client; the server reports what came back.
    assert.deepEqual(read.body.values, { '/3/0/16': 'U', '/1/0/1': 60 });
    const fetched = s.client.requests.all().at(-1)!;
    assert.equal(fetched.operation, 'read-composite');
    assert.equal(accept(fetched.request.message), 110);
    const write = await s.call('write-composite', { values: { '/1/0/1': 61, '/3441/0/110': 'composite' } });
    assert.equal(write.body.code, '2.04');
    assert.equal(s.client.store.get(1, 0, 1), 61n);
    assert.equal(s.client.store.get(3441, 0, 110), 'composite');
    const observed = await s.call('observe-composite', { paths: ['/1/0/1', '/3/0/16'] });
    assert.equal(observed.body.code, '2.05');
    const [o] = s.client.compositeObservationsOf(['/3/0/16', '/1/0/1']);
    s.client.setValue('/1/0/1', 70n);
    assert.equal((await s.client.notify(o)).outcome, 'ack');
    const latest = await s.call('notifications/latest?path=%2F1%2F0%2F1', {}, 'GET');
    assert.deepEqual(latest.body.values, { '/1/0/1': 70, '/3/0/16': 'U' });
    const cancel = await s.call('cancel-observation-composite', { paths: ['/3/0/16', '/1/0/1'] });
    assert.equal(cancel.body.code, '2.05');
    const sent = s.client.requests.all().at(-1)!;
    assert.equal(sent.operation, 'cancel-observe-composite');
    assert.ok(sent.request.message.token.equals(o.token));
    assert.equal((await s.call('cancel-observation-composite', { paths: ['/3/0/16', '/1/0/1'] })).status, 404);
    assert.equal((await s.call('read-composite', { paths: [] })).status, 400);
    assert.equal((await s.call('read-composite', { paths: ['/3/0/16'], format: 'tlv' })).status, 400);
    assert.equal((await s.call('write-composite', { values: [1] })).status, 400);
  } finally {
    await s.close();
  }
});
