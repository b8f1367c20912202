/** The OSCORE judging rules of int-405 on real protected messages (src/conformance/checks/oscore.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { InboundEvent, IncomingRequest, IncomingResponse } from '../../../src/coap/endpoint';
import { type CoapMessage, OptionNumber, uriOptions } from '../../../src/coap/message';
import { deriveContext } from '../../../src/coap/oscore/context';
import { OscoreLayer } from '../../../src/coap/oscore/layer';
import {
  checkEveryMessageProtected,
  checkProtectedRegister,
  checkProtectedRegisterAnswer,
  checkProtectedRequest,
  checkProtectedResponse,
} from '../../../src/conformance/checks/oscore';
import type { RdEvent } from '../../../src/peers/test-server';
import { oscoreFromFlags } from '../../../src/cli/reference-client';

const input = { masterSecret: randomBytes(16), senderId: Buffer.from('01', 'hex'), recipientId: Buffer.from('02', 'hex') };
const clientLayer = () => new OscoreLayer({ contexts: [deriveContext(input)] });
const serverLayer = () =>
  new OscoreLayer({ contexts: [deriveContext({ ...input, senderId: input.recipientId, recipientId: input.senderId })] });
const register: CoapMessage = {
  type: 'CON',
  code: '0.02',
  messageId: 7,
  token: Buffer.from('0a', 'hex'),
  options: uriOptions('/rd?ep=x'),
  payload: Buffer.from('</3/0>'),
};
const peer = { host: '127.0.0.1', port: 1 };
const registered = { kind: 'register', at: 0, responseCode: '2.01' } as RdEvent;

/** What the Test Server's endpoint records of `wire`. */
function received(wire: CoapMessage): InboundEvent {
  const r = serverLayer().unprotect(wire);
  if ('refused' in r) return { at: 0, peer, bytes: Buffer.alloc(0), message: wire, problems: [], oscore: r.refused };
  return { at: 0, peer, bytes: Buffer.alloc(0), message: r.message, problems: [], oscore: r.record };
}

test('a protected, verified Register answered 2.01 has no problem', () => {
  assert.deepEqual(checkProtectedRegister(received(clientLayer().protectRequest(peer, register)), registered), []);
});

test('a Register in clear, with a failed tag, or with its code or Uri-Path outside, is named as such', () => {
  assert.match(checkProtectedRegister(received(register), registered)[0], /carried no OSCORE option: it was sent in clear/);
  const wire = clientLayer().protectRequest(peer, register);
  const bad = Buffer.from(wire.payload);
  bad[0] ^= 1;
  assert.match(
    checkProtectedRegister(received({ ...wire, payload: bad }), undefined)[0],
    /could not be verified .*authentication tag does not verify; the Test Server answered 4.00/,
  );
  const pathOutside = received(wire);
  pathOutside.oscore = { ...pathOutside.oscore!, outer: { ...wire, code: '0.01', options: [...wire.options, ...uriOptions('/rd')] } };
  const problems = checkProtectedRegister(pathOutside, registered).join(' | ');
  assert.match(problems, /outer code 0.01 GET; RFC 8613 §4.2 requires 0.02 POST/);
  assert.match(problems, /class E option\(s\) Uri-Path outside/);
  assert.match(
    checkProtectedRegister(received(clientLayer().protectRequest(peer, register)), { ...registered, responseCode: '4.00' })[0],
    /answered 4.00/,
  );
});

test('a response in clear and an outer 2.05 are problems; every plain message is counted', () => {
  assert.match(checkProtectedResponse(undefined, 'the Read')[0], /carried no OSCORE option/);
  const inner: CoapMessage = { ...register, type: 'ACK', code: '2.05', options: [], payload: Buffer.from('x') };
  assert.match(
    checkProtectedResponse({ outer: { ...inner, options: [{ number: 9, value: Buffer.alloc(0) }] }, inner }, 'the Read')[0],
    /outer code 2.05 Content; RFC 8613 §4.2 requires 2.04 Changed/,
  );
  const events = [received(register), received(clientLayer().protectRequest(peer, register))];
  assert.match(checkEveryMessageProtected(events)[0], /1 message\(s\) from the client carried no OSCORE option, the first: CON POST \/rd/);
});

