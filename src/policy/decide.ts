import type { PolicyRequest } from './attributes.js';
import { firstMatch, orderPolicies, type Policy } from './abac.js';
import { rbacGrant, type RbacConfig } from './rbac.js';

export type Effect = 'allow' | 'deny' | 'ask';

/** The authorization verdict with the one sentence that explains it (ARCHITECTURE.md §1). */
export interface Decision {
  effect: Effect;
  permission: string;
  /** A deny because no role grants the permission. */
  implicit?: boolean;
  policyId?: string;
  message?: string;
  reason: string;
}

export interface PolicyConfig extends RbacConfig {
  policies: Policy[];
}

const ordered = new WeakMap<readonly Policy[], Policy[]>();

function orderedPolicies(policies: Policy[]): Policy[] {
  let list = ordered.get(policies);
  if (!list) {
    list = orderPolicies(policies);
    ordered.set(policies, list);
  }
  return list;
}

function decideOne(config: PolicyConfig, request: PolicyRequest, permission: string): Decision {
  const grant = rbacGrant(config, request.principal.id, permission);
  if (!grant.allowed) {
    return {
      effect: 'deny', permission, implicit: true,
      reason: `Denied: principal "${request.principal.id}" has no role or permission that grants ${permission}, which ${request.tool} needs.`,
    };
  }
  const policy = firstMatch(orderedPolicies(config.policies), request);
  if (!policy) {
    return { effect: 'allow', permission, reason: `Allowed: ${permission} is granted by ${grant.grantedBy}; no policy narrows it.` };
  }
  const said = policy.message ? `: ${policy.message}` : '.';
  const reason = policy.effect === 'deny' ? `Denied by policy "${policy.id}"${said}`
    : policy.effect === 'ask' ? `Approval required by policy "${policy.id}"${said}`
    : `Allowed: ${permission} is granted by ${grant.grantedBy}; policy "${policy.id}" allows it.`;
  return { effect: policy.effect, permission, policyId: policy.id, message: policy.message, reason };
}

const SEVERITY: Record<Effect, number> = { deny: 2, ask: 1, allow: 0 };

/**
 * RBAC is the ceiling, ABAC narrows it. A call that touches several paths is judged
 * once per path and the strictest verdict wins, so a second path can't slip past a policy.
 */
export function decide(config: PolicyConfig, request: PolicyRequest, permission: string, paths?: readonly string[]): Decision {
  // One path is judged as that path too: the request's own path may be another one.
  if (!paths || paths.length === 0) return decideOne(config, request, permission);
  let worst: Decision | undefined;
  for (const path of paths) {
    const d = decideOne(config, { ...request, resource: { ...request.resource, path } }, permission);
    if (!worst || SEVERITY[d.effect] > SEVERITY[worst.effect]) worst = d;
  }
  return worst!;
}
