/**
 * OMA TLV (Content-Format 11542; LwM2M 1.0 §6.4.3, 1.1 §7.4.3). Each entry: a type byte
 * (bits 7-6 kind, bit 5 16-bit identifier, bits 4-3 length size, bits 2-0 short length),
 * the identifier, the length, the value. TLV carries no data types: the object model gives them.
 */
import type { ObjectRegistry, ResourceType } from '../model';
import { LwM2MPath } from '../path';
import { EncodeError } from '../errors';
import { decodeUtf8Strict } from '../utf8';
import { aType, decodeFail, shapeOf, type Objlnk, type ResourceRecord, type ResourceValue, type Where } from '../values';
import { checkDecoded, checkForEncoding } from '../records';

const FORMAT = 'TLV';

export enum TlvKind {
  ObjectInstance = 0,
  ResourceInstance = 1,
  MultipleResource = 2,
  Resource = 3,
}
const KIND_NAME = ['Object Instance (00)', 'Resource Instance (01)', 'Multiple Resource (10)', 'Resource with Value (11)'];

// ---------------------------------------------------------------------------------------------
// Encoding

function header(kind: TlvKind, id: number, length: number): Buffer {
  const idBytes = id > 255 ? 2 : 1;
  const lenBytes = length < 8 ? 0 : length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
  if (length > 0xffffff) throw new EncodeError(FORMAT, `a value of ${length} bytes exceeds the 24-bit TLV length`);
  const h = Buffer.alloc(1 + idBytes + lenBytes);
  h[0] = (kind << 6) | (idBytes === 2 ? 0x20 : 0) | (lenBytes << 3) | (lenBytes === 0 ? length : 0);
  h.writeUIntBE(id, 1, idBytes);
  if (lenBytes) h.writeUIntBE(length, 1 + idBytes, lenBytes);
  return h;
}

function tlv(kind: TlvKind, id: number, value: Buffer): Buffer {
  return Buffer.concat([header(kind, id, value.length), value]);
}

/** The value bytes of one resource value (smallest integer/float width that holds it exactly). */
export function tlvValue(type: ResourceType, v: ResourceValue): Buffer {
  switch (type) {
    case 'integer':
    case 'time': {
      const n = v as bigint;
      for (const size of [1, 2, 4]) {
        const lim = 1n << BigInt(size * 8 - 1);
        if (n >= -lim && n < lim) return intBytes(BigInt.asUintN(size * 8, n), size);
      }
      return intBytes(BigInt.asUintN(64, n), 8);
    }
    case 'unsignedInteger': {
      const n = v as bigint;
      const size = n < 0x100n ? 1 : n < 0x10000n ? 2 : n < 0x100000000n ? 4 : 8;
      return intBytes(n, size);
    }
    case 'float': {
      const f = v as number;
      if (Math.fround(f) === f) {
        const b = Buffer.alloc(4);
        b.writeFloatBE(f);
        return b;
      }
      const b = Buffer.alloc(8);
      b.writeDoubleBE(f);
      return b;
    }
    case 'boolean':
      return Buffer.from([v ? 1 : 0]);
    case 'string':
    case 'corelnk':
      return Buffer.from(v as string, 'utf8');
    case 'opaque':
      return Buffer.from(v as Buffer);
    case 'objlnk': {
      const b = Buffer.alloc(4);
      b.writeUInt16BE((v as Objlnk).objectId, 0);
      b.writeUInt16BE((v as Objlnk).instanceId, 2);
      return b;
    }
    case 'none':
      throw new EncodeError(FORMAT, 'an executable resource has no value');
  }
}

function intBytes(u: bigint, size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = size - 1; i >= 0; i--) {
    b[i] = Number(u & 0xffn);
    u >>= 8n;
  }
  return b;
}

