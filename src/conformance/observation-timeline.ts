/**
 * The evidence of one observation as a person reads it: every notification on a time axis
 * against the pmin/pmax window, with the measured intervals as numbers. The client-DUT session
 * records one ObservationTimeline per observation in the trace, as a harness note whose
 * `detail` is `{ timeline: ObservationTimeline }` (TIMELINE_NOTE names the summary prefix); the
 * report finds them with timelinesOf and draws each with renderTimelineSvg, pure functions (no
 * DOM, no dependencies, nothing fetched: the picture is inline markup).
 */

/** The shape of the trace note's `detail.timeline` (times in ms after the Observe response). */
export interface ObservationTimeline {
  /** What was observed: "/3/0/7", or "composite /1/0/1, /3/0/16". */
  label: string;
  pminMs?: number;
  pmaxMs?: number;
  toleranceMs: number;
  /** The response first (at 0), then each notification. */
  points: { atMs: number; observe?: number; type: string; value?: string }[];
  /** Gaps between consecutive points, ms (points.length - 1 numbers). */
  intervalsMs: number[];
  /** How long the observation was watched (ms after the response). */
  watchedMs: number;
  /** When the Test Server cancelled it (ms after the response), and how. */
  cancel?: { atMs: number; how: string };
  /** Points (by index) a FAIL named, drawn in red. */
  faulty?: number[];
}

export const TIMELINE_NOTE = 'observation timeline';

const W = 640;
const H = 120;
const LEFT = 40;
const RIGHT = 20;
const AXIS_Y = 70;

/**
 * An SVG picture: the time axis, a shaded band from pmin to pmax after every notification (where
 * the next one is due), a mark per notification with its Observe number, the interval between
 * marks written above, and the cancellation as a dashed line.
 */
