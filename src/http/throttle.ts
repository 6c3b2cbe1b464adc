import { TokenBucket } from '../limits/token-bucket.js';
import { monotonicClock, type Clock } from '../limits/clock.js';

/** A token bucket: `capacity` tokens, refilled at `refillPerSecond`. */
export interface BucketLimit { capacity: number; refillPerSecond: number }

// Entries past this are dropped oldest first: an address space as large as IPv6 must
// not grow the table without bound.
const MAX_ENTRIES = 10_000;

/**
 * Refused requests before authentication, per client address. Once an address has
 * spent its budget it is answered 429 without being looked at, so guessing keys or
 * tokens (and the audit rows each guess writes) is throttled.
 */
export class FailureThrottle {
  private readonly buckets = new Map<string, { bucket: TokenBucket; last: number }>();

  constructor(private readonly limit: BucketLimit, private readonly clock: Clock = monotonicClock) {}

  /** 0 when the address may be served, else the milliseconds until it may again. */
  retryAfterMs(ip: string): number {
    return this.buckets.get(ip)?.bucket.retryAfterMs(this.clock()) ?? 0;
  }

  /** Spends one unit of the address's budget for a refused request. */
  charge(ip: string): void {
    const now = this.clock();
    let entry = this.buckets.get(ip);
    if (entry) this.buckets.delete(ip);
    else entry = { bucket: new TokenBucket(this.limit.capacity, this.limit.refillPerSecond, this.clock), last: now };
    if (entry.bucket.retryAfterMs(now) === 0) entry.bucket.take(now);
    entry.last = now;
    this.buckets.set(ip, entry);
    this.sweep(now);
  }

  private sweep(now: number): void {
    // A bucket untouched long enough to be full again is the same as no bucket.
    const refillMs = this.limit.refillPerSecond > 0 ? (this.limit.capacity / this.limit.refillPerSecond) * 1000 : Infinity;
    for (const [ip, entry] of this.buckets) {
      if (this.buckets.size <= MAX_ENTRIES && now - entry.last < refillMs) break;
      this.buckets.delete(ip);
    }
  }
}
