/**
 * `run --shard i/n`: a deterministic share of the cases, so that n CI machines together run each
 * case exactly once. Cases are dealt round-robin in catalogue order (neighbours, often alike in
 * duration, go to different shards); applicable and N/A cases are dealt separately, so that every
 * shard's report holds its share of both and `report merge` gets each case once.
 */
import { UsageError } from './usage';

export interface Shard {
  /** 1-based, as written on the command line. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard: expected i/n with 1 <= i <= n (e.g. 2/3), got "${text}"`);
  return { index, count };
}

/** The items of shard `s` out of a list in catalogue order. */
export function shareOf<T>(items: readonly T[], s: Shard | undefined): T[] {
  return s ? items.filter((_x, i) => i % s.count === s.index - 1) : [...items];
}
