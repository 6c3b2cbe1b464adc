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

  private expire(now: number): void {
    while (this.stamps.length && this.stamps[0] <= now - this.windowMs) this.stamps.shift();
  }

  retryAfterMs(now = this.clock()): number {
    this.expire(now);
    if (this.stamps.length < this.limit) return 0;
    return Math.max(1, Math.ceil(this.stamps[0] + this.windowMs - now));
  }

  take(now = this.clock()): void {
    this.expire(now);
    this.stamps.push(now);
  }
}
