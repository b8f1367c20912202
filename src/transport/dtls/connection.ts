/**
 * One DTLS association with one peer: record protection per epoch, flights with retransmission
 * (RFC 6347 §4.2.4), and what both sides of the handshake share. The two sides of the handshake
 * itself are in client-connection.ts and server-connection.ts.
 */
import { KeyObject, randomBytes, timingSafeEqual, verify } from 'node:crypto';
import type { PeerAddress } from '../types';
import { DecodeError, u16, u48 } from './bytes';
import { AlertDescription, AlertName, ContentType, DTLS_1_2, HandshakeType, alertName, handshakeName } from './constants';
import { verifyCertificateChain, verifyRawPublicKey } from './credentials';
import { describeContent } from './describe';
import { DtlsError, DtlsFailureReason } from './errors';
import { HandshakeMessage, Reassembler, encodeWholeMessage, fragmentMessage, parseFragments } from './handshake-framing';
import * as msg from './messages';
import { keyBlock, masterSecret, sha256, verifyData } from './prf';
import { publishSessionSecrets } from './keylog';
import {
  MAX_PLAINTEXT,
  RECORD_HEADER_LENGTH,
  ReplayWindow,
  cidAuthHeader,
  recordTag,
  encodeRecord,
  plainAuthHeader,
  unwrapInnerPlaintext,
  wrapInnerPlaintext,
  DtlsRecord,
} from './record';
import { RecordCipher, createRecordCipher } from './record-protection';
import type { ResolvedOptions } from './options';
import type { CipherSuite } from './suites';

const FINISHED_UNAUTHENTICATED = "the peer's Finished record does not authenticate: the two sides derived different keys (wrong PSK?)";

/** What a connection needs from the endpoint that owns the socket. */
export interface ConnectionHost {
  readonly options: ResolvedOptions;
  sendDatagram(peer: PeerAddress, data: Buffer): void;
  /** Traces a record or a note; an inbound one whose summary says "dropped" is also counted in the endpoint's drop log. */
  traceRecord(dir: 'in' | 'out', peer: PeerAddress, raw: Buffer | undefined, summary: string, detail?: unknown, problem?: string): void;
  deliver(conn: Connection, data: Buffer): void;
  established(conn: Connection): void;
  failed(conn: Connection, err: DtlsError): void;
  closedByPeer(conn: Connection, why: string): void;
  registerCid(conn: Connection, cid: Buffer): void;
  migrated(conn: Connection, from: PeerAddress): void;
}

export type State =
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
export type FlightItem = { kind: 'handshake'; msg: HandshakeMessage; epoch: number } | { kind: 'ccs'; epoch: number };
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

export abstract class Connection {
  state: State;
  readonly sessionKey = randomBytes(8).toString('hex');
  identity?: string;
  suite?: CipherSuite;
  extendedMasterSecret = false;
  /** The CID the peer puts on records to us (we issued it), and the one we put on records to the peer. */
  cidIn?: Buffer;
  cidOut?: Buffer;
  peerCertificateType?: 'x509' | 'rpk';

  protected readonly opts: ResolvedOptions;
  protected readEpoch = 0;
  protected writeEpoch = 0;
  protected readonly reads = new Map<number, ReadEpoch>([[0, { window: new ReplayWindow() }]]);
  protected readonly writes = new Map<number, WriteEpoch>([[0, { nextSeq: 0 }]]);
  protected pendingKeys?: PendingKeys;
  protected futureRecords: { rec: DtlsRecord; from: PeerAddress }[] = [];
  protected earlyChangeCipherSpec = false;

  // Handshake state.
  protected transcript: Buffer[] = [];
  protected sendSeq = 0;
  protected reassembler = new Reassembler(0);
  protected flight?: Flight;
  protected timer?: NodeJS.Timeout;
  protected timeoutMs: number;
  /** A handshake record of the new epoch failed authentication, after its first (see handleRecord). */
  private unauthenticatedFinished = false;
  protected retransmissions = 0;
  protected lastRetransmitAt = 0;
  protected clientRandom: Buffer = Buffer.alloc(0);
  protected serverRandom: Buffer = Buffer.alloc(0);
  protected master?: Buffer;
  protected peerKey?: KeyObject;
  protected clientHello?: msg.ClientHello;
  protected certificateRequested = false;
  protected clientCertificateType: 'x509' | 'rpk' = 'x509';
  protected serverCertificateType: 'x509' | 'rpk' = 'x509';
  protected clientSentCertificate = false;
  protected pskKeyInUse?: Buffer;

