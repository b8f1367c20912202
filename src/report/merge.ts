/**
 * `report merge`: one run from the results of its shards (run --shard i/n on several CI
 * machines). Refuses, with a MergeError saying which files differ and how, shards of different
 * harness versions, DUT profiles (the SHA-256 of the profile file), timing modes, tag expressions
 * or shard counts, a shard given twice or missing, and a case reported twice.
 */
import type { CaseResult, RunResult } from '../conformance/results';

export class MergeError extends Error {
  override name = 'MergeError';
}

export interface ShardResults {
  /** Where it was read from, for messages. */
  file: string;
  run: RunResult;
}

function sameEverywhere(inputs: ShardResults[], what: string, value: (r: RunResult) => string | undefined): void {
  const first = value(inputs[0].run);
  const other = inputs.find((i) => value(i.run) !== first);
  if (other)
    throw new MergeError(
      `cannot merge results of different ${what}: ${inputs[0].file} has ${first ?? '(none)'}, ${other.file} has ${value(other.run) ?? '(none)'}`,
    );
}

/** The merged run; `order` sorts the cases as a single run would (catalogue order). */
export function mergeRuns(inputs: ShardResults[], order: (cases: CaseResult[]) => CaseResult[] = (c) => c): RunResult {
  if (inputs.length === 0) throw new MergeError('no results to merge');
  sameEverywhere(inputs, 'harness versions', (r) => `${r.tool.name} ${r.tool.version}${r.tool.revision ? ` (${r.tool.revision})` : ''}`);
  for (const i of inputs)
    if (!i.run.profile?.sha256)
      throw new MergeError(`${i.file} has no DUT profile fingerprint (profile.sha256): it was not written by run`);
  sameEverywhere(inputs, 'DUT profiles (profile.sha256)', (r) => r.profile?.sha256);
  sameEverywhere(inputs, 'timing modes', (r) => r.timing);
  sameEverywhere(inputs, 'tag expressions', (r) => r.tagExpression);
  sameEverywhere(inputs, 'shard counts', (r) => (r.shard ? `${r.shard.count} shards` : 'no shard'));

  const count = inputs[0].run.shard?.count ?? 1;
  const byIndex = new Map<number, string>();
  for (const i of inputs) {
    const index = i.run.shard?.index ?? 1;
    const seen = byIndex.get(index);
    if (seen) throw new MergeError(`shard ${index}/${count} is given twice: ${seen} and ${i.file}`);
    byIndex.set(index, i.file);
  }
  const missing = Array.from({ length: count }, (_x, k) => k + 1).filter((k) => !byIndex.has(k));
  if (missing.length)
    throw new MergeError(`shard ${missing.map((k) => `${k}/${count}`).join(', ')} missing: give the results of every shard`);

  const caseFrom = new Map<string, string>();
  for (const i of inputs)
    for (const c of i.run.cases) {
      const seen = caseFrom.get(c.id);
      if (seen) throw new MergeError(`${c.id} is in ${seen} and in ${i.file}: the shards overlap`);
      caseFrom.set(c.id, i.file);
    }

  const runs = inputs.map((i) => i.run);
  const first = runs[0];
  return {
    tool: first.tool,
    startedAt: runs.map((r) => r.startedAt).sort()[0],
    finishedAt: runs
      .map((r) => r.finishedAt)
      .sort()
      .at(-1)!,
    interrupted: runs.some((r) => r.interrupted),
    dut: first.dut,
    timers: first.timers,
    tagExpression: first.tagExpression,
    cases: order(runs.flatMap((r) => r.cases)),
    ...(first.ets ? { ets: first.ets } : {}),
    ...(first.timing ? { timing: first.timing } : {}),
    ...(first.profile ? { profile: first.profile } : {}),
  };
}
