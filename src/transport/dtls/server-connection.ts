/** The server side of the DTLS 1.2 full handshake (flights 4 and 6), on top of Connection. */
import { ECDH, createECDH, randomBytes, sign } from 'node:crypto';
import type { PeerAddress } from '../types';
import { ByteReader } from './bytes';
import {
  CLIENT_CERT_TYPE_ECDSA_SIGN,
  CertificateType,
  DTLS_1_2,
  EMPTY_RENEGOTIATION_SCSV,
  ExtensionType,
  HandshakeType,
  NAMED_CURVE_SECP256R1,
  SIG_ECDSA_SHA256,
} from './constants';
import { Connection, ConnectionHost, FlightItem, u32, verifySignature } from './connection';
import { Reassembler, type HandshakeMessage } from './handshake-framing';
import * as msg from './messages';
import { pskPreMaster } from './prf';
import { CipherSuite, suiteById } from './suites';

export class ServerConnection extends Connection {
  private ecdh?: ECDH;

  constructor(host: ConnectionHost, peer: PeerAddress) {
    super(host, peer, 'server');
  }

  protected onMessage(m: HandshakeMessage): void {
    this.onClientMessage(m);
  }

  /** Starts the server side on a ClientHello whose cookie verified; the record follows through handleRecord. */
  startServer(clientHelloSeq: number, recordSeq: number): void {
    this.reassembler = new Reassembler(clientHelloSeq);
    this.sendSeq = clientHelloSeq;
    // RFC 6347 §4.2.1: continue the record numbering the stateless HelloVerifyRequest used.
    this.writes.get(0)!.nextSeq = recordSeq;
  }

  private onClientMessage(m: HandshakeMessage): void {
    const T = HandshakeType;
    switch (this.state) {
      case 'wait-client-hello':
        if (m.type !== T.client_hello) return this.unexpected(m);
        return this.onClientHello(m);
      case 'wait-client-certificate':
        if (m.type !== T.certificate) return this.unexpected(m);
        return this.onClientCertificate(m);
      case 'wait-client-key-exchange':
        if (m.type !== T.client_key_exchange) return this.unexpected(m);
        return this.onClientKeyExchange(m);
      case 'wait-certificate-verify':
        if (m.type !== T.certificate_verify) return this.unexpected(m);
        return this.onCertificateVerify(m);
      case 'wait-finished':
        if (m.type !== T.finished) return this.unexpected(m);
        if (!this.checkFinished(m)) return;
        this.sendServerFlight6();
        return;
      default:
        return this.unexpected(m);
    }
  }

