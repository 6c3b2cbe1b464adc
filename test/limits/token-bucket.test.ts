import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TokenBucket } from '../../src/limits/token-bucket.js';

function manualClock(start = 0) {
  const c = { t: start, now: () => c.t };
  return c;
}

/** Takes while a token is there; returns how many were taken. */
function drain(bucket: TokenBucket, now: number): number {
  let n = 0;
  while (bucket.retryAfterMs(now) === 0) { bucket.take(now); n += 1; }
  return n;
}

test('a full bucket admits exactly its capacity at one instant', () => {
  const clock = manualClock();
  const bucket = new TokenBucket(5, 1, clock.now);
  assert.equal(drain(bucket, 0), 5);
  assert.equal(bucket.retryAfterMs(0), 1000);
});

test('0.3 tokens/s observed every millisecond for 10 s refills exactly 3 tokens, not a hair less', () => {
  const clock = manualClock();
  const bucket = new TokenBucket(3, 0.3, clock.now);
  assert.equal(drain(bucket, 0), 3);
  for (let i = 0; i < 10_000; i += 1) { clock.t += 1; bucket.retryAfterMs(); }
  assert.equal(drain(bucket, clock.t), 3);
  assert.equal(bucket.retryAfterMs(clock.t), 3334);
});

test('2.5 tokens/s observed in 1 ms steps has its token at exactly 400 ms (small refills must not be summed)', () => {
  const clock = manualClock();
  const bucket = new TokenBucket(1, 2.5, clock.now);
  bucket.take(0);
  clock.t = 7;
  for (let i = 0; i < 7; i += 1) bucket.retryAfterMs(i + 1);
  assert.equal(bucket.retryAfterMs(7), 393);
  assert.equal(bucket.retryAfterMs(399), 1);
  assert.equal(bucket.retryAfterMs(400), 0);
});

test('retryAfterMs is the exact wait: refused one millisecond before, admitted at it', () => {
  const bucket = new TokenBucket(1, 0.3, () => 0);
  bucket.take(0);
  assert.equal(bucket.retryAfterMs(0), 3334); // 1 / 0.3 s = 3333.33 ms, rounded up
  assert.equal(bucket.retryAfterMs(3333), 1);
  assert.equal(bucket.retryAfterMs(3334), 0);
});

test('refill never banks more than capacity, however long the bucket sits idle', () => {
  const bucket = new TokenBucket(2, 10, () => 0);
  bucket.take(0);
  assert.equal(drain(bucket, 1_000_000), 2);
});

test('a bucket with no refill says Infinity once empty, never 0', () => {
  const bucket = new TokenBucket(1, 0, () => 0);
  bucket.take(0);
  assert.equal(bucket.retryAfterMs(10 ** 9), Infinity);
});

test('a clock that steps backwards does not mint tokens', () => {
  const clock = manualClock(1000);
  const bucket = new TokenBucket(1, 1, clock.now);
  bucket.take(1000);
  bucket.retryAfterMs(500);
  assert.equal(bucket.retryAfterMs(1000), 1000);
});

test('property: after any history, a wait of retryAfterMs admits and one millisecond less does not', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 10 }),
    fc.constantFrom(0.1, 0.3, 0.7, 1, 1.5, 2.5, 3, 7, 10, 33.3),
    fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 40 }),
    fc.integer({ min: 1, max: 20 }),
    (capacity, rate, gaps, observeEvery) => {
      const clock = manualClock();
      const bucket = new TokenBucket(capacity, rate, clock.now);
      for (const gap of gaps) {
        for (let k = 0; k < gap; k += observeEvery) { clock.t += Math.min(observeEvery, gap - k); bucket.retryAfterMs(); }
        const wait = bucket.retryAfterMs();
        if (wait > 0) {
          if (wait > 1) assert.notEqual(bucket.retryAfterMs(clock.t + wait - 1), 0, `admitted before retryAfterMs=${wait}`);
          clock.t += wait;
          assert.equal(bucket.retryAfterMs(), 0, `refused after retryAfterMs=${wait}`);
        }
        bucket.take();
      }
    }), { numRuns: 500 });
});

test('property: over any span, admitted calls never exceed capacity + rate × time', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 10 }),
    fc.constantFrom(0.3, 1, 2.5, 10),
    fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 80 }),
    (capacity, rate, gaps) => {
      const clock = manualClock();
      const bucket = new TokenBucket(capacity, rate, clock.now);
      let admitted = 0;
      for (const gap of gaps) {
        clock.t += gap;
        if (bucket.retryAfterMs() === 0) { bucket.take(); admitted += 1; }
      }
      assert.ok(admitted <= capacity + Math.floor((clock.t * rate) / 1000) + 1e-9);
    }), { numRuns: 500 });
});
