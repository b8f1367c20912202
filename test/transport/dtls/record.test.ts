import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplayWindow, encodeRecord, parseDatagram } from '../../../src/transport/dtls/record';
import { Reassembler, fragmentMessage, parseFragments } from '../../../src/transport/dtls/handshake-framing';
import { decodeClientHello, encodeClientHello } from '../../../src/transport/dtls/messages';
import { DecodeError } from '../../../src/transport/dtls/bytes';

test('datagrams split into records; a malformed tail is reported with its offset, earlier records kept', () => {
  const a = encodeRecord(22, 0xfefd, 0, 1, Buffer.from([1, 2, 3]));
  const b = encodeRecord(23, 0xfefd, 1, 2, Buffer.alloc(10));
  const ok = parseDatagram(Buffer.concat([a, b]), 0);
  assert.equal(ok.records.length, 2);
  assert.equal(ok.records[1].epoch, 1);
  assert.equal(ok.records[1].seq, 2);
  const truncated = parseDatagram(Buffer.concat([a, b.subarray(0, 15)]), 0);
  assert.equal(truncated.records.length, 1);
  assert.equal(truncated.problem?.offset, a.length);
  assert.match(truncated.problem!.message, /record fragment .* expected 10 byte/);
  const badVersion = Buffer.from(a);
  badVersion.writeUInt16BE(0x0303, 1);
  assert.match(parseDatagram(badVersion, 0).problem!.message, /record version at offset 1: expected DTLS 1.2/);
  assert.match(parseDatagram(Buffer.from([99, 0xfe, 0xfd]), 0).problem!.message, /content type/);
  const cidRecord = encodeRecord(25, 0xfefd, 1, 3, Buffer.alloc(4), Buffer.from('abcdef', 'hex'));
  assert.deepEqual(parseDatagram(cidRecord, 3).records[0].cid, Buffer.from('abcdef', 'hex'));
  assert.match(parseDatagram(cidRecord, 0).problem!.message, /no tls12_cid records/);
});

test('any byte string parses without throwing', () => {
  for (let i = 0; i < 2000; i++) {
    const junk = Buffer.from(Array.from({ length: (i % 60) + 1 }, () => Math.floor(Math.random() * 256)));
    junk[0] = 20 + (i % 4);
    parseDatagram(junk, i % 2 ? 6 : 0);
  }
});

test('replay window: accepts fresh, refuses replayed and too-old numbers', () => {
  const w = new ReplayWindow();
  for (const s of [0, 1, 2, 10]) {
    assert.equal(w.check(s), 'fresh');
    w.accept(s);
  }
  assert.equal(w.check(2), 'replay');
  assert.equal(w.check(5), 'fresh');
  w.accept(5);
  assert.equal(w.check(5), 'replay');
  w.accept(200);
  assert.equal(w.check(10), 'stale');
  assert.equal(w.check(199), 'fresh');
  assert.equal(w.check(200), 'replay');
  assert.equal(w.check(2 ** 48 - 1), 'fresh');
});

test('handshake messages fragment and reassemble in any order; conflicts and old fragments are flagged', () => {
  const body = Buffer.from(Array.from({ length: 1000 }, (_, i) => i & 0xff));
  const frags = fragmentMessage({ type: 11, seq: 3, body }, 212);
  assert.equal(frags.length, 5);
  const r = new Reassembler(3);
  for (const f of [...frags].reverse()) {
    assert.equal(r.add(parseFragments(f)[0]), 'ok');
  }
  const m = r.next();
  assert.deepEqual(m?.body, body);
  assert.equal(r.next(), undefined);
  assert.equal(r.add(parseFragments(frags[0])[0]), 'old');
  const conflicting = parseFragments(fragmentMessage({ type: 12, seq: 4, body: Buffer.alloc(10) }, 100)[0])[0];
  r.add(conflicting);
  assert.match(r.add({ ...conflicting, type: 13 }) as string, /earlier fragments said/);
  assert.throws(() => parseFragments(Buffer.from('0b0000100003000000000020', 'hex')), DecodeError);
  // A fragment claiming a 64 KiB message is refused before anything is buffered.
  assert.throws(
    () => parseFragments(Buffer.from('0b010000000300000000000001ff', 'hex')),
    /length at offset 1: expected at most 32768, got 65536/,
  );
});

test('ClientHello round-trips; a truncated one names the field', () => {
  const hello = {
    version: 0xfefd,
    random: Buffer.alloc(32, 9),
    sessionId: Buffer.alloc(0),
    cookie: Buffer.from('c00c1e', 'hex'),
    cipherSuites: [0xc0a8, 0xc0ae],
    compressionMethods: [0],
    extensions: [{ type: 23, data: Buffer.alloc(0) }],
  };
  const encoded = encodeClientHello(hello);
  assert.deepEqual(decodeClientHello(encoded), hello);
  assert.throws(() => decodeClientHello(encoded.subarray(0, 40)), /cipher_suites at offset 39/);
  const dup = encodeClientHello({ ...hello, extensions: [hello.extensions[0], hello.extensions[0]] });
  assert.throws(() => decodeClientHello(dup), /no duplicate extended_master_secret/);
});
