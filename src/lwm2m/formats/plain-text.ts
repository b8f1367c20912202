/** Plain Text (Content-Format 0): one resource or resource-instance value as UTF-8 text. */
import type { ObjectRegistry } from '../model';
import type { LwM2MPath } from '../path';
import { EncodeError } from '../errors';
import { decodeUtf8Strict } from '../utf8';
import { decodeFail, shapeOf, textToValue, valueToText, type ResourceRecord } from '../values';
import { checkForEncoding } from '../records';

const FORMAT = 'Plain Text';

export function encodePlainText(requestPath: LwM2MPath, records: ResourceRecord[]): Buffer {
  checkForEncoding(FORMAT, requestPath, records);
  if (records.length !== 1 || !records[0].path.equals(requestPath)) {
    throw new EncodeError(FORMAT, `carries exactly one value at the request path ${requestPath}; got ${records.length} record(s)`);
  }
  return Buffer.from(valueToText(records[0].type, records[0].value), 'utf8');
}

/** Without a model the value is read as a string (the text itself). */
export function decodePlainText(requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry): ResourceRecord[] {
  const w = { format: FORMAT, field: String(requestPath) };
  if (requestPath.depth < 3) decodeFail(w, 'a request on a resource or resource instance', `a ${requestPath.level} path`);
  const shape = shapeOf(registry, requestPath);
  if (shape.multiple && requestPath.depth === 3)
    decodeFail(w, 'a single-instance resource (Plain Text has no way to list instances)', 'a multiple-instance resource');
  const type = shape.type ?? 'string';
  const text = decodeUtf8Strict(bytes, FORMAT);
  return [{ path: requestPath, type, value: textToValue(type, text, w) }];
}
