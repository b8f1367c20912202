/**
 * One DTLS association with one peer: record protection per epoch, flights with retransmission
 * (RFC 6347 §4.2.4), and the client or server side of the full handshake.
 */
import { ECDH, KeyObject, createECDH, randomBytes, sign, timingSafeEqual, verify } from 'node:crypto';
import type { PeerAddress } from '../types';
import { ByteReader, DecodeError, u16, u48, vec } from './bytes';
import {
  AlertDescription,
  AlertName,
  CLIENT_CERT_TYPE_ECDSA_SIGN,
  CertificateType,
  ContentType,
  DTLS_1_2,
  EMPTY_RENEGOTIATION_SCSV,
  ExtensionType,
  HandshakeType,
  NAMED_CURVE_SECP256R1,
  SIG_ECDSA_SHA256,
  alertName,
  handshakeName,
} from './constants';
import { verifyCertificateChain, verifyRawPublicKey } from './credentials';
import { describeContent } from './describe';
import { DtlsError, DtlsFailureReason } from './errors';
import { HandshakeMessage, Reassembler, encodeWholeMessage, fragmentMessage, parseFragments } from './handshake-framing';
import * as msg from './messages';
import { keyBlock, masterSecret, pskPreMaster, sha256, verifyData } from './prf';
import { MAX_PLAINTEXT, RECORD_HEADER_LENGTH, ReplayWindow, cidAuthHeader, recordTag, encodeRecord, plainAuthHeader, unwrapInnerPlaintext, wrapInnerPlaintext, DtlsRecord } from './record';
import { RecordCipher, createRecordCipher } from './record-protection';
import type { ResolvedOptions } from './options';
import { CipherSuite, suiteById } from './suites';

/** What a connection needs from the endpoint that owns the socket. */
export interface ConnectionHost {
  readonly options: ResolvedOptions;
  sendDatagram(peer: PeerAddress, data: Buffer): void;
  traceRecord(dir: 'in' | 'out', peer: PeerAddress, raw: Buffer | undefined, summary: string, detail?: unknown, problem?: string): void;
  deliver(conn: Connection, data: Buffer): void;
  established(conn: Connection): void;
  failed(conn: Connection, err: DtlsError): void;
  closedByPeer(conn: Connection, why: string): void;
  registerCid(conn: Connection, cid: Buffer): void;
  migrated(conn: Connection, from: PeerAddress): void;
}

type State =
  | 'wait-server-hello'
  | 'wait-server-certificate'
  | 'wait-server-key-exchange'
  | 'wait-certificate-request-or-done'
  | 'wait-client-hello'
  | 'wait-client-certificate'
  | 'wait-client-key-exchange'
  | 'wait-certificate-verify'
  | 'wait-change-cipher-spec'
  | 'wait-finished'
  | 'established'
  | 'failed'
  | 'closed';

interface ReadEpoch {
  cipher?: RecordCipher;
  window: ReplayWindow;
}
interface WriteEpoch {
  cipher?: RecordCipher;
  nextSeq: number;
}
type FlightItem = { kind: 'handshake'; msg: HandshakeMessage; epoch: number } | { kind: 'ccs'; epoch: number };
interface Flight {
  number: number;
  items: FlightItem[];
  expectsReply: boolean;
  sentOnce: boolean;
}

/** Set up (once the key exchange is known) and switched on by ChangeCipherSpec. */
interface PendingKeys {
  read: RecordCipher;
  write: RecordCipher;
}

const MAX_BUFFERED_FUTURE_RECORDS = 8;
const MAX_HELLO_VERIFY_REQUESTS = 4;

export class Connection {
  state: State;
  readonly sessionKey = randomBytes(8).toString('hex');
  identity?: string;
  suite?: CipherSuite;
  extendedMasterSecret = false;
  /** The CID the peer puts on records to us (we issued it), and the one we put on records to the peer. */
  cidIn?: Buffer;
  cidOut?: Buffer;
  peerCertificateType?: 'x509' | 'rpk';

