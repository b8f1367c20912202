/**
 * OSCORE (RFC 8613) against the test vectors of its Appendix C: key derivation (C.1-C.3), the
 * protected requests (C.4-C.6) and responses (C.7, C.8), byte for byte; then the failures a
 * receiver must diagnose (bad option, failed tag, replay) and the replay window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDatagram, encodeMessage } from '../../src/coap/codec';
import { deriveContext, type ContextInput } from '../../src/coap/oscore/context';
import { buildNonce } from '../../src/coap/oscore/nonce';
import { buildAad, externalAad } from '../../src/coap/oscore/aad';
import { decodeOscoreOption, encodeOscoreOption, OscoreOptionError } from '../../src/coap/oscore/option';
import { OscoreError, protectRequest, protectResponse, unprotectRequest, unprotectResponse } from '../../src/coap/oscore/protect';
import { ReplayWindow } from '../../src/coap/oscore/replay';

const h = (s: string) => Buffer.from(s, 'hex');
const SECRET = h('0102030405060708090a0b0c0d0e0f10');
const SALT = h('9e7ca92223786340');
const ID_CONTEXT = h('37cbf3210017a2d3');

const C1_CLIENT: ContextInput = { masterSecret: SECRET, masterSalt: SALT, senderId: h(''), recipientId: h('01') };
const C1_SERVER: ContextInput = { masterSecret: SECRET, masterSalt: SALT, senderId: h('01'), recipientId: h('') };
const C2_CLIENT: ContextInput = { masterSecret: SECRET, senderId: h('00'), recipientId: h('01') };
const C3_CLIENT: ContextInput = { ...C1_CLIENT, idContext: ID_CONTEXT };

const KEY_VECTORS = [
  {
    name: 'C.1.1 client',
    input: C1_CLIENT,
    sk: 'f0910ed7295e6ad4b54fc793154302ff',
    rk: 'ffb14e093c94c9cac9471648b4f98710',
    iv: '4622d4dd6d944168eefb54987c',
    sn: '4622d4dd6d944168eefb54987c',
    rn: '4722d4dd6d944169eefb54987c',
  },
  {
    name: 'C.1.2 server',
    input: C1_SERVER,
    sk: 'ffb14e093c94c9cac9471648b4f98710',
    rk: 'f0910ed7295e6ad4b54fc793154302ff',
    iv: '4622d4dd6d944168eefb54987c',
    sn: '4722d4dd6d944169eefb54987c',
    rn: '4622d4dd6d944168eefb54987c',
  },
  {
    name: 'C.2.1 client',
    input: C2_CLIENT,
    sk: '321b26943253c7ffb6003b0b64d74041',
    rk: 'e57b5635815177cd679ab4bcec9d7dda',
    iv: 'be35ae297d2dace910c52e99f9',
    sn: 'bf35ae297d2dace910c52e99f9',
    rn: 'bf35ae297d2dace810c52e99f9',
  },
  {
    name: 'C.2.2 server',
    input: { masterSecret: SECRET, senderId: h('01'), recipientId: h('00') },
    sk: 'e57b5635815177cd679ab4bcec9d7dda',
    rk: '321b26943253c7ffb6003b0b64d74041',
    iv: 'be35ae297d2dace910c52e99f9',
    sn: 'bf35ae297d2dace810c52e99f9',
    rn: 'bf35ae297d2dace910c52e99f9',
  },
  {
    name: 'C.3.1 client',
    input: C3_CLIENT,
    sk: 'af2a1300a5e95788b356336eeecd2b92',
    rk: 'e39a0c7c77b43f03b4b39ab9a268699f',
    iv: '2ca58fb85ff1b81c0b7181b85e',
    sn: '2ca58fb85ff1b81c0b7181b85e',
    rn: '2da58fb85ff1b81d0b7181b85e',
  },
  {
    name: 'C.3.2 server',
    input: { ...C1_SERVER, idContext: ID_CONTEXT },
    sk: 'e39a0c7c77b43f03b4b39ab9a268699f',
    rk: 'af2a1300a5e95788b356336eeecd2b92',
    iv: '2ca58fb85ff1b81c0b7181b85e',
    sn: '2da58fb85ff1b81d0b7181b85e',
    rn: '2ca58fb85ff1b81c0b7181b85e',
  },
];

for (const v of KEY_VECTORS) {
  test(`RFC 8613 ${v.name}: Sender Key, Recipient Key, Common IV and the nonces of Partial IV 0`, () => {
    const c = deriveContext(v.input);
    assert.equal(c.senderKey.toString('hex'), v.sk);
    assert.equal(c.recipientKey.toString('hex'), v.rk);
    assert.equal(c.commonIv.toString('hex'), v.iv);
    assert.equal(buildNonce(c.commonIv, c.senderId, h('00')).toString('hex'), v.sn);
    assert.equal(buildNonce(c.commonIv, c.recipientId, h('00')).toString('hex'), v.rn);
  });
}

const REQUEST_VECTORS = [
  {
    name: 'C.4',
    input: C1_CLIENT,
    plain: '44015d1f00003974396c6f63616c686f737483747631',
    aad: '8368456e63727970743040488501810a40411440',
    protectedHex: '44025d1f00003974396c6f63616c686f7374620914ff612f1092f1776f1c1668b3825e',
  },
  {
    name: 'C.5',
    input: C2_CLIENT,
    plain: '440171c30000b932396c6f63616c686f737483747631',
    aad: '8368456e63727970743040498501810a4100411440',
    protectedHex: '440271c30000b932396c6f63616c686f737463091400ff4ed339a5a379b0b8bc731fffb0',
  },
  {
    name: 'C.6',
    input: C3_CLIENT,
    plain: '44012f8eef9bbf7a396c6f63616c686f737483747631',
    aad: '8368456e63727970743040488501810a40411440',
    protectedHex: '44022f8eef9bbf7a396c6f63616c686f73746b19140837cbf3210017a2d3ff72cd7273fd331ac45cffbe55c3',
  },
];

for (const v of REQUEST_VECTORS) {
  test(`RFC 8613 ${v.name}: the request protected with Sender Sequence Number 20, byte for byte`, () => {
    const context = deriveContext(v.input);
    context.senderSequenceNumber = 20;
    const { message, exchange } = protectRequest(context, decodeDatagram(h(v.plain)).message);
    assert.equal(buildAad(context.aead, exchange.requestKid, exchange.requestPiv).toString('hex'), v.aad);
    assert.equal(encodeMessage(message).toString('hex'), v.protectedHex);
    assert.equal(context.senderSequenceNumber, 21);
  });
}

test('RFC 8613 C.4 verified by the C.1 server: the inner GET /tv1 comes back, the replayed copy is refused with 4.01', () => {
  const server = deriveContext(C1_SERVER);
  const find = (kid: Buffer) => (kid.equals(server.recipientId) ? server : undefined);
  const wire = decodeDatagram(h(REQUEST_VECTORS[0].protectedHex)).message;
  const { message } = unprotectRequest(find, wire);
  assert.equal(encodeMessage(message).toString('hex'), REQUEST_VECTORS[0].plain);
  assert.throws(
    () => unprotectRequest(find, wire),
    (e: unknown) => e instanceof OscoreError && e.failure === 'replay' && e.answerCode === '4.01',
  );
});

test('RFC 8613 C.7 (nonce of the request) and C.8 (own Partial IV 0): the response protected and verified, byte for byte', () => {
  const server = deriveContext(C1_SERVER);
  const request = unprotectRequest(() => server, decodeDatagram(h(REQUEST_VECTORS[0].protectedHex)).message);
  const response = decodeDatagram(h('64455d1f00003974ff48656c6c6f20576f726c6421')).message;
  const c7 = protectResponse(request.exchange, response);
  assert.equal(encodeMessage(c7).toString('hex'), '64445d1f0000397490ffdbaad1e9a7e7b2a813d3c31524378303cdafae119106');
  const c8 = protectResponse(request.exchange, response, { freshPartialIv: true });
  assert.equal(encodeMessage(c8).toString('hex'), '64445d1f00003974920100ff4d4c13669384b67354b2b6175ff4b8658c666a6cf88e');

  const client = deriveContext(C1_CLIENT);
  client.senderSequenceNumber = 20;
  const sent = protectRequest(client, decodeDatagram(h(REQUEST_VECTORS[0].plain)).message);
  for (const wire of [c7, c8]) {
    const inner = unprotectResponse(sent.exchange, decodeDatagram(encodeMessage(wire)).message);
    assert.equal(inner.code, '2.05');
    assert.equal(inner.payload.toString(), 'Hello World!');
  }
});

test('external AAD and option value of C.4, C.6', () => {
  assert.equal(externalAad(10, h(''), h('14')).toString('hex'), '8501810a40411440');
  assert.equal(encodeOscoreOption({ partialIv: h('14'), kid: h('') }).toString('hex'), '0914');
  const c6 = decodeOscoreOption(h('19140837cbf3210017a2d3'));
  assert.deepEqual(
    [c6.partialIv?.toString('hex'), c6.kidContext?.toString('hex'), c6.kid?.toString('hex')],
    ['14', '37cbf3210017a2d3', ''],
  );
  assert.deepEqual(decodeOscoreOption(Buffer.alloc(0)), {});
});

test('a malformed OSCORE option is an OscoreOptionError naming the defect, never a crash', () => {
  for (const [value, words] of [
    ['29', /reserved flag bits/],
    ['06', /Partial IV length 6 is reserved/],
    ['03aa', /3-byte Partial IV announced, 1 byte/],
    ['1114', /kid context flag set but no length byte/],
    ['110405', /5-byte kid context announced, 0 byte/],
    ['011400', /after the Partial IV and no kid flag/],
    ['00', /empty option value/],
  ] as const) {
    assert.throws(
      () => decodeOscoreOption(h(value)),
      (e: unknown) => e instanceof OscoreOptionError && words.test(e.message),
      value,
    );
  }
});

test('a received request with a corrupted ciphertext, a bad option or an unknown kid gets the §8.2 answer code', () => {
  const server = deriveContext(C1_SERVER);
  const find = (kid: Buffer) => (kid.equals(server.recipientId) ? server : undefined);
  const wire = decodeDatagram(h(REQUEST_VECTORS[0].protectedHex)).message;
  const flipped = Buffer.from(wire.payload);
  flipped[0] ^= 1;
  const expect = (m: typeof wire, failure: string, code: string) =>
    assert.throws(
      () => unprotectRequest(find, m),
      (e: unknown) => e instanceof OscoreError && e.failure === failure && e.answerCode === code,
    );
  expect({ ...wire, payload: flipped }, 'decrypt', '4.00');
  expect({ ...wire, payload: wire.payload.subarray(0, 4) }, 'decrypt', '4.00');
  expect({ ...wire, options: wire.options.map((o) => (o.number === 9 ? { number: 9, value: h('e914') } : o)) }, 'bad-option', '4.02');
  expect({ ...wire, options: wire.options.map((o) => (o.number === 9 ? { number: 9, value: h('091402') } : o)) }, 'no-context', '4.01');
  expect({ ...wire, options: wire.options.filter((o) => o.number !== 9) }, 'bad-option', '4.02');
  // The failed attempts left the window untouched: the genuine request is still accepted once.
  assert.equal(unprotectRequest(find, wire).message.code, '0.01');
});

test('replay window: fresh numbers once each, old ones inside the window once, below it never', () => {
  const w = new ReplayWindow();
  for (const n of [5, 3, 40]) {
    assert.equal(w.check(n), undefined, String(n));
    w.accept(n);
  }
  assert.match(w.check(40) ?? '', /received before/);
  assert.match(w.check(5) ?? '', /below the replay window/);
  assert.equal(w.check(20), undefined);
  w.accept(20);
  assert.match(w.check(20) ?? '', /received before/);
  assert.equal(w.check(41), undefined);
});
