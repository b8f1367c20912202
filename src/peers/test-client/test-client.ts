/**
 * The Test Client: the harness playing an LwM2M client towards a server DUT. It registers
 * (Register / Update / De-register with the parameters and object list a step asks for), answers
 * the server's requests from a small object store (responder.ts), sends Observe notifications
 * and Send reports, and logs every request the server sends so that steps wait on them with
 * deadlines. It can also misbehave on purpose (a malformed object list, a duplicate Register, an
 * Update flood, garbage datagrams): a server must survive that.
 *
 * Unlike the reference client it never acts behind the step's back: no periodic Update, no
 * re-registration. Every message it sends is one a step asked for.
 */
import { CoapEndpoint, type CoapTimers, type IncomingResponse, type PayloadDescriber } from '../../coap/endpoint';
import { Method, OptionNumber, locationPath, uintOption, type CoapMessage } from '../../coap/message';
import type { OscoreLayer } from '../../coap/oscore/layer';
import { createUdpTransport } from '../../transport/udp';
import type { DatagramTransport, PeerAddress } from '../../transport/types';
import type { Trace } from '../../trace/trace';
import { EventLog } from '../../util/event-log';
import { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import { ContentFormat, encodeComposite, type ResourceRecord, type ResourceValue } from '../../lwm2m/content';
import { formatLinks, link } from '../../lwm2m/link-format';
import { ObjectStore } from '../reference-client/store';
import { DEVICE_VALUES } from '../reference-client/client';
import { Responder, type Observation, type ServerRequest } from './responder';
import { TestClientFirmware } from './firmware';

/** The largest request body (a firmware package pushed block-wise) the Test Client puts together. */
const MAX_PACKAGE_BYTES = 4 * 1024 * 1024;

export type { Observation, ServerRequest, Operation } from './responder';

export interface RegisterParams {
  endpoint: string;
  lifetime?: number;
  lwm2mVersion?: '1.0' | '1.1' | '1.2';
  binding?: string;
  /** Queue mode (LwM2M 1.1: the "Q" parameter). */
  queueMode?: boolean;
  sms?: string;
  /** Extra query parameters, verbatim ("name=value" or "name"). */
  extra?: string[];
  /** Send the object list in Block1 blocks of this size (16..1024). */
  blockSize?: number;
}

/** How one Register is put on the wire (not kept for the next one). */
export interface RegisterShape {
  /** The object list as sent; default: built from the object store. */
  objectLinks?: string;
  /** Content-Format of the object list (default 40, link format). */
  contentFormat?: number;
  /** Leave out the mandatory ep parameter. */
  omitEndpoint?: boolean;
}

export interface TestClientOptions {
  /** Where the server DUT listens. */
  server: PeerAddress;
  registration: RegisterParams;
  /** The object store; default: Server /1/0 and Device /3/0 with the reference values. */
  store?: ObjectStore;
  /** The format of Read answers when the server sends no Accept (int-237). */
  answerFormat?: number;
  trace?: Trace;
  timers?: Partial<CoapTimers>;
  /** Deadline for each response from the server (default 5000 ms). */
  responseTimeoutMs?: number;
  describePayload?: PayloadDescriber;
  /** A transport of its own (DTLS; or TCP/TLS, where the endpoint writes its CSM first on each connection); default: UDP on a free loopback port. */
  transport?: DatagramTransport;
  /** OSCORE (RFC 8613) towards the server: its Register and answers protected, the server's requests verified. */
  oscore?: OscoreLayer;
}

/** What happened to one notification the Test Client sent. */
export interface NotificationEvent {
  at: number;
  observation: Observation;
  messageId: number;
  confirmable: boolean;
  /** For a CON: the server's ACK, its RST, or nothing within the retransmission window; 'sent' for a NON, and over TCP (no message layer). */
  outcome: 'ack' | 'rst' | 'timeout' | 'sent';
}

export class TestClient {
  endpoint!: CoapEndpoint;
  readonly store: ObjectStore;
  readonly responder: Responder;
  readonly notifications = new EventLog<NotificationEvent>();
  /** The Location-Path of the current registration (e.g. ["rd", "5a3f"]); undefined when not registered. */
  location?: string[];
  params: RegisterParams;
  firmware?: TestClientFirmware;

  constructor(private readonly opts: TestClientOptions) {
    this.params = { ...opts.registration };
    this.store = opts.store ?? defaultStore(opts.registration.lifetime ?? 86400);
    this.responder = new Responder(this.store, { lwm2mVersion: this.version, answerFormat: opts.answerFormat });
  }

  /** From now on, answer Reads that carry no Accept in this format (int-237: the client's choice). */
  answerReadsIn(format: number): void {
    this.responder.answerFormat = format;
  }

  /** Every request the server sent, in order. */
  get requests(): EventLog<ServerRequest> {
    return this.responder.requests;
  }

  get version(): '1.0' | '1.1' | '1.2' {
    return this.params.lwm2mVersion ?? '1.1';
  }

  async start(): Promise<void> {
    const transport =
      this.opts.transport ?? (await createUdpTransport({ host: this.opts.server.host.includes(':') ? '::1' : '127.0.0.1' }));
    this.endpoint = new CoapEndpoint({
      transport,
      trace: this.opts.trace,
      timers: this.opts.timers,
      defaultTimeoutMs: this.opts.responseTimeoutMs ?? 5000,
      describePayload: this.opts.describePayload,
      blockwise: { maxBodySize: MAX_PACKAGE_BYTES },
      oscore: this.opts.oscore,
    });
    this.endpoint.onRequest((req) => this.responder.handle(req));
  }

  async close(): Promise<void> {
    await this.endpoint?.close();
  }

  /** Adds a Firmware Update object (/5/0) that goes through its States as a device does (firmware.ts); after start(). */
  holdFirmwareUpdate(): TestClientFirmware {
    return (this.firmware ??= new TestClientFirmware(this));
  }

  // ---- registration interface ------------------------------------------------------------

  /** The object list from the store: `</>;rt="oma.lwm2m";ct=…` (1.1+), then objects and instances (never /0). */
  objectLinks(): string {
    const links = [];
    if (this.version !== '1.0') links.push(link('/', { rt: 'oma.lwm2m', ct: ContentFormat.SENML_CBOR }));
    for (const oid of this.store.objectIds()) {
      if (oid === 0) continue;
      const instances = this.store.instanceIds(oid);
      if (instances.length === 0) links.push(link(`/${oid}`));
      for (const iid of instances) links.push(link(`/${oid}/${iid}`));
    }
    return formatLinks(links);
  }

  /** Sends a Register with the client's parameters (`changes` override some); keeps the Location-Path of a 2.01. */
  async register(changes: Partial<RegisterParams> = {}, shape: RegisterShape = {}): Promise<IncomingResponse> {
    const p = (this.params = { ...this.params, ...changes });
    const query = shape.omitEndpoint ? [] : [`ep=${p.endpoint}`];
    if (p.lifetime !== undefined) query.push(`lt=${p.lifetime}`);
    if (this.version !== '1.0' || p.lwm2mVersion) query.push(`lwm2m=${this.version}`);
    if (p.binding) query.push(`b=${p.binding}`);
    if (p.sms) query.push(`sms=${p.sms}`);
    if (p.queueMode) query.push('Q');
    query.push(...(p.extra ?? []));
    const res = await this.endpoint.request(this.opts.server, {
      method: Method.POST,
      path: `/rd?${query.join('&')}`,
      contentFormat: shape.contentFormat ?? ContentFormat.LINK_FORMAT,
      payload: Buffer.from(shape.objectLinks ?? this.objectLinks()),
      block1Size: p.blockSize,
    });
    if (res.message.code === '2.01') this.location = locationPath(res.message);
    return res;
  }

  /** The path of the current registration, e.g. "/rd/5a3f"; throws when not registered. */
  get registrationPath(): string {
    if (!this.location || this.location.length === 0) throw new Error('the Test Client holds no registration (no Location-Path)');
    return '/' + this.location.join('/');
  }

  /** Sends an Update; `lifetime`/`binding` add parameters, `objects` adds the object list. */
  update(
    changes: { lifetime?: number; binding?: string; objects?: boolean } = {},
    path = this.registrationPath,
  ): Promise<IncomingResponse> {
    const query: string[] = [];
    if (changes.lifetime !== undefined) query.push(`lt=${(this.params.lifetime = changes.lifetime)}`);
    if (changes.binding !== undefined) query.push(`b=${(this.params.binding = changes.binding)}`);
    return this.endpoint.request(this.opts.server, {
      method: Method.POST,
      path: path + (query.length ? `?${query.join('&')}` : ''),
      ...(changes.objects ? { contentFormat: ContentFormat.LINK_FORMAT, payload: Buffer.from(this.objectLinks()) } : {}),
    });
  }

  /** Sends a De-register; the Test Client forgets its registration whatever the answer. */
  deregister(path = this.registrationPath): Promise<IncomingResponse> {
    this.location = undefined;
    return this.endpoint.request(this.opts.server, { method: Method.DELETE, path });
  }

  // ---- information reporting -------------------------------------------------------------

  /** Changes a resource value as the device itself would (e.g. a new battery level). */
  setValue(path: string, value: ResourceValue): void {
    const p = LwM2MPath.parse(path);
    if (p.depth < 4) return this.store.set(p.objectId!, p.instanceId!, p.resourceId!, value);
    // One instance of a multiple resource; the device itself may change a read-only value.
    const type = this.store.definition(p.objectId!, p.resourceId!)?.type ?? 'string';
    this.store.write(p, [{ path: p, type, value }], 'partial', { bootstrap: true });
  }

  /** The Observe-Composite observations the server holds whose path list is exactly `paths` (in any order). */
  compositeObservationsOf(paths: string[]): Observation[] {
    const key = (ps: readonly string[]) => [...ps].sort().join(',');
    return [...this.responder.observations.values()].filter((o) => o.paths && key(o.paths.map(String)) === key(paths));
  }

  /** Observations the server holds on `path` (or on anything, without a path). */
  observationsOf(path?: string): Observation[] {
    return [...this.responder.observations.values()].filter((o) => path === undefined || o.path.toString() === path);
  }

  /**
   * Sends one notification of an observation with the current value. A CON is retransmitted as
   * RFC 7252 says until the server ACKs or RSTs it; an RST ends the observation (RFC 7641 §3.6).
   * Over TCP (RFC 8323) there is no ACK or RST: the notification is written once and is 'sent'.
   */
  async notify(o: Observation, confirmable = true): Promise<NotificationEvent> {
    const message: CoapMessage = {
      type: confirmable ? 'CON' : 'NON',
      code: '2.05',
      messageId: this.endpoint.newMessageId(),
      token: o.token,
      options: [uintOption(OptionNumber.Observe, this.responder.nextSequence(o)), uintOption(OptionNumber.ContentFormat, o.format)],
      payload: this.responder.encodeObserved(o),
    };
    const wire = o.request ? this.endpoint.protectAnswer(o.peer, message, o.request) : message;
    const settle = (outcome: NotificationEvent['outcome']) => {
      if (outcome === 'rst') this.responder.observations.delete(o.token.toString('hex'));
      const event: NotificationEvent = { at: Date.now(), observation: o, messageId: message.messageId, confirmable, outcome };
      this.notifications.push(event);
      return event;
    };
    const answer = (after: number, timeoutMs: number) =>
      this.endpoint.inbox
        .waitFor((e) => e.message?.messageId === message.messageId && (e.message.type === 'ACK' || e.message.type === 'RST'), {
          after,
          timeoutMs,
          what: 'ACK or RST to the notification',
        })
        .then(
          (e) => e.message!.type,
          () => undefined,
        );
    const t = this.endpoint.timers;
    let wait = t.ackTimeoutMs * (1 + Math.random() * (t.ackRandomFactor - 1));
    for (let attempt = 0; ; attempt++) {
      const mark = this.endpoint.inbox.cursor();
      await this.endpoint.sendMessage(o.peer, wire);
      if (!confirmable || this.endpoint.reliable) return settle('sent');
      const got = await answer(mark, wait);
      if (got) return settle(got === 'ACK' ? 'ack' : 'rst');
      if (attempt >= t.maxRetransmit) return settle('timeout');
      wait *= 2;
    }
  }

  /** Send (LwM2M 1.1 §6.4.6): `POST /dp` with the values at these paths. */
  send(paths: string[], format: number = ContentFormat.SENML_CBOR): Promise<IncomingResponse> {
    const records: ResourceRecord[] = paths.flatMap((p) => this.store.read(LwM2MPath.parse(p)));
    return this.endpoint.request(this.opts.server, {
      method: Method.POST,
      path: '/dp',
      contentFormat: format,
      payload: encodeComposite(format, records, this.store.registry),
    });
  }

  // ---- misbehaviour on purpose -------------------------------------------------------------

  /** A Register whose object list breaks RFC 6690 (an unterminated "<"). */
  registerMalformed(): Promise<IncomingResponse> {
    return this.register({}, { objectLinks: this.objectLinks().replace(/<\/3\/0>/, '</3/0') });
  }

  /** A Register without the mandatory Endpoint Client Name (ep). */
  registerWithoutEndpoint(): Promise<IncomingResponse> {
    return this.register({}, { omitEndpoint: true });
  }

  /** `count` Updates at once, without waiting between them; resolves with what each got. */
  floodUpdates(count: number): Promise<PromiseSettledResult<IncomingResponse>[]> {
    const path = this.registrationPath;
    return Promise.allSettled(Array.from({ length: count }, () => this.update({}, path)));
  }

  /** Datagrams that are not CoAP (or not readable CoAP), straight onto the wire. */
  async sendGarbage(datagrams: Buffer[] = GARBAGE): Promise<void> {
    for (const d of datagrams) await this.endpoint.sendBytes(this.opts.server, d);
  }
}

/** Not CoAP: a wrong version, a truncated header, a token length of 9, an option running past the end. */
const GARBAGE = [
  Buffer.from('hello, server'),
  Buffer.from([0x40]),
  Buffer.from([0x49, 0x01, 0x12, 0x34, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
  Buffer.from([0x40, 0x02, 0x12, 0x35, 0xbc, 0x72, 0x64]),
];

/** Server /1/0 and Device /3/0 with the reference values, and one Test Object instance (/3441/0). */
export function defaultStore(lifetime: number, registry = ObjectRegistry.bundled()): ObjectStore {
  const s = new ObjectStore(registry);
  s.put(1, 0, { 0: 1n, 1: BigInt(lifetime), 2: 1n, 3: 10n, 5: 86400n, 6: false, 7: 'U' });
  s.put(3, 0, {
    0: DEVICE_VALUES.manufacturer,
    1: DEVICE_VALUES.modelNumber,
    2: DEVICE_VALUES.serialNumber,
    3: DEVICE_VALUES.firmwareVersion,
    6: [1n, 5n],
    7: [3800n, 5000n],
    8: [125n, 900n],
    9: 100n,
    11: [0n],
    13: 1_700_000_000n,
    16: DEVICE_VALUES.supportedBindings,
  });
  s.put(3441, 0, { 110: 'initial value' });
  return s;
}
