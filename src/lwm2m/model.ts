/**
 * The LwM2M object model: what an object definition (OMA DDF) says about its resources, and a
 * registry of definitions (bundled core objects plus the user's own, possibly several versions).
 */
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../util/package-root';
import { readDefinitionsSnapshot } from './definitions-snapshot';

// The XML parser loads only when DDF files are read: from compiled code the bundled objects come
// from the build's JSON snapshot, so most processes never need it.
const loadDdfDirectory = (dir: string): ObjectDefinition[] => (require('./ddf') as typeof import('./ddf')).loadDdfDirectory(dir);

export type ResourceType =
  'string' | 'integer' | 'unsignedInteger' | 'float' | 'boolean' | 'opaque' | 'time' | 'objlnk' | 'corelnk' | 'none';

/** DDF `<Operations>`; '' means not reachable by a LwM2M Server (e.g. Security, bootstrap-only). */
export type Operations = '' | 'R' | 'W' | 'RW' | 'E';

/** One closed interval of a `<RangeEnumeration>` ("0..255", "16,32,48" -> three one-point intervals). */
export interface RangeInterval {
  min: number;
  max: number;
}

export interface ResourceDefinition {
  id: number;
  name: string;
  operations: Operations;
  multiple: boolean;
  mandatory: boolean;
  type: ResourceType;
  /** The DDF text, e.g. "0..100". For String and Opaque it bounds the length in bytes. */
  rangeText?: string;
  /** Parsed intervals of rangeText when it is numeric; undefined when absent or free text. */
  range?: RangeInterval[];
  units?: string;
}

export interface ObjectDefinition {
  id: number;
  name: string;
  urn?: string;
  /** Object version, "1.0" when the DDF omits it. */
  version: string;
  /** LwM2M enabler version the definition targets ("1.0", "1.1", ...). */
  lwm2mVersion: string;
  multiple: boolean;
  mandatory: boolean;
  resources: Map<number, ResourceDefinition>;
  /** Where it was loaded from, for diagnoses. */
  source?: string;
}

export const BUNDLED_OBJECTS_DIR = path.join(PACKAGE_ROOT, 'fixtures', 'objects');
/** The bundled definitions pre-parsed by the build (see definitions-snapshot.ts). */
export const BUNDLED_SNAPSHOT = path.join(PACKAGE_ROOT, 'dist', 'bundled-objects.json');

/** Compares "major.minor" version strings numerically. */
export function compareVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || (an ?? 0) - (bn ?? 0);
}

export class ObjectRegistry {
  private byId = new Map<number, Map<string, ObjectDefinition>>();
  /** Newest version per id, kept up to date by add() (lookups are on every decoded value). */
  private latest = new Map<number, ObjectDefinition>();

  /** A registry holding the core objects shipped in fixtures/objects/. */
  static bundled(): ObjectRegistry {
    const r = new ObjectRegistry();
    for (const d of bundledDefinitions()) r.add(d);
    return r;
  }

  /** Adds one definition; a later definition with the same id and version replaces the earlier. */
  add(def: ObjectDefinition): this {
    let versions = this.byId.get(def.id);
    if (!versions) this.byId.set(def.id, (versions = new Map()));
    versions.set(def.version, def);
    const newest = this.latest.get(def.id);
    if (!newest || compareVersions(def.version, newest.version) >= 0) this.latest.set(def.id, def);
    return this;
  }

  /** Loads every *.xml DDF file of a directory (the user's `--objects DIR`). */
  loadDirectory(dir: string): ObjectDefinition[] {
    const defs = loadDdfDirectory(dir);
    for (const d of defs) this.add(d);
    return defs;
  }

  /** The definition of an object: the given version if known, else the newest known version. */
  get(objectId: number, version?: string): ObjectDefinition | undefined {
    const versions = this.byId.get(objectId);
    if (!versions) return undefined;
    if (version !== undefined && versions.has(version)) return versions.get(version);
    return this.latest.get(objectId);
  }

  versions(objectId: number): string[] {
    return [...(this.byId.get(objectId)?.keys() ?? [])].sort(compareVersions);
  }

  resource(objectId: number, resourceId: number, version?: string): ResourceDefinition | undefined {
    return this.get(objectId, version)?.resources.get(resourceId);
  }

  objectIds(): number[] {
    return [...this.byId.keys()].sort((a, b) => a - b);
  }
}

let bundledCache: ObjectDefinition[] | undefined;
function bundledDefinitions(): ObjectDefinition[] {
  bundledCache ??= readDefinitionsSnapshot(BUNDLED_SNAPSHOT, BUNDLED_OBJECTS_DIR) ?? loadDdfDirectory(BUNDLED_OBJECTS_DIR);
  return bundledCache;
}
