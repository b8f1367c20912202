import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { prf, pskPreMaster, masterSecret } from '../../../src/transport/dtls/prf';
import { createRecordCipher } from '../../../src/transport/dtls/record-protection';
import { plainAuthHeader } from '../../../src/transport/dtls/record';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

test('TLS 1.2 PRF with SHA-256 matches the published test vector', () => {
  // Vector circulated on the IETF TLS list for P_SHA256 (also reproduced by `openssl kdf TLS1-PRF`).
  const out = prf(hex('9bbe436ba940f017b17652849a71db35'), 'test label', hex('a0ba9f936cda311827a6f796ffd5198c'), 100);
  assert.equal(
    out.toString('hex'),
    'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66',
  );
});

test('AES-128-CCM with an 8-byte tag matches RFC 3610 packet vector #1', () => {
  const c = createCipheriv('aes-128-ccm', hex('C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF'), hex('00000003020100A0A1A2A3A4A5'), { authTagLength: 8 });
  const pt = hex('08090A0B0C0D0E0F101112131415161718191A1B1C1D1E');
  c.setAAD(hex('0001020304050607'), { plaintextLength: pt.length });
  const out = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
  assert.equal(out.toString('hex'), '588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0');
});

test('CCM-8 record protection: nonce is salt + epoch/seq, header authenticated, tampering refused', () => {
  const key = hex('000102030405060708090a0b0c0d0e0f');
  const salt = hex('a0a1a2a3');
  const cipher = createRecordCipher('aes-128-ccm8', key, salt, Buffer.alloc(0));
  const explicit = hex('0001000000000005'); // epoch 1, seq 5
  const header = plainAuthHeader(1, 5, 23, 0xfefd);
  const sealed = cipher.seal(Buffer.from('hello'), explicit, header);
  assert.equal(sealed.length, 8 + 5 + 8);
  assert.deepEqual(sealed.subarray(0, 8), explicit);
  // The same bytes by hand: nonce = salt || explicit, AAD = seq_num || type || version || length.
  const c = createCipheriv('aes-128-ccm', key, Buffer.concat([salt, explicit]), { authTagLength: 8 });
  c.setAAD(hex('0001000000000005' + '17' + 'fefd' + '0005'), { plaintextLength: 5 });
  assert.deepEqual(sealed.subarray(8), Buffer.concat([c.update(Buffer.from('hello')), c.final(), c.getAuthTag()]));
  assert.equal(cipher.open(sealed, header)?.toString(), 'hello');
  const tampered = Buffer.from(sealed);
  tampered[10] ^= 1;
  assert.equal(cipher.open(tampered, header), undefined);
  assert.equal(cipher.open(sealed, plainAuthHeader(1, 6, 23, 0xfefd)), undefined, 'another sequence number must not authenticate');
});

test('GCM and CBC-HMAC-SHA256 record protection round-trip and refuse tampering', () => {
  for (const kind of ['aes-128-gcm', 'aes-128-cbc-sha256'] as const) {
    const cipher = createRecordCipher(
      kind,
      Buffer.alloc(16, 1),
      Buffer.alloc(kind === 'aes-128-gcm' ? 4 : 0, 2),
      Buffer.alloc(kind === 'aes-128-gcm' ? 0 : 32, 3),
    );
    const header = plainAuthHeader(1, 9, 23, 0xfefd);
    for (const size of [0, 1, 15, 16, 17, 1000]) {
      const pt = Buffer.alloc(size, 7);
      const sealed = cipher.seal(pt, hex('0001000000000009'), header);
      assert.deepEqual(cipher.open(sealed, header), pt, `${kind} ${size}`);
      const bad = Buffer.from(sealed);
      bad[bad.length - 1] ^= 0x80;
      assert.equal(cipher.open(bad, header), undefined, `${kind} ${size} tampered`);
    }
  }
});

test('PSK pre-master secret and extended master secret layout (RFC 4279, RFC 7627)', () => {
  assert.equal(pskPreMaster(hex('0102')).toString('hex'), '000200000002' + '0102');
  const pms = pskPreMaster(hex('0102'));
  const cr = Buffer.alloc(32, 1);
  const sr = Buffer.alloc(32, 2);
  const hash = Buffer.alloc(32, 3);
  assert.deepEqual(masterSecret(pms, cr, sr, hash), prf(pms, 'extended master secret', hash, 48));
  assert.deepEqual(masterSecret(pms, cr, sr), prf(pms, 'master secret', Buffer.concat([cr, sr]), 48));
  assert.notDeepEqual(masterSecret(pms, cr, sr, hash), masterSecret(pms, cr, sr));
});
