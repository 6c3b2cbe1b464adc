import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditStore } from '../audit/store.js';
import { TokenBucket } from '../limits/token-bucket.js';
import { monotonicClock } from '../limits/clock.js';
import type { FailureThrottle } from './throttle.js';
import type { Metrics, RefusalStep } from './metrics.js';

/** A request refused before (or instead of) reaching an MCP session. */
export interface Refusal {
  step: RefusalStep;
  reason: string;
  ip: string;
  /** The tools/call tool name when the body was read and is one; else `http`. */
  tool?: string;
  /** The authentication method the credential claimed, when known. */
  method?: string;
  /** `anonymous` unless the request did authenticate (a session owned by someone else). */
  principal?: string;
  /** The Mcp-Session-Id the request named, when it has the shape of one of ours. */
  session?: string;
}

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records refused requests: a metric always, an audit row (kind decision, deny) while
 * the client address still has refusal budget. Past it, rows are sampled from one
 * small shared budget, so a flood from many addresses cannot fill the disk with rows.
 */
export function refusalRecorder(deps: { audit: () => Promise<AuditStore>; throttle: FailureThrottle; metrics: Metrics; logger: Logger }) {
  const sample = new TokenBucket(10, 1, monotonicClock);
  return async (refusal: Refusal): Promise<void> => {
    deps.metrics.refused(refusal.step, refusal.method);
    const hadBudget = deps.throttle.retryAfterMs(refusal.ip) === 0;
    if (refusal.step !== 'throttle') deps.throttle.charge(refusal.ip);
    if (!hadBudget) {
      if (sample.retryAfterMs() > 0) return;
      sample.take();
    }
    const detail: Record<string, unknown> = { step: refusal.step, ip: refusal.ip };
    if (refusal.method) detail.method = refusal.method;
    try {
      (await deps.audit()).append({
        session: refusal.session && SESSION_ID.test(refusal.session) ? refusal.session : '',
        call: randomUUID(),
        principal: refusal.principal ?? 'anonymous',
        tool: refusal.tool ?? 'http',
        kind: 'decision',
        decision: 'deny',
        reason: refusal.reason,
        detail,
      });
    } catch (error) {
      deps.metrics.auditWriteFailed();
      deps.logger.error({ err: error, step: refusal.step }, 'could not record a refused request in the audit log');
    }
  };
}
