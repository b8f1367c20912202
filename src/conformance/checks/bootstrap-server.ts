/**
 * Judging a Bootstrap Server DUT (the BS side of ETS int-0, int-4, int-8): pure functions over
 * the requests it sent the Test Client, returning problem sentences (empty when the request is
 * what LwM2M TS 1.1 §5.2.7 and §6.1 ask). Malformed input (a path that is no LwM2M path, a
 * payload that does not decode) is a problem sentence, never an exception.
 */
import { accept, contentFormat, observe, Method } from '../../coap/message';
import { decodeContent, type ResourceRecord } from '../../lwm2m/content';
import { DecodeError } from '../../lwm2m/errors';
import { LwM2MPath } from '../../lwm2m/path';
import type { ObjectRegistry } from '../../lwm2m/model';
import type { BootstrapServerRequest } from '../../peers/test-client/bootstrap-client';

const METHOD_NAMES: Record<string, string> = { [Method.GET]: 'GET', [Method.POST]: 'POST', [Method.PUT]: 'PUT', [Method.DELETE]: 'DELETE' };

/** "PUT /0/0" */
export function describeRequest(r: BootstrapServerRequest): string {
  const m = r.request.message.code;
  return `${METHOD_NAMES[m] ?? `code ${m}`} ${r.request.path || '/'}`;
}

function lwm2mPath(r: BootstrapServerRequest, what: string, problems: string[]): LwM2MPath | undefined {
  try {
    return LwM2MPath.parse(r.request.path || '/');
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    problems.push(`the ${what} went to "${r.request.path}", which is no LwM2M path`);
    return undefined;
  }
}

/** The records a Bootstrap-Write carries, or undefined with the problem when they do not decode. */
export function writeRecords(r: BootstrapServerRequest, registry: ObjectRegistry, problems: string[] = []): ResourceRecord[] | undefined {
  const path = lwm2mPath(r, 'Bootstrap-Write', problems);
  const cf = contentFormat(r.request.message);
  if (!path || cf === undefined) return undefined;
  try {
    return decodeContent(cf, path, r.request.message.payload, registry);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    problems.push(`the Bootstrap-Write of ${path} does not decode as Content-Format ${cf}: ${e.message}`);
    return undefined;
  }
}

/**
 * A Bootstrap-Write (TS 1.1 §5.2.7.4, §6.1): PUT on an object, instance or resource, with a
 * Content-Format the Test Client declared and a payload that decodes into values under that path.
 */
export function checkBootstrapWrite(r: BootstrapServerRequest, formats: readonly number[], registry: ObjectRegistry): string[] {
  const problems: string[] = [];
  const m = r.request.message;
  if (m.code !== Method.PUT) problems.push(`a Bootstrap-Write is a PUT; the server sent ${describeRequest(r)}`);
  const path = lwm2mPath(r, 'Bootstrap-Write', problems);
  if (path && path.depth === 0) problems.push('a Bootstrap-Write names an object, instance or resource, not "/"');
  const cf = contentFormat(m);
  if (cf === undefined) problems.push(`the Bootstrap-Write of ${r.request.path} has no Content-Format`);
  else if (!formats.includes(cf))
    problems.push(`the Bootstrap-Write of ${r.request.path} is in Content-Format ${cf}; the Test Client takes ${formats.join(', ')}`);
  if (problems.length) return problems;
  const records = writeRecords(r, registry, problems);
  if (records?.length === 0) problems.push(`the Bootstrap-Write of ${path} carries no value`);
  for (const rec of records ?? [])
    if (!rec.path.startsWith(path!)) problems.push(`the Bootstrap-Write of ${path} carries ${rec.path}, outside it`);
  return problems;
}

/** A Bootstrap-Discover (TS 1.1 §5.2.7.3): GET on "/" or an object with Accept 40 (link-format), no payload. */
export function checkBootstrapDiscover(r: BootstrapServerRequest | undefined, missing = 'nothing'): string[] {
  if (!r) return [missing];
  const problems: string[] = [];
  const m = r.request.message;
  if (m.code !== Method.GET) problems.push(`the server sent ${describeRequest(r)}`);
  const wanted = accept(m);
  if (wanted !== 40) problems.push(`${describeRequest(r)} carried ${wanted === undefined ? 'no Accept (none)' : `Accept ${wanted}`}`);
  const path = lwm2mPath(r, 'Bootstrap-Discover', problems);
  if (path && path.depth > 1) problems.push(`a Bootstrap-Discover targets "/" or an object, not ${path}`);
  if (m.payload.length) problems.push('the Bootstrap-Discover carries a payload');
  return problems;
}

/**
 * A Bootstrap-Read (TS 1.1 §5.2.7.5) of the Server (/1) or Access Control (/2) object or one
 * of its instances: GET without Observe, with no Accept or one the Test Client declared.
 */
export function checkBootstrapReadRequest(
  r: BootstrapServerRequest | undefined,
  objectId: 1 | 2,
  formats: readonly number[],
  missing = 'nothing',
): string[] {
  if (!r) return [missing];
  const m = r.request.message;
  const problems: string[] = [];
  const path = lwm2mPath(r, 'Bootstrap-Read', problems);
  if (m.code !== Method.GET || accept(m) === 40 || !path || path.objectId !== objectId || path.depth > 2)
    return [...problems, `the server sent ${describeRequest(r)}${accept(m) === 40 ? ' with Accept 40 (a Discover)' : ''}`];
  if (observe(m) !== undefined) problems.push(`the Bootstrap-Read of ${path} carries an Observe option`);
  const wanted = accept(m);
  if (wanted !== undefined && !formats.includes(wanted))
    problems.push(`the Bootstrap-Read of ${path} accepts Content-Format ${wanted}; the Test Client answers in ${formats.join(', ')}`);
  if (m.payload.length) problems.push(`the Bootstrap-Read of ${path} carries a payload`);
  return problems;
}

