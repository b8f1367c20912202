/**
 * The Test Bootstrap Server: the harness playing an LwM2M Bootstrap-Server towards a client DUT,
 * on the same CoAP engine as the Test Server (its own endpoint and port). It answers the
 * client's Bootstrap-Request (`POST /bs?ep=…`, 2.04) and Bootstrap-Pack-Request
 * (`GET /bspack?ep=…`, 2.05 with a pack, LwM2M 1.2), logs every request for steps to wait on,
 * and sends the Bootstrap-Write / Read / Discover / Delete / Finish operations to the client
 * that asked. Negative cases change the next answer (another code, or no answer at all).
 */
import {
  type CoapEndpoint,
  type IncomingRequest,
  type IncomingResponse,
  type ResponseSpec,
  NO_RESPONSE,
  type HandlerResult,
} from '../coap/endpoint';
import { Method, accept } from '../coap/message';
import type { PeerAddress } from '../transport/types';
import { formatPeer } from '../transport/types';
import type { Trace } from '../trace/trace';
import { EventLog } from '../util/event-log';
import { LwM2MPath } from '../lwm2m/path';
import type { ResourceRecord } from '../lwm2m/content';

export type BsEventKind = 'bootstrap-request' | 'pack-request' | 'other';

/** One request the client sent to the Test Bootstrap Server, with the answer it got. */
export interface BsEvent {
  kind: BsEventKind;
  at: number;
  request: IncomingRequest;
  /** The `ep` query parameter. */
  endpoint?: string;
  /** The `pct` query parameter (Preferred Content Format, LwM2M 1.1). */
  preferredFormat?: string;
  /** The code answered; undefined when the Test Bootstrap Server deliberately did not answer. */
  responseCode?: string;
}

/** A one-shot answer a step installs: a response, or silence. */
export type BsAnswer = ResponseSpec | 'no-answer';

/** What a Bootstrap-Pack-Request is answered with (a payload in one content format). */
export interface BootstrapPack {
  format: number;
  payload: Buffer;
}

export class TestBootstrapServer {
  readonly events = new EventLog<BsEvent>();
  /** The client that sent the last Bootstrap-Request (the operations go there). */
  client?: PeerAddress;
  private overrides: { kind: BsEventKind; answer: BsAnswer }[] = [];
  private pack?: (accept?: number) => BootstrapPack | undefined;

  constructor(
    readonly endpoint: CoapEndpoint,
    private readonly timers: { responseTimeoutMs: number },
    private readonly trace?: Trace,
  ) {
    endpoint.onRequest((req) => this.handle(req));
  }

