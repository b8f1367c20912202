/**
 * The opt-in key log hook: the secrets it gives for a session are the ones OpenSSL (an
 * independent stack, its own -keylogfile) derives for the same session, and nothing is given
 * without a listener.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createDtlsClient,
  createDtlsServer,
  DtlsSessionInfo,
  keyLogLine,
  onSessionSecrets,
  type SessionSecrets,
} from '../../../src/transport/dtls';
import { PSK, PSK_HEX, Peer, nextDatagram, nextEvent, cleanupAfterFile, FAST_TIMERS } from './helpers';

const { peers, endpoints } = cleanupAfterFile(after);

test('the key log line of our server is the one openssl s_client writes for the same PSK session', async () => {
  const got: SessionSecrets[] = [];
  const stop = onSessionSecrets((s) => got.push(s));
  after(stop);
  const server = await createDtlsServer({ host: '127.0.0.1', timers: FAST_TIMERS, psk: (id) => (id === 'dev1' ? PSK : undefined) });
  endpoints.push(server);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keylog-')), 'openssl.keys');
  const session = nextEvent<DtlsSessionInfo>(server, 'handshake');
  const client = new Peer('openssl', [
    's_client',
    '-dtls1_2',
    '-connect',
    `127.0.0.1:${server.local.port}`,
    '-psk',
    PSK_HEX,
    '-psk_identity',
    'dev1',
    '-cipher',
    'PSK-AES128-CCM8',
    '-keylogfile',
    file,
  ]);
  peers.push(client);
  await session;
  const data = nextDatagram(server);
  client.write('hello\n');
  await data;
  const theirs = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('CLIENT_RANDOM'));
  assert.equal(got.length, 1, 'one session, one set of secrets');
  assert.equal(got[0].clientRandom.length, 32);
  assert.equal(got[0].masterSecret.length, 48);
  assert.deepEqual(theirs, [keyLogLine(got[0])]);
});

test('without a listener, and after unsubscribing, no secrets are handed out', async () => {
  const got: SessionSecrets[] = [];
  onSessionSecrets((s) => got.push(s))(); // subscribe and unsubscribe at once
  const server = await createDtlsServer({ host: '127.0.0.1', timers: FAST_TIMERS, psk: () => PSK });
  const client = await createDtlsClient({ host: '127.0.0.1', timers: FAST_TIMERS, pskIdentity: 'dev1', pskKey: PSK });
  endpoints.push(server, client);
  const data = nextDatagram(server);
  await client.send(server.local, Buffer.from('ping'));
  await data;
  assert.equal(client.sessions().length, 1, 'the handshake happened');
  assert.deepEqual(got, []);
});