/** Resource-level TLVs for the records of one object instance (sorted by resource id). */
function resourceTlvs(records: ResourceRecord[], registry?: ObjectRegistry, emptyMultiple?: LwM2MPath): Buffer[] {
  const byResource = new Map<number, ResourceRecord[]>();
  for (const r of records) {
    const id = r.path.resourceId!;
    if (!byResource.has(id)) byResource.set(id, []);
    byResource.get(id)!.push(r);
  }
  const out: Buffer[] = [];
  for (const id of [...byResource.keys()].sort((a, b) => a - b)) {
    const rs = byResource.get(id)!;
    if (rs.length === 1 && rs[0].path.depth === 3) {
      out.push(tlv(TlvKind.Resource, id, tlvValue(rs[0].type, rs[0].value)));
    } else {
      if (rs.some((r) => r.path.depth === 3))
        throw new EncodeError(FORMAT, `resource ${rs[0].path.parent()}/${id} given both as a value and as instances`);
      const inner = rs
        .sort((a, b) => a.path.resourceInstanceId! - b.path.resourceInstanceId!)
        .map((r) => tlv(TlvKind.ResourceInstance, r.path.resourceInstanceId!, tlvValue(r.type, r.value)));
      out.push(tlv(TlvKind.MultipleResource, id, Buffer.concat(inner)));
    }
  }
  if (emptyMultiple && records.length === 0 && shapeOf(registry, emptyMultiple).multiple) {
    out.push(tlv(TlvKind.MultipleResource, emptyMultiple.resourceId!, Buffer.alloc(0)));
  }
  return out;
}

export function encodeTlv(requestPath: LwM2MPath, records: ResourceRecord[], registry?: ObjectRegistry): Buffer {
  checkForEncoding(FORMAT, requestPath, records);
  switch (requestPath.depth) {
    case 4: {
      if (records.length !== 1) throw new EncodeError(FORMAT, `a resource-instance read carries exactly one value; got ${records.length}`);
      const r = records[0];
      return tlv(TlvKind.ResourceInstance, r.path.resourceInstanceId!, tlvValue(r.type, r.value));
    }
    case 3:
    case 2:
      return Buffer.concat(resourceTlvs(records, registry, requestPath.depth === 3 ? requestPath : undefined));
    case 1: {
      const byInstance = new Map<number, ResourceRecord[]>();
      for (const r of records) {
        const id = r.path.instanceId!;
        if (!byInstance.has(id)) byInstance.set(id, []);
        byInstance.get(id)!.push(r);
      }
      return Buffer.concat(
        [...byInstance.keys()]
          .sort((a, b) => a - b)
          .map((id) => tlv(TlvKind.ObjectInstance, id, Buffer.concat(resourceTlvs(byInstance.get(id)!)))),
      );
    }
    default:
      throw new EncodeError(FORMAT, 'TLV has no representation for the root path');
  }
}

/** Encodes object instances explicitly (e.g. a Create or a Bootstrap-Write of /o with instance TLVs). */
export function encodeTlvInstances(records: ResourceRecord[], registry?: ObjectRegistry): Buffer {
  if (records.length === 0) return Buffer.alloc(0);
  return encodeTlv(LwM2MPath.of(records[0].path.objectId!), records, registry);
}

// ---------------------------------------------------------------------------------------------
// Decoding

export interface TlvEntry {
  kind: TlvKind;
  id: number;
  /** Offset of the type byte in the whole payload. */
  offset: number;
  valueOffset: number;
  value: Buffer;
  /** Parsed contents of Object Instance and Multiple Resource entries. */
  children?: TlvEntry[];
}

