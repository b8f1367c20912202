/**
 * The server-side replay window of RFC 8613 §7.4: a sliding window (as in RFC 4303 §3.4.3) over
 * the Partial IVs received from one Recipient ID. A number is accepted once, and only when it is
 * above the window or inside it and not seen yet.
 */
export const REPLAY_WINDOW_SIZE = 32;

export class ReplayWindow {
  /** The highest sequence number accepted, -1 before the first. */
  private highest = -1;
  /** Bit i set: highest - i was seen. */
  private seen = 0n;

  /** Why `seq` would be a replay, or undefined when it is fresh. Does not change the window. */
  check(seq: number): string | undefined {
    if (seq > this.highest) return undefined;
    const offset = this.highest - seq;
    if (offset >= REPLAY_WINDOW_SIZE) return `Partial IV ${seq} is below the replay window (highest received ${this.highest})`;
    if ((this.seen >> BigInt(offset)) & 1n) return `Partial IV ${seq} was received before`;
    return undefined;
  }

  /** Records `seq` as received; call after the message was verified (§7.4: never for a forged one). */
  accept(seq: number): void {
    if (seq > this.highest) {
      const shift = this.highest < 0 ? REPLAY_WINDOW_SIZE : seq - this.highest;
      this.seen = shift >= REPLAY_WINDOW_SIZE ? 1n : ((this.seen << BigInt(shift)) | 1n) & ((1n << BigInt(REPLAY_WINDOW_SIZE)) - 1n);
      this.highest = seq;
    } else {
      this.seen |= 1n << BigInt(this.highest - seq);
    }
  }
}
