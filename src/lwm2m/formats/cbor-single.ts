/** CBOR (Content-Format 60; LwM2M 1.1 §7.3.6): one resource or resource-instance value as a CBOR item. */
import type { ObjectRegistry } from '../model';
import type { LwM2MPath } from '../path';
import { EncodeError } from '../errors';
import { decodeFail, shapeOf, type ResourceRecord } from '../values';
import { checkForEncoding } from '../records';
import { cborAs, cborGuess, cborValue, decodeCborStrict } from './cbor';

const FORMAT = 'CBOR';

export function encodeCborSingle(requestPath: LwM2MPath, records: ResourceRecord[]): Buffer {
  checkForEncoding(FORMAT, requestPath, records);
  if (records.length !== 1 || !records[0].path.equals(requestPath)) {
    throw new EncodeError(FORMAT, `carries exactly one value at the request path ${requestPath}; got ${records.length} record(s)`);
  }
  return cborValue(records[0].type, records[0].value);
}

export function decodeCborSingle(requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry): ResourceRecord[] {
  const w = { format: FORMAT, field: String(requestPath) };
  if (requestPath.depth < 3) decodeFail(w, 'a request on a resource or resource instance', `a ${requestPath.level} path`);
  const shape = shapeOf(registry, requestPath);
  if (shape.multiple && requestPath.depth === 3)
    decodeFail(w, 'a single-instance resource (CBOR 60 carries one value)', 'a multiple-instance resource');
  const item = decodeCborStrict(bytes, FORMAT);
  const typed = shape.type ? { type: shape.type, value: cborAs(shape.type, item, w) } : cborGuess(item, w);
  return [{ path: requestPath, ...typed }];
}
