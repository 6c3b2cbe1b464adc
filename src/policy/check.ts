import type { ConfigIssue } from '../config/issues.js';
import type { Permission } from './permissions.js';
import { policyMatches, type Policy } from './abac.js';
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

/**
 * Cross-key checks of users, roles and policies; runs every policy's examples. The tool
 * table (name → permission) is handed in, so policy knows no tool module.
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
