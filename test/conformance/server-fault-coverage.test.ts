/**
 * Every check can fail: each pass criterion of each server-side and Bootstrap-Server case is
 * broken by a reference-server (or reference bootstrap server) fault, and every fault names a
 * real case and criterion.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCatalogue } from '../../src/conformance/catalogue';
import { SERVER_FAULT_REGISTRY } from '../../src/peers/reference-server/faults';
import { BOOTSTRAP_SERVER_FAULT_REGISTRY } from '../../src/peers/reference-server/bootstrap-faults';
import { CRITERION_PATTERN } from '../../src/conformance/procedure';

const ROOT = path.resolve(__dirname, '..', '..');
const catalogue = loadCatalogue(path.join(ROOT, 'features'));
const cases = catalogue.filter((c) => c.role === 'server' || c.role === 'bootstrap-server');
const roleOf = (fault: string) => (Object.hasOwn(BOOTSTRAP_SERVER_FAULT_REGISTRY, fault) ? 'bootstrap-server' : 'server');
const effects = Object.entries({ ...SERVER_FAULT_REGISTRY, ...BOOTSTRAP_SERVER_FAULT_REGISTRY }).flatMap(([fault, def]) =>
  def.breaks.map((b) => ({ fault, role: roleOf(fault), ...b })),
);

function lettersOf(file: string): string[] {
  const pattern = new RegExp(`^\\s*(?:Then|And|But)\\s+(${CRITERION_PATTERN.source})`);
  const found = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => pattern.exec(l)?.[1])
    .filter((x): x is string => !!x);
  return [...new Set(found.flatMap((x) => x.slice(1, -1).split(', ')))];
}

test('there are server-side cases, all under features/server/ (Bootstrap-Server ones under features/server-bootstrap/)', () => {
  assert.ok(cases.length >= 12);
  for (const c of cases) assert.equal(path.basename(path.dirname(c.file)), c.role === 'server' ? 'server' : 'server-bootstrap', c.file);
});

test('no two registries name the same fault', () => {
  const shared = Object.keys(BOOTSTRAP_SERVER_FAULT_REGISTRY).filter((f) => Object.hasOwn(SERVER_FAULT_REGISTRY, f));
  assert.deepEqual(shared, []);
});

test('every pass criterion of every server-side case has a fault that makes it FAIL', () => {
  const missing: string[] = [];
  for (const c of cases) {
    const ids = c.ids.map((i) => i.id);
    const broken = new Set(effects.filter((e) => e.role === c.role && ids.includes(e.case)).flatMap((e) => e.criterion.split(', ')));
    for (const letter of lettersOf(c.file)) if (!broken.has(letter)) missing.push(`${ids.at(-1)} (${letter})`);
  }
  assert.deepEqual(missing, []);
});

test('every server fault names a server-side case and one of its criteria, on a reference-server profile', () => {
  const bad: string[] = [];
  for (const e of effects) {
    const c = cases.find((x) => x.role === e.role && x.ids.some((i) => i.id === e.case));
    if (!c) bad.push(`${e.fault}: no server-side feature for ${e.case}`);
    else if (!e.criterion.split(', ').every((l) => lettersOf(c.file).includes(l))) bad.push(`${e.fault}: ${e.case} has no ${e.criterion}`);
    if (!/^reference-(bootstrap-)?server(-[a-z0-9.]+)*\.yaml$/.test(e.profile ?? '')) bad.push(`${e.fault}: runs on ${e.profile}`);
  }
  assert.deepEqual(bad, []);
});
