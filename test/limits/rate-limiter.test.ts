import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter, type RateLimitsConfig } from '../../src/limits/rate-limiter.js';

function limiterAt(config: RateLimitsConfig) {
  const clock = { t: 0 };
  return { clock, limiter: new RateLimiter(config, () => clock.t) };
}

const roomy = { capacity: 1000, refillPerSecond: 1000 };

test('a burst of 50 calls against capacity 7 admits exactly 7', () => {
  const { limiter } = limiterAt({ default: { capacity: 7, refillPerSecond: 1 }, tools: {}, total: roomy });
  const verdicts = Array.from({ length: 50 }, () => limiter.admit('me', 'read_file'));
  assert.equal(verdicts.filter((v) => v === undefined).length, 7);
  assert.deepEqual(verdicts[7], { limit: 'tool', key: 'read_file', rule: 'rateLimits.default', retryAfterMs: 1000 });
});

test('rateLimits.tools overrides the default for that tool only', () => {
  const { limiter } = limiterAt({
    default: { capacity: 5, refillPerSecond: 1 },
    tools: { write_file: { limit: 1, windowMs: 60_000 } },
    total: roomy,
  });
  assert.equal(limiter.admit('me', 'write_file'), undefined);
  assert.deepEqual(limiter.admit('me', 'write_file'), { limit: 'tool', key: 'write_file', rule: 'rateLimits.tools.write_file', retryAfterMs: 60_000 });
  for (let i = 0; i < 5; i += 1) assert.equal(limiter.admit('me', 'read_file'), undefined);
  assert.equal(limiter.admit('me', 'read_file')?.limit, 'tool');
});

test('budgets are per (principal, tool): another tool or principal is untouched', () => {
  const { limiter } = limiterAt({ default: { capacity: 1, refillPerSecond: 1 }, tools: {}, total: roomy });
  assert.equal(limiter.admit('me', 'read_file'), undefined);
  assert.notEqual(limiter.admit('me', 'read_file'), undefined);
  assert.equal(limiter.admit('me', 'write_file'), undefined);
  assert.equal(limiter.admit('you', 'read_file'), undefined);
});

test('the total limit counts every tool of one principal', () => {
  const { limiter } = limiterAt({ default: roomy, tools: {}, total: { limit: 3, windowMs: 1000 } });
  for (const tool of ['read_file', 'write_file', 'sql_query']) assert.equal(limiter.admit('me', tool), undefined);
  assert.deepEqual(limiter.admit('me', 'run_command'), { limit: 'total', key: '*', rule: 'rateLimits.total', retryAfterMs: 1000 });
  assert.equal(limiter.admit('you', 'run_command'), undefined, 'the total is per principal');
});

test('a refusal by the total does not spend the per-tool budget', () => {
  const { clock, limiter } = limiterAt({
    default: { capacity: 2, refillPerSecond: 0 },
    tools: {},
    total: { limit: 1, windowMs: 1000 },
  });
  assert.equal(limiter.admit('me', 'read_file'), undefined);
  for (let i = 0; i < 10; i += 1) assert.equal(limiter.admit('me', 'read_file')?.limit, 'total');
  clock.t = 1000;
  assert.equal(limiter.admit('me', 'read_file'), undefined, 'the second per-tool token was still there');
  clock.t = 5000;
  assert.deepEqual(limiter.admit('me', 'read_file'), { limit: 'tool', key: 'read_file', rule: 'rateLimits.default', retryAfterMs: Infinity });
});

test('a refusal by the tool limit does not spend the total budget', () => {
  const { clock, limiter } = limiterAt({
    default: { limit: 1, windowMs: 1000 },
    tools: {},
    total: { limit: 2, windowMs: 10_000 },
  });
  assert.equal(limiter.admit('me', 'read_file'), undefined);
  for (let i = 0; i < 10; i += 1) assert.equal(limiter.admit('me', 'read_file')?.limit, 'tool');
  clock.t = 1000;
  assert.equal(limiter.admit('me', 'read_file'), undefined, 'the total still had its second call');
});

test('when both limits refuse, retryAfterMs is the longer wait, so the retry is admitted', () => {
  const { clock, limiter } = limiterAt({
    default: { capacity: 1, refillPerSecond: 10 },
    tools: {},
    total: { limit: 1, windowMs: 5000 },
  });
  assert.equal(limiter.admit('me', 'read_file'), undefined);
  const refused = limiter.admit('me', 'read_file');
  assert.deepEqual(refused, { limit: 'total', key: '*', rule: 'rateLimits.total', retryAfterMs: 5000 });
  clock.t = 4999;
  assert.notEqual(limiter.admit('me', 'read_file'), undefined);
  clock.t = 5000;
  assert.equal(limiter.admit('me', 'read_file'), undefined);
});

test('a tool named like an Object.prototype key uses the default, not a prototype value', () => {
  const { limiter } = limiterAt({ default: { capacity: 1, refillPerSecond: 0 }, tools: {}, total: roomy });
  assert.equal(limiter.admit('me', 'constructor'), undefined);
  assert.equal(limiter.admit('me', 'constructor')?.limit, 'tool');
});
