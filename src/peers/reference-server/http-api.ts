/**
 * The reference server's HTTP API (node:http, JSON): how a conformance run, or anyone, asks it to
 * act on a registered client, the way a platform's REST API would.
 *
 *   GET  /api/clients                          registered clients
 *   GET  /api/clients/{endpoint}               one client (404 when not registered)
 *   POST /api/clients/{endpoint}/{operation}   read | discover | write | execute | create | delete |
 *                                              write-attributes | observe | cancel-observation |
 *                                              read-composite | write-composite | observe-composite |
 *                                              cancel-observation-composite
 *        body: { path, format?, value?, mode?, attributes?, args?, instance?, depth? }
 *        (discover: depth 0-3 for a LwM2M 1.2 Discover; observe: attributes, an object or a query
 *        string such as "pmin=5&pmax=15", sent as the Observe's parameters)
 *        composite: { paths: [...], format? } (read, observe, cancel with mode?); { values: { path: value }, format? } (write)
 *        answer: { code, contentFormat?, value?, values?, links?, location?, token?, problem? }
 *   POST /api/clients/{endpoint}/firmware-update   { package: "/path/to/file" } (push) or { uri } (pull):
 *        delivers, executes Update and follows State; answer: { code, stage, state?, updateResult?, firmwareVersion? }
 *   GET  /api/clients/{endpoint}/notifications?path=/3/0/9
 *   GET  /api/clients/{endpoint}/notifications/latest?path=/3/0/9   the last one (404 when none came)
 *   GET  /api/sent                             values received by Send (POST /dp)
 *   GET  /api/clients/{endpoint}/sent/latest   the last Send of that client (404 when none came)
 *
 * An operation the client answered (whatever its CoAP code) is HTTP 200; a bad request 400; an
 * unknown client 404; a client that did not answer 504.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registration } from '../test-server';
import { OperationError, type OperationResult, type ReferenceServer } from './server';
import { CompositeOperations } from './composite';
import { FirmwareUpdater } from './firmware';

const MAX_BODY = 64 * 1024;

type Body = Record<string, unknown>;
const COMPOSITE: Record<string, (c: CompositeOperations, ep: string, b: Body) => Promise<OperationResult>> = {
  'read-composite': (c, ep, b) => c.read(ep, b.paths as string[], optional(b, 'format')),
  'write-composite': (c, ep, b) => c.write(ep, object(b, 'values'), optional(b, 'format')),
  'observe-composite': (c, ep, b) => c.observe(ep, b.paths as string[], optional(b, 'format')),
  'cancel-observation-composite': (c, ep, b) => c.cancel(ep, b.paths as string[], b.mode === 'passive' ? 'passive' : 'active'),
};
const OPERATIONS: Record<string, (s: ReferenceServer, ep: string, b: Body) => Promise<OperationResult>> = {
  read: (s, ep, b) => s.read(ep, text(b, 'path'), optional(b, 'format')),
  discover: (s, ep, b) => s.discover(ep, text(b, 'path'), depth(b)),
  write: (s, ep, b) => s.write(ep, text(b, 'path'), b.value, optional(b, 'format') ?? 'text', b.mode === 'partial' ? 'partial' : 'replace'),
  execute: (s, ep, b) => s.execute(ep, text(b, 'path'), optional(b, 'args')),
  create: (s, ep, b) =>
    s.create(ep, text(b, 'path'), b.value, optional(b, 'format') ?? 'tlv', b.instance === undefined ? undefined : Number(b.instance)),
  delete: (s, ep, b) => s.delete(ep, text(b, 'path')),
  'write-attributes': (s, ep, b) => s.writeAttributes(ep, text(b, 'path'), (b.attributes ?? {}) as Record<string, unknown>),
  observe: (s, ep, b) => s.observe(ep, text(b, 'path'), optional(b, 'format'), attributes(b)),
  'cancel-observation': (s, ep, b) => s.cancelObservation(ep, text(b, 'path'), b.mode === 'passive' ? 'passive' : 'active'),
};

function text(b: Body, key: string): string {
  const v = b[key];
  if (typeof v !== 'string' || v === '') throw new OperationError(400, `the body needs "${key}" (a string)`);
  return v;
}

function object(b: Body, key: string): Record<string, unknown> {
  const v = b[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new OperationError(400, `the body needs "${key}" (an object)`);
  return v as Record<string, unknown>;
}

/** A Discover's depth (LwM2M 1.2): absent or empty for none, else a number or its digits. */
function depth(b: Body): number | undefined {
  const v = optional(b, 'depth');
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v)) throw new OperationError(400, `"depth" must be a whole number, not ${JSON.stringify(v)}`);
  return Number(v);
}

