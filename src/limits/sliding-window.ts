import type { Clock } from './clock.js';

/**
 * A sliding-window log: it keeps the timestamp of every admitted call in the window,
 * so it is exact (error bound zero) at a memory cost of `limit` numbers per key.
 * The approximate two-counter variant was not chosen: it can admit up to 2× the
 * limit across a window boundary, which a security limit should not do.
 */
export class SlidingWindow {
  private readonly stamps: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  // A call stamped at `stamp` has left the window at `now`. The one predicate both
  // expiry and retryAfterMs use, so a retry after exactly retryAfterMs is admitted
  // even when float rounding disagrees with the closed form (1000.123 + 282 - 282).
  private expired(stamp: number, now: number): boolean {
    return stamp <= now - this.windowMs;
  }

  private expire(now: number): void {
    while (this.stamps.length && this.expired(this.stamps[0], now)) this.stamps.shift();
  }

  /** 0 when a call fits now, else the exact whole milliseconds until one does. */
  retryAfterMs(now = this.clock()): number {
    this.expire(now);
    if (this.stamps.length < this.limit) return 0;
    const blocking = this.stamps[this.stamps.length - this.limit];
    let wait = Math.max(1, Math.ceil(blocking + this.windowMs - now));
    while (wait > 1 && this.expired(blocking, now + wait - 1)) wait -= 1;
    while (!this.expired(blocking, now + wait)) wait += 1;
    return wait;
  }

  take(now = this.clock()): void {
    this.expire(now);
    this.stamps.push(now);
  }
}
