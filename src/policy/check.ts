import { withInput, type ConfigIssue } from '../config/issues.js';
import { entriesAt } from '../config/entries.js';
import { policyMatches, type Policy } from './abac.js';
import { ATTRIBUTE_NAMES, isKnownAttribute } from './attributes.js';
import { isPermissionPattern, type Permission } from './permissions.js';
import { compileGlob } from './operators.js';
import { roleTable, type RbacConfig } from './rbac.js';

interface PolicySection extends RbacConfig {
  principal: string;
  policies: Array<Policy & { examples?: { match: unknown[]; notMatch: unknown[] } }>;
}

function checkValue(op: string, value: unknown): string | undefined {
  if (op === 'in') return Array.isArray(value) ? undefined : `"in" needs a list value, got ${JSON.stringify(value)}`;
  if (['gt', 'gte', 'lt', 'lte'].includes(op)) return typeof value === 'number' ? undefined : `"${op}" needs a number, got ${JSON.stringify(value)}`;
  if (op === 'contains' || op === 'eq' || op === 'ne') return value === undefined ? `"${op}" needs a value` : undefined;
  if (typeof value !== 'string') return `"${op}" needs a string, got ${JSON.stringify(value)}`;
  if (op === 'glob') {
    try { compileGlob(value); } catch (e) { return `bad glob ${JSON.stringify(value)}: ${(e as Error).message}`; }
  }
  return undefined;
}

const PERMISSION = 'expected a permission "resource:action" (resource file|database|command|*, action read|write|execute|*) or "*"';
const ATTRIBUTE = `expected one of ${ATTRIBUTE_NAMES.join(', ')} or args.NAME`;

/**
 * Entries that are wrong on their own: permission patterns (users, roles) and condition
 * attributes. Reads the raw config, so these are reported next to any problem of its shape.
 */
export function checkPolicyEntries(raw: unknown): ConfigIssue[] {
  const bad = (steps: string[], ok: (value: string) => boolean, message: string) =>
    entriesAt(raw, steps).filter((e) => !ok(e.value)).map((e) => ({ path: e.path, message: withInput(message, e.value) }));
  return [
    ...bad(['users', '*', 'permissions', '[]'], isPermissionPattern, PERMISSION),
    ...bad(['roles', '*', '[]'], isPermissionPattern, PERMISSION),
    ...bad(['policies', '[]', 'when', '[]', 'attribute'], isKnownAttribute, ATTRIBUTE),
  ];
}

/**
 * Cross-key checks of users, roles and policies (on the parsed config); runs every policy's
 * examples. The tool table (name → permission) is handed in, so policy knows no tool module.
 */
export function checkPolicies(config: PolicySection, toolPermissions: ReadonlyMap<string, Permission>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const roles = roleTable(config);
  for (const [name, user] of Object.entries(config.users)) {
    user.roles.forEach((role, i) => {
      if (!Object.hasOwn(roles, role)) {
        issues.push({ path: `users.${name}.roles[${i}]`, message: `unknown role "${role}"; known roles: ${Object.keys(roles).join(', ')}` });
      }
    });
  }
  const seen = new Set<string>();
  config.policies.forEach((policy, i) => {
    const at = `policies[${i}]`;
    if (seen.has(policy.id)) issues.push({ path: `${at}.id`, message: `duplicate policy id "${policy.id}"` });
    seen.add(policy.id);
    policy.tools?.forEach((tool, j) => {
      if (!toolPermissions.has(tool)) issues.push({ path: `${at}.tools[${j}]`, message: `unknown tool "${tool}"` });
    });
    policy.when.forEach((c, j) => {
      const problem = checkValue(c.operator, c.value);
      if (problem) issues.push({ path: `${at}.when[${j}].value`, message: problem });
    });
    issues.push(...checkExamples(policy, at));
  });
  return issues;
}

function checkExamples(policy: PolicySection['policies'][number], at: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const run = (list: unknown[], expected: boolean, key: string) => list.forEach((example, k) => {
    if (policyMatches(policy, example as Record<string, unknown>) !== expected) {
      issues.push({
        path: `${at}.examples.${key}[${k}]`,
        message: `policy "${policy.id}" ${expected ? 'does not match' : 'matches'} this example, but it is listed under ${key}`,
      });
    }
  });
  run(policy.examples?.match ?? [], true, 'match');
  run(policy.examples?.notMatch ?? [], false, 'notMatch');
  return issues;
}
