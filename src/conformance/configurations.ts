/**
 * ETS Appendix C configurations as data (fixtures/ets/configurations.yaml): what a case's
 * precondition "the client holds configuration C.x" requires the DUT to hold, and the check of
 * it against values read from the DUT. A configuration that does not hold makes the case INCONC.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { ResourceRecord } from '../lwm2m/content';
import { PACKAGE_ROOT } from '../util/package-root';

export type Expectation = { kind: 'value'; value: string | number | boolean } | { kind: 'present' } | { kind: 'lifetime' };

export interface Configuration {
  name: string;
  title: string;
  /** Instance path ("/1/x" for the Test Server's Server instance) → resource id → expectation. */
  instances: Map<string, Map<number, Expectation>>;
}

const FILE = path.join(PACKAGE_ROOT, 'fixtures', 'ets', 'configurations.yaml');

type RawConfig = { title: string; extends?: string; instances: Record<string, Record<string, unknown>> };

/** Every configuration of the file, with `extends` resolved. */
export function loadConfigurations(file = FILE): Map<string, Configuration> {
  const raw = parse(fs.readFileSync(file, 'utf8')) as Record<string, RawConfig>;
  const out = new Map<string, Configuration>();
  const resolve = (name: string, seen: string[] = []): Configuration => {
    const done = out.get(name);
    if (done) return done;
    const r = raw[name];
    if (!r) throw new Error(`${file}: no configuration ${name}${seen.length ? ` (extended by ${seen.at(-1)})` : ''}`);
    if (seen.includes(name)) throw new Error(`${file}: configuration ${name} extends itself`);
    const base = r.extends ? resolve(r.extends, [...seen, name]) : undefined;
    const instances = new Map([...(base?.instances ?? [])].map(([k, v]) => [k, new Map(v)]));
    for (const [inst, resources] of Object.entries(r.instances ?? {})) {
      const m = instances.get(inst) ?? new Map<number, Expectation>();
      for (const [rid, v] of Object.entries(resources)) m.set(Number(rid), expectation(v, `${name} ${inst}/${rid}`));
      instances.set(inst, m);
    }
    const c = { name, title: r.title, instances };
    out.set(name, c);
    return c;
  };
  for (const name of Object.keys(raw)) resolve(name);
  return out;
}

function expectation(v: unknown, where: string): Expectation {
  if (v === 'present') return { kind: 'present' };
  if (v === 'lifetime') return { kind: 'lifetime' };
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { kind: 'value', value: v };
  throw new Error(`configurations: ${where}: expected a value, "present" or "lifetime", found ${JSON.stringify(v)}`);
}

/** What a read instance breaks of the configuration (sentences; empty when it holds). */
export function checkInstance(
  shownPath: string,
  expected: Map<number, Expectation>,
  records: ResourceRecord[],
  lifetime: number,
): string[] {
  const problems: string[] = [];
  for (const [rid, exp] of expected) {
    const found = records.filter((r) => r.path.resourceId === rid);
    if (found.length === 0) {
      problems.push(`${shownPath}/${rid} is missing`);
      continue;
    }
    if (exp.kind === 'present') continue;
    const want = exp.kind === 'lifetime' ? lifetime : exp.value;
    const got = found[0].value;
    const same = typeof got === 'bigint' ? typeof want === 'number' && got === BigInt(want) : got === want;
    if (!same) problems.push(`${shownPath}/${rid} is ${String(got)}, the configuration needs ${String(want)}`);
  }
  return problems;
}

/**
 * The resources a Test Server sets to bring a read instance to the configuration, as a test
 * operator would before the case: each fixed value (not "present", not the lifetime, which the
 * run chooses) that is missing or different. ETS Appendix C describes the state a case starts
 * from, not a value every device ships with (real clients default Notification Storing to true).
 */
export function valuesToSet(
  expected: Map<number, Expectation>,
  records: ResourceRecord[],
): Array<{ resourceId: number; value: string | number | boolean }> {
  const out: Array<{ resourceId: number; value: string | number | boolean }> = [];
  for (const [rid, exp] of expected) {
    if (exp.kind !== 'value') continue;
    const got = records.find((r) => r.path.resourceId === rid)?.value;
    const same = typeof got === 'bigint' ? typeof exp.value === 'number' && got === BigInt(exp.value) : got === exp.value;
    if (!same) out.push({ resourceId: rid, value: exp.value });
  }
  return out;
}

/**
 * A resource the configuration must hold, looked for in a Read the case made itself (ETS int-905
 * writes /7/0/8, which C.9 holds and object 7 makes optional): a sentence when it is absent.
 */
export function missingFromRead(records: ResourceRecord[], path: string, configuration: string): string | undefined {
  if (records.some((r) => String(r.path) === path || String(r.path).startsWith(path + '/'))) return undefined;
  return `${path} is not in the Read, so the client does not hold ETS configuration ${configuration}`;
}
