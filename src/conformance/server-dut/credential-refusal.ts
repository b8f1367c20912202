/**
 * A server DUT must refuse a client whose DTLS credentials it does not hold (harness cases
 * LwM2M-Robustness-1.1-srv-3 for PSK, srv-4 for raw public keys; the ETS has none). A PSK server
 * looks the key up by the client's identity (RFC 4279 §2) and may complete the handshake only
 * when the client proves it holds that key (its Finished, RFC 5246 §7.4.9); an RPK server
 * accepts only the public keys it knows (RFC 7250 §3, LwM2M 1.1 Transport §5.2.5). A second Test
 * Client, with the wrong credentials and the same endpoint name, tries a handshake and a
 * Register. Judged on what the server did on the wire: an alert or silence is a refusal; its
 * Finished (whether or not the Test Client could authenticate it) or an answer to the Register
 * is not. The refusals count only after the positive control (the declared credentials work).
 */
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingResponse } from '../../coap/endpoint';
import { CoapTimeoutError } from '../../coap/endpoint';
import { codeName } from '../../coap/message';
import { createDtlsClient, DtlsError, type DtlsEndpoint, type DtlsSessionInfo } from '../../transport/dtls';
import { createTcpClient } from '../../transport/tcp';
import type { StreamTransport } from '../../transport/types';
import { DeadlineError, EventLog } from '../../util/event-log';
import { CriterionFailure, DutFailure, PreconditionFailure } from '../failures';
import type { ConnectionEvent, SecureRegister } from './security';
import type { ServerDutSession } from './session';
import { loggingConnections, type StreamRegister } from './tcp';

/** The wrong credential a Test Client presents. */
export type CredentialFault = 'unknown-psk-identity' | 'wrong-psk-key' | 'unknown-public-key';

/** What happened when a Test Client with wrong credentials tried to register. */
export interface RefusalAttempt {
  fault: CredentialFault;
  /** What it presented, in words for the diagnosis (never a key). */
  presented: string;
  /** The handshake, when the server completed it. */
  handshake?: DtlsSessionInfo;
  /** Why the handshake failed, as the Test Client saw it. */
  failure?: DtlsError;
  /** Over TLS: the server completed the handshake (the connection opened). */
  tlsConnected?: boolean;
  /** Over TLS: why the connection or its handshake failed. */
  tlsFailure?: Error;
  /** The server's answer to the Register (possible only inside a completed handshake). */
  response?: IncomingResponse;
}

export class CredentialRefusalOperations {
  private controlPassed = false;

  constructor(private readonly s: ServerDutSession) {}

  /** Positive control: the Test Client with the declared credentials completes a handshake and registers. */
  async positiveControl(): Promise<void> {
    const expected = `the Test Client with the declared ${this.s.channel.material.mode.toUpperCase()} credentials to complete a DTLS handshake and register (positive control)`;
    if (this.overTls) return this.tlsPositiveControl(expected.replace('DTLS', 'TLS'));
    let outcome: SecureRegister;
    try {
      outcome = await this.s.security.registerSecurely();
    } catch (e) {
      throw new PreconditionFailure(expected, (e as Error).message);
    }
    if ('handshakeError' in outcome)
      throw new PreconditionFailure(expected, `the handshake failed (${outcome.handshakeError.reason}): ${outcome.handshakeError.message}`);
    if (outcome.response.message.code !== '2.01')
      throw new PreconditionFailure(expected, `the Register was answered ${codeName(outcome.response.message.code)}`);
    this.controlPassed = true;
    this.s.trace.note(
      'harness',
      'positive control: the server completed the handshake with the declared credentials and registered the Test Client',
    );
  }

  /** Over CoAP over TLS (a coaps+tcp:// serverUri) rather than DTLS. */
  get overTls(): boolean {
    return this.s.channel.connections !== undefined;
  }

  private async tlsPositiveControl(expected: string): Promise<void> {
    const outcome = await this.s.tcp.register();
    if ('connectError' in outcome) throw new PreconditionFailure(expected, outcome.connectError.message);
    if (outcome.response.message.code !== '2.01')
      throw new PreconditionFailure(expected, `the Register was answered ${codeName(outcome.response.message.code)}`);
    this.controlPassed = true;
    this.s.trace.note(
      'harness',
      'positive control: the server completed the TLS handshake with the declared credentials and registered the Test Client',
    );
  }