  private onClientHello(m: HandshakeMessage): void {
    const ch = msg.decodeClientHello(m.body);
    this.clientHello = ch;
    this.clientRandom = ch.random;
    this.record(m);
    // DTLS versions count down: 0xfefd (1.2) is "higher" than 0xfeff (1.0).
    if (ch.version > DTLS_1_2)
      return this.fail(
        'protocol-error',
        `client offers at most version 0x${ch.version.toString(16)}, DTLS 1.2 is required`,
        'protocol_version',
      );
    if (!ch.compressionMethods.includes(0))
      return this.fail('protocol-error', 'client does not offer null compression', 'illegal_parameter');
    const exts = ch.extensions;
    const reneg = msg.findExtension(exts, ExtensionType.renegotiation_info);
    if (reneg && !(reneg.length === 1 && reneg[0] === 0))
      return this.fail('protocol-error', 'renegotiation_info must be empty in an initial handshake', 'handshake_failure');
    const choice = this.chooseSuite(ch);
    if (typeof choice === 'string') return this.fail('no-common-cipher-suite', choice, 'handshake_failure');
    this.suite = choice.suite;
    this.serverCertificateType = choice.serverCertType;
    this.extendedMasterSecret = !!msg.findExtension(exts, ExtensionType.extended_master_secret);
    this.serverRandom = Buffer.concat([u32(Math.floor(Date.now() / 1000)), randomBytes(28)]);

    const reply: msg.Extension[] = [];
    if (this.extendedMasterSecret) reply.push(msg.ext.extendedMasterSecret());
    if (reneg || ch.cipherSuites.includes(EMPTY_RENEGOTIATION_SCSV)) reply.push(msg.ext.renegotiationInfo());
    const cidOffer = msg.findExtension(exts, ExtensionType.connection_id);
    if (cidOffer && this.opts.connectionId) {
      const peerCid = new ByteReader(cidOffer).vector(1, 'connection_id');
      if (peerCid.length > 0) this.cidOut = Buffer.from(peerCid);
      this.cidIn = randomBytes(this.opts.cidLength);
      this.host.registerCid(this, this.cidIn);
      reply.push(msg.ext.connectionId(this.cidIn));
    }
    const ecdhe = choice.suite.keyExchange === 'ecdhe_ecdsa';
    if (ecdhe && msg.findExtension(exts, ExtensionType.ec_point_formats)) reply.push(msg.ext.pointFormats());
    if (ecdhe && msg.findExtension(exts, ExtensionType.server_certificate_type))
      reply.push(
        msg.ext.certificateTypes(
          ExtensionType.server_certificate_type,
          [choice.serverCertType === 'rpk' ? CertificateType.raw_public_key : CertificateType.x509],
          true,
        ),
      );
    const T = HandshakeType;
    const items: FlightItem[] = [];
    const requestClientCert = ecdhe && this.opts.requireClientCertificate;
    if (requestClientCert) {
      const cct = msg.findExtension(exts, ExtensionType.client_certificate_type);
      const offered = cct ? msg.decodeByteList(cct, 'client_certificate_type') : [CertificateType.x509];
      const usable = offered.find((t) =>
        t === CertificateType.raw_public_key ? !!this.opts.rawPublicKey : t === CertificateType.x509 && this.opts.trustAnchors.length > 0,
      );
      if (usable === undefined)
        return this.fail(
          'unsupported-certificate',
          `no client certificate type in common (client offers ${offered.join(', ')})`,
          'unsupported_certificate',
        );
      this.clientCertificateType = usable === CertificateType.raw_public_key ? 'rpk' : 'x509';
      if (cct) reply.push(msg.ext.certificateTypes(ExtensionType.client_certificate_type, [usable], true));
    }
    const serverHello: msg.ServerHello = {
      version: DTLS_1_2,
      random: this.serverRandom,
      sessionId: Buffer.alloc(0), // no resumption: every handshake is a full one
      cipherSuite: choice.suite.id,
      compressionMethod: 0,
      extensions: reply,
    };
    items.push(this.addMessage(T.server_hello, msg.encodeServerHello(serverHello)));
    if (ecdhe) {
      items.push(this.addMessage(T.certificate, this.ownCertificateBody(choice.serverCertType)));
      this.ecdh = createECDH('prime256v1');
      const params = msg.encodeEcdheParams(NAMED_CURVE_SECP256R1, this.ecdh.generateKeys());
      const signature = sign(
        'sha256',
        Buffer.concat([this.clientRandom, this.serverRandom, params]),
        this.ownSigningKey(choice.serverCertType)!,
      );
      items.push(this.addMessage(T.server_key_exchange, Buffer.concat([params, msg.encodeSigned(SIG_ECDSA_SHA256, signature)])));
      if (requestClientCert) {
        this.certificateRequested = true;
        items.push(
          this.addMessage(
            T.certificate_request,
            msg.encodeCertificateRequest({ certificateTypes: [CLIENT_CERT_TYPE_ECDSA_SIGN], signatureAlgorithms: [SIG_ECDSA_SHA256] }),
          ),
        );
      }
    }
    items.push(this.addMessage(T.server_hello_done, Buffer.alloc(0)));
    this.state = this.certificateRequested ? 'wait-client-certificate' : 'wait-client-key-exchange';
    this.sendFlight(4, items, true);
  }

