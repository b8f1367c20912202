/** The client side of the DTLS 1.2 full handshake (flights 1, 3 and 5), on top of Connection. */
import { createECDH, randomBytes, sign } from 'node:crypto';
import type { PeerAddress } from '../types';
import { ByteReader, vec } from './bytes';
import {
  CLIENT_CERT_TYPE_ECDSA_SIGN,
  CertificateType,
  DTLS_1_2,
  ExtensionType,
  HandshakeType,
  NAMED_CURVE_SECP256R1,
  SIG_ECDSA_SHA256,
} from './constants';
import { Connection, ConnectionHost, FlightItem, u32, verifySignature } from './connection';
import type { HandshakeMessage } from './handshake-framing';
import * as msg from './messages';
import { pskPreMaster } from './prf';

const MAX_HELLO_VERIFY_REQUESTS = 4;

export class ClientConnection extends Connection {
  private helloVerifyCount = 0;
  private peerPoint?: Buffer;

  constructor(host: ConnectionHost, peer: PeerAddress) {
    super(host, peer, 'client');
  }

  protected onMessage(m: HandshakeMessage): void {
    this.onServerMessage(m);
  }

  /** Sends the first ClientHello (flight 1). */
  startClient(): void {
    this.clientRandom = Buffer.concat([u32(Math.floor(Date.now() / 1000)), randomBytes(28)]);
    const o = this.opts;
    const exts: msg.Extension[] = [msg.ext.extendedMasterSecret(), msg.ext.renegotiationInfo()];
    if (o.suites.some((s) => s.keyExchange === 'ecdhe_ecdsa')) {
      exts.push(msg.ext.supportedGroups([NAMED_CURVE_SECP256R1]), msg.ext.pointFormats(), msg.ext.signatureAlgorithms([SIG_ECDSA_SHA256]));
      if (o.rawPublicKey) {
        exts.push(msg.ext.certificateTypes(ExtensionType.server_certificate_type, [CertificateType.raw_public_key], false));
        exts.push(msg.ext.certificateTypes(ExtensionType.client_certificate_type, [CertificateType.raw_public_key], false));
      }
      const name = this.expectedServerName();
      if (name && !/^[\d.]+$|:/.test(name)) exts.push(msg.ext.serverName(name));
    }
    if (o.connectionId) exts.push(msg.ext.connectionId(Buffer.alloc(0)));
    this.clientHello = {
      version: DTLS_1_2,
      random: this.clientRandom,
      sessionId: Buffer.alloc(0),
      cookie: Buffer.alloc(0),
      cipherSuites: o.suites.map((s) => s.id),
      compressionMethods: [0],
      extensions: exts,
    };
    this.sendFlight(1, [this.addMessage(HandshakeType.client_hello, msg.encodeClientHello(this.clientHello))], true);
  }

  private expectedServerName(): string | undefined {
    if (!this.opts.checkServerName) return undefined;
    return this.opts.serverName ?? this.peer.host;
  }

  private onServerMessage(m: HandshakeMessage): void {
    const T = HandshakeType;
    switch (this.state) {
      case 'wait-server-hello':
        if (m.type === T.hello_verify_request) return this.onHelloVerifyRequest(m);
        if (m.type === T.server_hello) return this.onServerHello(m);
        return this.unexpected(m);
      case 'wait-server-certificate':
        if (m.type !== T.certificate) return this.unexpected(m);
        this.record(m);
        if (
          this.acceptPeerCertificate(
            this.serverCertificateType,
            m.body,
            this.peerCertificateTypeIsX509() ? this.expectedServerName() : undefined,
          )
        )
          this.state = 'wait-server-key-exchange';
        return;
      case 'wait-server-key-exchange':
        if (m.type === T.server_key_exchange) return this.onServerKeyExchange(m);
        if (this.suite!.keyExchange === 'psk') return this.onCertificateRequestOrDone(m);
        return this.unexpected(m);
      case 'wait-certificate-request-or-done':
        return this.onCertificateRequestOrDone(m);
      case 'wait-finished':
        if (m.type !== T.finished) return this.unexpected(m);
        if (this.checkFinished(m)) {
          this.flight = undefined;
          this.becomeEstablished();
        }
        return;
      default:
        return this.unexpected(m);
    }
  }

  private peerCertificateTypeIsX509(): boolean {
    return this.serverCertificateType === 'x509';
  }

  private onHelloVerifyRequest(m: HandshakeMessage): void {
    const hvr = msg.decodeHelloVerifyRequest(m.body);
    if (++this.helloVerifyCount > MAX_HELLO_VERIFY_REQUESTS)
      return this.fail('protocol-error', 'too many HelloVerifyRequests', 'handshake_failure');
    // RFC 6347 §4.2.1: the transcript restarts with the ClientHello that carries the cookie.
    this.transcript = [];
    this.clientHello = { ...this.clientHello!, cookie: Buffer.from(hvr.cookie) };
    this.sendFlight(3, [this.addMessage(HandshakeType.client_hello, msg.encodeClientHello(this.clientHello))], true);
  }

