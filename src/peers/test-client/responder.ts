/**
 * The Test Client's answers to what a server DUT asks of it: Device Management (Read, Discover,
 * Write, Write-Attributes, Execute, Create, Delete), Observe and the composite operations
 * (composite.ts: Read-, Write-, Observe-Composite), from an ObjectStore. Every
 * request is logged with the operation it was taken for and the code answered, so that steps
 * judge what the server sent; the answers themselves follow LwM2M 1.1 §6.3–6.4 and RFC 7641.
 */
import type { IncomingRequest, ResponseSpec } from '../../coap/endpoint';
import { Method, OptionNumber, accept as acceptOf, contentFormat, observe as observeOf, uintOption } from '../../coap/message';
import { EventLog } from '../../util/event-log';
import { ContentFormat, decodeContent, encodeContent, instanceIdInCreate } from '../../lwm2m/content';
import { formatLinks, link, linkAttributes } from '../../lwm2m/link-format';
import { LwM2MPath } from '../../lwm2m/path';
import { DecodeError } from '../../lwm2m/errors';
import { ObjectStore, StoreError } from '../reference-client/store';
import { compositeRequest, encodeCompositeAnswer, readComposite, writeComposite } from './composite';

export type Operation =
  | 'read'
  | 'discover'
  | 'write'
  | 'write-partial'
  | 'write-attributes'
  | 'execute'
  | 'create'
  | 'delete'
  | 'observe'
  | 'cancel-observe'
  | 'read-composite'
  | 'write-composite'
  | 'observe-composite'
  | 'cancel-observe-composite'
  | 'unsupported';

/** One request the server sent, how the Test Client understood it and what it answered. */
export interface ServerRequest {
  at: number;
  operation: Operation;
  request: IncomingRequest;
  /** Absent when the Uri-Path is not an LwM2M path. */
  path?: LwM2MPath;
  responseCode: string;
  /** The whole answer (options and payload), for checks of what the server made of it. */
  response: ResponseSpec;
  /** Why the request was refused (for a diagnosis). */
  problem?: string;
}

/** An observation the server established on the Test Client. */
export interface Observation {
  token: Buffer;
  path: LwM2MPath;
  peer: IncomingRequest['peer'];
  format: number;
  /** The last Observe sequence number sent. */
  sequence: number;
  /** Observe-Composite: the paths listed (then `path` is the root). */
  paths?: LwM2MPath[];
  /** The Observe request (under OSCORE each notification is protected against it). */
  request?: IncomingRequest;
}

/** The formats the Test Client produces and consumes (link format apart). */
const DATA_FORMATS = new Set<number>([
  ContentFormat.TEXT,
  ContentFormat.OPAQUE,
  ContentFormat.CBOR,
  ContentFormat.SENML_JSON,
  ContentFormat.SENML_CBOR,
  ContentFormat.TLV,
  ContentFormat.OMA_JSON,
]);
const SINGLE_VALUE_FORMATS = new Set<number>([ContentFormat.TEXT, ContentFormat.OPAQUE, ContentFormat.CBOR]);
const ATTRIBUTES = new Set(['pmin', 'pmax', 'gt', 'lt', 'st', 'epmin', 'epmax']);

export interface ResponderOptions {
  lwm2mVersion: '1.0' | '1.1' | '1.2';
  /** The format of a Read answer when the server sent no Accept (default: the version's usual one). */
  answerFormat?: number;
}

export class Responder {
  readonly requests = new EventLog<ServerRequest>();
  readonly observations = new Map<string, Observation>(); // by token hex
  /** Write-Attributes received, by path text. */
  readonly attributes = new Map<string, Map<string, string>>();
  answerFormat?: number;
  /** Objects that behave beyond the store (the Firmware Update of firmware.ts): an answer of their own, or undefined. */
  readonly behaviours: ((operation: Operation, path: LwM2MPath, req: IncomingRequest) => ResponseSpec | undefined)[] = [];

  constructor(
    readonly store: ObjectStore,
    private readonly opts: ResponderOptions,
  ) {
    this.answerFormat = opts.answerFormat;
  }

  /** The answer to a request, logged; never throws (a defect in here is a 5.00 and a log entry). */
  handle(req: IncomingRequest): ResponseSpec {
    const operation = operationOf(req);
    let path: LwM2MPath | undefined;
    let answer: ResponseSpec;
    let problem: string | undefined;
    try {
      path = LwM2MPath.parse(req.path);
      answer = this.answer(operation, path, req);
    } catch (e) {
      ({ answer, problem } = errorAnswer(e, path !== undefined));
    }
    this.requests.push({ at: req.receivedAt, operation, request: req, path, responseCode: answer.code, response: answer, problem });
    return answer;
  }

