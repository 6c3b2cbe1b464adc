import type { Clock } from './clock.js';

/**
 * A token bucket with exact fractional refill. The level is computed from one
 * anchor (the last time the bucket was full, or its start) and the number of tokens
 * taken since, never by adding small refills one after another: repeated float
 * additions lose refill to rounding (0.0025 × 400 steps ≠ 1), and a refused retry
 * would then come a millisecond later than promised.
 */
export class TokenBucket {
  private anchorAt: number;
  private anchorLevel: number;
  private taken = 0;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly clock: Clock,
  ) {
    this.anchorAt = clock();
    this.anchorLevel = capacity;
  }

  // Uncapped level: the anchor's level plus refill since, minus what was taken.
  private raw(now: number): number {
    const elapsed = Math.max(0, now - this.anchorAt);
    return this.anchorLevel + (elapsed * this.refillPerSecond) / 1000 - this.taken;
  }

  private level(now: number): number {
    return Math.min(this.capacity, this.raw(now));
  }

  /** 0 when a token is available now, else the exact whole milliseconds until one is (Infinity if never). */
  retryAfterMs(now = this.clock()): number {
    if (this.level(now) >= 1) return 0;
    if (this.refillPerSecond === 0 || this.capacity < 1) return Infinity;
    // The closed form, then nudged so that it agrees with level() itself: the
    // smallest whole wait after which a token is there.
    let wait = Math.max(1, Math.ceil(((1 - this.level(now)) * 1000) / this.refillPerSecond));
    while (wait > 1 && this.level(now + wait - 1) >= 1) wait -= 1;
    while (this.level(now + wait) < 1) wait += 1;
    return wait;
  }

  take(now = this.clock()): void {
    if (this.raw(now) >= this.capacity) {
      // Full: re-anchor, so refill beyond capacity is never banked.
      this.anchorAt = Math.max(this.anchorAt, now);
      this.anchorLevel = this.capacity;
      this.taken = 0;
    }
    this.taken += 1;
  }
}
