/**
 * Checks shared by every codec: records sit under the request path, at resource or
 * resource-instance level, agree with the model on single vs multiple, and are not repeated.
 */
import { EncodeError } from './errors';
import type { ObjectRegistry } from './model';
import type { LwM2MPath } from './path';
import { checkRecord, decodeFail, shapeOf, type ResourceRecord } from './values';

/** Encoder side: every record valid and under the request path. */
export function checkForEncoding(format: string, requestPath: LwM2MPath, records: ResourceRecord[]): void {
  for (const r of records) {
    checkRecord(format, r);
    if (!r.path.startsWith(requestPath)) throw new EncodeError(format, `record ${r.path} is not under the request path ${requestPath}`);
  }
}

/** Decoder side: the structural rules above, as DecodeErrors naming the record. */
export function checkDecoded(
  format: string,
  requestPath: LwM2MPath,
  records: ResourceRecord[],
  registry?: ObjectRegistry,
): ResourceRecord[] {
  const seen = new Set<string>();
  const withInstances = new Set<string>(); // resources given as instances
  records.forEach((r, i) => {
    const field = `record ${i} (${r.path})`;
    const w = { format, field };
    if (!r.path.startsWith(requestPath)) decodeFail(w, `a path under the request path ${requestPath}`, String(r.path));
    if (r.path.depth < 3) decodeFail(w, 'a resource or resource-instance path', `a ${r.path.level} path`);
    const shape = shapeOf(registry, r.path);
    if (shape.multiple === true && r.path.depth === 3)
      decodeFail(
        w,
        `a resource-instance path (/${r.path.ids.join('/')}/<riid>): the resource is multiple-instance`,
        'a value for the whole resource',
      );
    if (shape.multiple === false && r.path.depth === 4)
      decodeFail(w, 'a resource path: the resource is single-instance', 'a resource-instance path');
    const key = r.path.toString();
    const timed = r.timestamp === undefined ? key : `${key}@${r.timestamp}`;
    if (seen.has(timed))
      decodeFail(w, r.timestamp === undefined ? 'each path at most once' : 'each path at most once per timestamp', 'a repeated path');
    seen.add(timed);
    if (r.timestamp !== undefined) return; // history: the same path may recur at other times
    // A resource and one of its instances both present is contradictory too.
    seen.add(key);
    if (r.path.depth === 4) {
      const parent = r.path.parent().toString();
      if (seen.has(parent)) decodeFail(w, 'either a resource value or its instances', 'both');
      withInstances.add(parent);
    }
    if (r.path.depth === 3 && withInstances.has(key)) decodeFail(w, 'either a resource value or its instances', 'both');
  });
  return records;
}