  /** The Observe sequence number for the next notification of an observation. */
  nextSequence(o: Observation): number {
    o.sequence = (o.sequence + 1) & 0xffffff;
    return o.sequence;
  }

  /** The current value of an observed path, in the observation's format. */
  encodeObserved(o: Observation): Buffer {
    if (o.paths) return encodeCompositeAnswer(this.store, o.paths, o.format);
    return encodeContent(o.format, o.path, this.store.read(o.path), this.store.registry);
  }

  private answer(operation: Operation, path: LwM2MPath, req: IncomingRequest): ResponseSpec {
    for (const behaviour of this.behaviours) {
      const own = behaviour(operation, path, req);
      if (own) return own;
    }
    switch (operation) {
      case 'read':
        return this.read(path, req);
      case 'observe': {
        const answer = this.read(path, req);
        if (answer.code !== '2.05') return answer;
        const o: Observation = { token: req.message.token, path, peer: req.peer, format: answer.contentFormat!, sequence: 0, request: req };
        this.observations.set(o.token.toString('hex'), o);
        return { ...answer, options: [uintOption(OptionNumber.Observe, this.nextSequence(o))] };
      }
      case 'cancel-observe':
        this.observations.delete(req.message.token.toString('hex'));
        return this.read(path, req);
      case 'read-composite':
        return readComposite(this.store, req);
      case 'write-composite':
        return writeComposite(this.store, req);
      case 'observe-composite': {
        const answer = readComposite(this.store, req);
        const { paths } = compositeRequest(req);
        const o: Observation = {
          token: req.message.token,
          path,
          peer: req.peer,
          format: answer.contentFormat!,
          sequence: 0,
          paths,
          request: req,
        };
        this.observations.set(o.token.toString('hex'), o);
        return { ...answer, options: [uintOption(OptionNumber.Observe, this.nextSequence(o))] };
      }
      case 'cancel-observe-composite':
        this.observations.delete(req.message.token.toString('hex'));
        return readComposite(this.store, req);
      case 'discover': {
        const depth = this.depthOf(req);
        const links = depth === undefined ? this.discover(path) : this.discoverToDepth(path, depth);
        return { code: '2.05', contentFormat: ContentFormat.LINK_FORMAT, payload: Buffer.from(links) };
      }
      case 'write':
      case 'write-partial':
        return this.write(path, req, operation === 'write' ? 'replace' : 'partial');
      case 'write-attributes':
        return this.writeAttributes(path, req);
      case 'execute':
        return this.execute(path);
      case 'create':
        return this.create(path, req);
      case 'delete':
        return this.delete(path);
      case 'unsupported':
        return { code: '4.05' };
    }
  }

  private read(path: LwM2MPath, req: IncomingRequest): ResponseSpec {
    if (path.objectId === 0) throw new StoreError('4.01', 'the Security object is not readable by a server');
    const records = this.store.read(path);
    // One value: a single resource or one resource instance (all that plain text and CBOR carry).
    const single = path.depth >= 3 && records.length === 1 && String(records[0].path) === String(path);
    const asked = acceptOf(req.message);
    const preferred = this.answerFormat ?? (this.opts.lwm2mVersion === '1.0' ? ContentFormat.TLV : ContentFormat.SENML_CBOR);
    const format = asked ?? (single && this.answerFormat === undefined ? ContentFormat.TEXT : preferred);
    if (!DATA_FORMATS.has(format) || (SINGLE_VALUE_FORMATS.has(format) && !single)) {
      throw new StoreError('4.06', `cannot answer ${path} in content-format ${format}`);
    }
    return { code: '2.05', contentFormat: format, payload: encodeContent(format, path, records, this.store.registry) };
  }

  private discover(path: LwM2MPath): string {
    if (!this.store.has(path)) throw new StoreError('4.04', `${path} does not exist`);
    if (path.depth === 3) return this.discoverResource(path);
    const links = [link(path.toString(), this.attributesOf(path))];
    const records = path.depth >= 2 ? this.store.read(path) : [];
    const seen = new Set<string>([path.toString()]);
    for (const r of records) {
      const resource = LwM2MPath.of(r.path.objectId!, r.path.instanceId!, r.path.resourceId!);
      if (seen.has(resource.toString())) continue;
      seen.add(resource.toString());
      const def = this.store.definition(resource.objectId!, resource.resourceId!);
      const dim = records.filter((x) => String(x.path).startsWith(`${resource}/`)).length;
      links.push(link(resource.toString(), { ...(def?.multiple ? { dim } : {}), ...this.attributesOf(resource) }));
    }
    if (path.depth === 1) for (const iid of this.store.instanceIds(path.objectId!)) links.push(link(`/${path.objectId}/${iid}`));
    return formatLinks(links);
  }

