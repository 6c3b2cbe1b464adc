import { z } from 'zod';

/**
 * A config object that rejects unknown keys (a typo must never silently weaken
 * security) but lets `$comment` and `$schema` stand anywhere, so a config can explain itself.
 */
export function section<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject({ $comment: z.string().optional(), $schema: z.string().optional(), ...shape });
}

export const positiveInt = z.int().positive();
export const nonNegativeInt = z.int().nonnegative();

/** A token bucket: `capacity` tokens, refilled continuously at `refillPerSecond`. */
export const TokenBucketLimit = section({
  capacity: z.number().positive(),
  refillPerSecond: z.number().nonnegative(),
});

/** A sliding window: at most `limit` calls in any `windowMs`. */
export const SlidingWindowLimit = section({
  limit: positiveInt,
  windowMs: positiveInt,
});

export const RateLimit = z.union([TokenBucketLimit, SlidingWindowLimit]);
export type RateLimitConfig = z.output<typeof RateLimit>;

/** A record (name → entry) that, like every object in the config, may carry a `$comment` or `$schema`. */
export function record<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V) {
  return z.preprocess((input) => {
    if (!input || typeof input !== 'object' || Array.isArray(input) || !('$comment' in input || '$schema' in input)) return input;
    const { $comment: _comment, $schema: _schema, ...rest } = input as Record<string, unknown>;
    return rest;
  }, z.record(key, value));
}