  /** The first suite in our preference order that the client offers and our credentials allow. */
  private chooseSuite(ch: msg.ClientHello): { suite: CipherSuite; serverCertType: 'x509' | 'rpk' } | string {
    const groups = msg.findExtension(ch.extensions, ExtensionType.supported_groups);
    const sigs = msg.findExtension(ch.extensions, ExtensionType.signature_algorithms);
    const sct = msg.findExtension(ch.extensions, ExtensionType.server_certificate_type);
    const curveOk = !groups || msg.decodeU16List(groups, 'supported_groups').includes(NAMED_CURVE_SECP256R1);
    const sigOk = !sigs || msg.decodeU16List(sigs, 'signature_algorithms').includes(SIG_ECDSA_SHA256);
    const types = sct ? msg.decodeByteList(sct, 'server_certificate_type') : [CertificateType.x509];
    const certType = types
      .map((t) =>
        t === CertificateType.raw_public_key && this.opts.rawPublicKey
          ? 'rpk'
          : t === CertificateType.x509 && this.opts.certificate
            ? 'x509'
            : undefined,
      )
      .find((t) => t !== undefined);
    const reasons: string[] = [];
    for (const suite of this.opts.suites) {
      if (!ch.cipherSuites.includes(suite.id)) continue;
      if (suite.keyExchange === 'psk') return { suite, serverCertType: 'x509' };
      if (!curveOk) reasons.push(`${suite.name}: client lacks secp256r1`);
      else if (!sigOk) reasons.push(`${suite.name}: client lacks ecdsa_secp256r1_sha256`);
      else if (!certType) reasons.push(`${suite.name}: no server certificate type in common (client accepts ${types.join(', ')})`);
      else return { suite, serverCertType: certType };
    }
    const offered = ch.cipherSuites.map((id) => suiteById(id)?.name ?? `0x${id.toString(16).padStart(4, '0')}`);
    return `no cipher suite in common: client offers [${offered.join(', ')}], server allows [${this.opts.suites.map((s) => s.name).join(', ')}]${reasons.length ? '; ' + reasons.join('; ') : ''}`;
  }

  private onClientCertificate(m: HandshakeMessage): void {
    this.record(m);
    const items = msg.decodeCertificate(this.clientCertificateType, m.body);
    if (items.length === 0) return this.fail('bad-certificate', 'client sent no certificate but one is required', 'handshake_failure');
    if (!this.acceptPeerCertificate(this.clientCertificateType, m.body, undefined)) return;
    this.clientSentCertificate = true;
    this.state = 'wait-client-key-exchange';
  }

  private onClientKeyExchange(m: HandshakeMessage): void {
    let preMaster: Buffer;
    if (this.suite!.keyExchange === 'psk') {
      const identity = msg.decodePskClientKeyExchange(m.body).toString('utf8');
      const key = this.opts.psk!(identity);
      if (!key) return this.fail('unknown-psk-identity', `unknown PSK identity "${identity}"`, 'unknown_psk_identity');
      this.pskKeyInUse = key;
      this.identity = identity;
      preMaster = pskPreMaster(this.psk());
    } else {
      const point = msg.decodeEcdheClientKeyExchange(m.body);
      try {
        preMaster = this.ecdh!.computeSecret(point);
      } catch {
        return this.fail('protocol-error', 'client ECDH point is not on secp256r1', 'illegal_parameter');
      }
    }
    this.record(m);
    this.deriveKeys(preMaster);
    this.state = this.clientSentCertificate ? 'wait-certificate-verify' : 'wait-change-cipher-spec';
    if (this.state === 'wait-change-cipher-spec' && this.earlyChangeCipherSpec) this.activateReadEpoch();
  }

  private onCertificateVerify(m: HandshakeMessage): void {
    const cv = msg.decodeCertificateVerify(m.body);
    if (cv.signatureAlgorithm !== SIG_ECDSA_SHA256)
      return this.fail(
        'protocol-error',
        `CertificateVerify uses 0x${cv.signatureAlgorithm.toString(16)}, only ecdsa_secp256r1_sha256 was allowed`,
        'illegal_parameter',
      );
    if (!verifySignature(Buffer.concat(this.transcript), this.peerKey!, cv.signature))
      return this.fail('decrypt-error', "CertificateVerify signature does not verify with the client's key", 'decrypt_error');
    this.record(m);
    this.state = 'wait-change-cipher-spec';
    if (this.earlyChangeCipherSpec) this.activateReadEpoch();
  }

  protected override onUnverifiedFinished(): void {
    this.sendServerFlight6();
  }

  private sendServerFlight6(): void {
    const items: FlightItem[] = [{ kind: 'ccs', epoch: this.writeEpoch }];
    this.activateWriteEpoch();
    items.push(this.addMessage(HandshakeType.finished, this.finishedBody('server')));
    // The last flight expects no reply; it is resent only when the client repeats its flight 5.
    this.sendFlight(6, items, false);
    this.becomeEstablished();
  }
}
