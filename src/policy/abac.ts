import { readAttribute, type PolicyRequest } from './attributes.js';
import { applyOperator, type Operator } from './operators.js';

export interface Condition { attribute: string; operator: Operator; value?: unknown }
export interface Policy {
  id: string;
  effect: 'deny' | 'ask' | 'allow';
  priority: number;
  tools?: string[];
  when: Condition[];
  message?: string;
}

type Verdict = true | false | 'error';

function evaluate(condition: Condition, request: unknown): Verdict {
  const actual = readAttribute(request, condition.attribute);
  if (actual === undefined) return false;
  try {
    return applyOperator(condition.operator, actual, condition.value);
  } catch {
    return 'error';
  }
}

/**
 * Whether a policy applies. A condition that cannot be evaluated counts as a match
 * for deny/ask and as no match for allow (fail secure, ARCHITECTURE.md §14).
 */
export function policyMatches(policy: Policy, request: Partial<PolicyRequest> | Record<string, unknown>): boolean {
  if (policy.tools && !policy.tools.includes(String((request as { tool?: unknown }).tool))) return false;
  return policy.when.every((condition) => {
    const verdict = evaluate(condition, request);
    return verdict === 'error' ? policy.effect !== 'allow' : verdict;
  });
}

const EFFECT_RANK = { deny: 0, ask: 1, allow: 2 } as const;

/**
 * Evaluation order: priority (higher first), then deny > ask > allow, then id, so
 * the order of policies in the file never changes a decision.
 */
export function orderPolicies<P extends Policy>(policies: readonly P[]): P[] {
  return [...policies].sort((a, b) =>
    b.priority - a.priority
    || EFFECT_RANK[a.effect] - EFFECT_RANK[b.effect]
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The first policy in evaluation order that applies, if any. */
export function firstMatch<P extends Policy>(ordered: readonly P[], request: PolicyRequest): P | undefined {
  return ordered.find((policy) => policyMatches(policy, request));
}
