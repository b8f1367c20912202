/**
 * Generated from the reference client's fault registry: each fault, run against the cases it
 * names, must make each of them FAIL with the named criterion and a diagnosis with the named
 * words. One harness run per fault and profile covers all of its cases.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULT_REGISTRY } from '../../src/peers/reference-client/faults';
import type { FaultEffect } from '../../src/peers/faults';
import { caseOf, faultyProfile, runHarness } from './harness';

const runs = new Map<string, { fault: string; profile: string; effects: FaultEffect[] }>();
for (const [fault, def] of Object.entries(FAULT_REGISTRY)) {
  for (const effect of def.breaks) {
    const profile = effect.profile ?? 'reference-client.yaml';
    const key = `${fault} ${profile}`;
    if (!runs.has(key)) runs.set(key, { fault, profile, effects: [] });
    runs.get(key)!.effects.push(effect);
  }
}

describe('each reference-client fault FAILs the cases the registry names, with the named criterion', { concurrency: 4 }, () => {
  for (const { fault, profile, effects } of runs.values()) {
    const cases = effects.map((e) => `${e.case} (${e.criterion})`).join(', ');
    test(`--fault ${fault}${profile === 'reference-client.yaml' ? '' : ` [${profile}]`} → FAIL ${cases}`, async () => {
      const tags = [...new Set(effects.map((e) => `@${e.case}`))].join(' or ');
      // One worker: the e2e suite is CPU-bound, and a second worker process costs more CPU than its waits save.
      const r = await runHarness(['--dut', faultyProfile([fault], profile), '--workers', '1', '--tags', tags]);
      assert.equal(r.exitCode, 1, r.stderr);
      for (const e of effects) {
        const c = caseOf(r.run, e.case);
        assert.equal(c.verdict, 'FAIL', `${e.case}: ${c.verdict}: ${c.reason}`);
        assert.equal(c.diagnosis!.criterion, e.criterion, `${e.case}: ${c.reason}`);
        assert.match(`${c.diagnosis!.expected} ${c.diagnosis!.actual}`, e.diagnosis, e.case);
      }
    });
  }
});
