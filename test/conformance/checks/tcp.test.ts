import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InboundEvent } from '../../../src/coap/endpoint';
import { decodeTcpFrame, encodeTcpMessage } from '../../../src/coap/tcp-codec';
import { abort, csm, signal, SignalCode } from '../../../src/coap/signalling';
import { type CoapMessage, uriOptions } from '../../../src/coap/message';
import { checkCsmExchange, checkTcpBinding, checkTlsChannel, connectionKeptProblems } from '../../../src/conformance/checks/tcp';
import type { RdEvent } from '../../../src/peers/test-server';
import { parseUri } from '../../../src/peers/reference-client/bootstrap';

const peer = { host: '127.0.0.1', port: 40000 };
const other = { host: '127.0.0.1', port: 40001 };
const register: CoapMessage = {
  type: 'CON',
  code: '0.02',
  messageId: 0,
  token: Buffer.from([1]),
  options: uriOptions('/rd?ep=a&b=T'),
  payload: Buffer.alloc(0),
  reliable: true,
};

function inbound(m: CoapMessage, from = peer): InboundEvent {
  const bytes = encodeTcpMessage(m);
  const { message, problems } = decodeTcpFrame(bytes);
  return { at: Date.now(), peer: from, bytes, message, problems };
}

test('CSM exchange: the CSM must open the connection, and the client must not abort', () => {
  assert.deepEqual(checkCsmExchange([inbound(csm({ maxMessageSize: 1152 })), inbound(register)], peer), []);
  assert.match(checkCsmExchange([inbound(register), inbound(csm({}))], peer).join(), /no CSM \(7\.01\) opened the connection: .*0\.02/);
  assert.match(checkCsmExchange([inbound(csm({})), inbound(abort('cannot'))], peer).join(), /aborted the connection \(7\.05\): "cannot"/);
  assert.match(
    checkCsmExchange([inbound(signal(SignalCode.CSM, [{ number: 4, value: Buffer.from([1]) }]))], peer).join(),
    /CSM: Block-Wise-Transfer value is 1 byte/,
  );
  assert.match(checkCsmExchange([inbound(csm({}), other)], peer).join(), /nothing arrived on the connection from 127\.0\.0\.1:40000/);
  // Judging a server DUT (what the Test Client read), the sentences name the server.
  assert.match(checkCsmExchange([inbound(register)], peer, 'server').join(), /the first message from the server was/);
  assert.match(checkCsmExchange([inbound(csm({})), inbound(abort('no'))], peer, 'server').join(), /the server aborted the connection/);
});

test('TCP binding: the Register over TCP announces T', () => {
  const event = (q: string): RdEvent => ({
    kind: 'register',
    at: 0,
    request: {
      message: { ...register, options: uriOptions(`/rd?${q}`) },
      peer,
      problems: [],
      path: '/rd',
      query: new Map(),
      receivedAt: 0,
    },
  });
  assert.deepEqual(checkTcpBinding(event('ep=a&b=T')), []);
  assert.deepEqual(checkTcpBinding(event('ep=a&b=UT')), []);
  assert.match(checkTcpBinding(event('ep=a&b=U')).join(), /b="U" although the client registered over TCP/);
  assert.match(checkTcpBinding(event('ep=a')).join(), /no "b" parameter/);
});

test('server URIs: coap+tcp and coaps+tcp', () => {
  assert.deepEqual(parseUri('coap+tcp://127.0.0.1:5000'), { secure: false, tcp: true, host: '127.0.0.1', port: 5000 });
  assert.deepEqual(parseUri('coaps+tcp://[::1]'), { secure: true, tcp: true, host: '::1', port: 5684 });
  assert.deepEqual(parseUri('coap://h'), { secure: false, tcp: false, host: 'h', port: 5683 });
  assert.equal(parseUri('coap+udp://h'), undefined);
});

test('TLS channel: the suite kind and the identity the profile declares', () => {
  const psk = { mode: 'psk' as const, pskIdentity: 'dev1' };
  assert.deepEqual(checkTlsChannel({ cipherSuite: 'TLS_PSK_WITH_AES_128_CCM_8', identity: 'dev1' }, psk), []);
  assert.match(checkTlsChannel({ cipherSuite: 'TLS_PSK_WITH_AES_128_CCM_8', identity: 'dev2' }, psk).join(), /identity was "dev2"/);
  assert.match(checkTlsChannel(undefined, psk).join(), /did not arrive over a TLS connection/);
  const x509 = { mode: 'x509' as const };
  assert.deepEqual(checkTlsChannel({ cipherSuite: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', identity: 'client' }, x509), []);
  assert.match(checkTlsChannel({ cipherSuite: 'TLS_PSK_WITH_AES_128_CCM_8', identity: 'x' }, x509).join(), /a PSK suite/);
  assert.match(checkTlsChannel({ cipherSuite: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256' }, x509).join(), /no certificate/);
});

test('a notification over TCP: the connection kept (no Release or Abort after it, no reconnect, a Pong to a later Ping)', () => {
  const since = Date.now();
  const pong = signal(SignalCode.Pong);
  const early = { ...inbound(abort('before')), at: since - 1 };
  // Signals before the notification and from other peers do not count.
  assert.deepEqual(connectionKeptProblems([early, inbound(abort('elsewhere'), other)], peer, since, 0, pong), []);
  assert.match(
    connectionKeptProblems([inbound(abort('not taken'))], peer, since, 0, pong).join(),
    /the server aborted \(7\.05\) the connection after the notification: "not taken"/,
  );
  assert.match(connectionKeptProblems([inbound(signal(SignalCode.Release))], peer, since, 0, pong).join(), /released \(7\.04\)/);
  assert.match(connectionKeptProblems([], peer, since, 1, pong).join(), /the connection closed: the Test Client opened 1 new one/);
  assert.match(connectionKeptProblems([], peer, since, 0, undefined).join(), /Ping written after the notification got no answer/);
  assert.match(connectionKeptProblems([], peer, since, 0, signal(SignalCode.Release)).join(), /got 7\.04 instead of a Pong/);
});