  private readonly opts: ResolvedOptions;
  private readEpoch = 0;
  private writeEpoch = 0;
  private readonly reads = new Map<number, ReadEpoch>([[0, { window: new ReplayWindow() }]]);
  private readonly writes = new Map<number, WriteEpoch>([[0, { nextSeq: 0 }]]);
  private pendingKeys?: PendingKeys;
  private futureRecords: { rec: DtlsRecord; from: PeerAddress }[] = [];
  private earlyChangeCipherSpec = false;

  // Handshake state.
  private transcript: Buffer[] = [];
  private sendSeq = 0;
  private reassembler = new Reassembler(0);
  private flight?: Flight;
  private timer?: NodeJS.Timeout;
  private timeoutMs: number;
  private retransmissions = 0;
  private lastRetransmitAt = 0;
  private clientRandom: Buffer = Buffer.alloc(0);
  private serverRandom: Buffer = Buffer.alloc(0);
  private master?: Buffer;
  private ecdh?: ECDH;
  private peerPoint?: Buffer;
  private peerKey?: KeyObject;
  private clientHello?: msg.ClientHello;
  private helloVerifyCount = 0;
  private certificateRequested = false;
  private clientCertificateType: 'x509' | 'rpk' = 'x509';
  private serverCertificateType: 'x509' | 'rpk' = 'x509';
  private pskIdentity?: string;
  private clientSentCertificate = false;

  constructor(
    private readonly host: ConnectionHost,
    public peer: PeerAddress,
    readonly role: 'client' | 'server',
  ) {
    this.opts = host.options;
    this.timeoutMs = this.opts.timers.initialRetransmitMs;
    this.state = role === 'client' ? 'wait-server-hello' : 'wait-client-hello';
  }

  get established(): boolean {
    return this.state === 'established';
  }
  get handshaking(): boolean {
    return this.state !== 'established' && this.state !== 'failed' && this.state !== 'closed';
  }
  get cipherSuiteName(): string | undefined {
    return this.suite?.name;
  }
  /** The ClientHello.random that started this handshake (server side), to tell a retransmission from a new handshake. */
  get helloRandom(): Buffer {
    return this.clientRandom;
  }

  // ---------------------------------------------------------------- sending records

  private maxFragment(epoch: number): number {
    const cipher = this.writes.get(epoch)?.cipher;
    const cid = epoch > 0 && this.cidOut ? this.cidOut.length + 1 : 0;
    return this.opts.mtu - RECORD_HEADER_LENGTH - cid - (cipher?.overhead ?? 0);
  }

  private sealRecord(type: number, content: Buffer, epoch: number): Buffer {
    const w = this.writes.get(epoch)!;
    const seq = w.nextSeq++;
    if (!w.cipher) return encodeRecord(type, DTLS_1_2, epoch, seq, content);
    const explicitNonce = Buffer.concat([u16(epoch), u48(seq)]);
    if (this.cidOut && this.cidOut.length > 0) {
      const sealed = w.cipher.seal(wrapInnerPlaintext(type, content), explicitNonce, cidAuthHeader(epoch, seq, DTLS_1_2, this.cidOut));
      return encodeRecord(ContentType.tls12_cid, DTLS_1_2, epoch, seq, sealed, this.cidOut);
    }
    return encodeRecord(type, DTLS_1_2, epoch, seq, w.cipher.seal(content, explicitNonce, plainAuthHeader(epoch, seq, type, DTLS_1_2)));
  }

  /** Sends records packed into datagrams no larger than the MTU, tracing each. */
  private transmit(records: { bytes: Buffer; summary: string; detail?: unknown }[], note = ''): void {
    let batch: Buffer[] = [];
    let size = 0;
    const flush = () => {
      if (batch.length) this.host.sendDatagram(this.peer, Buffer.concat(batch));
      batch = [];
      size = 0;
    };
    for (const r of records) {
      this.host.traceRecord('out', this.peer, r.bytes, r.summary + note, r.detail);
      if (size + r.bytes.length > this.opts.mtu) flush();
      batch.push(r.bytes);
      size += r.bytes.length;
    }
    flush();
  }

