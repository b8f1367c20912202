/** The Bootstrap-Server judging rules, on requests answered by the Test Client's real bootstrap part. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingRequest } from '../../../src/coap/endpoint';
import { Method, OptionNumber, uintOption, type CoapOption } from '../../../src/coap/message';
import { ContentFormat, encodeContent } from '../../../src/lwm2m/content';
import { LwM2MPath } from '../../../src/lwm2m/path';
import { ObjectRegistry } from '../../../src/lwm2m/model';
import { TestBootstrapClient, type BootstrapServerRequest } from '../../../src/peers/test-client/bootstrap-client';
import { securityRecords, serverRecords, type ServerAccount } from '../../../src/peers/test-bootstrap-server';
import {
  checkBootstrapAccountKept,
  checkBootstrapAccountNotDeleted,
  checkBootstrapDelete,
  checkBootstrapDiscover,
  checkBootstrapFinish,
  checkBootstrapReadRequest,
  checkBootstrapWrite,
  checkDeletesCover,
  checkProvisionedConfiguration,
} from '../../../src/conformance/checks/bootstrap-server';

const registry = ObjectRegistry.bundled();
const FORMATS = [ContentFormat.SENML_CBOR, ContentFormat.TLV];
const account: ServerAccount = {
  securityInstance: 0,
  serverInstance: 0,
  uri: 'coap://127.0.0.1:5683',
  shortServerId: 1,
  lifetime: 300,
  mode: 'nosec',
};

function request(
  method: string,
  path: string,
  o: { cf?: number; accept?: number; payload?: Buffer; observe?: number } = {},
): IncomingRequest {
  const options: CoapOption[] = [];
  if (o.observe !== undefined) options.push(uintOption(OptionNumber.Observe, o.observe));
  if (o.cf !== undefined) options.push(uintOption(OptionNumber.ContentFormat, o.cf));
  if (o.accept !== undefined) options.push(uintOption(OptionNumber.Accept, o.accept));
  return {
    message: { type: 'CON', code: method, messageId: 1, token: Buffer.from([1]), options, payload: o.payload ?? Buffer.alloc(0) },
    peer: { host: '127.0.0.1', port: 5783 },
    problems: [],
    path,
    query: new Map(),
    receivedAt: Date.now(),
  };
}

/** A Test Client (never started: handle() needs no socket) and what it logged for each request. */
function client() {
  const c = new TestBootstrapClient({ server: { host: '127.0.0.1', port: 5783 }, lwm2mVersion: '1.1', formats: FORMATS, registry });
  const send = (r: IncomingRequest): BootstrapServerRequest => {
    c.handle(r);
    return c.requests.all().at(-1)!;
  };
  return { c, send };
}

const write = (path: string, records = securityRecords(account), cf: number = ContentFormat.SENML_CBOR, method: string = Method.PUT) =>
  request(method, path, { cf, payload: encodeContent(cf, LwM2MPath.parse(path), records, registry) });

test('a PUT of the Security and Server instances in a declared format passes, is applied and leaves a consistent configuration', () => {
  const { c, send } = client();
  for (const [path, records] of [
    ['/0/0', securityRecords(account)],
    ['/1/0', serverRecords(account)],
  ] as const) {
    const r = send(write(path, records));
    assert.equal(r.responseCode, '2.04');
    assert.deepEqual(checkBootstrapWrite(r, FORMATS, registry), []);
  }
  const config = {
    security: c.store.instanceIds(0).map((i) => ({
      instance: i,
      bootstrap: c.store.get(0, i, 1) as boolean,
      uri: c.store.get(0, i, 0) as string,
      shortServerId: c.store.get(0, i, 10) === undefined ? undefined : Number(c.store.get(0, i, 10)),
    })),
    servers: c.store.instanceIds(1).map((i) => ({ instance: i, shortServerId: Number(c.store.get(1, i, 0)) })),
  };
  assert.deepEqual(checkProvisionedConfiguration(config, 1), []);
  assert.equal(send(request(Method.POST, '/bs')).responseCode, '2.04');
});

test('a write as POST, without Content-Format, in an undeclared format, or with a payload that does not decode FAILs with the reason', () => {
  const { send } = client();
  assert.match(checkBootstrapWrite(send(write('/0/0', undefined, undefined, Method.POST)), FORMATS, registry).join(), /PUT.*POST \/0\/0/);
  assert.match(checkBootstrapWrite(send(request(Method.PUT, '/0/0')), FORMATS, registry).join(), /no Content-Format/);
  const json = send(write('/0/0', undefined, ContentFormat.SENML_JSON));
  assert.equal(json.responseCode, '4.15');
  assert.match(checkBootstrapWrite(json, FORMATS, registry).join(), /Content-Format 110; the Test Client takes 112, 11542/);
  const cut = write('/0/0');
  cut.message.payload = cut.message.payload.subarray(0, 10);
  const r = send(cut);
  assert.equal(r.responseCode, '4.00');
  assert.match(checkBootstrapWrite(r, FORMATS, registry).join(), /does not decode as Content-Format 112/);
});

test('a request to a path that is no LwM2M path is a problem, never an exception', () => {
  const { send } = client();
  const r = send(request(Method.PUT, '/bs/x', { cf: ContentFormat.TLV, payload: Buffer.from([1, 2]) }));
  assert.equal(r.path, undefined);
  assert.match(checkBootstrapWrite(r, FORMATS, registry).join(), /"\/bs\/x", which is no LwM2M path/);
  assert.match(checkBootstrapDelete(send(request(Method.DELETE, '/a'))).join(), /no LwM2M path/);
  assert.match(checkBootstrapReadRequest(send(request(Method.GET, '/1/x')), 1, FORMATS).join(), /no LwM2M path/);
});

