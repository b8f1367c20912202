/**
 * Device Management & Service Enablement operations of a client-DUT session (ETS int-2xx):
 * Read, Write, Execute, Discover sent by the Test Server to the registered client. A missing
 * answer is the DUT's failure in the step that sent the request; the content is judged in checks/.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import type { ClientDutSession } from './session';

export class DeviceManagementOperations {
  constructor(private readonly session: ClientDutSession) {}

  private async registered() {
    return this.session.registration.ensureRegistered();
  }

  /** A Read (CoAP GET), with an Accept option when a format is asked for. */
  async read(path: string, accept?: number): Promise<IncomingResponse> {
    const reg = await this.registered();
    return this.session.request(() => this.session.server.read(reg, path, accept), `the Read of ${path}`);
  }

  /** Reads each path in turn, in the same format. */
  async readEach(paths: string[], accept?: number): Promise<[string, IncomingResponse][]> {
    const out: [string, IncomingResponse][] = [];
    for (const path of paths) out.push([path, await this.read(path, accept)]);
    return out;
  }

  /** Executes a resource, e.g. /3/0/4 (Reboot), with optional arguments. */
  async execute(path: string, args?: string): Promise<IncomingResponse> {
    const reg = await this.registered();
    return this.session.request(() => this.session.server.execute(reg, path, args), `the Execute of ${path}`);
  }

  /** A Write: replace (PUT) or partial update (POST) with an encoded payload. */
  async write(path: string, payload: Buffer, format: number, mode: 'replace' | 'partial' = 'replace'): Promise<IncomingResponse> {
    const reg = await this.registered();
    return this.session.request(() => this.session.server.write(reg, path, payload, format, mode), `the Write of ${path}`);
  }

  /** A Discover (CoAP GET with Accept: application/link-format). */
  async discover(path: string): Promise<IncomingResponse> {
    const reg = await this.registered();
    return this.session.request(() => this.session.server.discover(reg, path), `the Discover of ${path}`);
  }
}