export function renderTimelineSvg(t: ObservationTimeline): string {
  const span = Math.max(t.watchedMs, t.points.at(-1)?.atMs ?? 0, 1);
  const x = (ms: number) => LEFT + (Math.max(0, ms) / span) * (W - LEFT - RIGHT);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="observation-timeline" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">`,
  );
  parts.push(`<title>${escapeXml(`${t.label}: ${t.points.length - 1} notification(s) in ${span} ms`)}</title>`);
  parts.push(`<text x="4" y="14" font-size="12" font-family="sans-serif">${escapeXml(t.label)}${windowText(t)}</text>`);
  // The window in which the next notification is due, after each point.
  if (t.pmaxMs !== undefined) {
    for (const p of t.points) {
      const a = x(p.atMs + (t.pminMs ?? 0));
      const b = x(Math.min(span, p.atMs + t.pmaxMs));
      if (b > a) parts.push(`<rect x="${n(a)}" y="${AXIS_Y - 12}" width="${n(b - a)}" height="24" fill="#2a7" fill-opacity="0.15"/>`);
    }
  }
  parts.push(`<line x1="${LEFT}" y1="${AXIS_Y}" x2="${W - RIGHT}" y2="${AXIS_Y}" stroke="#333"/>`);
  parts.push(`<text x="${LEFT}" y="${AXIS_Y + 28}" font-size="10" font-family="sans-serif">0 s</text>`);
  parts.push(
    `<text x="${W - RIGHT}" y="${AXIS_Y + 28}" font-size="10" font-family="sans-serif" text-anchor="end">${(span / 1000).toFixed(1)} s</text>`,
  );
  t.points.forEach((p, i) => {
    const px = n(x(p.atMs));
    const colour = t.faulty?.includes(i) ? '#c00' : p.type === 'CON' ? '#036' : '#39c';
    const label = `${i === 0 ? 'response' : 'notification'} at ${p.atMs} ms, Observe ${p.observe ?? 'none'}, ${p.type}${p.value ? `, ${p.value}` : ''}`;
    parts.push(
      `<circle cx="${px}" cy="${AXIS_Y}" r="4" fill="${colour}"><title>${escapeXml(label)}</title></circle>`,
      `<text x="${px}" y="${AXIS_Y + 16}" font-size="9" font-family="sans-serif" text-anchor="middle">${p.observe ?? '-'}</text>`,
    );
    if (i > 0) {
      const mid = n((x(t.points[i - 1].atMs) + x(p.atMs)) / 2);
      parts.push(
        `<text x="${mid}" y="${AXIS_Y - 16}" font-size="9" font-family="sans-serif" text-anchor="middle">${t.intervalsMs[i - 1]}</text>`,
      );
    }
  });
  if (t.cancel) {
    const cx = n(x(t.cancel.atMs));
    parts.push(
      `<line x1="${cx}" y1="${AXIS_Y - 30}" x2="${cx}" y2="${AXIS_Y + 10}" stroke="#c60" stroke-dasharray="3,2"/>`,
      `<text x="${cx}" y="${AXIS_Y - 32}" font-size="9" font-family="sans-serif" text-anchor="middle">${escapeXml(t.cancel.how)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * The timelines in a case's trace, the last one recorded per observation (a later judgement saw
 * more), in the order the observations first appear. A results file is input like any other:
 * a note whose timeline is not of the expected shape is left out, never drawn.
 */
export function timelinesOf(
  trace: readonly { layer: string; direction: string; summary: string; detail?: unknown }[],
): ObservationTimeline[] {
  const byLabel = new Map<string, ObservationTimeline>();
  for (const e of trace) {
    if (e.layer !== 'harness' || e.direction !== 'note' || !e.summary.startsWith(TIMELINE_NOTE)) continue;
    const t = asTimeline((e.detail as { timeline?: unknown } | undefined)?.timeline);
    if (t) byLabel.set(t.label, t);
  }
  return [...byLabel.values()];
}

/** The measured figures in words, for a caption beside the picture. */
export function describeTimeline(t: ObservationTimeline): string {
  return `${t.label}${windowText(t)}; ${t.points.length - 1} notification(s) in ${t.watchedMs} ms watched${t.cancel ? `; cancelled by ${t.cancel.how} at ${t.cancel.atMs} ms` : ''}`;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optional = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || ok(v);

function asTimeline(v: unknown): ObservationTimeline | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const t = v as Record<string, unknown>;
  const pointOk = (p: unknown) => {
    if (typeof p !== 'object' || p === null) return false;
    const q = p as Record<string, unknown>;
    return isNum(q.atMs) && optional(q.observe, isNum) && typeof q.type === 'string' && optional(q.value, (x) => typeof x === 'string');
  };
  const cancelOk = (c: unknown) =>
    typeof c === 'object' &&
    c !== null &&
    isNum((c as Record<string, unknown>).atMs) &&
    typeof (c as Record<string, unknown>).how === 'string';
  const ok =
    typeof t.label === 'string' &&
    optional(t.pminMs, isNum) &&
    optional(t.pmaxMs, isNum) &&
    isNum(t.toleranceMs) &&
    isNum(t.watchedMs) &&
    Array.isArray(t.points) &&
    t.points.length > 0 &&
    t.points.every(pointOk) &&
    Array.isArray(t.intervalsMs) &&
    t.intervalsMs.every(isNum) &&
    optional(t.cancel, cancelOk) &&
    optional(t.faulty, (f) => Array.isArray(f) && f.every((i) => Number.isInteger(i)));
  return ok ? (t as unknown as ObservationTimeline) : undefined;
}

function windowText(t: ObservationTimeline): string {
  const w = [t.pminMs !== undefined && `pmin ${t.pminMs / 1000} s`, t.pmaxMs !== undefined && `pmax ${t.pmaxMs / 1000} s`].filter(Boolean);
  const gaps = t.intervalsMs.length ? `; intervals ${t.intervalsMs.join(', ')} ms` : '';
  return ` (${w.length ? w.join(', ') : 'no pmin/pmax'}, tolerance ${t.toleranceMs} ms${gaps})`;
}

const n = (v: number) => v.toFixed(1);

/** Text for SVG content: markup characters as entities, characters XML forbids dropped. */
function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
