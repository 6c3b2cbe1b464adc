import { z } from 'zod';
import { section, positiveInt, record } from './common.js';
import { OPERATORS } from '../vocabulary.js';

// Permission patterns and attribute names are checked at start-up by the policy domain
// (`checkPolicyEntries`); the schema only says they are strings.
const Permission = z.string();

export const User = section({
  roles: z.array(z.string()).default([]),
  permissions: z.array(Permission).default([]),
});

const Condition = section({
  attribute: z.string(),
  operator: z.enum(OPERATORS),
  value: z.unknown(),
});

/** A sample request a policy must (match) or must not (notMatch) apply to. */
const Example = z.record(z.string(), z.unknown());

export const Policy = section({
  id: z.string().min(1),
  description: z.string().optional(),
  effect: z.enum(['deny', 'ask', 'allow']),
  priority: z.int().default(0),
  /** Tool names this policy is about; absent means every tool. */
  tools: z.array(z.string()).optional(),
  when: z.array(Condition).default([]),
  message: z.string().optional(),
  examples: section({
    match: z.array(Example).default([]),
    notMatch: z.array(Example).default([]),
  }).optional(),
});

export const Roles = record(z.string(), z.array(Permission));
export const Users = record(z.string(), User);
export const Policies = z.array(Policy);
export { positiveInt };