/** Attributes as an object ({ "pmin": 5 }) or a query string ("pmin=5&pmax=15"); absent or empty for none. */
function attributes(b: Body): Record<string, unknown> {
  const v = b.attributes;
  if (v === undefined || v === null || v === '') return {};
  if (typeof v === 'string') return Object.fromEntries(v.split('&').map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')]));
  if (typeof v !== 'object' || Array.isArray(v)) throw new OperationError(400, '"attributes" must be an object or a query string');
  return v as Record<string, unknown>;
}

function optional(b: Body, key: string): string | undefined {
  const v = b[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new OperationError(400, `"${key}" must be a string`);
  return String(v);
}

export function describeRegistration(r: Registration) {
  return {
    endpoint: r.endpoint,
    location: `/rd/${r.id}`,
    lifetime: r.lifetime,
    lwm2mVersion: r.lwm2mVersion,
    binding: r.binding,
    queueMode: r.queueMode,
    sms: r.sms,
    objects: r.objects.objects.flatMap((o) => (o.instances.length ? o.instances.map((i) => `/${o.objectId}/${i}`) : [`/${o.objectId}`])),
  };
}

export class ReferenceServerApi {
  private server?: http.Server;
  private readonly composite: CompositeOperations;
  private readonly firmware: FirmwareUpdater;

  constructor(private readonly rs: ReferenceServer) {
    this.composite = new CompositeOperations(rs);
    this.firmware = new FirmwareUpdater(rs);
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = http.createServer((req, res) => void this.serve(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const a = server.address() as AddressInfo;
    return `http://${host.includes(':') ? `[${host}]` : host}:${a.port}`;
  }

  async close(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (parts[0] !== 'api') return reply(404, { error: `no such resource ${url.pathname}` });
      if (req.method === 'GET' && parts.length === 2 && parts[1] === 'clients')
        return reply(200, this.rs.registrations().map(describeRegistration));
      if (req.method === 'GET' && parts.length === 2 && parts[1] === 'sent') return reply(200, this.rs.sent);
      if (parts[1] !== 'clients' || parts.length < 3) return reply(404, { error: `no such resource ${url.pathname}` });
      const ep = parts[2];
      if (req.method === 'GET' && parts.length === 3) {
        const reg = this.rs.rd.registrationOf(ep);
        return reg ? reply(200, describeRegistration(reg)) : reply(404, { error: `no client "${ep}" is registered` });
      }
      if (req.method === 'GET' && parts.length === 4 && parts[3] === 'notifications') {
        return reply(200, this.rs.notificationsOf(ep, url.searchParams.get('path') ?? ''));
      }
      if (req.method === 'GET' && parts.length === 5 && parts[4] === 'latest' && (parts[3] === 'notifications' || parts[3] === 'sent')) {
        const all = parts[3] === 'sent' ? this.rs.sentBy(ep) : this.rs.notificationsOf(ep, url.searchParams.get('path') ?? '');
        const last = all.at(-1);
        return last ? reply(200, last) : reply(404, { error: `nothing ${parts[3] === 'sent' ? 'sent by' : 'notified of'} "${ep}" yet` });
      }
      const composite = COMPOSITE[parts[3]];
      if (req.method === 'POST' && parts.length === 4 && composite)
        return reply(200, await composite(this.composite, ep, await readJson(req)));
      if (req.method === 'POST' && parts.length === 4 && parts[3] === 'firmware-update') {
        const b = await readJson(req);
        const result = b.uri !== undefined ? this.firmware.pull(ep, text(b, 'uri')) : this.firmware.push(ep, text(b, 'package'));
        return reply(200, await result);
      }
      const op = OPERATIONS[parts[3]];
      if (req.method !== 'POST' || parts.length !== 4 || !op)
        return reply(404, { error: `no such operation ${req.method} ${url.pathname}` });
      return reply(200, await op(this.rs, ep, await readJson(req)));
    } catch (e) {
      if (e instanceof OperationError) return reply(e.status, { error: e.message });
      reply(500, { error: `reference server failure: ${(e as Error).message}` });
    }
  }
}

async function readJson(req: http.IncomingMessage): Promise<Body> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new OperationError(413, `the body is larger than ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  const textBody = Buffer.concat(chunks).toString('utf8');
  if (textBody.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(textBody);
  } catch (e) {
    throw new OperationError(400, `the body is not JSON: ${(e as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new OperationError(400, 'the body must be a JSON object');
  return body as Body;
}
