/**
 * A fingerprint of the DUT profile as the harness read it, so that `report merge` can refuse
 * shards that judged different DUTs or the same DUT with different settings. It is taken from the
 * parsed profile (keys sorted), so comments, layout and the file's location do not change it.
 */
import { createHash } from 'node:crypto';
import type { DutProfile } from '../conformance/dut-profile';

function canonical(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { hex: v.toString('hex') };
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

export function profileHash(profile: DutProfile): string {
  const { file: _file, dir: _dir, ...settings } = profile;
  return `sha256:${createHash('sha256')
    .update(JSON.stringify(canonical(settings)))
    .digest('hex')}`;
}
