/**
 * Operations of the core-object cases (/4, /6, /7; ETS int-7xx, 8xx, 9xx) on a client-DUT
 * session: reads decoded against the object definitions, Connectivity Statistics collections.
 * The judging rules are in checks/objects.ts.
 */
import type { IncomingResponse } from '../../coap/endpoint';
import { encodeContent, type ResourceRecord } from '../../lwm2m/content';
import { LwM2MPath } from '../../lwm2m/path';
import { checkReadResponse } from '../checks/content';
import type { ClientDutSession } from './session';

const TEXT = 0;

export interface DecodedRead {
  response: IncomingResponse;
  /** Problems of the answer itself (code, Content-Format, payload); empty when it decoded. */
  problems: string[];
  records: ResourceRecord[];
}

export class ObjectOperations {
  constructor(private readonly session: ClientDutSession) {}

  /** A Read in the client's own format, decoded strictly against the object definitions. */
  async read(path: string): Promise<DecodedRead> {
    const response = await this.session.dm.read(path);
    const outcome = checkReadResponse(response, path, undefined, this.session.registry);
    return { response, ...outcome };
  }

  /** Writes one integer resource in Plain Text, as the ETS procedures do. */
  async writeInteger(path: string, value: bigint): Promise<IncomingResponse> {
    const p = LwM2MPath.parse(path);
    return this.session.dm.write(path, encodeContent(TEXT, p, [{ path: p, type: 'integer', value }]), TEXT);
  }

  /** Traffic during a statistics collection: a few Reads of the Device object ("a few seconds" of use). */
  async exchangeSomeTraffic(reads = 3): Promise<void> {
    for (let i = 0; i < reads; i++) await this.session.dm.read('/3/0');
  }
}
