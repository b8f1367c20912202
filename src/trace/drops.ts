/**
 * What the harness dropped without handing it on: DTLS records it could not accept, CoAP
 * datagrams no exchange was waiting for. A case whose DUT "sent nothing" often sent something
 * that was dropped; the summary says so in the diagnosis.
 */

export interface DroppedItem {
  /** Milliseconds since the Unix epoch. */
  at: number;
  /** "DTLS record", "CoAP datagram", ... */
  what: string;
  /** Who sent it, e.g. "127.0.0.1:40211". */
  peer?: string;
  reason: string;
  bytes: number;
}

/** Keeps the first drops (with their reasons) and counts all of them; memory stays bounded under a flood. */
export class DropLog {
  static readonly KEPT = 1000;
  private readonly kept: DroppedItem[] = [];
  private total = 0;
  private last?: DroppedItem;

  add(item: Omit<DroppedItem, 'at'> & { at?: number }): void {
    const full = { at: item.at ?? Date.now(), ...item } as DroppedItem;
    this.total++;
    this.last = full;
    if (this.kept.length < DropLog.KEPT) this.kept.push(full);
  }

  /** How many were dropped (also past the kept ones). */
  get count(): number {
    return this.total;
  }

  /** The kept drops at or after `since` (ms since the epoch), oldest first. */
  since(since = 0): DroppedItem[] {
    return this.kept.filter((d) => d.at >= since);
  }

  /** Summary of the drops at or after `since`, for a diagnosis ("" when nothing was dropped). */
  summary(since = 0): string {
    const items = this.since(since);
    const beyond = this.last && this.last.at >= since && this.total > this.kept.length ? this.total - this.kept.length : 0;
    return summarizeDrops(items, beyond, this.last);
  }
}

function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 23);
}

/**
 * "3 DTLS records dropped by the harness, the first at 10:00:01.123 from 127.0.0.1:5000:
 * <reason>" (and the last one's reason when it differs); "" for none. `more` counts drops not
 * listed in `items` (past a DropLog's kept ones), `last` is the latest of those.
 */
export function summarizeDrops(items: readonly DroppedItem[], more = 0, last?: DroppedItem): string {
  if (items.length === 0) return '';
  const n = items.length + more;
  const kinds = [...new Set(items.map((d) => d.what))];
  const noun = kinds.length === 1 ? `${kinds[0]}${n === 1 ? '' : 's'}` : n === 1 ? 'item' : 'datagrams or records';
  const first = items[0];
  const latest = more > 0 && last ? last : items[items.length - 1];
  const from = first.peer ? ` from ${first.peer}` : '';
  let text = `${n} ${noun} dropped by the harness, the first at ${clock(first.at)}${from}: ${first.reason}`;
  if (n > 1 && latest.reason !== first.reason) text += `; the last at ${clock(latest.at)}: ${latest.reason}`;
  return text;
}
