/**
 * The harness's download server for firmware pulls (int-756, 771, 775, 778): serves packages over
 * HTTP/1.1 and CoAP (block-wise, RFC 7959) on loopback or a lab address, records every fetch,
 * and on request cuts a transfer off halfway (a connection lost during download).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoapEndpoint } from '../coap/endpoint';
import { readBlock } from '../coap/block-option';
import { OptionNumber, uriPath, type CoapMessage } from '../coap/message';
import { createUdpTransport } from '../transport/udp';
import type { Trace } from '../trace/trace';

export interface Fetch {
  scheme: 'http' | 'coap';
  path: string;
  at: number;
  /** Bytes of the package sent. */
  bytes: number;
  /** Whether the whole package went out. */
  complete: boolean;
}

export interface ServedPackage {
  bytes: Buffer;
  /** Send only the first half, then drop the connection (HTTP) or stop answering (CoAP). */
  cutOff?: boolean;
}

export class DownloadServer {
  readonly fetches: Fetch[] = [];
  private readonly packages = new Map<string, ServedPackage>();
  private httpServer?: http.Server;
  private coap?: CoapEndpoint;

  constructor(
    private readonly host: string,
    private readonly trace?: Trace,
  ) {}

  /** Serves `pkg` at `path` on both protocols. */
  offer(path: string, pkg: ServedPackage): void {
    this.packages.set(path, pkg);
  }

  async uri(scheme: 'http' | 'coap', path: string): Promise<string> {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    if (scheme === 'http') return `http://${host}:${(await this.startHttp()).port}${path}`;
    return `coap://${host}:${(await this.startCoap()).port}${path}`;
  }

  private async startHttp(): Promise<AddressInfo> {
    if (!this.httpServer) {
      const server = http.createServer((req, res) => this.serveHttp(req, res));
      this.httpServer = server;
      await new Promise<void>((resolve) => server.listen(0, this.host, resolve));
    }
    return this.httpServer.address() as AddressInfo;
  }

  private serveHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const pkg = this.packages.get(path);
    this.trace?.note('harness', `HTTP ${req.method} ${req.url} from ${req.socket.remoteAddress}:${req.socket.remotePort}`);
    if (!pkg || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    const fetch: Fetch = { scheme: 'http', path, at: Date.now(), bytes: 0, complete: false };
    this.fetches.push(fetch);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': pkg.bytes.length });
    if (pkg.cutOff) {
      const half = pkg.bytes.subarray(0, Math.floor(pkg.bytes.length / 2));
      res.write(half, () => {
        fetch.bytes = half.length;
        this.trace?.note('harness', `HTTP transfer of ${path} cut off after ${half.length} of ${pkg.bytes.length} bytes`);
        res.destroy();
      });
      return;
    }
    res.end(pkg.bytes, () => {
      fetch.bytes = pkg.bytes.length;
      fetch.complete = true;
    });
  }

  private async startCoap(): Promise<{ port: number }> {
    if (!this.coap) {
      const transport = await createUdpTransport({ host: this.host, port: 0 });
      this.coap = new CoapEndpoint({ transport, trace: this.trace });
      this.coap.intercept((event) => this.dropAfterHalf(event.message));
      this.coap.onRequest((req) => {
        const pkg = this.packages.get(req.path);
        if (!pkg) return { code: '4.04' };
        this.fetches.push({ scheme: 'coap', path: req.path, at: Date.now(), bytes: pkg.bytes.length, complete: !pkg.cutOff });
        return { code: '2.05', contentFormat: 42, payload: pkg.bytes };
      });
    }
    return this.coap.local;
  }

  /** CoAP cut-off: requests for the second half of a cut-off package go unanswered. */
  private dropAfterHalf(message: CoapMessage): boolean {
    const block = readBlock(message, OptionNumber.Block2);
    if (!block) return false;
    const pkg = this.packages.get(uriPath(message));
    return !!pkg?.cutOff && block.num * 2 ** (block.szx + 4) >= pkg.bytes.length / 2;
  }

  async close(): Promise<void> {
    await this.coap?.close();
    if (this.httpServer) {
      this.httpServer.closeAllConnections();
      await new Promise<void>((resolve) => this.httpServer!.close(() => resolve()));
    }
  }
}
