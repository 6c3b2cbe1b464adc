import { z } from 'zod';
import { section, positiveInt, record } from './common.js';
import { isKnownAttribute, ATTRIBUTE_NAMES } from '../../policy/attributes.js';
import { OPERATORS } from '../../policy/operators.js';
import { isPermissionPattern } from '../../policy/permissions.js';

const Permission = z.string().refine(isPermissionPattern, {
  message: 'expected a permission "resource:action" (resource file|database|command|*, action read|write|execute|*) or "*"',
});

export const User = section({
  roles: z.array(z.string()).default([]),
  permissions: z.array(Permission).default([]),
});

const Condition = section({
  attribute: z.string().refine(isKnownAttribute, {
    message: `expected one of ${ATTRIBUTE_NAMES.join(', ')} or args.NAME`,
  }),
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