  /** A second Test Client with the wrong credential tries a handshake and a Register; its sockets are closed after. */
  async attempt(fault: CredentialFault): Promise<RefusalAttempt> {
    if (this.overTls) return this.tlsAttempt(fault);
    const { dtls, presented } = await this.wrongClient(fault);
    const attempt: RefusalAttempt = { fault, presented };
    dtls.on('handshake', (info) => (attempt.handshake ??= info));
    const client = this.s.otherTestClient(dtls);
    await client.start();
    try {
      attempt.response = await this.s.untilDutExits(client.register(), `the handshake of the Test Client with ${presented}`);
    } catch (e) {
      if (e instanceof DtlsError) attempt.failure = e;
      // The server process exited (crashed) on the wrong credentials.
      else if (e instanceof DeadlineError)
        throw new DutFailure(this.s.currentStep, `the server to refuse or answer the Test Client with ${presented}`, e.message);
      else if (!(e instanceof CoapTimeoutError)) throw e;
    } finally {
      await client.close();
    }
    const how = attempt.handshake
      ? `the handshake completed (${attempt.handshake.cipherSuite})`
      : `the handshake failed (${attempt.failure?.reason ?? 'no answer'}${attempt.failure?.alert ? `, alert ${attempt.failure.alert}` : ''})`;
    this.s.trace.note('harness', `Test Client with ${presented}: ${how}`);
    return attempt;
  }

  /** Criterion: the server refused the handshake (an alert or silence, no Finished of its own) and answered no Register. */
  checkRefused(criterion: string, attempt: RefusalAttempt): void {
    if (!this.controlPassed)
      throw new PreconditionFailure('the positive control to pass first', 'the Test Client with the declared credentials did not register');
    const expected = `the server to refuse the DTLS handshake of a Test Client with ${attempt.presented} (an alert or silence, no Finished)`;
    if (attempt.tlsConnected) {
      const answer = attempt.response ? `, and answered its Register ${codeName(attempt.response.message.code)}` : '';
      throw new CriterionFailure(
        criterion,
        expected.replace('DTLS', 'TLS'),
        `the server completed the TLS handshake (the connection opened and the Test Client wrote its CSM)${answer}`,
      );
    }
    if (attempt.handshake) {
      const answer = attempt.response ? `, and answered its Register ${codeName(attempt.response.message.code)}` : '';
      throw new CriterionFailure(
        criterion,
        expected,
        `the server completed the handshake (${attempt.handshake.cipherSuite}, identity ${attempt.handshake.identity ?? '(none)'})${answer}`,
      );
    }
    // Our DTLS client fails with decrypt-error on a Finished it cannot authenticate: the server sent
    // its ChangeCipherSpec and Finished, so it took the client's Finished, made with other keys, as good.
    if (attempt.failure?.reason === 'decrypt-error' && /Finished/.test(attempt.failure.message))
      throw new CriterionFailure(
        criterion,
        expected,
        `the server answered the Test Client's Finished with a ChangeCipherSpec and a Finished of its own (flight 6), which the Test Client could not authenticate: the server did not check that the client holds the key (${attempt.failure.message})`,
      );
    if (attempt.response)
      throw new CriterionFailure(criterion, expected, `the server answered the Register ${codeName(attempt.response.message.code)}`);
  }

  /** Step over TLS: the Test Client with the declared credentials closes its connection, connects and registers anew. */
  async reconnectOverTls(): Promise<StreamRegister> {
    (this.s.channel.transport as StreamTransport).closeConnection(this.s.serverAddress);
    return this.s.tcp.register();
  }