  private onServerHello(m: HandshakeMessage): void {
    const sh = msg.decodeServerHello(m.body);
    this.record(m);
    if (sh.version !== DTLS_1_2)
      return this.fail('protocol-error', `server chose version 0x${sh.version.toString(16)}, only DTLS 1.2 is offered`, 'protocol_version');
    const suite = this.opts.suites.find((s) => s.id === sh.cipherSuite);
    if (!suite)
      return this.fail(
        'protocol-error',
        `server chose cipher suite 0x${sh.cipherSuite.toString(16)} that was not offered`,
        'illegal_parameter',
      );
    if (sh.compressionMethod !== 0)
      return this.fail('protocol-error', `server chose compression ${sh.compressionMethod}`, 'illegal_parameter');
    const offered = new Set(this.clientHello!.extensions.map((e) => e.type));
    for (const e of sh.extensions) {
      if (!offered.has(e.type))
        return this.fail('protocol-error', `server sent extension ${e.type} that was not offered`, 'unsupported_extension');
    }
    this.suite = suite;
    this.serverRandom = sh.random;
    this.extendedMasterSecret = !!msg.findExtension(sh.extensions, ExtensionType.extended_master_secret);
    const reneg = msg.findExtension(sh.extensions, ExtensionType.renegotiation_info);
    if (reneg && !(reneg.length === 1 && reneg[0] === 0))
      return this.fail('protocol-error', 'renegotiation_info must be empty in an initial handshake', 'handshake_failure');
    const cid = msg.findExtension(sh.extensions, ExtensionType.connection_id);
    if (cid) {
      const value = new ByteReader(cid).vector(1, 'connection_id');
      if (value.length > 0) this.cidOut = Buffer.from(value);
    }
    const sct = msg.findExtension(sh.extensions, ExtensionType.server_certificate_type);
    const cct = msg.findExtension(sh.extensions, ExtensionType.client_certificate_type);
    this.serverCertificateType = sct && sct[0] === CertificateType.raw_public_key ? 'rpk' : 'x509';
    this.clientCertificateType = cct && cct[0] === CertificateType.raw_public_key ? 'rpk' : 'x509';
    if (suite.keyExchange === 'psk') {
      this.pskKeyInUse = this.opts.pskKey;
      this.identity = this.opts.pskIdentity;
      this.state = 'wait-server-key-exchange';
    } else {
      this.state = 'wait-server-certificate';
    }
  }

  private onServerKeyExchange(m: HandshakeMessage): void {
    if (this.suite!.keyExchange === 'psk') {
      msg.decodePskServerKeyExchange(m.body); // only a hint, which selects nothing here
      this.record(m);
      this.state = 'wait-certificate-request-or-done';
      return;
    }
    const ske = msg.decodeEcdheServerKeyExchange(m.body);
    if (ske.curve !== NAMED_CURVE_SECP256R1)
      return this.fail('protocol-error', `server chose curve ${ske.curve}, only secp256r1 (23) is offered`, 'illegal_parameter');
    if (ske.signatureAlgorithm !== SIG_ECDSA_SHA256)
      return this.fail(
        'protocol-error',
        `ServerKeyExchange signed with 0x${ske.signatureAlgorithm.toString(16)}, only ecdsa_secp256r1_sha256 is offered`,
        'illegal_parameter',
      );
    const signed = Buffer.concat([this.clientRandom, this.serverRandom, ske.params]);
    if (!verifySignature(signed, this.peerKey!, ske.signature))
      return this.fail('decrypt-error', "ServerKeyExchange signature does not verify with the server's key", 'decrypt_error');
    this.peerPoint = Buffer.from(ske.point);
    this.record(m);
    this.state = 'wait-certificate-request-or-done';
  }

  private onCertificateRequestOrDone(m: HandshakeMessage): void {
    if (m.type === HandshakeType.certificate_request && !this.certificateRequested && this.suite!.keyExchange === 'ecdhe_ecdsa') {
      const req = msg.decodeCertificateRequest(m.body);
      if (!req.certificateTypes.includes(CLIENT_CERT_TYPE_ECDSA_SIGN))
        return this.fail('protocol-error', 'CertificateRequest does not accept ecdsa_sign', 'handshake_failure');
      this.certificateRequested = true;
      this.record(m);
      return;
    }
    if (m.type !== HandshakeType.server_hello_done) return this.unexpected(m);
    if (m.body.length !== 0) return this.fail('protocol-error', 'ServerHelloDone must be empty', 'decode_error');
    this.record(m);
    this.sendClientFlight5();
  }

  private sendClientFlight5(): void {
    const T = HandshakeType;
    const items: FlightItem[] = [];
    const certType = this.clientCertificateType;
    const signingKey = this.ownSigningKey(certType);
    if (this.certificateRequested) {
      items.push(this.addMessage(T.certificate, this.ownCertificateBody(certType)));
      this.clientSentCertificate = !!signingKey;
    }
    let preMaster: Buffer;
    if (this.suite!.keyExchange === 'psk') {
      items.push(this.addMessage(T.client_key_exchange, vec(2, Buffer.from(this.opts.pskIdentity ?? '', 'utf8'))));
      preMaster = pskPreMaster(this.psk());
    } else {
      const ecdh = createECDH('prime256v1');
      const point = ecdh.generateKeys();
      try {
        preMaster = ecdh.computeSecret(this.peerPoint!);
      } catch {
        return this.fail('protocol-error', 'server ECDH point is not on secp256r1', 'illegal_parameter');
      }
      items.push(this.addMessage(T.client_key_exchange, vec(1, point)));
    }
    this.deriveKeys(preMaster);
    if (this.clientSentCertificate) {
      const signature = sign('sha256', Buffer.concat(this.transcript), signingKey!);
      items.push(this.addMessage(T.certificate_verify, msg.encodeSigned(SIG_ECDSA_SHA256, signature)));
    }
    items.push({ kind: 'ccs', epoch: this.writeEpoch });
    this.activateWriteEpoch();
    items.push(this.addMessage(T.finished, this.finishedBody('client')));
    this.state = 'wait-change-cipher-spec';
    this.sendFlight(5, items, true);
    if (this.earlyChangeCipherSpec) this.activateReadEpoch();
  }
}
