/**
 * The evidence of a run: every datagram, DTLS record and CoAP message, in order, with time.
 * Each layer adds its own entries; the report shows them per test case.
 *
 * The trace is bounded, so that no DUT (a busy-looping log, a flood of datagrams) can make the
 * report unusable: entries fall into buckets (the DUT's output; datagrams, one bucket per layer;
 * everything else), and each bucket keeps its first entries and its most recent ones. What falls
 * in between is not stored but counted: one summary entry, where the first dropped entry was,
 * says how many, how many bytes, and from when to when. A bucket may also keep entries marked
 * `keep` (e.g. DUT output lines matching the operator's pattern), up to its own cap.
 */

export type TraceLayer = 'udp' | 'dtls' | 'tcp' | 'coap' | 'harness' | 'dut' | 'erratum';
export type TraceDirection = 'in' | 'out' | 'note';

export interface TraceEntry {
  /** Milliseconds since the Unix epoch. */
  t: number;
  layer: TraceLayer;
  direction: TraceDirection;
  /** Local endpoint, e.g. "127.0.0.1:5683". */
  local?: string;
  /** Remote endpoint, e.g. "127.0.0.1:40211". */
  peer?: string;
  /** The raw bytes, hex, byte-exact as on the wire (datagrams and records). */
  hex?: string;
  /** One line a person reads first, e.g. "CON POST /rd?ep=foo MID=12 T=0a1b". */
  summary: string;
  /** A decoded view (CoAP options, payload text), shown on demand. */
  detail?: unknown;
  /** Set when the entry records something malformed or refused. */
  problem?: string;
}

export type TraceListener = (entry: TraceEntry) => void;

/** How much of one bucket is stored. */
export interface BucketLimit {
  /** Entries kept from the start of the case. */
  first: number;
  /** ...as long as they hold fewer bytes than this (hex bytes, or text). */
  firstBytes: number;
  /** The most recent entries kept at the end. */
  last: number;
  /** Entries recorded with `keep` kept besides, up to this many. */
  matched: number;
}

export type TraceBucket = 'output' | 'datagrams' | 'notes';

export interface TraceLimits {
  /** Lines the DUT printed (stdout and stderr together). */
  output: BucketLimit;
  /** Datagrams and records (entries with bytes), per layer. */
  datagrams: BucketLimit;
  /** Everything else: the harness's notes, DTLS and CoAP notes without bytes. */
  notes: BucketLimit;
  /** Bytes of one datagram kept byte-exact in the trace; the rest is cut (and said). */
  maxHexBytes: number;
}

/** Defaults (docs/dut-profile.md states them): a case's stored trace stays well under a few MB. */
export const DEFAULT_TRACE_LIMITS: Readonly<TraceLimits> = {
  output: { first: 100, firstBytes: 64 * 1024, last: 100, matched: 500 },
  datagrams: { first: 300, firstBytes: 512 * 1024, last: 50, matched: 0 },
  notes: { first: 1000, firstBytes: 256 * 1024, last: 100, matched: 0 },
  maxHexBytes: 4096,
};

export interface RecordOptions {
  /** Which bucket (default: datagrams when the entry has bytes, else notes). */
  bucket?: TraceBucket;
  /** Keep this entry even past the bucket's first entries (up to the bucket's `matched`). */
  keep?: boolean;
}

/** What a bucket did not store, for the summary entry and for a diagnosis. */
export interface DroppedSummary {
  bucket: string;
  count: number;
  bytes: number;
  firstAt: number;
  lastAt: number;
  in: number;
  out: number;
}

interface Slot {
  seq: number;
  entry: TraceEntry;
  dropped: boolean;
}

interface BucketState {
  name: string;
  limit: BucketLimit;
  keptFirst: number;
  keptBytes: number;
  matched: number;
  /** Set once an entry went past the first ones: later entries cannot join them. */
  firstFull: boolean;
  tail: Slot[];
  dropped?: DroppedSummary & { slot: Slot };
}

export class Trace {
  private readonly slots: Slot[] = [];
  private readonly buckets = new Map<string, BucketState>();
  private listeners: TraceListener[] = [];
  private recorded = 0;
  private pendingDrops = 0;
  readonly limits: TraceLimits;

  constructor(limits: Partial<TraceLimits> = {}) {
    this.limits = { ...DEFAULT_TRACE_LIMITS, ...limits };
  }

  /** The stored entries, in order; what a bucket did not store appears as one summary entry each. */
  get entries(): TraceEntry[] {
    this.compact();
    for (const b of this.buckets.values()) if (b.dropped) b.dropped.slot.entry = summaryEntry(b, b.dropped);
    return this.slots.map((s) => s.entry);
  }

  /** Sets the limit of a bucket for the rest of the case (e.g. the DUT output caps of the profile). */
  setLimit(bucket: TraceBucket, limit: Partial<BucketLimit>): void {
    this.limits[bucket] = { ...this.limits[bucket], ...limit };
    for (const b of this.buckets.values()) if (b.name.split(':')[0] === bucket) b.limit = this.limits[bucket];
  }