  private sendRecord(type: number, content: Buffer, epoch = this.writeEpoch): void {
    const d = describeContent(type, content);
    this.transmit([{ bytes: this.sealRecord(type, content, epoch), summary: `${d.text} [epoch ${epoch}]`, detail: d.detail }]);
  }

  sendApplicationData(data: Buffer): void {
    if (!this.established) throw new DtlsError('no-session', 'no established session', this.peer);
    if (data.length > MAX_PLAINTEXT) throw new DtlsError('protocol-error', `application datagram of ${data.length} bytes exceeds ${MAX_PLAINTEXT}`, this.peer);
    this.sendRecord(ContentType.application_data, data);
  }

  sendAlert(level: 'warning' | 'fatal', name: AlertName): void {
    this.sendRecord(ContentType.alert, Buffer.from([level === 'fatal' ? 2 : 1, AlertDescription[name]]));
  }

  /** Sends close_notify and forgets the session. */
  close(): void {
    if (this.established) this.sendAlert('warning', 'close_notify');
    this.dispose('closed');
  }

  dispose(state: 'closed' | 'failed' = 'closed'): void {
    this.state = state;
    this.stopTimer();
  }

  // ---------------------------------------------------------------- flights

  private addMessage(type: number, body: Buffer): FlightItem {
    const m: HandshakeMessage = { type, seq: this.sendSeq++, body };
    this.transcript.push(encodeWholeMessage(m));
    return { kind: 'handshake', msg: m, epoch: this.writeEpoch };
  }

  private sendFlight(number: number, items: FlightItem[], expectsReply: boolean): void {
    this.stopTimer();
    this.flight = { number, items, expectsReply, sentOnce: false };
    this.retransmissions = 0;
    this.timeoutMs = this.opts.timers.initialRetransmitMs;
    this.transmitFlight();
    if (expectsReply) this.startTimer();
  }

  private transmitFlight(): void {
    const f = this.flight;
    if (!f) return;
    const first = !f.sentOnce;
    f.sentOnce = true;
    const records: { bytes: Buffer; summary: string; detail?: unknown }[] = [];
    for (const item of f.items) {
      if (item.kind === 'ccs') {
        records.push({ bytes: this.sealRecord(ContentType.change_cipher_spec, Buffer.from([1]), item.epoch), summary: `ChangeCipherSpec [epoch ${item.epoch}]` });
        continue;
      }
      for (const frag of fragmentMessage(item.msg, this.maxFragment(item.epoch))) {
        const d = describeContent(ContentType.handshake, frag);
        records.push({ bytes: this.sealRecord(ContentType.handshake, frag, item.epoch), summary: `${d.text} [epoch ${item.epoch}]`, detail: d.detail });
      }
    }
    const faults = this.opts.faults;
    if (first && faults.dropFlights?.includes(f.number)) {
      this.host.traceRecord('out', this.peer, undefined, `fault injected: flight ${f.number} not sent (${records.length} records)`);
      return;
    }
    if (first && faults.reverseFlights?.includes(f.number)) {
      records.reverse();
      this.host.traceRecord('out', this.peer, undefined, `fault injected: flight ${f.number} sent in reverse record order`);
    }
    this.transmit(records, first ? ` (flight ${f.number})` : ` (flight ${f.number}, retransmission)`);
  }

