/**
 * The reference bootstrap server: a spec-conformant LwM2M Bootstrap-Server (TS 1.1 §5.2, §6.1)
 * on the harness's own engine, the DUT of the Bootstrap-Server suite when no external one is
 * given. Like real bootstrap servers it is configured per endpoint: each endpoint name it knows
 * is bound to a bootstrap script (the ETS procedure it runs when that client asks): `provision`
 * (int-0), `read` (int-8) or `delete` (int-4). It answers the Bootstrap-Request 2.04, then
 * sends the script's operations one after the other, each once the previous one was answered.
 * The account it provisions is ETS configuration C.1 for one LwM2M server (Short Server ID 1,
 * in the free Security instance 0: the client's Bootstrap-Server account is /0/1, C.13).
 * Faults (bootstrap-faults.ts) break one rule each.
 */
import { CoapEndpoint, type IncomingRequest, type HandlerResult, type IncomingResponse } from '../../coap/endpoint';
import { Method } from '../../coap/message';
import { createUdpTransport } from '../../transport/udp';
import { formatPeer, type PeerAddress } from '../../transport/types';
import type { Trace } from '../../trace/trace';
import { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import { ContentFormat, encodeContent, type ResourceRecord } from '../../lwm2m/content';
import { lwm2mPayloadView } from '../payload-view';
import { securityRecords, serverRecords, type ServerAccount } from '../test-bootstrap-server';
import type { BootstrapServerFaultName } from './bootstrap-faults';

/** The bootstrap scripts an endpoint can be configured with (the ETS procedure each follows). */
export const BOOTSTRAP_SCRIPTS = {
  provision: 'int-0: write the Security and Server accounts, Bootstrap-Discover /, Bootstrap-Finish',
  read: 'int-8: write the accounts and an Access Control instance, Bootstrap-Read /1 and /2, Bootstrap-Finish',
  delete:
    'int-4: write the accounts, Discover / and Read /1, Delete /0 and /1, Discover / and Read /1 again, write the accounts again, Bootstrap-Finish',
} as const;
export type BootstrapScript = keyof typeof BOOTSTRAP_SCRIPTS;

export function isBootstrapScript(s: string): s is BootstrapScript {
  return Object.prototype.hasOwnProperty.call(BOOTSTRAP_SCRIPTS, s);
}

export interface ReferenceBootstrapServerOptions {
  host?: string;
  port?: number;
  /** Endpoint name → the script it runs. */
  endpoints: Record<string, BootstrapScript>;
  /** The LwM2M Server URI it provisions (/0/0/0). */
  serverUri?: string;
  /** The lifetime it provisions (/1/0/1), seconds. */
  lifetime?: number;
  faults?: BootstrapServerFaultName[];
  ackTimeoutMs?: number;
  responseTimeoutMs?: number;
  trace?: Trace;
  registry?: ObjectRegistry;
  log?: (line: string) => void;
}

/** One operation of a script. */
type Operation =
  { op: 'write'; path: string; records: ResourceRecord[] } | { op: 'discover' | 'read' | 'delete'; path: string } | { op: 'finish' };

/** Formats a write may go out in, when the client's pct names one; else TLV (every 1.x client has it). */
const WRITE_FORMATS: readonly number[] = [ContentFormat.TLV, ContentFormat.SENML_CBOR, ContentFormat.SENML_JSON, ContentFormat.LWM2M_CBOR];

const SHORT_SERVER_ID = 1;
const SECURITY_INSTANCE = 0;
const BOOTSTRAP_ACCOUNT = 1; // C.13: the client keeps its Bootstrap-Server account in Security instance 1

export class ReferenceBootstrapServer {
  endpoint!: CoapEndpoint;
  readonly registry: ObjectRegistry;
  private readonly faults: Set<BootstrapServerFaultName>;
  /** Scripts running now (waited for on close). */
  private readonly running = new Set<Promise<void>>();
  private closing = false;

  constructor(private readonly opts: ReferenceBootstrapServerOptions) {
    this.faults = new Set(opts.faults ?? []);
    this.registry = opts.registry ?? ObjectRegistry.bundled();
  }

  private has(f: BootstrapServerFaultName): boolean {
    return this.faults.has(f);
  }

  async start(): Promise<void> {
    const transport = await createUdpTransport({ host: this.opts.host ?? '127.0.0.1', port: this.opts.port ?? 0 });
    this.endpoint = new CoapEndpoint({
      transport,
      trace: this.opts.trace,
      timers: { ackTimeoutMs: this.opts.ackTimeoutMs ?? 2000 },
      defaultTimeoutMs: this.opts.responseTimeoutMs ?? 5000,
      describePayload: lwm2mPayloadView(this.registry),
    });
    this.endpoint.onRequest((req) => this.handle(req));
  }

  get uri(): string {
    const { host, port } = this.endpoint.local;
    return `coap://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.endpoint?.close();
    await Promise.allSettled([...this.running]);
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  /** Bootstrap-Request (`POST /bs?ep=…[&pct=…]`): 2.04 for a known endpoint, then its script. */
  private handle(req: IncomingRequest): HandlerResult {
    if (req.path !== '/bs' || req.message.code !== Method.POST) return { code: '4.04' };
    const ep = req.query.get('ep');
    if (!ep) return { code: '4.00', payload: Buffer.from('the "ep" (Endpoint Client Name) parameter is missing') };
    const script = this.opts.endpoints[ep];
    if (!script) return { code: '4.00', payload: Buffer.from(`no bootstrap configuration for endpoint "${ep}"`) };
    const pct = Number(req.query.get('pct'));
    const format = WRITE_FORMATS.includes(pct) ? pct : ContentFormat.TLV;
    this.log(`Bootstrap-Request from ${formatPeer(req.peer)} (ep "${ep}"): running script "${script}" in Content-Format ${format}`);
    // The operations start once the answer is out (TS 1.1 §5.2.7.1: the request is acknowledged first).
    setImmediate(() => {
      const run = this.run(req.peer, this.operations(script), format).finally(() => this.running.delete(run));
      this.running.add(run);
    });
    return { code: this.has('bs-request-answered-created') ? '2.01' : '2.04' };
  }

  /** The script's operations, with the faults applied. */
  private operations(script: BootstrapScript): Operation[] {
    const account: ServerAccount = {
      securityInstance: this.has('bs-overwrites-bootstrap-account') ? BOOTSTRAP_ACCOUNT : SECURITY_INSTANCE,
      serverInstance: 0,
      uri: this.opts.serverUri ?? 'coap://127.0.0.1:5683',
      shortServerId: SHORT_SERVER_ID,
      lifetime: this.opts.lifetime ?? 86400,
      mode: 'nosec',
    };
    const server = this.has('bs-ssid-mismatch') ? { ...account, shortServerId: SHORT_SERVER_ID + 1 } : account;
    const writeAccounts: Operation[] = [
      { op: 'write', path: `/0/${account.securityInstance}`, records: securityRecords(account) },
      { op: 'write', path: `/1/${server.serverInstance}`, records: serverRecords(server) },
    ];
    const discoverAndRead: Operation[] = [
      { op: 'discover', path: '/' },
      { op: 'read', path: '/1' },
    ];
    const finish: Operation[] = this.has('bs-finish-omitted') ? [] : [{ op: 'finish' }];
    switch (script) {
      case 'provision':
        return [...writeAccounts, { op: 'discover', path: '/' }, ...finish];
      case 'read':
        return [
          ...writeAccounts,
          { op: 'write', path: '/2/0', records: aclRecords() },
          { op: 'read', path: '/1' },
          ...(this.has('bs-read-skips-acl') ? [] : [{ op: 'read', path: '/2' } as const]),
          ...finish,
        ];
      case 'delete':
        return [
          ...writeAccounts,
          ...discoverAndRead,
          ...(this.has('bs-deletes-bootstrap-account') ? [{ op: 'delete', path: `/0/${BOOTSTRAP_ACCOUNT}` } as const] : []),
          { op: 'delete', path: this.has('bs-delete-resource-path') ? '/0/0/0' : '/0' },
          { op: 'delete', path: '/1' },
          ...(this.has('bs-no-check-after-delete') ? [] : discoverAndRead),
          ...writeAccounts,
          ...finish,
        ];
    }
  }

  /** Sends the operations in order; a client that stops answering ends the script. */
  private async run(peer: PeerAddress, operations: Operation[], format: number): Promise<void> {
    for (const o of operations) {
      if (this.closing) return;
      let res: IncomingResponse;
      try {
        res = await this.endpoint.request(peer, this.requestOf(o, format));
      } catch (e) {
        if (!this.closing) this.log(`bootstrap of ${formatPeer(peer)} stopped: ${(e as Error).message}`);
        return;
      }
      this.log(`${o.op} ${'path' in o ? o.path : '/bs'}: ${res.message.code}`);
    }
  }

  private requestOf(o: Operation, format: number) {
    switch (o.op) {
      case 'write': {
        let payload = encodeContent(format, LwM2MPath.parse(o.path), o.records, this.registry);
        if (this.has('bs-write-undecodable') && o.path.startsWith('/0/')) payload = payload.subarray(0, Math.ceil(payload.length / 2));
        return {
          method: this.has('bs-write-as-post') ? Method.POST : Method.PUT,
          path: o.path,
          contentFormat: format,
          payload,
        };
      }
      case 'discover':
        return {
          method: Method.GET,
          path: o.path,
          ...(this.has('bs-discover-without-accept') ? {} : { accept: ContentFormat.LINK_FORMAT }),
        };
      case 'read':
        return { method: Method.GET, path: this.has('bs-read-security-object') && o.path === '/1' ? '/0' : o.path, accept: format };
      case 'delete':
        return { method: Method.DELETE, path: o.path };
      case 'finish':
        return { method: Method.POST, path: '/bs' };
    }
  }
}

/** The Access Control instance of int-8: object 3, instance 0, ACL 31 for the default, owner 65535 (not the BS). */
function aclRecords(): ResourceRecord[] {
  const rec = (path: string, value: bigint): ResourceRecord => ({ path: LwM2MPath.parse(path), type: 'integer', value });
  return [rec('/2/0/0', 3n), rec('/2/0/1', 0n), rec('/2/0/2/0', 31n), rec('/2/0/3', 65535n)];
}