  /** Over TLS: a second TLS client with the wrong PSK connects (CSM first) and registers; judged on whether the handshake completed. */
  private async tlsAttempt(fault: CredentialFault): Promise<RefusalAttempt> {
    const m = this.s.channel.material;
    if (m.mode !== 'psk' || !m.psk) throw new Error(`${fault} over TLS needs security.mode psk, the profile has ${m.mode}`);
    const { identity, key, presented } = wrongPsk(fault, m.psk);
    const stream = await createTcpClient({
      trace: this.s.trace,
      tls: { pskIdentity: identity, pskKey: key },
      connectTimeoutMs: this.s.timers.responseTimeoutMs,
    });
    const attempt: RefusalAttempt = { fault, presented };
    // A connection is logged when its opener (the CSM) is written: only once the TLS handshake completed.
    const connections = new EventLog<ConnectionEvent>();
    const client = this.s.otherTestClient(loggingConnections(stream, connections));
    await client.start();
    try {
      attempt.response = await this.s.untilDutExits(client.register(), `the TLS handshake of the Test Client with ${presented}`);
    } catch (e) {
      if (e instanceof DeadlineError)
        throw new DutFailure(this.s.currentStep, `the server to refuse or answer the Test Client with ${presented}`, e.message);
      if (!(e instanceof CoapTimeoutError)) attempt.tlsFailure = e as Error;
    } finally {
      attempt.tlsConnected = connections.all().length > 0;
      await client.close();
    }
    const how = attempt.tlsConnected
      ? 'the TLS handshake completed'
      : `the TLS handshake failed (${attempt.tlsFailure?.message ?? 'no answer'})`;
    this.s.trace.note('harness', `Test Client with ${presented}: ${how}`);
    return attempt;
  }

  /** Step: the Test Client with the declared credentials closes its session and handshakes and registers anew. */
  async reconnect(): Promise<SecureRegister> {
    (this.s.channel.transport as DtlsEndpoint).closeSession(this.s.serverAddress);
    return this.s.security.registerSecurely();
  }

  /** The DTLS client of the Test Client with the wrong credential, and what it presents. */
  private async wrongClient(fault: CredentialFault): Promise<{ dtls: DtlsEndpoint; presented: string }> {
    const m = this.s.channel.material;
    const server = this.s.serverAddress;
    const bind = {
      host: server.host.includes(':') ? '::1' : '127.0.0.1',
      trace: this.s.trace,
      timers: refusalTimers(this.s.timers.quietWindowMs),
    };
    if (fault === 'unknown-public-key') {
      if (m.mode !== 'rpk') throw new Error(`an unknown raw public key needs security.mode rpk, the profile has ${m.mode}`);
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const dtls = await createDtlsClient({
        ...bind,
        rawPublicKey: { key: privateKey, trustedPeerKeys: [fs.readFileSync(m.files.publicKey)] },
      });
      return { dtls, presented: 'a raw public key generated for this case, which the server does not know' };
    }
    if (m.mode !== 'psk' || !m.psk) throw new Error(`${fault} needs security.mode psk, the profile has ${m.mode}`);
    const { identity, key, presented } = wrongPsk(fault, m.psk);
    const dtls = await createDtlsClient({ ...bind, pskIdentity: identity, pskKey: key });
    return { dtls, presented };
  }
}

/** The wrong PSK credential of a fault: an identity the server does not know with the declared key, or the declared identity with a wrong key. */
function wrongPsk(fault: CredentialFault, psk: { identity: Buffer; key: Buffer }): { identity: string; key: Buffer; presented: string } {
  if (fault === 'unknown-psk-identity') {
    const identity = `lwm2m-conformance-unknown-${Date.now().toString(36)}`;
    return { identity, key: psk.key, presented: `the PSK identity "${identity}", which the server does not know, and the declared key` };
  }
  if (fault !== 'wrong-psk-key') throw new Error(`${fault} is not a pre-shared key fault`);
  const identity = psk.identity.toString('utf8');
  // Every byte differs from the declared key.
  return { identity, key: Buffer.from(psk.key.map((b) => b ^ 0xa5)), presented: `the declared PSK identity "${identity}" and a wrong key` };
}

/**
 * Retransmission timers of a Test Client the server should refuse: a server that stays silent is
 * given up on after about twice timers.quietWindowMs (the window a must-not-send criterion
 * watches), instead of RFC 6347's minute.
 */
function refusalTimers(quietWindowMs: number) {
  const initialRetransmitMs = Math.max(100, Math.round(quietWindowMs / 4));
  return { initialRetransmitMs, maxRetransmitMs: initialRetransmitMs * 4, maxRetransmissions: 2 };
}