  private startTimer(): void {
    this.stopTimer();
    this.timer = setTimeout(() => this.onTimeout(), this.timeoutMs);
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private onTimeout(): void {
    this.timer = undefined;
    if (!this.handshaking || !this.flight) return;
    if (this.retransmissions >= this.opts.timers.maxRetransmissions) {
      const hint = this.state === 'wait-change-cipher-spec' || this.state === 'wait-finished' ? ' (a peer with a different key drops our Finished)' : '';
      this.fail('timeout', `no answer to flight ${this.flight.number} after ${this.retransmissions} retransmissions while in ${this.state}${hint}`);
      return;
    }
    this.retransmissions++;
    this.timeoutMs = Math.min(this.timeoutMs * 2, this.opts.timers.maxRetransmitMs);
    this.transmitFlight();
    this.startTimer();
  }

  /** The peer repeated something we already processed: it lost our last flight (RFC 6347 §4.2.4). */
  private peerRetransmitted(): void {
    const now = Date.now();
    if (!this.flight || now - this.lastRetransmitAt < this.opts.timers.initialRetransmitMs / 2) return;
    this.lastRetransmitAt = now;
    this.transmitFlight();
  }

  // ---------------------------------------------------------------- receiving records

  handleRecord(rec: DtlsRecord, from: PeerAddress): void {
    if (this.state === 'failed' || this.state === 'closed') return;
    const read = this.reads.get(rec.epoch);
    if (!read) {
      if (rec.epoch === this.readEpoch + 1 && this.futureRecords.length < MAX_BUFFERED_FUTURE_RECORDS) {
        this.futureRecords.push({ rec, from });
        this.host.traceRecord('in', from, rec.raw, `record of epoch ${rec.epoch} seq ${rec.seq} kept until ChangeCipherSpec`);
      } else {
        this.drop(rec, from, `epoch ${rec.epoch} is not in use (current read epoch ${this.readEpoch})`);
      }
      return;
    }
    let type = rec.type;
    let content = rec.fragment;
    if (read.cipher) {
      const fresh = read.window.check(rec.seq);
      if (fresh !== 'fresh') return this.drop(rec, from, `${fresh === 'replay' ? 'replayed' : 'too old'} record (epoch ${rec.epoch} seq ${rec.seq}): dropped by the anti-replay window`);
      const expectCid = !!this.cidIn?.length;
      if (expectCid !== (rec.type === ContentType.tls12_cid))
        return this.drop(rec, from, expectCid ? 'record without the negotiated Connection ID' : 'tls12_cid record but no Connection ID was negotiated');
      const header = rec.cid ? cidAuthHeader(rec.epoch, rec.seq, rec.version, rec.cid) : plainAuthHeader(rec.epoch, rec.seq, rec.type, rec.version);
      const plain = read.cipher.open(rec.fragment, header);
      if (!plain) {
        this.drop(rec, from, `record (epoch ${rec.epoch} seq ${rec.seq}) failed authentication (bad MAC): dropped`);
        // Only a record that claims to carry the Finished tells us the keys differ; a stray alert
        // from an earlier session on the same address (e.g. its close_notify) must not end this one.
        if (this.state === 'wait-finished' && rec.type === ContentType.handshake)
          this.fail('decrypt-error', 'the peer\'s Finished record does not authenticate: the two sides derived different keys (wrong PSK?)', 'decrypt_error');
        return;
      }
      // Only a record newer than all before it may move the peer to a new address (RFC 9146 §6).
      const newest = rec.seq > read.window.highestSeq;
      read.window.accept(rec.seq);
      if (rec.cid) {
        const inner = unwrapInnerPlaintext(plain);
        if (!inner) return this.drop(rec, from, 'tls12_cid record with no content type inside');
        ({ type, content } = inner);
        if (newest && (from.host !== this.peer.host || from.port !== this.peer.port)) this.host.migrated(this, from);
      } else {
        content = plain;
      }
    } else if (rec.type === ContentType.tls12_cid) {
      return this.drop(rec, from, 'tls12_cid record in an unprotected epoch');
    }
    if (content.length > MAX_PLAINTEXT) return this.drop(rec, from, `plaintext of ${content.length} bytes exceeds ${MAX_PLAINTEXT}`);
    const d = describeContent(type, content);
    this.host.traceRecord('in', from, rec.raw, `${d.text} ${recordTag(rec)}`, d.detail);
    try {
      this.dispatch(type, content, rec.epoch);
    } catch (e) {
      if (e instanceof DecodeError) this.fail('protocol-error', e.message, 'decode_error');
      else throw e;
    }
  }


  private drop(rec: DtlsRecord, from: PeerAddress, problem: string): void {
    this.host.traceRecord('in', from, rec.raw, `record dropped ${recordTag(rec)}`, undefined, problem);
  }

  private dispatch(type: number, content: Buffer, epoch: number): void {
    switch (type) {
      case ContentType.handshake:
        return this.onHandshakeRecord(content, epoch);
      case ContentType.change_cipher_spec:
        return this.onChangeCipherSpec(content);
      case ContentType.alert:
        return this.onAlert(content);
      case ContentType.application_data:
        if (!this.established || epoch === 0) {
          this.host.traceRecord('in', this.peer, undefined, 'application_data dropped', undefined, `application data before the handshake completed (epoch ${epoch}, state ${this.state})`);
          return;
        }
        return this.host.deliver(this, content);
      default:
        this.host.traceRecord('in', this.peer, undefined, 'record dropped', undefined, `unexpected content type ${type}`);
    }
  }

  private onAlert(content: Buffer): void {
    if (content.length !== 2) {
      this.host.traceRecord('in', this.peer, undefined, 'alert dropped', undefined, `alert of ${content.length} bytes, expected 2`);
      return;
    }
    const [level, desc] = content;
    const name = alertName(desc);
    if (desc === AlertDescription.close_notify) {
      if (this.established) this.sendAlert('warning', 'close_notify');
      if (this.handshaking) this.fail('alert-received', 'peer closed the connection during the handshake (close_notify)', name, false);
      else {
        this.dispose('closed');
        this.host.closedByPeer(this, 'close_notify');
      }
      return;
    }
    if (level !== 2) return; // warnings (e.g. no_renegotiation) are only traced
    if (this.handshaking) this.fail('alert-received', `peer sent fatal alert ${name}`, name, false);
    else {
      this.dispose('failed');
      this.host.closedByPeer(this, `fatal alert ${name}`);
    }
  }

  private onChangeCipherSpec(content: Buffer): void {
    if (content.length !== 1 || content[0] !== 1) {
      this.host.traceRecord('in', this.peer, undefined, 'ChangeCipherSpec dropped', undefined, 'ChangeCipherSpec body must be the single byte 1');
      return;
    }
    if (this.state !== 'wait-change-cipher-spec') {
      // It can overtake the messages before it (RFC 6347 §4.1); keep it for when the keys are ready.
      if (this.handshaking) this.earlyChangeCipherSpec = true;
      return;
    }
    this.activateReadEpoch();
  }

  private activateReadEpoch(): void {
    if (!this.pendingKeys) return;
    this.readEpoch++;
    this.reads.set(this.readEpoch, { cipher: this.pendingKeys.read, window: new ReplayWindow() });
    this.state = 'wait-finished';
    this.earlyChangeCipherSpec = false;
    const waiting = this.futureRecords;
    this.futureRecords = [];
    for (const { rec, from } of waiting) this.handleRecord(rec, from);
  }

  private activateWriteEpoch(): void {
    this.writeEpoch++;
    this.writes.set(this.writeEpoch, { cipher: this.pendingKeys!.write, nextSeq: 0 });
  }

  private onHandshakeRecord(content: Buffer, epoch: number): void {
    let frags;
    try {
      frags = parseFragments(content);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      this.host.traceRecord('in', this.peer, undefined, 'handshake record dropped', undefined, e.message);
      return;
    }
    for (const f of frags) {
      if (this.established) {
        const renegotiation = (f.type === HandshakeType.client_hello && epoch > 0) || f.type === HandshakeType.hello_request;
        if (renegotiation) {
          this.host.traceRecord('in', this.peer, undefined, 'renegotiation refused', undefined, `${handshakeName(f.type)} on an established session: renegotiation is not supported`);
          this.sendAlert('warning', 'no_renegotiation');
        } else if (f.seq < this.reassembler.nextSeq) this.peerRetransmitted();
        continue;
      }
      const r = this.reassembler.add(f);
      if (r === 'old') this.peerRetransmitted();
      else if (r === 'future') this.host.traceRecord('in', this.peer, undefined, 'handshake fragment dropped', undefined, `message_seq ${f.seq} is too far ahead of ${this.reassembler.nextSeq}`);
      else if (r !== 'ok') this.host.traceRecord('in', this.peer, undefined, 'handshake fragment dropped', undefined, r);
    }
    let m: HandshakeMessage | undefined;
    while (this.handshaking && (m = this.reassembler.next())) {
      if (m.type === HandshakeType.finished && epoch === 0) {
        this.fail('protocol-error', 'Finished received unprotected (epoch 0)', 'unexpected_message');
        return;
      }
      this.onMessage(m);
    }
  }

  // ---------------------------------------------------------------- handshake: shared

  private fail(reason: DtlsFailureReason, message: string, alert?: AlertName | string, sendAlert = true): void {
    if (!this.handshaking) return;
    if (sendAlert && alert && alert in AlertDescription) this.sendAlert('fatal', alert as AlertName);
    this.dispose('failed');
    this.host.failed(this, new DtlsError(reason, message, this.peer, alert));
  }

  private unexpected(m: HandshakeMessage): void {
    this.fail('protocol-error', `unexpected ${handshakeName(m.type)} in state ${this.state}`, 'unexpected_message');
  }

  private transcriptHash(): Buffer {
    return sha256(Buffer.concat(this.transcript));
  }

  private record(m: HandshakeMessage): void {
    this.transcript.push(encodeWholeMessage(m));
  }

  /** After ClientKeyExchange: the master secret and the keys that ChangeCipherSpec switches on. */
  private deriveKeys(preMaster: Buffer): void {
    const suite = this.suite!;
    const sessionHash = this.extendedMasterSecret ? this.transcriptHash() : undefined;
    this.master = masterSecret(preMaster, this.clientRandom, this.serverRandom, sessionHash);
    const kb = keyBlock(this.master, this.clientRandom, this.serverRandom, {
      macKey: suite.macKeyLength,
      key: suite.keyLength,
      fixedIv: suite.fixedIvLength,
    });
    const client = createRecordCipher(suite.cipher, kb.clientKey, kb.clientIv, kb.clientMacKey);
    const server = createRecordCipher(suite.cipher, kb.serverKey, kb.serverIv, kb.serverMacKey);
    this.pendingKeys = this.role === 'client' ? { read: server, write: client } : { read: client, write: server };
  }

  private finishedBody(role: 'client' | 'server'): Buffer {
    const v = verifyData(this.master!, role, this.transcriptHash());
    if (role === this.role && this.opts.faults.corruptFinished) v[0] ^= 0xff;
    return v;
  }

  private checkFinished(m: HandshakeMessage): boolean {
    const peerRole = this.role === 'client' ? 'server' : 'client';
    const expected = verifyData(this.master!, peerRole, this.transcriptHash());
    if (m.body.length !== 12 || !timingSafeEqual(m.body, expected)) {
      this.fail('decrypt-error', `${peerRole} Finished verify_data does not match the handshake (different keys or a changed transcript)`, 'decrypt_error');
      return false;
    }
    this.record(m);
    return true;
  }

  private becomeEstablished(): void {
    // The retransmission timer runs until the peer's whole flight is in (RFC 6347 §4.2.4): a partial
    // flight is answered by retransmitting ours, which makes the peer resend.
    this.stopTimer();
    this.state = 'established';
    this.host.established(this);
  }

  private psk(): Buffer {
    return this.opts.faults.wrongPsk ? Buffer.from(this.pskKeyInUse!.map((b, i, a) => (i === a.length - 1 ? b ^ 1 : b))) : this.pskKeyInUse!;
  }
  private pskKeyInUse?: Buffer;

  private ownSigningKey(type: 'x509' | 'rpk'): KeyObject | undefined {
    return type === 'rpk' ? this.opts.rawPublicKey?.key : this.opts.certificate?.key;
  }

  private ownCertificateBody(type: 'x509' | 'rpk'): Buffer {
    if (type === 'rpk') return this.opts.rawPublicKey ? msg.encodeCertificate('rpk', [this.opts.rawPublicKey.spki]) : msg.encodeCertificate('x509', []);
    return msg.encodeCertificate('x509', this.opts.certificate?.chain ?? []);
  }

  /** Checks the peer's Certificate message; sets identity and peerKey. */
  private acceptPeerCertificate(type: 'x509' | 'rpk', body: Buffer, host: string | undefined): boolean {
    const items = msg.decodeCertificate(type, body);
    const result = type === 'rpk' ? verifyRawPublicKey(items[0], this.opts.rawPublicKey?.trustedPeerKeys) : verifyCertificateChain(items, this.opts.trustAnchors, host);
    if (!result.ok) {
      this.fail(result.reason, result.message, result.alert);
      return false;
    }
    this.peerKey = 'key' in result ? result.key : result.leaf.publicKey;
    this.identity = result.identity;
    this.peerCertificateType = type;
    return true;
  }

  private onMessage(m: HandshakeMessage): void {
    if (this.role === 'client') this.onServerMessage(m);
    else this.onClientMessage(m);
  }

  // ---------------------------------------------------------------- handshake: client side

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
        if (this.acceptPeerCertificate(this.serverCertificateType, m.body, this.peerCertificateTypeIsX509() ? this.expectedServerName() : undefined))
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
    if (++this.helloVerifyCount > MAX_HELLO_VERIFY_REQUESTS) return this.fail('protocol-error', 'too many HelloVerifyRequests', 'handshake_failure');
    // RFC 6347 §4.2.1: the transcript restarts with the ClientHello that carries the cookie.
    this.transcript = [];
    this.clientHello = { ...this.clientHello!, cookie: Buffer.from(hvr.cookie) };
    this.sendFlight(3, [this.addMessage(HandshakeType.client_hello, msg.encodeClientHello(this.clientHello))], true);
  }