  record(entry: Omit<TraceEntry, 't'> & { t?: number }, opts: RecordOptions = {}): TraceEntry {
    const full: TraceEntry = { t: entry.t ?? Date.now(), ...entry } as TraceEntry;
    const max = this.limits.maxHexBytes;
    if (full.hex !== undefined && full.hex.length > 2 * max) {
      full.summary += ` (first ${max} of ${full.hex.length / 2} B kept)`;
      full.hex = full.hex.slice(0, 2 * max);
    }
    const slot: Slot = { seq: this.recorded++, entry: full, dropped: false };
    this.slots.push(slot);
    const bucket = opts.bucket ?? (entry.hex !== undefined ? 'datagrams' : 'notes');
    this.place(this.bucketOf(bucket === 'datagrams' ? `datagrams:${full.layer}` : bucket, bucket), slot, sizeOf(entry), opts.keep);
    for (const l of this.listeners) l(full); // after storing: a listener may read `entries`
    return full;
  }

  note(layer: TraceLayer, summary: string, detail?: unknown): TraceEntry {
    return this.record({ layer, direction: 'note', summary, detail });
  }

  /** A position to take a slice from later (e.g. at the start of a test case). */
  mark(): number {
    return this.recorded;
  }

  /** The stored entries recorded since a mark (without the summaries of what was not stored). */
  since(mark: number): TraceEntry[] {
    return this.slots.filter((s) => s.seq >= mark && !s.dropped && !this.isSummary(s)).map((s) => s.entry);
  }

  /** What each bucket did not store so far (empty when everything was kept). */
  dropped(): DroppedSummary[] {
    const out: DroppedSummary[] = [];
    for (const b of this.buckets.values()) {
      if (!b.dropped) continue;
      const { slot: _slot, ...d } = b.dropped;
      out.push(d);
    }
    return out;
  }

  subscribe(listener: TraceListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  private bucketOf(name: string, kind: TraceBucket): BucketState {
    let b = this.buckets.get(name);
    if (!b) {
      b = { name, limit: this.limits[kind], keptFirst: 0, keptBytes: 0, matched: 0, firstFull: false, tail: [] };
      this.buckets.set(name, b);
    }
    return b;
  }

  private place(b: BucketState, slot: Slot, bytes: number, keep: boolean | undefined): void {
    if (!b.firstFull && b.keptFirst < b.limit.first && b.keptBytes + bytes <= b.limit.firstBytes) {
      b.keptFirst++;
      b.keptBytes += bytes;
      return;
    }
    b.firstFull = true;
    if (keep && b.matched < b.limit.matched) {
      b.matched++;
      return;
    }
    b.tail.push(slot);
    if (b.tail.length > b.limit.last) this.drop(b, b.tail.shift()!);
  }

  /** A slot leaves the trace: the first one of a bucket becomes its summary, the others are counted in it. */
  private drop(b: BucketState, slot: Slot): void {
    const e = slot.entry;
    const bytes = sizeOf(e);
    if (!b.dropped) {
      b.dropped = { bucket: b.name, count: 0, bytes: 0, firstAt: e.t, lastAt: e.t, in: 0, out: 0, slot };
    } else {
      slot.dropped = true;
      this.pendingDrops++;
    }
    const d = b.dropped;
    d.count++;
    d.bytes += bytes;
    d.lastAt = e.t;
    if (e.direction === 'in') d.in++;
    if (e.direction === 'out') d.out++;
    if (d.slot === slot) slot.entry = summaryEntry(b, d);
    if (this.pendingDrops > 1024 && this.pendingDrops * 2 > this.slots.length) this.compact();
  }

  private isSummary(s: Slot): boolean {
    for (const b of this.buckets.values()) if (b.dropped?.slot === s) return true;
    return false;
  }

  private compact(): void {
    if (this.pendingDrops === 0) return;
    let w = 0;
    for (const s of this.slots) if (!s.dropped) this.slots[w++] = s;
    this.slots.length = w;
    this.pendingDrops = 0;
  }
}

/** Bytes an entry stands for: its wire bytes, or its text. */
function sizeOf(e: Pick<TraceEntry, 'hex' | 'summary' | 'detail'>): number {
  if (e.hex !== undefined) return e.hex.length / 2;
  const line = (e.detail as { line?: unknown } | undefined)?.line;
  return typeof line === 'string' ? line.length : e.summary.length;
}

function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 23);
}

function amount(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`;
}

function summaryEntry(b: BucketState, d: DroppedSummary): TraceEntry {
  const [kind, layer] = b.name.split(':') as [TraceBucket, TraceLayer | undefined];
  const span = `${clock(d.firstAt)} to ${clock(d.lastAt)}`;
  const kept = `kept: the first ${b.keptFirst}${b.matched ? `, ${b.matched} matching the profile's launch.output.keep` : ''} and the last ${b.limit.last}`;
  const what =
    kind === 'output'
      ? `${d.count} lines of DUT output (${amount(d.bytes)}, ${span}) not stored; ${kept}`
      : kind === 'datagrams'
        ? `flood: ${d.count} ${layer} datagrams (${d.in} in, ${d.out} out; ${amount(d.bytes)}; ${span}) not stored; ${kept}`
        : `${d.count} more trace notes (${span}) not stored; ${kept}`;
  return {
    t: d.firstAt,
    layer: kind === 'output' ? 'dut' : (layer ?? 'harness'),
    direction: 'note',
    summary: what,
    detail: { notStored: { bucket: d.bucket, count: d.count, bytes: d.bytes, firstAt: d.firstAt, lastAt: d.lastAt, in: d.in, out: d.out } },
  };
}