test('reference-client --oscore-* flags: all or nothing, hex, IDs that fit the nonce', () => {
  assert.equal(oscoreFromFlags({}), undefined);
  const ok = oscoreFromFlags({
    'oscore-master-secret': '00112233',
    'oscore-sender-id': '01',
    'oscore-recipient-id': '02',
    'oscore-salt': 'aa',
  });
  assert.equal(ok?.masterSalt?.toString('hex'), 'aa');
  assert.throws(() => oscoreFromFlags({ 'oscore-master-secret': '00' }), /OSCORE needs --oscore-sender-id/);
  assert.throws(
    () => oscoreFromFlags({ 'oscore-master-secret': 'xyz', 'oscore-sender-id': '01', 'oscore-recipient-id': '02' }),
    /--oscore-master-secret: expected an even number of hex digits/,
  );
  assert.throws(
    () => oscoreFromFlags({ 'oscore-master-secret': '00', 'oscore-sender-id': '0102030405060708', 'oscore-recipient-id': '02' }),
    /at most 7 fit the nonce/,
  );
});

// ---- the server side (the server under test answers and asks; the Test Client judges) ----

/** A protected Register from the Test Client, answered by the server with `answer` (protected unless `plain`), as the Test Client records it. */
function answerOf(answer: CoapMessage, plain = false): IncomingResponse {
  const client = clientLayer();
  const server = serverLayer();
  const got = server.unprotect(client.protectRequest(peer, register));
  if ('refused' in got) throw new Error(got.refused.error);
  const wire = plain ? answer : server.protectResponse(answer, got.record);
  const r = client.unprotect(wire);
  if ('refused' in r) throw new Error(r.refused.error);
  return { message: r.message, peer, problems: [], receivedAt: 0, request: register, oscore: r.record };
}

const locationOptions = (...segments: string[]) => segments.map((s) => ({ number: OptionNumber.LocationPath, value: Buffer.from(s) }));
const created: CoapMessage = {
  type: 'ACK',
  code: '2.01',
  messageId: 7,
  token: register.token,
  options: locationOptions('rd', '5'),
  payload: Buffer.alloc(0),
};

test('server side (A): a protected 2.01 with a Location-Path has no problem; in clear, 2.04 inside, or no location is named', () => {
  assert.deepEqual(checkProtectedRegisterAnswer(answerOf(created)), []);
  assert.match(
    checkProtectedRegisterAnswer(answerOf(created, true))[0],
    /answer to the protected Register .*carried no OSCORE option: it was sent in clear/,
  );
  assert.match(checkProtectedRegisterAnswer(answerOf({ ...created, code: '2.04' }))[0], /decrypted to 2\.04 Changed, not 2\.01 Created/);
  assert.match(checkProtectedRegisterAnswer(answerOf({ ...created, options: [] }))[0], /no Location-Path/);
  const inner = answerOf(created);
  inner.oscore = { ...inner.oscore!, outer: { ...inner.oscore!.outer, code: '2.01' } };
  assert.match(checkProtectedRegisterAnswer(inner)[0], /outer code 2\.01 Created; RFC 8613 §4\.2 requires 2\.04 Changed/);
});

test('server side (B): a protected GET has no problem; a GET in clear or with its code outside is named', () => {
  const get: CoapMessage = { ...register, code: '0.01', options: uriOptions('/3/0'), payload: Buffer.alloc(0) };
  const asReceived = (wire: CoapMessage): IncomingRequest => {
    const r = clientLayer().unprotect(wire);
    if ('refused' in r) throw new Error(r.refused.error);
    return { message: r.message, peer, path: '/3/0', query: new Map(), problems: [], receivedAt: 0, oscore: r.record } as IncomingRequest;
  };
  const wire = serverLayer().protectRequest(peer, get);
  assert.equal(wire.code, '0.02');
  assert.deepEqual(checkProtectedRequest(asReceived(wire), 'the Read of /3/0'), []);
  assert.match(
    checkProtectedRequest(asReceived(get), 'the Read of /3/0')[0],
    /the Read of \/3\/0 \(CON GET \/3\/0.*carried no OSCORE option: it was sent in clear/,
  );
  assert.match(
    checkProtectedRequest(asReceived({ ...wire, code: '0.01' }), 'the Read of /3/0')[0],
    /outer code 0\.01 GET; RFC 8613 §4\.2 requires 0\.02 POST/,
  );
});