  /** e.g. coap://127.0.0.1:5783 */
  get uri(): string {
    const { host, port } = this.endpoint.local;
    return `${this.endpoint.scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  /** Answers the next request of this kind with `answer` instead of the normal answer. */
  answerNext(kind: BsEventKind, answer: BsAnswer): void {
    this.overrides.push({ kind, answer });
  }

  /**
   * Serves Bootstrap-Pack-Requests with this pack, in the format the request accepts (without
   * it they are answered 4.04; a format the pack cannot be given in, 4.06).
   */
  servePack(pack: (accept?: number) => BootstrapPack | undefined): void {
    this.pack = pack;
  }

  // ---- Bootstrap interface operations to the client -----------------------------------

  send(spec: { method: string; path: string; payload?: Buffer; contentFormat?: number; accept?: number }): Promise<IncomingResponse> {
    if (!this.client) throw new Error('the Test Bootstrap Server has no client yet (no Bootstrap-Request arrived)');
    return this.endpoint.request(this.client, { timeoutMs: this.timers.responseTimeoutMs, ...spec });
  }

  write(path: string, payload: Buffer, format: number): Promise<IncomingResponse> {
    return this.send({ method: Method.PUT, path, payload, contentFormat: format });
  }

  read(path: string, accept?: number): Promise<IncomingResponse> {
    return this.send({ method: Method.GET, path, accept });
  }

  discover(path: string): Promise<IncomingResponse> {
    return this.send({ method: Method.GET, path, accept: 40 });
  }

  delete(path: string): Promise<IncomingResponse> {
    return this.send({ method: Method.DELETE, path });
  }

  finish(): Promise<IncomingResponse> {
    return this.send({ method: Method.POST, path: '/bs' });
  }

  async close(): Promise<void> {
    await this.endpoint.close();
  }

  // ---- requests from the client ---------------------------------------------------------

  private handle(req: IncomingRequest): HandlerResult {
    const code = req.message.code;
    const kind: BsEventKind =
      req.path === '/bs' && code === Method.POST
        ? 'bootstrap-request'
        : req.path === '/bspack' && code === Method.GET
          ? 'pack-request'
          : 'other';
    const event: BsEvent = { kind, at: req.receivedAt, request: req, endpoint: req.query.get('ep'), preferredFormat: req.query.get('pct') };
    const answer = this.answerFor(kind, req);
    event.responseCode = answer === NO_RESPONSE ? undefined : answer.code;
    if (kind !== 'other' && event.responseCode?.startsWith('2.')) this.client = req.peer;
    this.events.push(event);
    this.trace?.note(
      'harness',
      `Test Bootstrap Server: ${kind} from ${formatPeer(req.peer)}${event.endpoint ? ` (ep "${event.endpoint}")` : ''} answered ${event.responseCode ?? 'not at all'}`,
    );
    return answer;
  }

  private answerFor(kind: BsEventKind, req: IncomingRequest): HandlerResult {
    const i = this.overrides.findIndex((o) => o.kind === kind);
    if (i >= 0) {
      const { answer } = this.overrides.splice(i, 1)[0];
      return answer === 'no-answer' ? NO_RESPONSE : answer;
    }
    if (kind === 'other') return { code: '4.04' };
    if (!req.query.get('ep')) return { code: '4.00', payload: Buffer.from('the "ep" (Endpoint Client Name) parameter is missing') };
    if (kind === 'bootstrap-request') return { code: '2.04' };
    if (!this.pack) return { code: '4.04' };
    const pack = this.pack(accept(req.message));
    if (!pack) return { code: '4.06', payload: Buffer.from('a Bootstrap-Pack is SenML CBOR, SenML JSON or LwM2M CBOR') };
    return { code: '2.05', contentFormat: pack.format, payload: pack.payload };
  }
}

// ---- the accounts it provisions -------------------------------------------------------

/** LwM2M Security Mode (/0/x/2) by the harness's names. */
export const SECURITY_MODE = { psk: 0n, rpk: 1n, x509: 2n, nosec: 3n } as const;

export interface ServerAccount {
  /** Security and Server instance IDs to write. */
  securityInstance: number;
  serverInstance: number;
  /** The LwM2M Server URI (/0/x/0), e.g. the Test Server's. */
  uri: string;
  shortServerId: number;
  lifetime: number;
  binding?: string;
  mode: keyof typeof SECURITY_MODE;
  /** /0/x/3, /0/x/4, /0/x/5: identity or certificate, server key or certificate, secret key. */
  publicKeyOrIdentity?: Buffer;
  serverPublicKey?: Buffer;
  secretKey?: Buffer;
}

const rec = (path: string, type: ResourceRecord['type'], value: ResourceRecord['value']): ResourceRecord => ({
  path: LwM2MPath.parse(path),
  type,
  value,
});

/** The Security instance of a server account (0-SetOfValue_1 of the ETS, C.1). */
export function securityRecords(a: ServerAccount): ResourceRecord[] {
  const p = `/0/${a.securityInstance}`;
  const out = [rec(`${p}/0`, 'string', a.uri), rec(`${p}/1`, 'boolean', false), rec(`${p}/2`, 'integer', SECURITY_MODE[a.mode])];
  out.push(rec(`${p}/3`, 'opaque', a.publicKeyOrIdentity ?? Buffer.alloc(0)));
  out.push(rec(`${p}/4`, 'opaque', a.serverPublicKey ?? Buffer.alloc(0)));
  out.push(rec(`${p}/5`, 'opaque', a.secretKey ?? Buffer.alloc(0)));
  out.push(rec(`${p}/10`, 'integer', BigInt(a.shortServerId)));
  return out;
}

/** The Server instance of a server account (0-SetOfValue_2 of the ETS, C.1). */
export function serverRecords(a: ServerAccount): ResourceRecord[] {
  const p = `/1/${a.serverInstance}`;
  return [
    rec(`${p}/0`, 'integer', BigInt(a.shortServerId)),
    rec(`${p}/1`, 'integer', BigInt(a.lifetime)),
    rec(`${p}/6`, 'boolean', false),
    rec(`${p}/7`, 'string', a.binding ?? 'U'),
  ];
}
