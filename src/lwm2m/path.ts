/**
 * LwM2M paths: "/" (root), "/3" (object), "/3/0" (instance), "/3/0/7" (resource),
 * "/3/0/7/1" (resource instance). Each id is a decimal 0..65535 without leading zeros.
 */
import { DecodeError } from './errors';

export type PathLevel = 'root' | 'object' | 'instance' | 'resource' | 'resourceInstance';
const LEVELS: PathLevel[] = ['root', 'object', 'instance', 'resource', 'resourceInstance'];
export const MAX_ID = 65535;
// Memoized text of each path, outside the object so that equal paths stay deep-equal.
const printed = new WeakMap<LwM2MPath, string>();

export class LwM2MPath {
  readonly ids: readonly number[];

  private constructor(ids: readonly number[]) {
    this.ids = ids;
  }

  /** Builds a path from ids; throws a DecodeError if an id is out of range or there are > 4. */
  static of(...ids: number[]): LwM2MPath {
    if (ids.length > 4) {
      throw new DecodeError({ format: 'path', expected: 'at most 4 ids', actual: `${ids.length} ids` });
    }
    ids.forEach((id, i) => {
      if (!Number.isInteger(id) || id < 0 || id > MAX_ID) {
        throw new DecodeError({ format: 'path', field: `id ${i}`, expected: `an integer 0..${MAX_ID}`, actual: String(id) });
      }
    });
    return new LwM2MPath(Object.freeze([...ids]));
  }

  static readonly root = new LwM2MPath(Object.freeze([]));

  /** Strict parse of "/", "/3", "/3/0", "/3/0/7", "/3/0/7/1". */
  static parse(text: string): LwM2MPath {
    const fail = (offset: number, expected: string, actual: string): never => {
      throw new DecodeError({ format: 'path', offset, field: JSON.stringify(text), expected, actual });
    };
    if (text === '/') return LwM2MPath.root;
    if (!text.startsWith('/')) fail(0, '"/" at the start of the path', text.length ? JSON.stringify(text[0]) : 'an empty path');
    const ids: number[] = [];
    let pos = 1;
    for (;;) {
      const start = pos;
      while (pos < text.length && text[pos] !== '/') pos++;
      const seg = text.slice(start, pos);
      if (seg === '') fail(start, 'a decimal id', pos < text.length ? 'an empty segment ("//")' : 'an empty segment (trailing "/")');
      if (!/^[0-9]+$/.test(seg)) fail(start, 'a decimal id', JSON.stringify(seg));
      if (seg.length > 1 && seg[0] === '0') fail(start, 'an id without leading zeros', JSON.stringify(seg));
      const id = Number(seg);
      if (id > MAX_ID) fail(start, `an id 0..${MAX_ID}`, seg);
      ids.push(id);
      if (ids.length > 4) fail(start, 'at most 4 ids (object/instance/resource/resource-instance)', `${ids.length} ids`);
      if (pos >= text.length) break;
      pos++; // skip '/'
    }
    return new LwM2MPath(Object.freeze(ids));
  }

  /** Like parse, but returns undefined instead of throwing. */
  static tryParse(text: string): LwM2MPath | undefined {
    try {
      return LwM2MPath.parse(text);
    } catch {
      return undefined;
    }
  }

  get level(): PathLevel {
    return LEVELS[this.ids.length];
  }
  get depth(): number {
    return this.ids.length;
  }
  get objectId(): number | undefined {
    return this.ids[0];
  }
  get instanceId(): number | undefined {
    return this.ids[1];
  }
  get resourceId(): number | undefined {
    return this.ids[2];
  }
  get resourceInstanceId(): number | undefined {
    return this.ids[3];
  }

  isRoot(): boolean {
    return this.ids.length === 0;
  }

  /** The enclosing path; the root's parent is the root. */
  parent(): LwM2MPath {
    return this.ids.length === 0 ? this : new LwM2MPath(Object.freeze(this.ids.slice(0, -1)));
  }

  child(id: number): LwM2MPath {
    return LwM2MPath.of(...this.ids, id);
  }

  /** True when `prefix` is this path or one of its ancestors. */
  startsWith(prefix: LwM2MPath): boolean {
    if (prefix.ids.length > this.ids.length) return false;
    return prefix.ids.every((id, i) => this.ids[i] === id);
  }

  equals(other: LwM2MPath): boolean {
    return this.ids.length === other.ids.length && this.startsWith(other);
  }

  toString(): string {
    let text = printed.get(this);
    if (text === undefined) printed.set(this, (text = '/' + this.ids.join('/')));
    return text;
  }

  /** Orders paths as a tree walk (parents before children, ids ascending). */
  static compare(a: LwM2MPath, b: LwM2MPath): number {
    const n = Math.min(a.ids.length, b.ids.length);
    for (let i = 0; i < n; i++) if (a.ids[i] !== b.ids[i]) return a.ids[i] - b.ids[i];
    return a.ids.length - b.ids.length;
  }
}
