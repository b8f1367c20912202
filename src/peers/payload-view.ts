/**
 * The decoded view of an LwM2M payload for the evidence trace: link format as links, data
 * formats as "path = value (type)" lines. A payload that does not decode shows why.
 */
import { type CoapMessage, contentFormat, uriPath } from '../coap/message';
import { decodeContent, contentFormatName } from '../lwm2m/content';
import { parseLinkFormatBytes, formatLinks } from '../lwm2m/link-format';
import { LwM2MPath } from '../lwm2m/path';
import type { ObjectRegistry } from '../lwm2m/model';
import type { ResourceValue } from '../lwm2m/content';

const LINK_FORMAT = 40;

export function lwm2mPayloadView(registry?: ObjectRegistry) {
  return (message: CoapMessage, request: CoapMessage | undefined): unknown => {
    const format = contentFormat(message);
    if (format === undefined) return undefined;
    const label = contentFormatName(format);
    try {
      if (format === LINK_FORMAT) return { format: label, links: parseLinkFormatBytes(message.payload).map((l) => formatLinks([l])) };
      const path = request ? uriPath(request) : undefined;
      if (!path || (!/^\/\d/.test(path) && path !== '/')) return { format: label };
      const records = decodeContent(format, LwM2MPath.parse(path), message.payload, registry);
      return { format: label, records: records.map((r) => `${r.path} = ${showValue(r.value)} (${r.type})`) };
    } catch (e) {
      return { format: label, error: (e as Error).message };
    }
  };
}

export function showValue(v: ResourceValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Buffer.isBuffer(v)) return `0x${v.toString('hex')}`;
  if (typeof v === 'object') return `${v.objectId}:${v.instanceId}`;
  return String(v);
}