  /** The `depth` of a LwM2M 1.2 Discover (0 to 3); a 1.0 or 1.1 client knows no such parameter. */
  private depthOf(req: IncomingRequest): number | undefined {
    const text = req.query.get('depth');
    if (text === undefined || this.opts.lwm2mVersion !== '1.2') return undefined;
    if (!/^[0-3]$/.test(text)) throw new StoreError('4.00', `depth must be 0, 1, 2 or 3, not ${JSON.stringify(text)}`);
    return Number(text);
  }

  /**
   * Discover with a depth (LwM2M 1.2): the target and each level below it down to `depth`
   * levels, every link with the attributes written on exactly that level, dim on a multiple resource.
   */
  private discoverToDepth(path: LwM2MPath, depth: number): string {
    if (!this.store.has(path)) throw new StoreError('4.04', `${path} does not exist`);
    const links: ReturnType<typeof link>[] = [];
    const visit = (at: LwM2MPath, left: number) => {
      const below = this.childrenOf(at);
      const def = at.depth === 3 ? this.store.definition(at.objectId!, at.resourceId!) : undefined;
      links.push(link(at.toString(), { ...(def?.multiple ? { dim: below.length } : {}), ...this.attributesOf(at) }));
      if (left > 0) for (const child of below) visit(child, left - 1);
    };
    visit(path, depth);
    return formatLinks(links);
  }

  /** The paths one level below `at` that hold values: instances, resources, resource instances. */
  private childrenOf(at: LwM2MPath): LwM2MPath[] {
    if (at.depth === 1) return this.store.instanceIds(at.objectId!).map((iid) => LwM2MPath.of(at.objectId!, iid));
    if (at.depth >= 4) return [];
    const below = new Map<string, LwM2MPath>();
    for (const r of this.store.read(at)) {
      const child = LwM2MPath.of(...r.path.ids.slice(0, at.depth + 1));
      if (child.depth > at.depth) below.set(child.toString(), child);
    }
    return [...below.values()];
  }

  /**
   * Discover of a resource (LwM2M 1.1 §5.4.2): the resource with the attributes it has or
   * inherits from its instance and object, then each of its instances with their own.
   */
  private discoverResource(path: LwM2MPath): string {
    const def = this.store.definition(path.objectId!, path.resourceId!);
    const records = this.store.read(path);
    const inherited = {
      ...this.attributesOf(LwM2MPath.of(path.objectId!)),
      ...this.attributesOf(LwM2MPath.of(path.objectId!, path.instanceId!)),
      ...this.attributesOf(path),
    };
    const links = [link(path.toString(), { ...(def?.multiple ? { dim: records.length } : {}), ...inherited })];
    if (def?.multiple) for (const r of records) links.push(link(r.path.toString(), this.attributesOf(r.path)));
    return formatLinks(links);
  }

  private attributesOf(path: LwM2MPath): Record<string, string> {
    return Object.fromEntries(this.attributes.get(path.toString()) ?? []);
  }

  private write(path: LwM2MPath, req: IncomingRequest, mode: 'replace' | 'partial'): ResponseSpec {
    const format = contentFormat(req.message);
    if (format === undefined || !DATA_FORMATS.has(format)) {
      throw new StoreError('4.15', `a Write needs one of the Content-Formats ${[...DATA_FORMATS].join(', ')}; got ${format ?? 'none'}`);
    }
    const records = decodeContent(format, path, req.message.payload, this.store.registry);
    this.store.write(path, records, mode);
    return { code: '2.04' };
  }