/** Parses a run of TLV entries filling exactly bytes[start, end). */
export function parseTlv(bytes: Buffer, start = 0, end = bytes.length, depth = 0): TlvEntry[] {
  const out: TlvEntry[] = [];
  let pos = start;
  while (pos < end) {
    const offset = pos;
    const t = bytes[pos++];
    const kind = (t >> 6) as TlvKind;
    const idBytes = t & 0x20 ? 2 : 1;
    const lenBytes = (t >> 3) & 0x3;
    const need = idBytes + lenBytes;
    if (pos + need > end) {
      decodeFail(
        { format: FORMAT, offset },
        `${need} header byte(s) after the type byte ${hex(t)}${end < bytes.length ? ' inside the enclosing TLV' : ''}`,
        `${end - pos} byte(s)`,
      );
    }
    const id = bytes.readUIntBE(pos, idBytes);
    pos += idBytes;
    const length = lenBytes ? bytes.readUIntBE(pos, lenBytes) : t & 0x7;
    pos += lenBytes;
    if (lenBytes && t & 0x7)
      decodeFail({ format: FORMAT, offset }, 'bits 2-0 of the type byte to be 0 when a length field follows', `type byte ${hex(t)}`);
    if (pos + length > end) {
      decodeFail(
        { format: FORMAT, offset, field: `${KIND_NAME[kind]} id ${id}` },
        `a value of ${length} byte(s) within the ${end < bytes.length || start > 0 ? 'enclosing TLV' : 'payload'}`,
        `only ${end - pos} byte(s) left`,
      );
    }
    const entry: TlvEntry = { kind, id, offset, valueOffset: pos, value: bytes.subarray(pos, pos + length) };
    if ((kind === TlvKind.ObjectInstance || kind === TlvKind.MultipleResource) && depth < 2) {
      entry.children = parseTlv(bytes, pos, pos + length, depth + 1);
    }
    out.push(entry);
    pos += length;
  }
  return out;
}

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(2, '0');
}

export function decodeTlv(requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry): ResourceRecord[] {
  const top = parseTlv(bytes);
  const records: ResourceRecord[] = [];
  const depth = requestPath.depth;
  const want = (e: TlvEntry, kinds: TlvKind[], context: string) => {
    if (!kinds.includes(e.kind)) {
      decodeFail(
        { format: FORMAT, offset: e.offset, field: context },
        kinds.map((k) => KIND_NAME[k]).join(' or '),
        `${KIND_NAME[e.kind]} id ${e.id}`,
      );
    }
  };
  const instance = (objectId: number, instanceId: number, entries: TlvEntry[]) => {
    for (const e of entries) {
      want(e, [TlvKind.Resource, TlvKind.MultipleResource], `inside object instance /${objectId}/${instanceId}`);
      resource(LwM2MPath.of(objectId, instanceId, e.id), e);
    }
  };
  const resource = (path: LwM2MPath, e: TlvEntry) => {
    const shape = shapeOf(registry, path);
    if (e.kind === TlvKind.Resource) {
      if (shape.multiple)
        decodeFail(
          { format: FORMAT, offset: e.offset, field: String(path) },
          'a Multiple Resource TLV (10): the resource is multiple-instance',
          KIND_NAME[e.kind],
        );
      records.push(valueRecord(path, e, shape.type));
    } else {
      if (shape.multiple === false)
        decodeFail(
          { format: FORMAT, offset: e.offset, field: String(path) },
          'a Resource with Value TLV (11): the resource is single-instance',
          KIND_NAME[e.kind],
        );
      for (const ri of e.children!) {
        want(ri, [TlvKind.ResourceInstance], `inside multiple resource ${path}`);
        records.push(valueRecord(path.child(ri.id), ri, shape.type));
      }
    }
  };
  const sameId = (e: TlvEntry, id: number, what: string) => {
    if (e.id !== id)
      decodeFail(
        { format: FORMAT, offset: e.offset, field: what },
        `identifier ${id} (from the request path ${requestPath})`,
        String(e.id),
      );
  };

  if (depth === 0)
    decodeFail({ format: FORMAT, field: '/' }, 'a request on an object, instance, resource or resource instance', 'the root path');
  if (depth === 1) {
    for (const e of top) {
      want(e, [TlvKind.ObjectInstance], `top level of object ${requestPath}`);
      instance(requestPath.objectId!, e.id, e.children!);
    }
  } else if (depth === 2) {
    // LwM2M 1.0 §6.4.3.1 / 1.1 §7.4.3: the Object Instance TLV may wrap the resources or be left out.
    if (top.length === 1 && top[0].kind === TlvKind.ObjectInstance) {
      sameId(top[0], requestPath.instanceId!, 'object instance TLV');
      instance(requestPath.objectId!, requestPath.instanceId!, top[0].children!);
    } else {
      instance(requestPath.objectId!, requestPath.instanceId!, top);
    }
  } else if (depth === 3) {
    if (top.length !== 1)
      decodeFail(
        { format: FORMAT, offset: top[1]?.offset ?? 0, field: String(requestPath) },
        'exactly one resource TLV',
        `${top.length} TLVs`,
      );
    want(top[0], [TlvKind.Resource, TlvKind.MultipleResource], `top level of resource ${requestPath}`);
    sameId(top[0], requestPath.resourceId!, 'resource TLV');
    resource(requestPath, top[0]);
  } else {
    if (top.length !== 1)
      decodeFail(
        { format: FORMAT, offset: top[1]?.offset ?? 0, field: String(requestPath) },
        'exactly one Resource Instance TLV',
        `${top.length} TLVs`,
      );
    want(top[0], [TlvKind.ResourceInstance], `top level of resource instance ${requestPath}`);
    sameId(top[0], requestPath.resourceInstanceId!, 'resource instance TLV');
    if (shapeOf(registry, requestPath).multiple === false)
      decodeFail(
        { format: FORMAT, field: String(requestPath) },
        'a multiple-instance resource for a resource-instance path',
        'a single-instance resource',
      );
    records.push(valueRecord(requestPath, top[0], shapeOf(registry, requestPath).type));
  }
  return checkDecoded(FORMAT, requestPath, records, registry);
}

