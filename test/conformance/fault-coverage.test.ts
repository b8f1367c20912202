/**
 * Every check can fail: each pass criterion of each automated client case is broken by at least
 * one reference-client fault, and every fault names cases and criteria that exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCatalogue } from '../../src/conformance/catalogue';
import { FAULT_REGISTRY } from '../../src/peers/reference-client/faults';
import { CRITERION_PATTERN } from '../../src/conformance/procedure';

const ROOT = path.resolve(__dirname, '..', '..');
const cases = loadCatalogue(path.join(ROOT, 'features')).filter((c) => c.role === 'client');

/** Criterion letters of a feature's Then steps: "(B, C)" gives B and C. */
function lettersOf(file: string): string[] {
  const pattern = new RegExp(`^\\s*(?:Then|And|But)\\s+(${CRITERION_PATTERN.source})`);
  const letters = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => pattern.exec(l)?.[1])
    .filter((x): x is string => !!x)
    .flatMap((x) => x.slice(1, -1).split(', '));
  return [...new Set(letters)];
}

const effects = Object.entries(FAULT_REGISTRY).flatMap(([fault, def]) => def.breaks.map((b) => ({ fault, ...b })));

test('every pass criterion of every automated client case has a fault that makes it FAIL', () => {
  const missing: string[] = [];
  for (const c of cases) {
    const ids = c.ids.map((i) => i.id);
    const broken = new Set(effects.filter((e) => ids.includes(e.case)).flatMap((e) => e.criterion.split(', ')));
    for (const letter of lettersOf(c.file)) if (!broken.has(letter)) missing.push(`${ids.at(-1)} (${letter})`);
  }
  assert.deepEqual(missing, [], `criteria no fault breaks: ${missing.join(', ')}`);
});

test('every fault names a case that has a feature file, and a criterion or procedure step of it', () => {
  const bad: string[] = [];
  for (const e of effects) {
    const c = cases.find((x) => x.ids.some((i) => i.id === e.case));
    if (!c) {
      bad.push(`${e.fault}: no feature for ${e.case}`);
      continue;
    }
    const step = /^step (\d+)$/.exec(e.criterion);
    const ok = step
      ? fs.readFileSync(c.file, 'utf8').includes(`(${step[1]})`)
      : e.criterion.split(', ').every((l) => lettersOf(c.file).includes(l));
    if (!ok) bad.push(`${e.fault}: ${e.case} has no ${e.criterion}`);
  }
  assert.deepEqual(bad, []);
});

test('every fault is proven: it breaks a named case, or a named test mentions it', () => {
  const unproven = Object.entries(FAULT_REGISTRY)
    .filter(([name, def]) => {
      if (def.breaks.length > 0) return false;
      const file = 'provenBy' in def ? path.join(ROOT, def.provenBy) : undefined;
      return !file || !fs.existsSync(file) || !fs.readFileSync(file, 'utf8').includes(`'${name}'`);
    })
    .map(([name]) => name);
  assert.deepEqual(unproven, []);
});
