/**
 * The Test Client's bootstrap part: the harness playing an LwM2M client towards a Bootstrap
 * Server DUT. It starts from ETS configuration C.13 (only a Bootstrap-Server account, in Security
 * instance 1, and the Device object), sends the Bootstrap-Request (`POST /bs?ep=…`, with `pct=`
 * on 1.1+), answers the Bootstrap-Server's Write / Read / Discover / Delete / Finish as TS 1.1
 * §5.2.7 says, in the formats it is given, and logs every request with what it answered so
 * that steps judge what the server sent. Like the Test Client it never acts on its own.
 */
import { CoapEndpoint, type IncomingRequest, type IncomingResponse, type PayloadDescriber, type ResponseSpec } from '../../coap/endpoint';
import { Method, accept as acceptOf, contentFormat } from '../../coap/message';
import { createUdpTransport } from '../../transport/udp';
import type { PeerAddress } from '../../transport/types';
import type { Trace } from '../../trace/trace';
import { EventLog } from '../../util/event-log';
import { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import { ContentFormat, decodeContent, encodeContent, type ResourceRecord } from '../../lwm2m/content';
import { formatLinks, link, type Link } from '../../lwm2m/link-format';
import { ObjectStore, StoreError } from '../reference-client/store';
import { DEVICE_VALUES } from '../reference-client/client';
import { errorAnswer } from './responder';

export type BootstrapOperation = 'write' | 'read' | 'discover' | 'delete' | 'finish' | 'unsupported';

/** One request the Bootstrap Server sent, how the Test Client took it and what it answered. */
export interface BootstrapServerRequest {
  at: number;
  operation: BootstrapOperation;
  request: IncomingRequest;
  /** Absent when the Uri-Path is not an LwM2M path. */
  path?: LwM2MPath;
  responseCode: string;
  response: ResponseSpec;
  /** Why the request was refused (for a diagnosis). */
  problem?: string;
}

/** The Security instance that holds the Bootstrap-Server account (C.13). */
export const BOOTSTRAP_ACCOUNT_INSTANCE = 1;

export interface TestBootstrapClientOptions {
  /** Where the Bootstrap Server DUT listens. */
  server: PeerAddress;
  lwm2mVersion: '1.0' | '1.1' | '1.2';
  /** The data formats it accepts in writes and answers reads in; the first is its pct. */
  formats: number[];
  trace?: Trace;
  ackTimeoutMs?: number;
  responseTimeoutMs?: number;
  describePayload?: PayloadDescriber;
  registry?: ObjectRegistry;
}

export class TestBootstrapClient {
  endpoint!: CoapEndpoint;
  readonly store: ObjectStore;
  readonly requests = new EventLog<BootstrapServerRequest>();

  constructor(private readonly opts: TestBootstrapClientOptions) {
    this.store = bootstrapOnlyStore(serverUri(opts.server), opts.registry);
  }

  /** The Content-Format it prefers (the pct of its Bootstrap-Request). */
  get preferredFormat(): number {
    return this.opts.formats[0];
  }

  async start(): Promise<void> {
    const transport = await createUdpTransport({ host: this.opts.server.host.includes(':') ? '::1' : '127.0.0.1' });
    this.endpoint = new CoapEndpoint({
      transport,
      trace: this.opts.trace,
      timers: { ackTimeoutMs: this.opts.ackTimeoutMs ?? 2000 },
      defaultTimeoutMs: this.opts.responseTimeoutMs ?? 5000,
      describePayload: this.opts.describePayload,
    });
    this.endpoint.onRequest((req) => this.handle(req));
  }

  async close(): Promise<void> {
    await this.endpoint?.close();
  }

  /** Bootstrap-Request (TS 1.1 §5.2.7.1): `POST /bs?ep=…`, with the preferred format on 1.1 and later. */
  requestBootstrap(endpointName: string): Promise<IncomingResponse> {
    const query = [`ep=${endpointName}`];
    if (this.opts.lwm2mVersion !== '1.0') query.push(`pct=${this.preferredFormat}`);
    return this.endpoint.request(this.opts.server, { method: Method.POST, path: `/bs?${query.join('&')}` });
  }

  /** The answer to a request, logged; never throws (a defect in here is a 5.00 and a log entry). */
  handle(req: IncomingRequest): ResponseSpec {
    const operation = operationOf(req);
    let path: LwM2MPath | undefined;
    let answer: ResponseSpec;
    let problem: string | undefined;
    try {
      if (operation !== 'finish') path = LwM2MPath.parse(req.path || '/');
      answer = this.answer(operation, path ?? LwM2MPath.parse('/'), req);
    } catch (e) {
      ({ answer, problem } = errorAnswer(e, path !== undefined));
    }
    this.requests.push({ at: req.receivedAt, operation, request: req, path, responseCode: answer.code, response: answer, problem });
    return answer;
  }

  private answer(operation: BootstrapOperation, path: LwM2MPath, req: IncomingRequest): ResponseSpec {
    switch (operation) {
      case 'write':
        return this.write(path, req);
      case 'read':
        return this.read(path, req);
      case 'discover':
        return { code: '2.05', contentFormat: ContentFormat.LINK_FORMAT, payload: Buffer.from(formatLinks(this.discover(path))) };
      case 'delete':
        return this.delete(path);
      case 'finish': {
        const problem = configurationProblem(this.store);
        return problem ? { code: '4.06', payload: Buffer.from(problem) } : { code: '2.04' };
      }
      case 'unsupported':
        throw new StoreError('4.05', `${req.message.code} ${req.path} is no Bootstrap-Server operation`);
    }
  }

  /** Bootstrap-Write (TS 1.1 §5.2.7.4): creates instances as needed and may write any resource; not on "/". */
  private write(path: LwM2MPath, req: IncomingRequest): ResponseSpec {
    if (path.depth === 0) throw new StoreError('4.00', 'a Bootstrap-Write needs an object, instance or resource path');
    const format = contentFormat(req.message);
    if (format === undefined || !this.opts.formats.includes(format))
      throw new StoreError(
        '4.15',
        `a Bootstrap-Write needs one of the Content-Formats ${this.opts.formats.join(', ')}; got ${format ?? 'none'}`,
      );
    const records = decodeContent(format, path, req.message.payload, this.store.registry);
    if (path.depth >= 3) {
      this.store.write(path, records, 'replace', { bootstrap: true });
      return { code: '2.04' };
    }
    const byInstance = new Map<string, ResourceRecord[]>();
    for (const r of records) {
      const key = `/${r.path.objectId}/${r.path.instanceId}`;
      byInstance.set(key, [...(byInstance.get(key) ?? []), r]);
    }
    for (const [inst, recs] of byInstance) this.store.write(LwM2MPath.parse(inst), recs, 'partial', { bootstrap: true });
    return { code: '2.04' };
  }

  /** Bootstrap-Read (TS 1.1 §5.2.7.5): the Server and Access Control objects only. */
  private read(path: LwM2MPath, req: IncomingRequest): ResponseSpec {
    if (path.objectId !== 1 && path.objectId !== 2) throw new StoreError('4.00', 'Bootstrap-Read is for /1 and /2 only');
    const format = acceptOf(req.message) ?? this.preferredFormat;
    if (!this.opts.formats.includes(format)) throw new StoreError('4.06', `cannot answer in Content-Format ${format}`);
    const records = path.depth === 1 && this.store.instanceIds(path.objectId).length === 0 ? [] : this.store.read(path);
    return { code: '2.05', contentFormat: format, payload: encodeContent(format, path, records, this.store.registry) };
  }

  /** Bootstrap-Discover (TS 1.1 §5.2.7.3) of "/" or an object: instances, with ssid and uri on server accounts. */
  private discover(path: LwM2MPath): Link[] {
    if (path.depth > 1) throw new StoreError('4.00', 'a Bootstrap-Discover targets "/" or an object');
    const links: Link[] = [link('/', { lwm2m: this.opts.lwm2mVersion })];
    const objects = path.depth === 0 ? [...new Set([...this.store.objectIds(), 0, 1, 3])].sort((a, b) => a - b) : [path.objectId!];
    for (const oid of objects) {
      const instances = this.store.instanceIds(oid);
      if (instances.length === 0) links.push(link(`/${oid}`));
      for (const iid of instances) links.push(link(`/${oid}/${iid}`, this.accountAttributes(oid, iid)));
    }
    return links;
  }

  private accountAttributes(oid: number, iid: number): Record<string, string | number> {
    if (oid === 1) return { ssid: Number(this.store.get(1, iid, 0) ?? 0n) };
    if (oid !== 0 || this.store.get(0, iid, 1) === true) return {};
    const attrs: Record<string, string | number> = { ssid: Number(this.store.get(0, iid, 10) ?? 0n) };
    if (this.opts.lwm2mVersion !== '1.0') attrs.uri = String(this.store.get(0, iid, 0) ?? '');
    return attrs;
  }

  /** Bootstrap-Delete (TS 1.1 §5.2.7.6): "/", an object or an instance; the Bootstrap-Server account and (for "/") the Device object stay. */
  private delete(path: LwM2MPath): ResponseSpec {
    if (path.depth > 2) throw new StoreError('4.00', 'a Bootstrap-Delete targets "/", an object or an object instance');
    if (path.depth === 2 && path.objectId === 0 && path.instanceId === BOOTSTRAP_ACCOUNT_INSTANCE)
      throw new StoreError('4.00', 'the Bootstrap-Server account cannot be deleted');
    const keep = (oid: number, iid: number) => (oid === 0 && iid === BOOTSTRAP_ACCOUNT_INSTANCE) || (path.depth === 0 && oid === 3);
    const objects = path.depth === 0 ? this.store.objectIds() : [path.objectId!];
    for (const oid of objects) {
      const instances = path.depth === 2 ? [path.instanceId!] : this.store.instanceIds(oid);
      for (const iid of instances) if (!keep(oid, iid)) this.store.deleteInstance(oid, iid);
    }
    return { code: '2.02' };
  }
}

/** Which Bootstrap-Server operation a request is (TS 1.1 §6.1, Table: operation to CoAP method). */
export function operationOf(req: IncomingRequest): BootstrapOperation {
  const m = req.message;
  if (req.path === '/bs') return m.code === Method.POST ? 'finish' : 'unsupported';
  switch (m.code) {
    case Method.PUT:
      return 'write';
    case Method.GET:
      return acceptOf(m) === ContentFormat.LINK_FORMAT ? 'discover' : 'read';
    case Method.DELETE:
      return 'delete';
    default:
      return 'unsupported';
  }
}

/**
 * Why Bootstrap-Finish cannot be accepted (TS 1.1 §5.2.7.7: "no inconsistency detected"): no
 * server account with a Security and a Server instance of the same Short Server ID.
 */
export function configurationProblem(store: ObjectStore): string | undefined {
  for (const sec of store.instanceIds(0)) {
    if (store.get(0, sec, 1) !== false) continue;
    const ssid = store.get(0, sec, 10);
    if (typeof ssid === 'bigint' && store.instanceIds(1).some((i) => store.get(1, i, 0) === ssid)) return undefined;
  }
  return 'no LwM2M Server account with a Security and a Server instance of the same Short Server ID';
}

function serverUri(a: PeerAddress): string {
  return `coap://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}

/** ETS configuration C.13: the Bootstrap-Server account in Security instance 1 (NoSec), the Device object, no Server instance. */
export function bootstrapOnlyStore(bootstrapUri: string, registry = ObjectRegistry.bundled()): ObjectStore {
  const s = new ObjectStore(registry);
  s.put(0, BOOTSTRAP_ACCOUNT_INSTANCE, { 0: bootstrapUri, 1: true, 2: 3n, 3: Buffer.alloc(0), 4: Buffer.alloc(0), 5: Buffer.alloc(0) });
  s.put(3, 0, {
    0: DEVICE_VALUES.manufacturer,
    1: DEVICE_VALUES.modelNumber,
    2: DEVICE_VALUES.serialNumber,
    3: DEVICE_VALUES.firmwareVersion,
    11: [0n],
    16: DEVICE_VALUES.supportedBindings,
  });
  return s;
}
