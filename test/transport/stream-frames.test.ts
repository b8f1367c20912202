import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameError, FrameReassembler, encodeFrameLength, readFrameHeader } from '../../src/transport/stream-frames';

// GET /3/0, token AA: Len 4, TKL 1, code 0.01, two Uri-Path options (RFC 8323 §3.2 layout).
const GET_3_0 = Buffer.from('4101aab1330130', 'hex');

function frameWithBody(bodyLength: number, tkl = 0): Buffer {
  const body = Buffer.alloc(bodyLength, 0);
  if (bodyLength > 0) body[0] = 0xff; // payload marker, then zeros
  return Buffer.concat([encodeFrameLength(bodyLength, tkl), Buffer.from([0x45]), Buffer.alloc(tkl, 7), body]);
}

test('the length header: Len nibble, extended lengths for 13, 14 and 15', () => {
  assert.deepEqual(readFrameHeader(GET_3_0), { headerLength: 3, bodyLength: 4, tokenLength: 1, codeOffset: 1 });
  for (const [body, extBytes, len] of [
    [12, 0, 12],
    [13, 1, 13],
    [268, 1, 13],
    [269, 2, 14],
    [65804, 2, 14],
    [65805, 4, 15],
    [70000, 4, 15],
  ] as const) {
    const head = encodeFrameLength(body, 2);
    assert.equal(head.length, 1 + extBytes, `extended bytes for ${body}`);
    assert.equal(head[0] >> 4, len, `Len nibble for ${body}`);
    const parsed = readFrameHeader(Buffer.concat([head, Buffer.from([0x01, 1, 2])]))!;
    assert.equal(parsed.bodyLength, body);
    assert.equal(parsed.headerLength, 1 + extBytes + 1 + 2);
  }
  assert.equal(readFrameHeader(Buffer.from('e0', 'hex')), undefined, 'Len 14 without its 2 extended bytes is incomplete');
  assert.throws(() => readFrameHeader(Buffer.from('09', 'hex')), FrameError, 'TKL 9 is reserved');
});

test('reassembles a frame split over chunks, byte by byte', () => {
  const r = new FrameReassembler(1152);
  const out: Buffer[] = [];
  for (const b of GET_3_0) out.push(...r.push(Buffer.from([b])).frames);
  assert.deepEqual(out, [GET_3_0]);
  assert.equal(r.buffered, 0);
});

test('several frames in one chunk, the last one partial', () => {
  const big = frameWithBody(300, 4);
  const r = new FrameReassembler(1152);
  const chunk = Buffer.concat([GET_3_0, big, GET_3_0.subarray(0, 3)]);
  const first = r.push(chunk);
  assert.equal(first.error, undefined);
  assert.deepEqual(first.frames, [GET_3_0, big]);
  assert.equal(r.buffered, 3);
  assert.deepEqual(r.push(GET_3_0.subarray(3)).frames, [GET_3_0]);
});

test('an oversized frame is refused from its header, frames before it are kept', () => {
  const r = new FrameReassembler(100);
  // Len 15: 4 extended bytes announcing 65805 + 1000000 bytes; only the header has arrived.
  const huge = Buffer.concat([encodeFrameLength(1_065_805, 0), Buffer.from([0x02])]);
  const { frames, error } = r.push(Buffer.concat([GET_3_0, huge]));
  assert.deepEqual(frames, [GET_3_0]);
  assert.match(error!.message, /a frame of 1065811 bytes is announced; the limit is 100 bytes/);
  assert.equal(r.buffered, 0, 'nothing of the refused frame is kept');
  assert.equal(r.push(GET_3_0).error, error, 'the stream stays broken');
});

test('a reserved token length in the stream is an error, not a crash', () => {
  const { frames, error } = new FrameReassembler(1152).push(Buffer.from('0f01', 'hex'));
  assert.deepEqual(frames, []);
  assert.match(error!.message, /token length 15 is reserved/);
});
