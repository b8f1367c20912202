/**
 * The reference client's notification attributes (LwM2M TS Core §5.1.2): set by
 * Write-Attributes (PUT with a query and no payload), kept per server and per path, shown by
 * Discover, and resolved for an observation from the resource instance up to the object, then
 * the Server object's defaults (/1/x/2 pmin, /1/x/3 pmax).
 */
import type { LwM2MPath } from '../../lwm2m/path';

export const ATTRIBUTE_NAMES = ['pmin', 'pmax', 'gt', 'lt', 'st', 'epmin', 'epmax'] as const;
export type AttributeName = (typeof ATTRIBUTE_NAMES)[number];
export type Attributes = Partial<Record<AttributeName, number>>;

export class AttributeError extends Error {}

export class AttributeStore {
  /** server short id → path text → attributes */
  private readonly byServer = new Map<number, Map<string, Attributes>>();

  /**
   * Applies a Write-Attributes query: a name with a value sets it, a name with no value (e.g.
   * "pmin") removes it. Unknown names and non-numbers are refused (4.00) before anything changes.
   */
  write(ssid: number, path: LwM2MPath, query: ReadonlyMap<string, string>): void {
    const changes: [AttributeName, number | undefined][] = [];
    for (const [name, value] of query) {
      if (!(ATTRIBUTE_NAMES as readonly string[]).includes(name)) throw new AttributeError(`unknown attribute "${name}"`);
      if (value === '') changes.push([name as AttributeName, undefined]);
      else if (/^-?[0-9]+(\.[0-9]+)?$/.test(value)) changes.push([name as AttributeName, Number(value)]);
      else throw new AttributeError(`attribute ${name}="${value}" is not a number`);
    }
    const attrs = { ...this.at(ssid, path) };
    for (const [name, value] of changes) {
      if (value === undefined) delete attrs[name];
      else attrs[name] = value;
    }
    const merged = { ...this.inherited(ssid, path), ...attrs };
    if (merged.pmin !== undefined && merged.pmax !== undefined && merged.pmax < merged.pmin) {
      throw new AttributeError(`pmax ${merged.pmax} is less than pmin ${merged.pmin}`);
    }
    this.table(ssid).set(path.toString(), attrs);
  }

  /** The attributes set on exactly this path (what Discover shows for it). */
  at(ssid: number, path: LwM2MPath): Attributes {
    return { ...(this.byServer.get(ssid)?.get(path.toString()) ?? {}) };
  }

  /** The attributes in force for `path`: the nearest level that sets each one, then `defaults`. */
  effective(ssid: number, path: LwM2MPath, defaults: Attributes = {}): Attributes {
    return { ...defaults, ...this.inherited(ssid, path), ...this.at(ssid, path) };
  }

  /** Forgets everything set on `path` and below (an instance deleted, an observation's object gone). */
  clearBelow(path: LwM2MPath): void {
    const prefix = path.toString();
    for (const table of this.byServer.values()) {
      for (const key of [...table.keys()]) if (key === prefix || key.startsWith(prefix + '/')) table.delete(key);
    }
  }

  private inherited(ssid: number, path: LwM2MPath): Attributes {
    const segments = path.toString().split('/').filter(Boolean);
    let out: Attributes = {};
    for (let i = 1; i < segments.length; i++)
      out = { ...out, ...(this.byServer.get(ssid)?.get('/' + segments.slice(0, i).join('/')) ?? {}) };
    return out;
  }

  private table(ssid: number): Map<string, Attributes> {
    let t = this.byServer.get(ssid);
    if (!t) this.byServer.set(ssid, (t = new Map()));
    return t;
  }
}

/** Attributes as Discover prints them after a link: ";pmin=10;pmax=200". */
export function formatAttributes(attrs: Attributes): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of ATTRIBUTE_NAMES) if (attrs[name] !== undefined) out[name] = attrs[name]!;
  return out;
}
