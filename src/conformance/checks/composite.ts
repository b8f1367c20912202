/**
 * Judging a Read-Composite answer (LwM2M 1.1 TS Core §6.3.8, FETCH): only data under the
 * requested paths, data for each requested path the client has, nothing for the paths it does not
 * have (they are silently left out), no value of a resource that is not readable, and nothing of
 * the objects a server never reads (Security /0, OSCORE /21, /23 on a root read, int-235).
 */
import type { ObjectRegistry } from '../../lwm2m/model';
import { LwM2MPath } from '../../lwm2m/path';
import type { ResourceRecord } from '../../lwm2m/content';

export interface CompositeExpectation {
  /** Paths that must yield data. */
  present: string[];
  /** Requested paths that must yield nothing (absent, or not readable). */
  absent?: string[];
  /** Objects that must not appear at all. */
  forbiddenObjects?: number[];
}

export function checkCompositeRead(
  requested: string[],
  records: ResourceRecord[],
  expect: CompositeExpectation,
  registry: ObjectRegistry,
): string[] {
  const problems: string[] = [];
  const asked = requested.map((p) => LwM2MPath.parse(p));
  const stray = records.filter((r) => !asked.some((a) => r.path.startsWith(a)));
  if (stray.length) problems.push(`data for paths not requested: ${stray.map((r) => String(r.path)).join(', ')}`);
  for (const p of expect.present) {
    const path = LwM2MPath.parse(p);
    if (!records.some((r) => r.path.startsWith(path))) problems.push(`no data for ${p}`);
  }
  for (const p of expect.absent ?? []) {
    const path = LwM2MPath.parse(p);
    const there = records.filter((r) => r.path.startsWith(path));
    if (there.length) problems.push(`${p} should have been left out, but ${there.map((r) => String(r.path)).join(', ')} came back`);
  }
  for (const oid of expect.forbiddenObjects ?? []) {
    if (records.some((r) => r.path.objectId === oid)) problems.push(`object /${oid} must not be in the answer`);
  }
  const unreadable = records.filter((r) => {
    const def = registry.resource(r.path.objectId!, r.path.resourceId!);
    return def !== undefined && !def.operations.includes('R');
  });
  if (unreadable.length) problems.push(`values of resources that are not readable: ${unreadable.map((r) => String(r.path)).join(', ')}`);
  return problems;
}
