/** Opaque (Content-Format 42): the raw bytes of one Opaque resource or resource instance. */
import type { ObjectRegistry } from '../model';
import type { LwM2MPath } from '../path';
import { EncodeError } from '../errors';
import { aType, decodeFail, shapeOf, type ResourceRecord } from '../values';
import { checkForEncoding } from '../records';

const FORMAT = 'Opaque';

export function encodeOpaque(requestPath: LwM2MPath, records: ResourceRecord[]): Buffer {
  checkForEncoding(FORMAT, requestPath, records);
  if (records.length !== 1 || !records[0].path.equals(requestPath) || records[0].type !== 'opaque') {
    throw new EncodeError(FORMAT, `carries exactly one opaque value at ${requestPath}`);
  }
  return Buffer.from(records[0].value as Buffer);
}

export function decodeOpaque(requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry): ResourceRecord[] {
  const w = { format: FORMAT, field: String(requestPath) };
  if (requestPath.depth < 3) decodeFail(w, 'a request on a resource or resource instance', `a ${requestPath.level} path`);
  const shape = shapeOf(registry, requestPath);
  if (shape.type !== undefined && shape.type !== 'opaque')
    decodeFail(w, `a format for ${aType(shape.type)} resource (Opaque carries only Opaque resources)`, 'application/octet-stream');
  if (shape.multiple && requestPath.depth === 3)
    decodeFail(w, 'a single-instance resource or a resource instance', 'a multiple-instance resource');
  return [{ path: requestPath, type: 'opaque', value: Buffer.from(bytes) }];
}
