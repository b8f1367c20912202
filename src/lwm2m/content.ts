/**
 * The one entry point to every LwM2M content format.
 *
 *   encodeContent(format, requestPath, records, registry?) -> Buffer
 *   decodeContent(format, requestPath, bytes, registry?)   -> ResourceRecord[]   (throws only DecodeError)
 *
 * Records are flat: one per single-instance resource (/o/i/r) or resource instance (/o/i/r/ri),
 * each with its data type and value (integer, unsignedInteger and time as bigint; float as
 * number; opaque as Buffer; objlnk as { objectId, instanceId }; string and corelnk as string).
 * `requestPath` is the path of the CoAP request the payload answers or carries; use the root
 * path for composite operations (Read-Composite results, Write-Composite, Send).
 * The registry gives types (TLV has none) and single/multiple; without it decoders fall back to
 * documented guesses (TLV -> opaque, Plain Text -> string, JSON/CBOR numbers -> integer or float).
 * Link format (40) is separate: see link-format.ts. Composite path lists: encodePathList/decodePathList.
 */
import type { ObjectRegistry } from './model';
import type { LwM2MPath } from './path';
import { DecodeError, EncodeError } from './errors';
import type { ResourceRecord } from './values';
import { decodePlainText, encodePlainText } from './formats/plain-text';
import { decodeOpaque, encodeOpaque } from './formats/opaque';
import { decodeTlv, encodeTlv } from './formats/tlv';

export type { ResourceRecord, ResourceValue, Objlnk, ResourceType } from './values';

export const ContentFormat = {
  TEXT: 0,
  LINK_FORMAT: 40,
  OPAQUE: 42,
  CBOR: 60,
  SENML_JSON: 110,
  SENML_CBOR: 112,
  TLV: 11542,
  OMA_JSON: 11543,
  LWM2M_CBOR: 11544,
} as const;

const NAMES: Record<number, string> = {
  0: 'text/plain;charset=utf-8',
  40: 'application/link-format',
  42: 'application/octet-stream',
  50: 'application/json',
  60: 'application/cbor',
  110: 'application/senml+json',
  112: 'application/senml+cbor',
  1542: 'application/vnd.oma.lwm2m+tlv (pre-release number 1542)',
  1543: 'application/vnd.oma.lwm2m+json (pre-release number 1543)',
  11542: 'application/vnd.oma.lwm2m+tlv',
  11543: 'application/vnd.oma.lwm2m+json',
  11544: 'application/vnd.oma.lwm2m+cbor',
};

/** Media type of a CoAP Content-Format number, for traces and reports. */
export function contentFormatName(format: number): string {
  return NAMES[format] ?? `unknown content-format ${format}`;
}

interface Codec {
  encode(requestPath: LwM2MPath, records: ResourceRecord[], registry?: ObjectRegistry): Buffer;
  decode(requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry): ResourceRecord[];
}

const CODECS = new Map<number, Codec>([
  [ContentFormat.TEXT, { encode: encodePlainText, decode: decodePlainText }],
  [ContentFormat.OPAQUE, { encode: encodeOpaque, decode: decodeOpaque }],
  [ContentFormat.TLV, { encode: encodeTlv, decode: decodeTlv }],
]);

/** Content formats this module can encode and decode (link format excluded). */
export function supportedFormats(): number[] {
  return [...CODECS.keys()];
}

export function encodeContent(format: number, requestPath: LwM2MPath, records: ResourceRecord[], registry?: ObjectRegistry): Buffer {
  const codec = CODECS.get(format);
  if (!codec) throw new EncodeError(contentFormatName(format), 'no encoder for this content format');
  return codec.encode(requestPath, records, registry);
}

export function decodeContent(format: number, requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry): ResourceRecord[] {
  const codec = CODECS.get(format);
  if (!codec) {
    throw new DecodeError({ format: contentFormatName(format), expected: `one of the LwM2M content formats ${supportedFormats().join(', ')}`, actual: String(format) });
  }
  try {
    return codec.decode(requestPath, bytes, registry);
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    // A decoder bug must still surface as a typed diagnosis, never as a crash of the judge.
    throw new DecodeError({ format: contentFormatName(format), expected: 'a payload the decoder can read', actual: `internal decoder error: ${(e as Error)?.message ?? String(e)}` });
  }
}