/** A Bootstrap-Delete (TS 1.1 §5.2.7.6): DELETE of "/", an object or an object instance, no payload. */
export function checkBootstrapDelete(r: BootstrapServerRequest): string[] {
  const problems: string[] = [];
  if (r.request.message.code !== Method.DELETE) problems.push(`the server sent ${describeRequest(r)}`);
  const path = lwm2mPath(r, 'Bootstrap-Delete', problems);
  if (path && path.depth > 2) problems.push(`a Bootstrap-Delete targets "/", an object or an instance; the server sent DELETE ${path}`);
  if (r.request.message.payload.length) problems.push(`the Bootstrap-Delete of ${r.request.path} carries a payload`);
  return problems;
}

/** The Deletes reach the Security and Server objects: "/", or /0 and /1 (each as the object or all its instances). */
export function checkDeletesCover(deletes: readonly BootstrapServerRequest[], objectIds: readonly number[]): string[] {
  const paths = deletes.map((d) => d.path).filter((p): p is LwM2MPath => !!p && p.depth <= 2);
  if (paths.some((p) => p.depth === 0)) return [];
  return objectIds
    .filter((oid) => !paths.some((p) => p.depth === 1 && p.objectId === oid))
    .map(
      (oid) =>
        `no Bootstrap-Delete of /${oid} (or of "/")${deletes.length ? `; the server sent ${deletes.map(describeRequest).join(', ')}` : ''}`,
    );
}

/** Bootstrap-Finish (TS 1.1 §5.2.7.7): POST /bs without payload. */
export function checkBootstrapFinish(r: BootstrapServerRequest | undefined, missing = 'nothing'): string[] {
  if (!r) return [missing];
  if (r.request.message.code !== Method.POST || r.request.path !== '/bs') return [`the server sent ${describeRequest(r)}`];
  return r.request.message.payload.length ? ['the Bootstrap-Finish carries a payload'] : [];
}

/** What the Security and Server objects of the Test Client hold after the writes. */
export interface ProvisionedConfiguration {
  security: { instance: number; bootstrap?: boolean; uri?: string; shortServerId?: number }[];
  servers: { instance: number; shortServerId?: number }[];
}

/**
 * The configuration is consistent (TS 1.1 §6.1, §E.1/E.2): at least one Security instance for
 * an LwM2M server (Bootstrap-Server false) with a coap URI and a Short Server ID, and for each
 * such instance a Server instance with the same Short Server ID; and the Bootstrap-Server
 * account the client started with is still one.
 */
export function checkProvisionedConfiguration(c: ProvisionedConfiguration, bootstrapInstance: number): string[] {
  const problems = checkBootstrapAccountKept(c, bootstrapInstance);
  const servers = c.security.filter((s) => s.bootstrap === false);
  if (servers.length === 0) problems.push('no Security instance for an LwM2M server (Bootstrap-Server false, /0/x/1) was written');
  for (const s of servers) {
    if (!s.uri || !/^coaps?(\+tcp)?:\/\//.test(s.uri))
      problems.push(`/0/${s.instance}/0 (LwM2M Server URI) is ${s.uri === undefined ? 'missing' : `"${s.uri}"`}`);
    if (s.shortServerId === undefined) {
      problems.push(`/0/${s.instance} has no Short Server ID (/0/${s.instance}/10)`);
      continue;
    }
    if (!c.servers.some((x) => x.shortServerId === s.shortServerId)) {
      const held = c.servers.map((x) => `/1/${x.instance}: ${x.shortServerId ?? 'none'}`).join(', ');
      problems.push(
        `the Security instance /0/${s.instance} has Short Server ID ${s.shortServerId}, but there is no Server instance with it (${held || 'no Server instance'})`,
      );
    }
  }
  for (const x of c.servers)
    if (x.shortServerId === undefined) problems.push(`the Server instance /1/${x.instance} has no Short Server ID (/1/${x.instance}/0)`);
  return problems;
}

/** The client's Bootstrap-Server account (`/0/N`, Bootstrap-Server true) is still there and still one. */
export function checkBootstrapAccountKept(c: ProvisionedConfiguration, bootstrapInstance: number): string[] {
  const bs = c.security.find((s) => s.instance === bootstrapInstance);
  if (!bs) return [`the Bootstrap-Server account /0/${bootstrapInstance} is gone`];
  if (bs.bootstrap !== true)
    return [
      `the Bootstrap-Server account /0/${bootstrapInstance} was overwritten with an LwM2M server account (${bs.uri ?? 'no URI'}, Short Server ID ${bs.shortServerId ?? 'none'}): the client can no longer bootstrap`,
    ];
  return [];
}

/** No Bootstrap-Delete named the Bootstrap-Server account's own instance (TS 1.1 §5.2.7.6 keeps it). */
export function checkBootstrapAccountNotDeleted(requests: readonly BootstrapServerRequest[], bootstrapInstance: number): string[] {
  return requests
    .filter((r) => r.operation === 'delete' && r.path?.depth === 2 && r.path.objectId === 0 && r.path.instanceId === bootstrapInstance)
    .map(
      () => `the server sent DELETE /0/${bootstrapInstance}, the Bootstrap-Server account, which the client must keep (TS 1.1 §5.2.7.6)`,
    );
}