  constructor(
    protected readonly host: ConnectionHost,
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

  protected maxFragment(epoch: number): number {
    const cipher = this.writes.get(epoch)?.cipher;
    const cid = epoch > 0 && this.cidOut ? this.cidOut.length + 1 : 0;
    return this.opts.mtu - RECORD_HEADER_LENGTH - cid - (cipher?.overhead ?? 0);
  }

  protected sealRecord(type: number, content: Buffer, epoch: number): Buffer {
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
  protected transmit(records: { bytes: Buffer; summary: string; detail?: unknown }[], note = ''): void {
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

  protected sendRecord(type: number, content: Buffer, epoch = this.writeEpoch): void {
    const d = describeContent(type, content);
    this.transmit([{ bytes: this.sealRecord(type, content, epoch), summary: `${d.text} [epoch ${epoch}]`, detail: d.detail }]);
  }

  sendApplicationData(data: Buffer): void {
    if (!this.established) throw new DtlsError('no-session', 'no established session', this.peer);
    if (data.length > MAX_PLAINTEXT)
      throw new DtlsError('protocol-error', `application datagram of ${data.length} bytes exceeds ${MAX_PLAINTEXT}`, this.peer);
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

  protected addMessage(type: number, body: Buffer): FlightItem {
    const m: HandshakeMessage = { type, seq: this.sendSeq++, body };
    this.transcript.push(encodeWholeMessage(m));
    return { kind: 'handshake', msg: m, epoch: this.writeEpoch };
  }

  protected sendFlight(number: number, items: FlightItem[], expectsReply: boolean): void {
    this.stopTimer();
    this.flight = { number, items, expectsReply, sentOnce: false };
    this.retransmissions = 0;
    this.timeoutMs = this.opts.timers.initialRetransmitMs;
    this.transmitFlight();
    if (expectsReply) this.startTimer();
  }

  protected transmitFlight(): void {
    const f = this.flight;
    if (!f) return;
    const first = !f.sentOnce;
    f.sentOnce = true;
    const records: { bytes: Buffer; summary: string; detail?: unknown }[] = [];
    for (const item of f.items) {
      if (item.kind === 'ccs') {
        records.push({
          bytes: this.sealRecord(ContentType.change_cipher_spec, Buffer.from([1]), item.epoch),
          summary: `ChangeCipherSpec [epoch ${item.epoch}]`,
        });
        continue;
      }
      for (const frag of fragmentMessage(item.msg, this.maxFragment(item.epoch))) {
        const d = describeContent(ContentType.handshake, frag);
        records.push({
          bytes: this.sealRecord(ContentType.handshake, frag, item.epoch),
          summary: `${d.text} [epoch ${item.epoch}]`,
          detail: d.detail,
        });
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

  protected startTimer(): void {
    this.stopTimer();
    this.timer = setTimeout(() => this.onTimeout(), this.timeoutMs);
  }

  protected stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  protected onTimeout(): void {
    this.timer = undefined;
    if (!this.handshaking || !this.flight) return;
    if (this.retransmissions >= this.opts.timers.maxRetransmissions) {
      if (this.unauthenticatedFinished) return this.fail('decrypt-error', FINISHED_UNAUTHENTICATED, 'decrypt_error');
      const hint =
        this.state === 'wait-change-cipher-spec' || this.state === 'wait-finished'
          ? ' (a peer with a different key drops our Finished)'
          : '';
      this.fail(
        'timeout',
        `no answer to flight ${this.flight.number} after ${this.retransmissions} retransmissions while in ${this.state}${hint}`,
      );
      return;
    }
    this.retransmissions++;
    this.timeoutMs = Math.min(this.timeoutMs * 2, this.opts.timers.maxRetransmitMs);
    this.transmitFlight();
    this.startTimer();
  }

  /** The peer repeated something we already processed: it lost our last flight (RFC 6347 §4.2.4). */
  protected peerRetransmitted(): void {
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
      if (fresh !== 'fresh')
        return this.drop(
          rec,
          from,
          `${fresh === 'replay' ? 'replayed' : 'too old'} record (epoch ${rec.epoch} seq ${rec.seq}): dropped by the anti-replay window`,
        );
      const expectCid = !!this.cidIn?.length;
      if (expectCid !== (rec.type === ContentType.tls12_cid))
        return this.drop(
          rec,
          from,
          expectCid ? 'record without the negotiated Connection ID' : 'tls12_cid record but no Connection ID was negotiated',
        );
      const header = rec.cid
        ? cidAuthHeader(rec.epoch, rec.seq, rec.version, rec.cid)
        : plainAuthHeader(rec.epoch, rec.seq, rec.type, rec.version);
      const plain = read.cipher.open(rec.fragment, header);
      if (!plain) {
        this.drop(rec, from, `record (epoch ${rec.epoch} seq ${rec.seq}) failed authentication (bad MAC): dropped`);
        // Only the peer's first record of the new epoch (seq 0, its Finished) proves the keys
        // differ. A later one may be a stray from an earlier session on the same address (its
        // retransmitted Finished, its close_notify): dropped, remembered for the timeout's words.
        if (this.state === 'wait-finished' && rec.type === ContentType.handshake) {
          if (rec.seq === 0 && this.role === 'server' && this.opts.faults.acceptUnverifiedFinished) return this.onUnverifiedFinished();
          if (rec.seq === 0) this.fail('decrypt-error', FINISHED_UNAUTHENTICATED, 'decrypt_error');
          else this.unauthenticatedFinished = true;
        }
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

  protected drop(rec: DtlsRecord, from: PeerAddress, problem: string): void {
    this.host.traceRecord('in', from, rec.raw, `record dropped ${recordTag(rec)}`, undefined, problem);
  }

  protected dispatch(type: number, content: Buffer, epoch: number): void {
    switch (type) {
      case ContentType.handshake:
        return this.onHandshakeRecord(content, epoch);
      case ContentType.change_cipher_spec:
        return this.onChangeCipherSpec(content);
      case ContentType.alert:
        return this.onAlert(content);
      case ContentType.application_data:
        if (!this.established || epoch === 0) {
          this.host.traceRecord(
            'in',
            this.peer,
            undefined,
            'application_data dropped',
            undefined,
            `application data before the handshake completed (epoch ${epoch}, state ${this.state})`,
          );
          return;
        }
        return this.host.deliver(this, content);
      default:
        this.host.traceRecord('in', this.peer, undefined, 'record dropped', undefined, `unexpected content type ${type}`);
    }
  }

  protected onAlert(content: Buffer): void {
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

  protected onChangeCipherSpec(content: Buffer): void {
    if (content.length !== 1 || content[0] !== 1) {
      this.host.traceRecord(
        'in',
        this.peer,
        undefined,
        'ChangeCipherSpec dropped',
        undefined,
        'ChangeCipherSpec body must be the single byte 1',
      );
      return;
    }
    if (this.state !== 'wait-change-cipher-spec') {
      // It can overtake the messages before it (RFC 6347 §4.1); keep it for when the keys are ready.
      if (this.handshaking) this.earlyChangeCipherSpec = true;
      return;
    }
    this.activateReadEpoch();
  }

  protected activateReadEpoch(): void {
    if (!this.pendingKeys) return;
    this.readEpoch++;
    this.reads.set(this.readEpoch, { cipher: this.pendingKeys.read, window: new ReplayWindow() });
    this.state = 'wait-finished';
    this.earlyChangeCipherSpec = false;
    const waiting = this.futureRecords;
    this.futureRecords = [];
    for (const { rec, from } of waiting) this.handleRecord(rec, from);
  }

  protected activateWriteEpoch(): void {
    this.writeEpoch++;
    this.writes.set(this.writeEpoch, { cipher: this.pendingKeys!.write, nextSeq: 0 });
  }

  protected onHandshakeRecord(content: Buffer, epoch: number): void {
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
          this.host.traceRecord(
            'in',
            this.peer,
            undefined,
            'renegotiation refused',
            undefined,
            `${handshakeName(f.type)} on an established session: renegotiation is not supported`,
          );
          this.sendAlert('warning', 'no_renegotiation');
        } else if (f.seq < this.reassembler.nextSeq) this.peerRetransmitted();
        continue;
      }
      const r = this.reassembler.add(f);
      if (r === 'old') this.peerRetransmitted();
      else if (r === 'future')
        this.host.traceRecord(
          'in',
          this.peer,
          undefined,
          'handshake fragment dropped',
          undefined,
          `message_seq ${f.seq} is too far ahead of ${this.reassembler.nextSeq}`,
        );
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

  protected fail(reason: DtlsFailureReason, message: string, alert?: AlertName | string, sendAlert = true): void {
    if (!this.handshaking) return;
    if (sendAlert && alert && alert in AlertDescription) this.sendAlert('fatal', alert as AlertName);
    this.dispose('failed');
    this.host.failed(this, new DtlsError(reason, message, this.peer, alert));
  }

  protected unexpected(m: HandshakeMessage): void {
    this.fail('protocol-error', `unexpected ${handshakeName(m.type)} in state ${this.state}`, 'unexpected_message');
  }

  protected transcriptHash(): Buffer {
    return sha256(Buffer.concat(this.transcript));
  }

  protected record(m: HandshakeMessage): void {
    this.transcript.push(encodeWholeMessage(m));
  }

  /** After ClientKeyExchange: the master secret and the keys that ChangeCipherSpec switches on. */
  protected deriveKeys(preMaster: Buffer): void {
    const suite = this.suite!;
    const sessionHash = this.extendedMasterSecret ? this.transcriptHash() : undefined;
    this.master = masterSecret(preMaster, this.clientRandom, this.serverRandom, sessionHash);
    publishSessionSecrets(this.clientRandom, this.master); // opt-in key log (keylog.ts)
    const kb = keyBlock(this.master, this.clientRandom, this.serverRandom, {
      macKey: suite.macKeyLength,
      key: suite.keyLength,
      fixedIv: suite.fixedIvLength,
    });
    const client = createRecordCipher(suite.cipher, kb.clientKey, kb.clientIv, kb.clientMacKey);
    const server = createRecordCipher(suite.cipher, kb.serverKey, kb.serverIv, kb.serverMacKey);
    this.pendingKeys = this.role === 'client' ? { read: server, write: client } : { read: client, write: server };
  }

  protected finishedBody(role: 'client' | 'server'): Buffer {
    const v = verifyData(this.master!, role, this.transcriptHash());
    if (role === this.role && this.opts.faults.corruptFinished) v[0] ^= 0xff;
    return v;
  }

  protected checkFinished(m: HandshakeMessage): boolean {
    const peerRole = this.role === 'client' ? 'server' : 'client';
    const expected = verifyData(this.master!, peerRole, this.transcriptHash());
    if (m.body.length !== 12 || !timingSafeEqual(m.body, expected)) {
      this.fail(
        'decrypt-error',
        `${peerRole} Finished verify_data does not match the handshake (different keys or a changed transcript)`,
        'decrypt_error',
      );
      return false;
    }
    this.record(m);
    return true;
  }

  protected becomeEstablished(): void {
    // The retransmission timer runs until the peer's whole flight is in (RFC 6347 §4.2.4): a partial
    // flight is answered by retransmitting ours, which makes the peer resend.
    this.stopTimer();
    this.state = 'established';
    this.host.established(this);
  }

  /** The PSK in use; with the wrongPsk fault, its last bit flipped. */
  protected psk(): Buffer {
    return this.opts.faults.wrongPsk
      ? Buffer.from(this.pskKeyInUse!.map((b, i, a) => (i === a.length - 1 ? b ^ 1 : b)))
      : this.pskKeyInUse!;
  }

  protected ownSigningKey(type: 'x509' | 'rpk'): KeyObject | undefined {
    return type === 'rpk' ? this.opts.rawPublicKey?.key : this.opts.certificate?.key;
  }

  protected ownCertificateBody(type: 'x509' | 'rpk'): Buffer {
    // With nothing to send, both types encode an empty Certificate as three zero bytes.
    if (type === 'rpk')
      return this.opts.rawPublicKey ? msg.encodeCertificate('rpk', [this.opts.rawPublicKey.spki]) : msg.encodeCertificate('x509', []);
    return msg.encodeCertificate('x509', this.opts.certificate?.chain ?? []);
  }

  /** Checks the peer's Certificate message; sets identity and peerKey. */
  protected acceptPeerCertificate(type: 'x509' | 'rpk', body: Buffer, host: string | undefined): boolean {
    const items = msg.decodeCertificate(type, body);
    const result =
      type === 'rpk'
        ? verifyRawPublicKey(items[0], this.opts.rawPublicKey?.trustedPeerKeys)
        : verifyCertificateChain(items, this.opts.trustAnchors, host);
    if (!result.ok) {
      this.fail(result.reason, result.message, result.alert);
      return false;
    }
    this.peerKey = 'key' in result ? result.key : result.leaf.publicKey;
    this.identity = result.identity;
    this.peerCertificateType = type;
    return true;
  }

  /** The next complete handshake message from the peer, in order. */
  protected abstract onMessage(m: HandshakeMessage): void;

  /** Fault acceptUnverifiedFinished (server): go on as if the peer's Finished had verified. */
  protected onUnverifiedFinished(): void {}
}

export function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
}

export function verifySignature(data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify('sha256', data, key, signature);
  } catch {
    return false;
  }
}
