/**
 * The ETS's own coverage model (ETS 1.0.1 Appendix D "Core Test Coverage"): eight functional
 * blocks with weights W (summing to 100), and a weight per test within its block. Appendix D
 * prints only some per-test weights (the Location tests, three bootstrap modes); the rest of a
 * block's weight is spread evenly over the block's other cases of the edition, placeholders and
 * delegated cases included (Appendix D lists them too, as not available). The Core Objects block
 * is split evenly between its objects (Server, Device, /4, /5, /6, /7). Cases of objects /10 and
 * above have no block in Appendix D and no weight.
 */
export interface CoverageBlock {
  name: string;
  /** The block's weight W, in percent of the whole. */
  weight: number;
}

export const COVERAGE_BLOCKS: readonly CoverageBlock[] = [
  { name: 'Bootstrap', weight: 10 },
  { name: 'Registration', weight: 15 },
  { name: 'Device Management & Service Enablement', weight: 25 },
  { name: 'Information Reporting', weight: 10 },
  { name: 'Security', weight: 15 },
  { name: 'Queue Mode', weight: 5 },
  { name: 'Core Objects', weight: 14 },
  { name: 'Multi-Server', weight: 6 },
];

/** Weights Appendix D gives for single tests (fractions of their block or object part). */
export const KNOWN_TEST_WEIGHTS: Record<number, number> = {
  0: 0.2, // client-initiated bootstrap
  5: 0.1, // server-initiated bootstrap
  3: 0.2, // bootstrap from smartcard
  801: 0.15,
  805: 0.05,
  810: 0.3,
  811: 0.35,
  820: 0.05,
  830: 0.05,
  835: 0.05,
};

const CORE_OBJECT_PARTS: readonly [number, number][] = [
  [550, 599],
  [650, 699],
  [700, 749],
  [750, 799],
  [800, 849],
  [900, 949],
];

/** The block of a case number and, for Core Objects, the part (object) it belongs to. */
export function blockOf(n: number): { block: string; part?: number } | undefined {
  if (n < 100) return { block: 'Bootstrap' };
  if (n === 108 || n === 109) return { block: 'Queue Mode' };
  if (n < 200) return { block: 'Registration' };
  if (n < 300) return { block: 'Device Management & Service Enablement' };
  if (n < 400) return { block: 'Information Reporting' };
  if (n < 500) return { block: 'Security' };
  const part = CORE_OBJECT_PARTS.findIndex(([lo, hi]) => n >= lo && n <= hi);
  if (part >= 0) return { block: 'Core Objects', part };
  if (n >= 950 && n < 1000) return { block: 'Multi-Server' };
  return undefined;
}

/**
 * Each case's weight in percent of the whole, for the cases of one edition. Weights of a block
 * sum to its W when the edition has cases for every known weight; a known weight whose case the
 * edition lacks (server-initiated bootstrap in 1.0.x) stays uncovered, as in Appendix D.
 */
export function coverageWeights(numbers: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  const groups = new Map<string, { share: number; members: number[] }>();
  for (const n of numbers) {
    const b = blockOf(n);
    if (!b) continue;
    const block = COVERAGE_BLOCKS.find((x) => x.name === b.block)!;
    const key = b.part === undefined ? b.block : `${b.block}/${b.part}`;
    const share = b.part === undefined ? block.weight : block.weight / CORE_OBJECT_PARTS.length;
    const g = groups.get(key) ?? { share, members: [] };
    g.members.push(n);
    groups.set(key, g);
  }
  for (const [key, g] of groups) {
    // Known weights of this group, whether or not the edition has those cases.
    const knownHere = Object.keys(KNOWN_TEST_WEIGHTS)
      .map(Number)
      .filter((k) => {
        const b = blockOf(k)!;
        return (b.part === undefined ? b.block : `${b.block}/${b.part}`) === key;
      });
    const knownSum = knownHere.reduce((s, k) => s + KNOWN_TEST_WEIGHTS[k], 0);
    const others = g.members.filter((n) => !(n in KNOWN_TEST_WEIGHTS));
    const each = others.length > 0 ? (1 - knownSum) / others.length : 0;
    for (const n of g.members) out.set(n, g.share * (n in KNOWN_TEST_WEIGHTS ? KNOWN_TEST_WEIGHTS[n] : each));
  }
  return out;
}