test('a Bootstrap-Discover needs GET with Accept 40 on "/" or an object', () => {
  const { send } = client();
  const ok = send(request(Method.GET, '/', { accept: 40 }));
  assert.equal(ok.responseCode, '2.05');
  assert.match(ok.response.payload!.toString(), /^<\/>;lwm2m="?1\.1"?,.*<\/0\/1>/);
  assert.deepEqual(checkBootstrapDiscover(ok), []);
  assert.match(checkBootstrapDiscover(send(request(Method.GET, '/'))).join(), /GET \/ carried no Accept \(none\)/);
  assert.match(checkBootstrapDiscover(send(request(Method.GET, '/0/1', { accept: 40 }))).join(), /targets "\/" or an object/);
  assert.deepEqual(checkBootstrapDiscover(undefined, 'no request within 2000 ms'), ['no request within 2000 ms']);
});

test('a Bootstrap-Read targets /1 or /2, carries no Observe, and accepts a declared format', () => {
  const { send } = client();
  send(write('/1/0', serverRecords(account)));
  const ok = send(request(Method.GET, '/1', { accept: ContentFormat.SENML_CBOR }));
  assert.equal(ok.responseCode, '2.05');
  assert.deepEqual(checkBootstrapReadRequest(ok, 1, FORMATS), []);
  assert.match(checkBootstrapReadRequest(send(request(Method.GET, '/0', { accept: 112 })), 1, FORMATS).join(), /sent GET \/0/);
  assert.match(checkBootstrapReadRequest(send(request(Method.GET, '/1', { observe: 0 })), 1, FORMATS).join(), /Observe/);
  assert.match(
    checkBootstrapReadRequest(send(request(Method.GET, '/1', { accept: 11543 })), 1, FORMATS).join(),
    /accepts Content-Format 11543/,
  );
  assert.match(checkBootstrapReadRequest(send(request(Method.GET, '/1', { accept: 40 })), 1, FORMATS).join(), /a Discover/);
});

test('Bootstrap-Deletes: "/", objects and instances pass; a resource, a payload and a missing object do not', () => {
  const { c, send } = client();
  send(write('/0/0'));
  const d0 = send(request(Method.DELETE, '/0'));
  const d1 = send(request(Method.DELETE, '/1'));
  assert.deepEqual([d0.responseCode, d1.responseCode], ['2.02', '2.02']);
  assert.deepEqual(c.store.instanceIds(0), [1], 'the Bootstrap-Server account stays');
  assert.deepEqual([...checkBootstrapDelete(d0), ...checkBootstrapDelete(d1), ...checkDeletesCover([d0, d1], [0, 1])], []);
  assert.deepEqual(checkDeletesCover([send(request(Method.DELETE, '/'))], [0, 1]), []);
  const resource = send(request(Method.DELETE, '/0/0/0'));
  assert.equal(resource.responseCode, '4.00');
  assert.match(checkBootstrapDelete(resource).join(), /DELETE \/0\/0\/0/);
  assert.match(checkDeletesCover([d0], [0, 1]).join(), /no Bootstrap-Delete of \/1/);
  const bs = send(request(Method.DELETE, '/0/1'));
  assert.equal(bs.responseCode, '4.00');
  assert.match(checkBootstrapAccountNotDeleted([d0, bs], 1).join(), /DELETE \/0\/1, the Bootstrap-Server account/);
});

test('an inconsistent configuration: mismatched Short Server IDs, a missing URI, an overwritten Bootstrap-Server account', () => {
  const bsAccount = { instance: 1, bootstrap: true, uri: 'coap://127.0.0.1:5783' };
  assert.match(
    checkProvisionedConfiguration(
      {
        security: [bsAccount, { instance: 0, bootstrap: false, uri: 'coap://h', shortServerId: 1 }],
        servers: [{ instance: 0, shortServerId: 2 }],
      },
      1,
    ).join(),
    /Short Server ID 1, but there is no Server instance with it \(\/1\/0: 2\)/,
  );
  assert.match(checkProvisionedConfiguration({ security: [bsAccount], servers: [] }, 1).join(), /no Security instance for an LwM2M server/);
  assert.match(
    checkProvisionedConfiguration(
      { security: [bsAccount, { instance: 0, bootstrap: false, shortServerId: 1 }], servers: [{ instance: 0, shortServerId: 1 }] },
      1,
    ).join(),
    /\/0\/0\/0 \(LwM2M Server URI\) is missing/,
  );
  const overwritten = {
    security: [{ instance: 1, bootstrap: false, uri: 'coap://h', shortServerId: 1 }],
    servers: [{ instance: 0, shortServerId: 1 }],
  };
  assert.match(checkBootstrapAccountKept(overwritten, 1).join(), /Bootstrap-Server account \/0\/1 was overwritten/);
  assert.match(checkBootstrapAccountKept({ security: [], servers: [] }, 1).join(), /\/0\/1 is gone/);
});

test('Bootstrap-Finish is POST /bs without payload; the Test Client refuses it (4.06) while no account is usable', () => {
  const { send } = client();
  const early = send(request(Method.POST, '/bs'));
  assert.equal(early.responseCode, '4.06');
  assert.deepEqual(checkBootstrapFinish(early), []);
  assert.match(checkBootstrapFinish(send(request(Method.PUT, '/bs'))).join(), /sent PUT \/bs/);
  assert.match(checkBootstrapFinish(undefined, 'no request within 2000 ms').join(), /no request within/);
});
