/**
 * The evidence of a run: every datagram, DTLS record and CoAP message, in order, with time.
 * Each layer adds its own entries; the report shows them per test case.
 */

export type TraceLayer = 'udp' | 'dtls' | 'coap' | 'harness' | 'dut' | 'erratum';
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

export class Trace {
  readonly entries: TraceEntry[] = [];
  private listeners: TraceListener[] = [];

  record(entry: Omit<TraceEntry, 't'> & { t?: number }): TraceEntry {
    const full: TraceEntry = { t: entry.t ?? Date.now(), ...entry } as TraceEntry;
    this.entries.push(full);
    for (const l of this.listeners) l(full);
    return full;
  }

  note(layer: TraceLayer, summary: string, detail?: unknown): TraceEntry {
    return this.record({ layer, direction: 'note', summary, detail });
  }

  /** A position to take a slice from later (e.g. at the start of a test case). */
  mark(): number {
    return this.entries.length;
  }

  since(mark: number): TraceEntry[] {
    return this.entries.slice(mark);
  }

  subscribe(listener: TraceListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}