/** Without a model, a value is returned as opaque bytes (TLV carries no type). */
function valueRecord(path: LwM2MPath, e: TlvEntry, type: ResourceType | undefined): ResourceRecord {
  const t = type ?? 'opaque';
  return { path, type: t, value: tlvValueAs(t, e.value, { format: FORMAT, offset: e.valueOffset, field: String(path) }) };
}

export function tlvValueAs(type: ResourceType, v: Buffer, w: Where): ResourceValue {
  const lengths = (allowed: number[], what: string) => {
    if (!allowed.includes(v.length)) decodeFail(w, `${what} of ${allowed.join(', ')} bytes`, `${v.length} byte(s)`);
  };
  switch (type) {
    case 'integer':
    case 'time': {
      lengths([1, 2, 4, 8], aType(type));
      return BigInt.asIntN(v.length * 8, readUnsigned(v));
    }
    case 'unsignedInteger':
      lengths([1, 2, 4, 8], 'an unsigned integer');
      return readUnsigned(v);
    case 'float':
      lengths([4, 8], 'a float');
      return v.length === 4 ? v.readFloatBE(0) : v.readDoubleBE(0);
    case 'boolean':
      lengths([1], 'a boolean');
      if (v[0] > 1) decodeFail(w, 'a boolean byte 0 or 1', hex(v[0]));
      return v[0] === 1;
    case 'string':
    case 'corelnk':
      try {
        return decodeUtf8Strict(v, FORMAT);
      } catch (e) {
        const off = (e as { offset?: number }).offset ?? 0;
        return decodeFail({ ...w, offset: (w.offset ?? 0) + off }, 'valid UTF-8', 'a malformed UTF-8 sequence');
      }
    case 'opaque':
      return Buffer.from(v);
    case 'objlnk':
      lengths([4], 'an object link');
      return { objectId: v.readUInt16BE(0), instanceId: v.readUInt16BE(2) };
    case 'none':
      return decodeFail(w, 'no TLV for an executable resource', `${v.length} byte(s)`);
  }
}

function readUnsigned(v: Buffer): bigint {
  let n = 0n;
  for (const b of v) n = (n << 8n) | BigInt(b);
  return n;
}
