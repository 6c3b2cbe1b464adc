import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SlidingWindow } from '../../src/limits/sliding-window.js';

test('a burst admits exactly the limit; the window is (now - windowMs, now]', () => {
  const w = new SlidingWindow(3, 1000, () => 0);
  let admitted = 0;
  for (let i = 0; i < 10; i += 1) if (w.retryAfterMs(0) === 0) { w.take(0); admitted += 1; }
  assert.equal(admitted, 3);
  assert.equal(w.retryAfterMs(0), 1000);
  assert.equal(w.retryAfterMs(999), 1, 'a call at exactly windowMs - 1 after is still inside the window');
  assert.equal(w.retryAfterMs(1000), 0, 'a call exactly windowMs later has left the window');
});

test('no 2× burst across a window boundary (the log variant, not two counters)', () => {
  const w = new SlidingWindow(4, 1000, () => 0);
  for (let i = 0; i < 4; i += 1) w.take(999); // the end of one fixed window
  assert.equal(w.retryAfterMs(1000), 999, 'the next fixed window must not admit another 4');
  assert.equal(w.retryAfterMs(1998), 1);
  assert.equal(w.retryAfterMs(1999), 0);
});

test('the wait is set by the oldest admitted call, not the newest', () => {
  const w = new SlidingWindow(2, 100, () => 0);
  w.take(0);
  w.take(60);
  assert.equal(w.retryAfterMs(70), 30);
  w.take(100);
  assert.equal(w.retryAfterMs(100), 60);
});

test('a fractional clock: retrying after retryAfterMs is admitted despite float rounding (1000.123 + 282 - 282)', () => {
  const w = new SlidingWindow(1, 282, () => 0);
  w.take(1000.123);
  const wait = w.retryAfterMs(1000.123);
  assert.equal(wait, 282);
  assert.equal(w.retryAfterMs(1000.123 + wait), 0);
});

test('property: never more than limit calls in any window, and retryAfterMs is exact', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: 2000 }),
    fc.array(fc.double({ min: 0, max: 700, noNaN: true }), { minLength: 1, maxLength: 50 }),
    (limit, windowMs, gaps) => {
      let t = 1000.123;
      const w = new SlidingWindow(limit, windowMs, () => t);
      const admitted: number[] = [];
      for (const gap of gaps) {
        t += gap;
        const wait = w.retryAfterMs();
        if (wait > 0) {
          if (wait > 1) assert.notEqual(w.retryAfterMs(t + wait - 1), 0, `admitted before retryAfterMs=${wait}`);
          t += wait;
          assert.equal(w.retryAfterMs(), 0, `refused after retryAfterMs=${wait}`);
        }
        w.take();
        admitted.push(t);
        assert.ok(admitted.filter((a) => a > t - windowMs).length <= limit);
      }
    }), { numRuns: 500 });
});
