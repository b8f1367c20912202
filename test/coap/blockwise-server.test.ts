/** The server-side block-wise rules on their own, with explicit clocks (no sockets, no waiting). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockwiseServer, type BlockwiseStep } from '../../src/coap/blockwise-server';
import { blockOption, readBlock } from '../../src/coap/block-option';
import { type CoapMessage, type CoapOption, Method, OptionNumber as O, uriOptions } from '../../src/coap/message';

const peer = { host: '127.0.0.1', port: 40000 };
const LIFETIME = 1000;
const server = (block2Size = 1024) => new BlockwiseServer({ block2Size, maxBodySize: 4096, lifetimeMs: LIFETIME });
const request = (code: string, options: CoapOption[], payload = Buffer.alloc(0)): CoapMessage => ({
  type: 'CON',
  code,
  messageId: 1,
  token: Buffer.from([1]),
  options: [...uriOptions('/5/0/0'), ...options],
  payload,
});
const codeOf = (step: BlockwiseStep) => (step.kind === 'answer' ? step.response.code : 'handle');

test('a partial body is forgotten after the exchange lifetime: the next block gets 4.08', () => {
  const s = server();
  const block = (num: number) => request(Method.PUT, [blockOption(O.Block1, { num, more: true, szx: 2 })], Buffer.alloc(64));
  assert.equal(codeOf(s.receive(peer, block(0), [], 0)), '2.31');
  assert.equal(codeOf(s.receive(peer, block(1), [], LIFETIME)), '2.31', 'still alive at the lifetime');
  const late = s.receive(peer, block(2), [], 2 * LIFETIME + 1);
  assert.equal(codeOf(late), '4.08');
});

test('a kept representation serves later blocks until it expires; then a POST continuation gets 4.08', () => {
  const s = server();
  const post = request(Method.POST, []);
  const first = s.respond(peer, post, { code: '2.04', options: [], payload: Buffer.alloc(3000, 1) }, undefined, 0);
  assert.deepEqual(readBlock({ ...post, options: first.options }, O.Block2), { num: 0, more: true, szx: 6 });
  const next = request(Method.POST, [blockOption(O.Block2, { num: 1, more: false, szx: 6 })]);
  assert.equal(codeOf(s.receive(peer, next, [], 500)), '2.04');
  assert.equal(codeOf(s.receive(peer, next, [], LIFETIME + 1)), '4.08');
});

test('a block asked at a larger size than ours is served from the same byte offset at our size', () => {
  const s = server(256);
  const get = request(Method.GET, [blockOption(O.Block2, { num: 1, more: false, szx: 6 })]); // byte 1024
  const res = s.respond(
    peer,
    get,
    { code: '2.05', options: [], payload: Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251)) },
    undefined,
    0,
  );
  assert.deepEqual(readBlock({ ...get, options: res.options }, O.Block2), { num: 4, more: true, szx: 4 });
  assert.equal(res.payload[0], 1024 % 251);
  assert.equal(res.payload.length, 256);
});

test('a handler that sets Block2 itself is left alone, Block1 echo added', () => {
  const s = server();
  const own = [blockOption(O.Block2, { num: 0, more: true, szx: 0 })];
  const res = s.respond(
    peer,
    request(Method.POST, []),
    { code: '2.04', options: own, payload: Buffer.alloc(5000) },
    { num: 3, more: false, szx: 2 },
    0,
  );
  assert.equal(res.payload.length, 5000);
  assert.deepEqual(
    res.options.map((o) => o.number),
    [O.Block2, O.Block1],
  );
});
