/**
 * The Test Client's answers to the composite operations a server DUT sends (LwM2M 1.1 §6.3.8
 * Read-Composite and §6.4.4 Observe-Composite: FETCH with a SenML path list; §6.3.7
 * Write-Composite: iPATCH with SenML records), from its object store. As a client does: the
 * request body must be SenML JSON (110) or SenML CBOR (112), else 4.15; an answer format other
 * than those is 4.06; a body that does not decode is 4.00 (a DecodeError, turned into the
 * answer by the responder); paths the client does not have, or cannot read, are left out.
 */
import type { IncomingRequest, ResponseSpec } from '../../coap/endpoint';
import { accept as acceptOf, contentFormat } from '../../coap/message';
import { ContentFormat, decodeComposite, decodePathList, encodeContent, type ResourceRecord } from '../../lwm2m/content';
import { LwM2MPath } from '../../lwm2m/path';
import { StoreError, type ObjectStore } from '../reference-client/store';

const SENML = new Set<number>([ContentFormat.SENML_JSON, ContentFormat.SENML_CBOR]);

/** The path list of a FETCH, and the format to answer in. */
export function compositeRequest(req: IncomingRequest): { paths: LwM2MPath[]; format: number } {
  const format = contentFormat(req.message);
  if (format === undefined || !SENML.has(format))
    throw new StoreError('4.15', `a composite request needs Content-Format 110 or 112; got ${format ?? 'none'}`);
  const answer = acceptOf(req.message) ?? format;
  if (!SENML.has(answer)) throw new StoreError('4.06', `a composite answer is SenML JSON or CBOR, not content-format ${answer}`);
  return { paths: decodePathList(format, req.message.payload), format: answer };
}

/** The readable values under each path, each once; absent or unreadable paths are left out. */
export function compositeRecords(store: ObjectStore, paths: readonly LwM2MPath[]): ResourceRecord[] {
  const out: ResourceRecord[] = [];
  for (const p of paths) {
    const roots = p.depth === 0 ? store.objectIds().map((o) => LwM2MPath.of(o)) : [p];
    for (const r of roots) {
      // The Security object is never read by a server (LwM2M 1.1 §7.1).
      if (r.objectId === 0 || !store.has(r)) continue;
      try {
        for (const rec of store.read(r)) if (!out.some((o) => o.path.equals(rec.path))) out.push(rec);
      } catch (e) {
        if (!(e instanceof StoreError)) throw e;
      }
    }
  }
  return out;
}

export function encodeCompositeAnswer(store: ObjectStore, paths: readonly LwM2MPath[], format: number): Buffer {
  return encodeContent(format, LwM2MPath.root, compositeRecords(store, paths), store.registry);
}

/** Read-Composite: 2.05 with the values of the listed paths. */
export function readComposite(store: ObjectStore, req: IncomingRequest): ResponseSpec {
  const { paths, format } = compositeRequest(req);
  return { code: '2.05', contentFormat: format, payload: encodeCompositeAnswer(store, paths, format) };
}

/** Write-Composite: every value checked first (instance exists, resource writable), then all applied. */
export function writeComposite(store: ObjectStore, req: IncomingRequest): ResponseSpec {
  const format = contentFormat(req.message);
  if (format === undefined || !SENML.has(format))
    throw new StoreError('4.15', `a Write-Composite needs Content-Format 110 or 112; got ${format ?? 'none'}`);
  const records = decodeComposite(format, req.message.payload, store.registry);
  for (const r of records) {
    if (r.path.depth < 3) throw new StoreError('4.00', `a Write-Composite record names a resource, not ${r.path}`);
    const def = store.definition(r.path.objectId!, r.path.resourceId!);
    if (!def || !store.has(LwM2MPath.of(r.path.objectId!, r.path.instanceId!))) throw new StoreError('4.04', `${r.path} does not exist`);
    if (!def.operations.includes('W')) throw new StoreError('4.05', `${r.path} is not writable`);
  }
  for (const r of records) store.write(LwM2MPath.of(r.path.objectId!, r.path.instanceId!), [r], 'partial');
  return { code: '2.04' };
}
