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
 * Link format (40) is separate: see link-format.ts. Composite bodies: encodePathList/decodePathList
 * (Read-/Observe-Composite), encodeComposite/decodeComposite (Write-Composite, Send).
 * Decoded SenML/OMA JSON records keep their time (bt + t) in `timestamp`. Create: instanceIdInCreate.
 * For steps and traces: valueAt, describeRecord, describePayload (never throws).
 */
import type { ObjectRegistry } from './model';
import { LwM2MPath } from './path';
import { DecodeError, EncodeError } from './errors';
import type { ResourceRecord, ResourceValue } from './values';
import { formatLinks, parseLinkFormatBytes } from './link-format';
import { decodePlainText, encodePlainText } from './formats/plain-text';
import { decodeOpaque, encodeOpaque } from './formats/opaque';
import { decodeTlv, encodeTlv, parseTlv, TlvKind } from './formats/tlv';
import { decodeCborSingle, encodeCborSingle } from './formats/cbor-single';
import { decodeSenmlJson, decodeSenmlJsonPaths, encodeSenmlJson, writeSenmlJson } from './formats/senml-json';
import { decodeSenmlCbor, decodeSenmlCborPaths, encodeSenmlCbor, writeSenmlCbor } from './formats/senml-cbor';
import { decodeOmaJson, encodeOmaJson } from './formats/oma-json';
import { decodeLwm2mCbor, encodeLwm2mCbor } from './formats/lwm2m-cbor';

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
  [ContentFormat.CBOR, { encode: encodeCborSingle, decode: decodeCborSingle }],
  [ContentFormat.SENML_JSON, { encode: encodeSenmlJson, decode: decodeSenmlJson }],
  [ContentFormat.SENML_CBOR, { encode: encodeSenmlCbor, decode: decodeSenmlCbor }],
  [ContentFormat.TLV, { encode: encodeTlv, decode: decodeTlv }],
  [ContentFormat.OMA_JSON, { encode: encodeOmaJson, decode: decodeOmaJson }],
  [ContentFormat.LWM2M_CBOR, { encode: encodeLwm2mCbor, decode: decodeLwm2mCbor }],
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

/** Guards a decoder: anything but a DecodeError (a decoder bug) still becomes a typed diagnosis. */
function guarded<T>(format: number, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError({
      format: contentFormatName(format),
      expected: 'a payload the decoder can read',
      actual: `internal decoder error: ${(e as Error)?.message ?? String(e)}`,
    });
  }
}

/**
 * Body of a Read-Composite / Observe-Composite request (LwM2M 1.1 §6.3.8): the paths to read,
 * as SenML JSON (110) or SenML CBOR (112) records with names and no values.
 */
export function encodePathList(format: number, paths: LwM2MPath[]): Buffer {
  const recs = paths.map((p) => ({ n: String(p) }));
  if (format === ContentFormat.SENML_JSON) return writeSenmlJson(recs);
  if (format === ContentFormat.SENML_CBOR) return writeSenmlCbor(recs);
  throw new EncodeError(contentFormatName(format), 'path lists exist only in SenML JSON (110) and SenML CBOR (112)');
}

export function decodePathList(format: number, bytes: Buffer): LwM2MPath[] {
  return guarded(format, () => {
    if (format === ContentFormat.SENML_JSON) return decodeSenmlJsonPaths(bytes);
    if (format === ContentFormat.SENML_CBOR) return decodeSenmlCborPaths(bytes);
    throw new DecodeError({
      format: contentFormatName(format),
      expected: 'SenML JSON (110) or SenML CBOR (112) for a path list',
      actual: String(format),
    });
  });
}

/** Write-Composite (iPATCH, LwM2M 1.1 §6.3.7) and Send bodies: records with absolute paths. */
export function encodeComposite(format: number, records: ResourceRecord[], registry?: ObjectRegistry): Buffer {
  return encodeContent(format, LwM2MPath.root, records, registry);
}

