/** Interoperability with the npm package node-dtls-client (client role, PSK), a stack nobody here wrote. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { dtls } from 'node-dtls-client';
import { createDtlsServer, DtlsEndpoint, DtlsSessionInfo } from '../../../src/transport/dtls';
import { PSK, nextDatagram, nextEvent } from './helpers';

const endpoints: DtlsEndpoint[] = [];
const sockets: dtls.Socket[] = [];
after(async () => {
  for (const s of sockets) s.close();
  for (const e of endpoints) await e.close();
});

for (const cipher of ['TLS_PSK_WITH_AES_128_CCM_8', 'TLS_PSK_WITH_AES_128_CBC_SHA256'] as const) {
  test(`node-dtls-client → our server, ${cipher}, data both ways`, async () => {
    const server = await createDtlsServer({ host: '127.0.0.1', psk: (id) => (id === 'node-client' ? PSK : undefined) });
    endpoints.push(server);
    const session = nextEvent<DtlsSessionInfo>(server, 'handshake');
    const socket = dtls.createSocket({
      type: 'udp4',
      address: '127.0.0.1',
      port: server.local.port,
      psk: { 'node-client': PSK },
      timeout: 5000,
      ciphers: [cipher],
    });
    sockets.push(socket);
    const connected = nextEvent(socket, 'connected');
    const info = await session;
    await connected;
    assert.equal(info.identity, 'node-client');
    assert.equal(info.cipherSuite, cipher);
    const got = nextDatagram(server);
    socket.send(Buffer.from('from node-dtls-client'));
    const { data, peer } = await got;
    assert.equal(data.toString(), 'from node-dtls-client');
    const reply = nextEvent<Buffer>(socket, 'message');
    await server.send(peer, Buffer.from('from the harness'));
    assert.equal((await reply).toString(), 'from the harness');
  });
}
