import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoapFormatError, decodeDatagram, encodeMessage } from '../../src/coap/codec';
import { type CoapMessage, OptionNumber, uriOptions, uriPath, queryParams, contentFormat } from '../../src/coap/message';
import { summarizeMessage } from '../../src/coap/describe';
// node-coap's packet codec is an independent implementation: our bytes must mean the same to it.
import { parse as coapPacketParse, generate as coapPacketGenerate } from 'coap-packet';

const register: CoapMessage = {
  type: 'CON',
  code: '0.02',
  messageId: 0x1234,
  token: Buffer.from('a1b2c3d4', 'hex'),
  options: [...uriOptions('/rd?ep=dev-1&lt=300&lwm2m=1.1&b=U'), { number: OptionNumber.ContentFormat, value: Buffer.from([40]) }],
  payload: Buffer.from('</1/0>,</3/0>'),
};

test('encodes and decodes a Register byte-exact', () => {
  const bytes = encodeMessage(register);
  const { message, problems } = decodeDatagram(bytes);
  assert.deepEqual(problems, []);
  assert.equal(uriPath(message), '/rd');
  assert.equal(queryParams(message).get('lt'), '300');
  assert.equal(contentFormat(message), 40);
  assert.equal(message.payload.toString(), '</1/0>,</3/0>');
  assert.deepEqual(encodeMessage(message), bytes);
  assert.match(summarizeMessage(message), /^CON POST \/rd\?ep=dev-1&lt=300&lwm2m=1.1&b=U MID=4660 T=a1b2c3d4 CF=40 \(13 B\)$/);
});

test('node-coap reads our bytes and we read its bytes the same way', () => {
  const ours = coapPacketParse(encodeMessage(register));
  assert.equal(ours.code, '0.02');
  assert.equal(ours.messageId, 0x1234);
  assert.deepEqual(
    ours.options.filter((o) => o.name === 'Uri-Query').map((o) => o.value.toString()),
    ['ep=dev-1', 'lt=300', 'lwm2m=1.1', 'b=U'],
  );
  const theirs = coapPacketGenerate({
    confirmable: false,
    ack: true,
    code: '2.01',
    messageId: 77,
    token: Buffer.from('0102', 'hex'),
    options: [
      { name: 'Location-Path', value: Buffer.from('rd') },
      { name: 'Location-Path', value: Buffer.from('x1') },
    ],
  });
  const { message, problems } = decodeDatagram(theirs);
  assert.deepEqual(problems, []);
  assert.equal(message.type, 'ACK');
  assert.equal(message.code, '2.01');
  assert.deepEqual(
    message.options.map((o) => o.value.toString()),
    ['rd', 'x1'],
  );
});

test('extended option deltas and lengths (13 and 14 forms) round-trip', () => {
  const m: CoapMessage = {
    type: 'NON',
    code: '0.01',
    messageId: 1,
    token: Buffer.alloc(0),
    options: [
      { number: OptionNumber.UriPath, value: Buffer.alloc(20, 0x61) },
      { number: OptionNumber.NoResponse, value: Buffer.from([2]) },
      { number: 2000, value: Buffer.alloc(300, 0x62) },
    ],
    payload: Buffer.alloc(0),
  };
  const { message } = decodeDatagram(encodeMessage(m));
  assert.deepEqual(message.options, m.options);
});

const malformed: [string, string, RegExp][] = [
  ['short header', '40', /byte 0: expected a 4-byte CoAP header/],
  ['version 2', '80010001', /expected version 1/],
  ['token length 9', '49010001' + '00'.repeat(9), /token length 0..8, found token length 9/],
  ['truncated token', '44010001aabb', /byte 4: expected a 4-byte token/],
  ['payload marker without payload', '40010001ff', /payload after the 0xFF payload marker/],
  ['option length runs past the end', '40010001b5616263', /byte 5: expected 5 byte\(s\) of option 11 value/],
  ['delta nibble 15', '40010001f1', /option delta nibble 0..14, found 15/],
  ['length nibble 15', '400100011f', /option length nibble 0..14, found 15/],
  ['missing extended delta byte', '40010001d0', /1 extended delta byte/],
];
for (const [name, hex, expected] of malformed) {
  test(`rejects malformed datagram: ${name}`, () => {
    assert.throws(
      () => decodeDatagram(Buffer.from(hex, 'hex')),
      (e: unknown) => e instanceof CoapFormatError && expected.test(e.message),
    );
  });
}

test('lists rule violations in a readable message', () => {
  // Empty message with a token; Content-Format of 3 bytes; Content-Format repeated.
  const { problems: p1 } = decodeDatagram(Buffer.from('6100 0001 aa'.replace(/ /g, ''), 'hex'));
  assert.match(p1.join(), /Empty message \(code 0.00\) must have no token/);
  const { problems: p2 } = decodeDatagram(Buffer.from('40450001c3000028' + '00', 'hex'));
  assert.match(p2.join(), /Content-Format value is 3 byte\(s\); RFC allows 0..2/);
  assert.match(p2.join(), /Content-Format is repeated/);
});

test('never throws anything but CoapFormatError on random bytes', () => {
  for (let i = 0; i < 20000; i++) {
    const b = Buffer.from(Array.from({ length: Math.floor(Math.random() * 40) }, () => Math.floor(Math.random() * 256)));
    try {
      decodeDatagram(b);
    } catch (e) {
      assert.ok(e instanceof CoapFormatError, `unexpected ${e} for ${b.toString('hex')}`);
    }
  }
});
