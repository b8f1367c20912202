/**
 * An append-only log of events that steps wait on with deadlines.
 * Waiting from a cursor means an event that arrived before the wait began is not missed.
 */

export class DeadlineError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    // "no a Register within…" reads badly: an article at the start of `what` is dropped here.
    super(`no ${what.replace(/^(a|an|the) /, '')} within ${timeoutMs} ms`);
    this.name = 'DeadlineError';
  }
}

interface Waiter<T> {
  after: number;
  match: (e: T) => boolean;
  resolve: (e: T) => void;
}

export class EventLog<T> {
  private readonly items: T[] = [];
  private waiters: Waiter<T>[] = [];
  private listeners: ((e: T) => void)[] = [];

  /** Calls `listener` with every later event (for output as events happen, not for judging). */
  onPush(listener: (e: T) => void): void {
    this.listeners.push(listener);
  }

  push(item: T): void {
    this.items.push(item);
    for (const l of this.listeners) l(item);
    const index = this.items.length - 1;
    for (const w of [...this.waiters]) {
      if (index >= w.after && w.match(item)) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(item);
      }
    }
  }

  /** The position after the last event: wait from here to see only later events. */
  cursor(): number {
    return this.items.length;
  }

  all(): readonly T[] {
    return this.items;
  }

  since(cursor: number): T[] {
    return this.items.slice(cursor);
  }

  find(match: (e: T) => boolean, after = 0): T | undefined {
    return this.items.slice(after).find(match);
  }

  /** Resolves with the first event at or after `after` that matches; rejects with DeadlineError. */
  waitFor(match: (e: T) => boolean, opts: { after?: number; timeoutMs: number; what: string }): Promise<T> {
    const after = opts.after ?? this.items.length;
    const found = this.find(match, after);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        after,
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== waiter);
        reject(new DeadlineError(opts.what, opts.timeoutMs));
      }, opts.timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves true when nothing matching arrives before the deadline (for "must not send" checks). */
  async absentFor(match: (e: T) => boolean, opts: { after?: number; timeoutMs: number }): Promise<boolean> {
    try {
      await this.waitFor(match, { ...opts, what: 'event' });
      return false;
    } catch (e) {
      if (e instanceof DeadlineError) return true;
      throw e;
    }
  }
}