  private onServerHello(m: HandshakeMessage): void {
    const sh = msg.decodeServerHello(m.body);
    this.record(m);
    if (sh.version !== DTLS_1_2) return this.fail('protocol-error', `server chose version 0x${sh.version.toString(16)}, only DTLS 1.2 is offered`, 'protocol_version');
    const suite = this.opts.suites.find((s) => s.id === sh.cipherSuite);
    if (!suite) return this.fail('protocol-error', `server chose cipher suite 0x${sh.cipherSuite.toString(16)} that was not offered`, 'illegal_parameter');
    if (sh.compressionMethod !== 0) return this.fail('protocol-error', `server chose compression ${sh.compressionMethod}`, 'illegal_parameter');
    const offered = new Set(this.clientHello!.extensions.map((e) => e.type));
    for (const e of sh.extensions) {
      if (!offered.has(e.type)) return this.fail('protocol-error', `server sent extension ${e.type} that was not offered`, 'unsupported_extension');
    }
    this.suite = suite;
    this.serverRandom = sh.random;
    this.extendedMasterSecret = !!msg.findExtension(sh.extensions, ExtensionType.extended_master_secret);
    const reneg = msg.findExtension(sh.extensions, ExtensionType.renegotiation_info);
    if (reneg && !(reneg.length === 1 && reneg[0] === 0)) return this.fail('protocol-error', 'renegotiation_info must be empty in an initial handshake', 'handshake_failure');
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
    if (ske.curve !== NAMED_CURVE_SECP256R1) return this.fail('protocol-error', `server chose curve ${ske.curve}, only secp256r1 (23) is offered`, 'illegal_parameter');
    if (ske.signatureAlgorithm !== SIG_ECDSA_SHA256) return this.fail('protocol-error', `ServerKeyExchange signed with 0x${ske.signatureAlgorithm.toString(16)}, only ecdsa_secp256r1_sha256 is offered`, 'illegal_parameter');
    const signed = Buffer.concat([this.clientRandom, this.serverRandom, ske.params]);
    if (!verifySignature(signed, this.peerKey!, ske.signature))
      return this.fail('decrypt-error', 'ServerKeyExchange signature does not verify with the server\'s key', 'decrypt_error');
    this.peerPoint = Buffer.from(ske.point);
    this.record(m);
    this.state = 'wait-certificate-request-or-done';
  }

