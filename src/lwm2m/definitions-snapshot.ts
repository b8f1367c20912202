/**
 * The bundled object definitions as JSON, written by the build (scripts/build.js) next to the
 * compiled code: parsing the DDF XML costs a cold process about 100 ms, reading this a few. The
 * snapshot is used only while it is newer than every bundled XML file, so an edited definition
 * is never shadowed by an old snapshot.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ObjectDefinition, ResourceDefinition } from './model';

type Stored = Omit<ObjectDefinition, 'resources'> & { resources: ResourceDefinition[] };

export function writeDefinitionsSnapshot(file: string, defs: ObjectDefinition[]): void {
  const stored: Stored[] = defs.map((d) => ({ ...d, resources: [...d.resources.values()] }));
  fs.writeFileSync(file, JSON.stringify(stored));
}

/** The snapshot's definitions, or undefined when it is missing, older than `xmlDir`'s files, or unreadable. */
export function readDefinitionsSnapshot(file: string, xmlDir: string): ObjectDefinition[] | undefined {
  try {
    const written = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    if (written === undefined) return undefined;
    const sources = [xmlDir, ...fs.readdirSync(xmlDir).map((f) => path.join(xmlDir, f))];
    if (sources.some((f) => fs.statSync(f).mtimeMs > written)) return undefined;
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Stored[];
    return stored.map((d) => ({ ...d, resources: new Map(d.resources.map((r) => [r.id, r])) }));
  } catch {
    return undefined; // the XML is the source of truth; the snapshot only saves time
  }
}
