/**
 * What a run prints while it goes: one line per finished case (as CI logs want), and on a
 * terminal also a live status line below them: the cases running, done of total, the verdict
 * counts so far and an estimate of the time left.
 */
import type { CaseResult, Verdict } from '../conformance/results';
import { VERDICTS } from '../conformance/results';

const VERDICT_WIDTH = 7;
const REFRESH_MS = 1000;

export interface ProgressOptions {
  /** Applicable cases to run (N/A ones are printed but not counted). */
  total: number;
  write: (text: string) => void;
  /** Draw the live line (stdout is a terminal). */
  live: boolean;
  columns?: number;
  now?: () => number;
}

export function caseLine(r: CaseResult): string {
  const head = `${r.verdict.padEnd(VERDICT_WIDTH)}${r.id} ${r.title}`;
  if (r.verdict === 'N/A') return `${head}\n${' '.repeat(VERDICT_WIDTH)}${r.reason}`;
  const why = r.reason && r.verdict !== 'PASS' ? `\n${' '.repeat(VERDICT_WIDTH)}${r.reason}` : '';
  return `${head} (${(r.durationMs / 1000).toFixed(1)} s)${why}`;
}

export class Progress {
  private readonly running = new Map<string, string>(); // started id -> case id
  private readonly counts = new Map<Verdict, number>();
  private done = 0;
  private readonly startedAt: number;
  private timer?: NodeJS.Timeout;
  private drawn = false;
  private readonly now: () => number;

  constructor(private readonly opts: ProgressOptions) {
    this.now = opts.now ?? Date.now;
    this.startedAt = this.now();
    if (opts.live) {
      this.timer = setInterval(() => this.draw(), REFRESH_MS);
      this.timer.unref();
    }
  }

  /** A line that is not about a case in progress (N/A cases, notices). */
  print(text: string): void {
    this.clear();
    this.opts.write(text + '\n');
    this.draw();
  }

  started(startedId: string, caseId: string): void {
    this.running.set(startedId, caseId);
    this.draw();
  }

  finished(startedId: string, r: CaseResult): void {
    this.running.delete(startedId);
    this.done++;
    this.counts.set(r.verdict, (this.counts.get(r.verdict) ?? 0) + 1);
    this.print(caseLine(r));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.clear();
  }

  /** The live line's text (without control characters). */
  statusLine(): string {
    const counts = VERDICTS.filter((v) => this.counts.get(v)).map((v) => `${v} ${this.counts.get(v)}`);
    const elapsed = this.now() - this.startedAt;
    const left = this.done > 0 ? Math.round(((elapsed / this.done) * (this.opts.total - this.done)) / 1000) : undefined;
    const running = [...this.running.values()].map((id) => id.replace(/^LightweightM2M-[\d.]+-/, ''));
    const parts = [
      `[${this.done}/${this.opts.total}]`,
      counts.join(' ') || 'no verdict yet',
      running.length ? `running ${running.join(', ')}` : '',
      left !== undefined ? `about ${left} s left` : '',
    ].filter(Boolean);
    const line = parts.join(' · ');
    const width = (this.opts.columns || 100) - 1; // a pty of unknown size says 0
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
  }

  private draw(): void {
    if (!this.opts.live || this.done >= this.opts.total) return;
    this.opts.write(`\r\x1b[2K${this.statusLine()}`);
    this.drawn = true;
  }

  private clear(): void {
    if (!this.drawn) return;
    this.opts.write('\r\x1b[2K');
    this.drawn = false;
  }
}