  private onCertificateRequestOrDone(m: HandshakeMessage): void {
    if (m.type === HandshakeType.certificate_request && !this.certificateRequested && this.suite!.keyExchange === 'ecdhe_ecdsa') {
      const req = msg.decodeCertificateRequest(m.body);
      if (!req.certificateTypes.includes(CLIENT_CERT_TYPE_ECDSA_SIGN)) return this.fail('protocol-error', 'CertificateRequest does not accept ecdsa_sign', 'handshake_failure');
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

  // ---------------------------------------------------------------- handshake: server side

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
    if (ch.version > DTLS_1_2) return this.fail('protocol-error', `client offers at most version 0x${ch.version.toString(16)}, DTLS 1.2 is required`, 'protocol_version');
    if (!ch.compressionMethods.includes(0)) return this.fail('protocol-error', 'client does not offer null compression', 'illegal_parameter');
    const exts = ch.extensions;
    const reneg = msg.findExtension(exts, ExtensionType.renegotiation_info);
    if (reneg && !(reneg.length === 1 && reneg[0] === 0)) return this.fail('protocol-error', 'renegotiation_info must be empty in an initial handshake', 'handshake_failure');
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
      reply.push(msg.ext.certificateTypes(ExtensionType.server_certificate_type, [choice.serverCertType === 'rpk' ? CertificateType.raw_public_key : CertificateType.x509], true));
    const T = HandshakeType;
    const items: FlightItem[] = [];
    const requestClientCert = ecdhe && this.opts.requireClientCertificate;
    if (requestClientCert) {
      const cct = msg.findExtension(exts, ExtensionType.client_certificate_type);
      const offered = cct ? msg.decodeByteList(cct, 'client_certificate_type') : [CertificateType.x509];
      const usable = offered.find((t) => (t === CertificateType.raw_public_key ? !!this.opts.rawPublicKey : t === CertificateType.x509 && this.opts.trustAnchors.length > 0));
      if (usable === undefined) return this.fail('unsupported-certificate', `no client certificate type in common (client offers ${offered.join(', ')})`, 'unsupported_certificate');
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
      const signature = sign('sha256', Buffer.concat([this.clientRandom, this.serverRandom, params]), this.ownSigningKey(choice.serverCertType)!);
      items.push(this.addMessage(T.server_key_exchange, Buffer.concat([params, msg.encodeSigned(SIG_ECDSA_SHA256, signature)])));
      if (requestClientCert) {
        this.certificateRequested = true;
        items.push(this.addMessage(T.certificate_request, msg.encodeCertificateRequest({ certificateTypes: [CLIENT_CERT_TYPE_ECDSA_SIGN], signatureAlgorithms: [SIG_ECDSA_SHA256] })));
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
      .map((t) => (t === CertificateType.raw_public_key && this.opts.rawPublicKey ? 'rpk' : t === CertificateType.x509 && this.opts.certificate ? 'x509' : undefined))
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
      this.pskIdentity = identity;
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
    if (cv.signatureAlgorithm !== SIG_ECDSA_SHA256) return this.fail('protocol-error', `CertificateVerify uses 0x${cv.signatureAlgorithm.toString(16)}, only ecdsa_secp256r1_sha256 was allowed`, 'illegal_parameter');
    if (!verifySignature(Buffer.concat(this.transcript), this.peerKey!, cv.signature))
      return this.fail('decrypt-error', 'CertificateVerify signature does not verify with the client\'s key', 'decrypt_error');
    this.record(m);
    this.state = 'wait-change-cipher-spec';
    if (this.earlyChangeCipherSpec) this.activateReadEpoch();
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

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
}

function verifySignature(data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify('sha256', data, key, signature);
  } catch {
    return false;
  }
}