  /** Write-Attributes (LwM2M 1.1 §5.4.4): PUT with the attributes in the query and no payload. */
  private writeAttributes(path: LwM2MPath, req: IncomingRequest): ResponseSpec {
    if (!this.store.has(path)) throw new StoreError('4.04', `${path} does not exist`);
    for (const [name] of req.query) if (!ATTRIBUTES.has(name)) throw new StoreError('4.00', `unknown attribute "${name}"`);
    const given = Object.fromEntries([...req.query].filter(([, v]) => v !== ''));
    linkAttributes(link(path.toString(), given)); // a malformed value is a DecodeError: 4.00
    const kept = this.attributes.get(path.toString()) ?? new Map<string, string>();
    // An attribute without a value removes it (LwM2M 1.1 §5.1.2).
    for (const [name, value] of req.query) {
      if (value === '') kept.delete(name);
      else kept.set(name, value);
    }
    this.attributes.set(path.toString(), kept);
    return { code: '2.04' };
  }

  private execute(path: LwM2MPath): ResponseSpec {
    const def = path.depth === 3 ? this.store.definition(path.objectId!, path.resourceId!) : undefined;
    if (!def || !this.store.has(LwM2MPath.of(path.objectId!, path.instanceId!))) throw new StoreError('4.04', `${path} does not exist`);
    if (def.operations !== 'E') throw new StoreError('4.05', `${path} is not executable`);
    return { code: '2.04' };
  }

  private create(path: LwM2MPath, req: IncomingRequest): ResponseSpec {
    const format = contentFormat(req.message);
    if (format === undefined || !DATA_FORMATS.has(format)) throw new StoreError('4.15', 'a Create needs a data Content-Format');
    if (!this.store.registry.get(path.objectId!)) throw new StoreError('4.04', `object ${path.objectId} is not defined`);
    const named = instanceIdInCreate(format, path, req.message.payload, this.store.registry);
    const existing = this.store.instanceIds(path.objectId!);
    const id = named ?? (existing.length ? Math.max(...existing) + 1 : 0);
    if (existing.includes(id)) throw new StoreError('4.00', `instance /${path.objectId}/${id} exists already`);
    const target = LwM2MPath.of(path.objectId!, id);
    const records = decodeContent(format, named === undefined ? target : path, req.message.payload, this.store.registry);
    this.store.put(path.objectId!, id, {});
    try {
      this.store.write(target, records, 'partial');
    } catch (e) {
      this.store.remove(path.objectId!, id);
      throw e;
    }
    return {
      code: '2.01',
      options: [
        { number: OptionNumber.LocationPath, value: Buffer.from(String(path.objectId)) },
        { number: OptionNumber.LocationPath, value: Buffer.from(String(id)) },
      ],
    };
  }

  private delete(path: LwM2MPath): ResponseSpec {
    if (path.depth !== 2) throw new StoreError('4.05', `Delete applies to an object instance, not to ${path}`);
    if (path.objectId === 0 || path.objectId === 1 || path.objectId === 3) throw new StoreError('4.05', `${path} may not be deleted`);
    if (!this.store.remove(path.objectId!, path.instanceId!)) throw new StoreError('4.04', `${path} does not exist`);
    return { code: '2.02' };
  }
}

/** Which LwM2M operation a request is (LwM2M 1.1 §6.4, Table: operation to CoAP method). */
export function operationOf(req: IncomingRequest): Operation {
  const m = req.message;
  const depth = req.path.split('/').filter(Boolean).length;
  switch (m.code) {
    case Method.GET: {
      const obs = observeOf(m);
      if (obs === 0) return 'observe';
      if (obs === 1) return 'cancel-observe';
      return acceptOf(m) === ContentFormat.LINK_FORMAT ? 'discover' : 'read';
    }
    case Method.PUT:
      return m.payload.length === 0 && req.query.size > 0 ? 'write-attributes' : 'write';
    case Method.POST:
      return depth === 1 ? 'create' : depth === 2 ? 'write-partial' : 'execute';
    case Method.DELETE:
      return 'delete';
    case Method.FETCH: {
      const obs = observeOf(m);
      return obs === 0 ? 'observe-composite' : obs === 1 ? 'cancel-observe-composite' : 'read-composite';
    }
    case Method.iPATCH:
      return 'write-composite';
    default:
      return 'unsupported';
  }
}

/**
 * The answer to a request whose handling threw: the store's own code, 4.00 for a payload that does
 * not decode (4.04 when the path itself did not parse), else 5.00; the message is the diagnostic.
 */
export function errorAnswer(e: unknown, pathParsed: boolean): { answer: ResponseSpec; problem: string } {
  const problem = (e as Error).message;
  const code = e instanceof StoreError ? e.code : e instanceof DecodeError ? (pathParsed ? '4.00' : '4.04') : '5.00';
  return { answer: code === '5.00' ? { code } : { code, payload: Buffer.from(problem) }, problem };
}
