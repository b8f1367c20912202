/**
 * LwM2M CBOR (Content-Format 11544; LwM2M 1.2 §7.4.6): nested CBOR maps from the root,
 * keyed by ids; a key may be an array of ids standing for several levels at once
 * ({[3,0]: {0: "...", 7: {0: 3800}}}). Leaves are resource or resource-instance values.
 */
import type { ObjectRegistry } from '../model';
import { LwM2MPath } from '../path';
import { decodeFail, shapeOf, type ResourceRecord, type Where } from '../values';
import { checkDecoded, checkForEncoding } from '../records';
import { cborArray, cborAs, cborGuess, cborInt, cborKind, cborMap, cborValue, decodeCborStrict } from './cbor';

const FORMAT = 'LwM2M CBOR';

interface Node {
  children: Map<number, Node>;
  leaf?: ResourceRecord;
}

export function encodeLwm2mCbor(requestPath: LwM2MPath, records: ResourceRecord[]): Buffer {
  checkForEncoding(FORMAT, requestPath, records);
  const root: Node = { children: new Map() };
  for (const r of records) {
    let node = root;
    for (const id of r.path.ids.slice(requestPath.depth)) {
      if (!node.children.has(id)) node.children.set(id, { children: new Map() });
      node = node.children.get(id)!;
    }
    node.leaf = r;
  }
  const body = (n: Node): Buffer =>
    n.leaf
      ? cborValue(n.leaf.type, n.leaf.value)
      : cborMap([...n.children.keys()].sort((a, b) => a - b).map((id) => [cborInt(BigInt(id)), body(n.children.get(id)!)]));
  if (requestPath.isRoot()) return body(root);
  // The request path becomes one key: an id for an object, an array of ids below that.
  const key =
    requestPath.depth === 1 ? cborInt(BigInt(requestPath.objectId!)) : cborArray(requestPath.ids.map((id) => cborInt(BigInt(id))));
  return cborMap([[key, body(root)]]);
}

export function decodeLwm2mCbor(requestPath: LwM2MPath, bytes: Buffer, registry?: ObjectRegistry): ResourceRecord[] {
  const doc = decodeCborStrict(bytes, FORMAT);
  if (!(doc instanceof Map)) decodeFail({ format: FORMAT }, 'a CBOR map at the top level', cborKind(doc));
  const records: ResourceRecord[] = [];
  const walk = (map: Map<unknown, unknown>, prefix: number[]) => {
    for (const [k, v] of map) {
      const at = prefix.length ? `/${prefix.join('/')}` : 'the root';
      const ids = [...prefix, ...keyIds(k, { format: FORMAT, field: `key under ${at}` })];
      const where: Where = { format: FORMAT, field: '/' + ids.join('/') };
      if (ids.length > 4) decodeFail(where, 'at most 4 path levels', `${ids.length}`);
      if (v instanceof Map) {
        if (ids.length === 4) decodeFail(where, 'a value at a resource-instance path', cborKind(v));
        walk(v, ids);
        continue;
      }
      if (ids.length < 3) decodeFail(where, `a nested map under ${ids.length === 1 ? 'an object' : 'an object instance'}`, cborKind(v));
      const path = LwM2MPath.of(...ids);
      const shape = shapeOf(registry, path);
      records.push({ path, ...(shape.type ? { type: shape.type, value: cborAs(shape.type, v, where) } : cborGuess(v, where)) });
    }
  };
  walk(doc as Map<unknown, unknown>, []);
  return checkDecoded(FORMAT, requestPath, records, registry);
}

function keyIds(k: unknown, w: Where): number[] {
  const id = (x: unknown): number => {
    if (typeof x !== 'bigint' || x < 0n || x > 65535n) return decodeFail(w, 'an id 0..65535 (unsigned integer)', cborKind(x));
    return Number(x);
  };
  if (Array.isArray(k)) {
    if (k.length === 0) decodeFail(w, 'a non-empty array of ids', 'an empty array');
    return k.map(id);
  }
  return [id(k)];
}
