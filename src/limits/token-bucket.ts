import type { Clock } from './clock.js';

/**
 * A token bucket with exact fractional refill: the fill level is recomputed from
 * the time since the last update, so no refill is lost to rounding between calls.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly clock: Clock,
  ) {
    this.tokens = capacity;
    this.updatedAt = clock();
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.refillPerSecond) / 1000);
    this.updatedAt = now;
  }

  /** 0 when a token is available now, else the exact wait until one is (Infinity if never). */
  retryAfterMs(now = this.clock()): number {
    this.refill(now);
    if (this.tokens >= 1) return 0;
    if (this.refillPerSecond === 0 || this.capacity < 1) return Infinity;
    return Math.ceil(((1 - this.tokens) * 1000) / this.refillPerSecond);
  }

  take(now = this.clock()): void {
    this.refill(now);
    this.tokens -= 1;
  }
}
