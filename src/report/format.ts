/** Plain-text formatting shared by the reports: durations, dates, hex dumps. */

/** "850 ms", "2.35 s", "3 min 07 s". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** "2026-11-27 14:05:03 UTC" from an ISO date, or the text unchanged when it is not a date. */
export function formatDate(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  return new Date(t)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

/**
 * A classic hex dump: offset, 16 bytes in hex, printable ASCII. Text that is not whole bytes of
 * hex comes back as is, so a malformed trace entry still shows what it holds.
 */
export function hexDump(hex: string): string {
  const clean = hex.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) return hex;
  const bytes = Buffer.from(clean, 'hex');
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, off + 16);
    const hexPart = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(4, '0')}  ${hexPart.padEnd(47)}  |${ascii}|`);
  }
  return lines.join('\n');
}

/** "Criterion B" for a pass-criterion letter; other labels ("precondition") read as they are. */
export function criterionLabel(criterion: string): string {
  return /^[A-Z][0-9]?(, [A-Z][0-9]?)*$/.test(criterion)
    ? `Criterion ${criterion}`
    : criterion.charAt(0).toUpperCase() + criterion.slice(1);
}

/** ISO text of an epoch-milliseconds time, or undefined when it is not a representable date. */
export function isoTime(ms: number): string | undefined {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** "+12 ms": a trace entry's offset from the case's first entry. */
export function formatOffset(ms: number): string {
  return Number.isFinite(ms) ? `+${Math.round(ms)} ms` : '?';
}
