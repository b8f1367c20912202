import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockOptionError, blockOption, readBlock, requestKey, szxOf } from '../../src/coap/block-option';
import { type CoapMessage, Method, OptionNumber, uintOption, uriOptions } from '../../src/coap/message';
import { decodeDatagram, encodeMessage } from '../../src/coap/codec';

const withOption = (number: number, hex: string): CoapMessage => ({
  type: 'CON',
  code: Method.POST,
  messageId: 1,
  token: Buffer.from([1]),
  options: [...uriOptions('/rd?ep=a'), { number, value: Buffer.from(hex, 'hex') }],
  payload: Buffer.alloc(0),
});

test('Block values round-trip in 0, 1, 2 and 3 bytes', () => {
  for (const b of [
    { num: 0, more: false, szx: 0 },
    { num: 0, more: true, szx: 6 },
    { num: 15, more: true, szx: 2 },
    { num: 16, more: false, szx: 4 },
    { num: 4095, more: true, szx: 1 },
    { num: 4096, more: false, szx: 6 },
    { num: 0xfffff, more: true, szx: 5 },
  ]) {
    const option = blockOption(OptionNumber.Block2, b);
    assert.ok(option.value.length <= 3);
    const m = { ...withOption(OptionNumber.Block2, ''), options: [option] };
    assert.deepEqual(readBlock(decodeDatagram(encodeMessage(m)).message, OptionNumber.Block2), b);
  }
  assert.equal(blockOption(OptionNumber.Block1, { num: 0, more: false, szx: 0 }).value.length, 0);
  assert.equal(readBlock(withOption(OptionNumber.Block1, '0a'), OptionNumber.Block2), undefined);
});

test('unusable Block values name the option and the code a server answers', () => {
  const cases: [string, number, string, RegExp][] = [
    ['00000a0a', OptionNumber.Block1, '4.02', /Block1 value is 4 bytes \(0x00000a0a\); RFC 7959 allows 0\.\.3/],
    ['0f', OptionNumber.Block2, '4.00', /Block2 SZX is 7, which is reserved/],
  ];
  for (const [hex, number, code, message] of cases) {
    assert.throws(
      () => readBlock(withOption(number, hex), number as 23 | 27),
      (e) => e instanceof BlockOptionError && e.code === code && message.test(e.message),
    );
  }
  const twice = withOption(OptionNumber.Block1, '0a');
  twice.options.push({ number: OptionNumber.Block1, value: Buffer.from('1a', 'hex') });
  assert.throws(() => readBlock(twice, OptionNumber.Block1), /Block1 is repeated \(2 times\)/);
});

test('the codec lists SZX 7 and over-long Block values as problems of the datagram', () => {
  assert.match(decodeDatagram(encodeMessage(withOption(OptionNumber.Block1, '17'))).problems.join(), /Block1 SZX is 7, which is reserved/);
  assert.match(
    decodeDatagram(encodeMessage(withOption(OptionNumber.Block2, '00000001'))).problems.join(),
    /Block2 value is 4 byte\(s\); RFC allows 0..3/,
  );
});

test('block sizes map to SZX and nothing else is accepted', () => {
  assert.equal(szxOf(16), 0);
  assert.equal(szxOf(1024), 6);
  for (const bad of [0, 8, 48, 2048]) assert.throws(() => szxOf(bad), RangeError);
});

test('the request key ignores token, Block options and payload but not method, path, query, Accept (or Request-Tag for bodies)', () => {
  const peer = { host: '127.0.0.1', port: 5683 };
  const a = withOption(OptionNumber.Block1, '0a');
  const b = { ...withOption(OptionNumber.Block1, '1a'), token: Buffer.from([9]), payload: Buffer.from('x') };
  assert.equal(requestKey(peer, a), requestKey(peer, b));
  assert.notEqual(requestKey(peer, a), requestKey(peer, { ...a, code: Method.PUT }));
  assert.notEqual(requestKey(peer, a), requestKey(peer, { ...a, options: uriOptions('/rd?ep=b') }));
  assert.notEqual(requestKey(peer, a), requestKey(peer, { ...a, options: [...a.options, uintOption(OptionNumber.Accept, 40)] }));
  assert.notEqual(requestKey(peer, a), requestKey({ ...peer, port: 5684 }, a));
  const tagged = (tag: string) => ({ ...a, options: [...a.options, { number: OptionNumber.RequestTag, value: Buffer.from(tag, 'hex') }] });
  assert.notEqual(
    requestKey(peer, tagged('01'), true),
    requestKey(peer, tagged('02'), true),
    'RFC 9175 Request-Tag separates request bodies',
  );
  assert.equal(requestKey(peer, tagged('01')), requestKey(peer, a), 'but not response representations');
});
