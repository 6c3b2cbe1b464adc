import type { RateLimitConfig } from '../config/schema/index.js';
import { monotonicClock, type Clock } from './clock.js';
import { SlidingWindow } from './sliding-window.js';
import { TokenBucket } from './token-bucket.js';

type Limiter = TokenBucket | SlidingWindow;

export interface RateLimitsConfig {
  default: RateLimitConfig;
  tools: Record<string, RateLimitConfig>;
  total: RateLimitConfig;
}

/** A refusal: which limit and how long until a call would be admitted. */
export interface RateVerdict {
  limit: 'tool' | 'total';
  key: string;
  /** The config key of the limit that refused: `rateLimits.tools.X`, `rateLimits.default` or `rateLimits.total`. */
  rule: string;
  retryAfterMs: number;
}

function build(limit: RateLimitConfig, clock: Clock): Limiter {
  return 'capacity' in limit
    ? new TokenBucket(limit.capacity, limit.refillPerSecond, clock)
    : new SlidingWindow(limit.limit, limit.windowMs, clock);
}

/**
 * One limiter per (principal, tool) and one per principal across all tools. A call is
 * admitted only when both have room, and only then takes from both, so a refusal by
 * one never spends the other's budget.
 */
export class RateLimiter {
  private readonly limiters = new Map<string, Limiter>();

  constructor(private readonly config: RateLimitsConfig, private readonly clock: Clock = monotonicClock) {}

  private limiter(key: string, limit: RateLimitConfig): Limiter {
    let l = this.limiters.get(key);
    if (!l) {
      l = build(limit, this.clock);
      this.limiters.set(key, l);
    }
    return l;
  }

  /** Admits the call (returns undefined) or says which limit refused it. */
  admit(principal: string, tool: string): RateVerdict | undefined {
    const now = this.clock();
    const own = Object.hasOwn(this.config.tools, tool);
    const toolLimit = own ? this.config.tools[tool] : this.config.default;
    const toolKey = `${principal}\u0000${tool}`;
    const perTool = this.limiter(toolKey, toolLimit);
    const total = this.limiter(`${principal}\u0000*`, this.config.total);
    const waitTool = perTool.retryAfterMs(now);
    const waitTotal = total.retryAfterMs(now);
    // Both must have room, so the wait is the longer one: a retry after the shorter
    // would only be refused again by the other limit.
    if (waitTool > 0 && waitTool >= waitTotal) return { limit: 'tool', key: tool, rule: own ? `rateLimits.tools.${tool}` : 'rateLimits.default', retryAfterMs: waitTool };
    if (waitTotal > 0) return { limit: 'total', key: '*', rule: 'rateLimits.total', retryAfterMs: waitTotal };
    perTool.take(now);
    total.take(now);
    return undefined;
  }
}
