/**
 * What every server channel of the reference client shares when it answers a request on a path:
 * 4.04 for a path that does not parse, the store's own code for what it refuses (4.04, 4.05, ...)
 * and 4.00 for a payload that does not decode, with the reason as the diagnostic payload.
 */
import type { HandlerResult, IncomingRequest } from '../../coap/endpoint';
import { DecodeError } from '../../lwm2m/errors';
import { LwM2MPath } from '../../lwm2m/path';
import { StoreError } from './store';

export async function answerOnPath(
  req: IncomingRequest,
  route: (path: LwM2MPath) => HandlerResult | Promise<HandlerResult>,
): Promise<HandlerResult> {
  let path: LwM2MPath;
  try {
    path = LwM2MPath.parse(req.path);
  } catch {
    return { code: '4.04' };
  }
  try {
    return await route(path);
  } catch (e) {
    if (e instanceof StoreError) return { code: e.code, payload: Buffer.from(e.message) };
    if (e instanceof DecodeError) return { code: '4.00', payload: Buffer.from(e.message) };
    throw e;
  }
}
