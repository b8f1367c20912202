import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoapFormatError } from '../../src/coap/codec';
import { decodeTcpFrame, encodeTcpMessage } from '../../src/coap/tcp-codec';
import { type CoapMessage, OptionNumber, uriOptions, uriPath, queryParams } from '../../src/coap/message';
import { summarizeMessage } from '../../src/coap/describe';
import { SignalCode, abort, csm, readCsm, signal, signalProblems } from '../../src/coap/signalling';

const register: CoapMessage = {
  type: 'CON',
  code: '0.02',
  messageId: 0,
  token: Buffer.from('a1b2c3d4', 'hex'),
  options: [...uriOptions('/rd?ep=dev-1&lt=300&lwm2m=1.1&b=T'), { number: OptionNumber.ContentFormat, value: Buffer.from([40]) }],
  payload: Buffer.from('</1/0>,</3/0>'),
  reliable: true,
};

test('a known frame: GET /3/0 with token AA', () => {
  const { message, problems } = decodeTcpFrame(Buffer.from('4101aab1330130', 'hex'));
  assert.deepEqual(problems, []);
  assert.equal(message.code, '0.01');
  assert.equal(uriPath(message), '/3/0');
  assert.equal(message.token.toString('hex'), 'aa');
  assert.equal(message.reliable, true);
  assert.equal(encodeTcpMessage(message).toString('hex'), '4101aab1330130');
});

test('a Register round-trips; no type or Message ID on the wire', () => {
  const bytes = encodeTcpMessage(register);
  assert.equal(bytes[0] >> 4, 13, 'Len 13: one extended length byte');
  assert.equal(bytes[0] & 0x0f, 4, 'TKL 4');
  assert.equal(bytes[2], 0x02, 'the code follows the extended length');
  const { message, problems } = decodeTcpFrame(bytes);
  assert.deepEqual(problems, []);
  assert.equal(queryParams(message).get('b'), 'T');
  assert.deepEqual(message.payload, register.payload);
  assert.deepEqual(encodeTcpMessage({ ...message, messageId: 999, type: 'NON' }), bytes, 'type and MID are not encoded');
  assert.match(summarizeMessage(message), /^TCP POST \/rd\?ep=dev-1/);
  assert.doesNotMatch(summarizeMessage(message), /MID=/);
});

test('payloads of 269 and 65805+ bytes use 2- and 4-byte extended lengths', () => {
  for (const size of [300, 70_000]) {
    const m = { ...register, payload: Buffer.alloc(size, 0x41) };
    const bytes = encodeTcpMessage(m);
    assert.equal(bytes[0] >> 4, size < 65805 ? 14 : 15);
    assert.equal(decodeTcpFrame(bytes).message.payload.length, size);
  }
});

test('malformed frames: a clear CoapFormatError, never a crash', () => {
  const cases: [string, RegExp][] = [
    ['', /whole CoAP-over-TCP length header/],
    ['d0', /whole CoAP-over-TCP length header/], // Len 13 without its extended byte
    ['10', /a code byte/], // header, no code
    ['4401', /a 4-byte token/],
    ['0901', /token length 0..8/],
    ['1001', /a frame of 3 bytes as its length header says, found 2 bytes/], // Len 1, body missing
    ['4101aab1330130ff', /a frame of 7 bytes/], // trailing byte
    ['1002ff', /payload after the 0xFF payload marker/],
    ['2002f133', /option delta nibble 0..14/],
    ['2002b533', /5 byte\(s\) of option 11 value/],
  ];
  for (const [hex, why] of cases) {
    assert.throws(
      () => decodeTcpFrame(Buffer.from(hex, 'hex')),
      (e: unknown) => e instanceof CoapFormatError && why.test(e.message),
      `${hex || '(empty)'} → ${why}`,
    );
  }
});

test('readable frames that break rules list problems', () => {
  const emptyWithToken = decodeTcpFrame(Buffer.from('0100aa', 'hex'));
  assert.match(emptyWithToken.problems.join(), /Empty message .* must have no token/);
  const reserved = decodeTcpFrame(Buffer.from('0020', 'hex')); // code 1.00
  assert.match(reserved.problems.join(), /reserved class \(1\)/);
});

test('signalling: CSM, Ping/Pong, Release, Abort', () => {
  const c = decodeTcpFrame(encodeTcpMessage(csm({ maxMessageSize: 8192, blockWiseTransfer: true })));
  assert.equal(c.message.code, SignalCode.CSM);
  assert.deepEqual(c.problems, []);
  assert.deepEqual(readCsm(c.message), { maxMessageSize: 8192, blockWiseTransfer: true });
  assert.deepEqual(readCsm(csm({})), { maxMessageSize: 1152, blockWiseTransfer: false }, 'defaults of RFC 8323 §5.3');
  assert.equal(summarizeMessage(c.message), 'CSM Max-Message-Size=8192 Block-Wise-Transfer (TCP)');
  assert.equal(encodeTcpMessage(signal(SignalCode.Ping)).toString('hex'), '00e2');
  assert.equal(encodeTcpMessage(signal(SignalCode.Pong, [{ number: 2, value: Buffer.alloc(0) }])).toString('hex'), '10e320');
  const rel = decodeTcpFrame(encodeTcpMessage(signal(SignalCode.Release, [{ number: 4, value: Buffer.from([30]) }])));
  assert.equal(summarizeMessage(rel.message), 'Release Hold-Off=30 (TCP)');
  const ab = decodeTcpFrame(encodeTcpMessage(abort('bad CSM', 2)));
  assert.equal(summarizeMessage(ab.message), 'Abort Bad-CSM-Option=2 "bad CSM" (TCP)');
  assert.deepEqual(ab.problems, []);
  assert.match(
    signalProblems(signal(SignalCode.CSM, [{ number: 4, value: Buffer.from([1]) }])).join(),
    /Block-Wise-Transfer value is 1 byte/,
  );
  assert.match(signalProblems(signal(SignalCode.CSM, [{ number: 9, value: Buffer.alloc(0) }])).join(), /unknown critical option 9/);
  assert.deepEqual(
    signalProblems(signal(SignalCode.CSM, [{ number: 10, value: Buffer.alloc(0) }])),
    [],
    'unknown elective options are ignored',
  );
  assert.match(decodeTcpFrame(Buffer.from('00e6', 'hex')).problems.join(), /7\.06 is not a signalling code/);
});