export function decodeComposite(format: number, bytes: Buffer, registry?: ObjectRegistry): ResourceRecord[] {
  return decodeContent(format, LwM2MPath.root, bytes, registry);
}

export function decodeContent(format: number, requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry): ResourceRecord[] {
  const codec = CODECS.get(format);
  if (!codec) {
    throw new DecodeError({
      format: contentFormatName(format),
      expected: `one of the LwM2M content formats ${supportedFormats().join(', ')}`,
      actual: String(format),
    });
  }
  return guarded(format, () => codec.decode(requestPath, bytes, registry));
}

/** The value at a path among decoded records (the latest one when the payload carries history). */
export function valueAt(records: ResourceRecord[], path: LwM2MPath | string): ResourceValue | undefined {
  const key = String(path);
  let found: ResourceRecord | undefined;
  for (const r of records) if (String(r.path) === key && (!found || (r.timestamp ?? 0) >= (found.timestamp ?? 0))) found = r;
  return found?.value;
}

/** One line per record for traces and reports, e.g. `/3/0/7/0 = 3800 (integer)`. */
export function describeRecord(r: ResourceRecord): string {
  const v = r.value;
  const shown =
    typeof v === 'string'
      ? JSON.stringify(v)
      : Buffer.isBuffer(v)
        ? `0x${v.toString('hex')}`
        : typeof v === 'object'
          ? `${v.objectId}:${v.instanceId}`
          : String(v);
  return `${r.path} = ${shown} (${r.type})${r.timestamp === undefined ? '' : ` @${r.timestamp}`}`;
}

export interface PayloadDescription {
  /** Media type name of the Content-Format. */
  format: string;
  /** Decoded view, one line per record or link (empty when the payload could not be read). */
  lines: string[];
  /** Set when the payload breaks its format: the DecodeError message. */
  problem?: string;
}

/** A readable view of any LwM2M payload for the evidence trace; never throws. */
export function describePayload(format: number, requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry): PayloadDescription {
  const name = contentFormatName(format);
  try {
    if (format === ContentFormat.LINK_FORMAT) {
      return { format: name, lines: parseLinkFormatBytes(bytes).map((l) => formatLinks([l])) };
    }
    return { format: name, lines: decodeContent(format, requestPath, bytes, registry).map(describeRecord) };
  } catch (e) {
    return { format: name, lines: [], problem: e instanceof DecodeError ? e.message : `unreadable: ${(e as Error)?.message ?? String(e)}` };
  }
}

/**
 * The instance a Create payload names (LwM2M 1.0 §5.4.5 / 1.1 §6.4.5), or undefined when it
 * leaves the choice to the client (TLV resources without an Object Instance TLV). Then decode
 * the payload at `/o/<chosen id>`: decodeContent accepts the bare resources there.
 */
export function instanceIdInCreate(format: number, objectPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry): number | undefined {
  return guarded(format, () => {
    const fail = (expected: string, actual: string): never => {
      throw new DecodeError({ format: contentFormatName(format), field: `Create on ${objectPath}`, expected, actual });
    };
    if (objectPath.depth !== 1) fail('a Create on an object path', String(objectPath));
    if (format === ContentFormat.TLV) {
      const top = parseTlv(bytes);
      const instances = top.filter((e) => e.kind === TlvKind.ObjectInstance);
      if (instances.length === 0) return undefined;
      if (instances.length !== top.length || instances.length > 1)
        fail('one Object Instance TLV, or resource TLVs only', `${top.length} TLVs of which ${instances.length} Object Instance`);
      return instances[0].id;
    }
    const ids = new Set(decodeContent(format, objectPath, bytes, registry).map((r) => r.path.instanceId!));
    if (ids.size > 1) fail('resources of one new instance', `instances ${[...ids].join(', ')}`);
    return ids.values().next().value;
  });
}
