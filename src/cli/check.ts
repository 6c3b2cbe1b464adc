import { TOOL_PERMISSIONS } from '../tools/names.js';
import { rbacGrant, rolesOf } from '../policy/rbac.js';
import { orderPolicies, policyMatches, type Condition, type Policy } from '../policy/abac.js';
import type { Config } from '../config/types.js';
import { parse, configOption, out } from './args.js';
import { configOrExit } from './config.js';
import { forPeople, quotedForPeople } from '../text/for-people.js';
import { jsonLine } from '../text/json-for-people.js';

// The config is the operator's text, but an agent with a write tool may have written it:
// ids, names, paths and values are shown through the one renderer like stored values.
const q = (v: string) => quotedForPeople(v, 200);

/** Attributes known without a request: who calls which tool. Conditions on these are decided per row. */
const STATIC = new Set(['principal.id', 'principal.roles', 'tool', 'action']);

export type Access = 'allowed' | 'ask' | 'denied';

/** One row of the table: a tool, its access when no conditional policy applies, and the policies that touch it. */
export interface ToolRow {
  tool: string;
  access: Access;
  /** `deny "id" when resource.path glob "**\/docs/**"`, in evaluation order, up to the one that always decides. */
  policies: string[];
  /** Why RBAC refuses it, for a denied row without a policy. */
  reason?: string;
}

const EFFECT_ACCESS = { allow: 'allowed', ask: 'ask', deny: 'denied' } as const;

const describeCondition = (c: Condition) => `${forPeople(c.attribute, 200)} ${forPeople(c.operator, 40)} ${jsonLine(c.value)}`;

/** The rows for one principal; policies are judged on what is known per tool (principal, tool, action). */
export function principalRows(config: Config, principal: string): ToolRow[] {
  const policies = orderPolicies(config.policies as Policy[]);
  const roles = rolesOf(config, principal);
  return Object.entries(TOOL_PERMISSIONS).map(([tool, permission]) => {
    const grant = rbacGrant(config, principal, permission);
    if (!grant.allowed) return { tool, access: 'denied' as const, policies: [], reason: `no role or permission grants ${permission}` };
    const request = { principal: { id: principal, roles }, tool, action: permission.split(':')[1] };
    const shown: string[] = [];
    let access: Access = 'allowed';
    for (const policy of policies) {
      const known = policy.when.filter((c) => STATIC.has(c.attribute));
      if (!policyMatches({ ...policy, when: known }, request)) continue;
      const rest = policy.when.filter((c) => !STATIC.has(c.attribute));
      shown.push(`${policy.effect} ${q(policy.id)}${rest.length ? ` when ${rest.map(describeCondition).join(' and ')}` : ''}`);
      if (rest.length === 0) {
        // The first policy that always applies decides; those after it are never reached for this tool.
        access = EFFECT_ACCESS[policy.effect];
        break;
      }
    }
    return { tool, access, policies: shown };
  });
}

/** The table as printed, one line per tool. */
export function principalTable(config: Config, principal: string): string[] {
  const rows = principalRows(config, principal);
  const header = `  ${'TOOL'.padEnd(26)} ${'ACCESS'.padEnd(8)} POLICIES (in the order they are checked)`;
  return [header, ...rows.map((r) => `  ${r.tool.padEnd(26)} ${r.access.padEnd(8)} ${r.policies.join('; ') || r.reason || '-'}`)];
}

/** Runs every policy's examples again and says per policy how many passed (a failing one already stopped the load). */
export function exampleLines(config: Config): string[] {
  return config.policies.map((p) => {
    const match = p.examples?.match ?? [];
    const notMatch = p.examples?.notMatch ?? [];
    if (match.length + notMatch.length === 0) return `  ${q(p.id)}: no examples (add "examples": {"match": [...], "notMatch": [...]} to test it where it is written)`;
    const failed = [
      ...match.filter((e) => !policyMatches(p as Policy, e)).map(() => 'a match example does not match'),
      ...notMatch.filter((e) => policyMatches(p as Policy, e)).map(() => 'a notMatch example matches'),
    ];
    const counts = `${match.length} match, ${notMatch.length} notMatch`;
    return failed.length ? `  ${q(p.id)}: FAILED (${failed.join(', ')}) of ${counts}` : `  ${q(p.id)}: ${counts} examples pass`;
  });
}

export async function checkCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...configOption });
  const config = configOrExit(values.config);
  const examples = exampleLines(config);
  const count = config.policies.reduce((n, p) => n + (p.examples?.match.length ?? 0) + (p.examples?.notMatch.length ?? 0), 0);
  out(`Config ${forPeople(config.configPath)} is valid; ${config.policies.length} policies, ${count} policy examples pass.`);
  out(`Audit log: ${forPeople(config.auditPath)}`);
  out(`Roots: ${config.filesystem.roots.map((r) => `${forPeople(r.path)} (${r.access})`).join(', ') || 'none'}`);
  if (examples.length) out(`\nPolicy examples:\n${examples.join('\n')}`);
  const principals = new Set([config.principal, ...Object.keys(config.users)]);
  for (const principal of principals) {
    const roles = rolesOf(config, principal);
    out(`\nPrincipal ${q(principal)}${principal === config.principal ? ' (this session)' : ''}, roles: ${roles.map((r) => forPeople(r, 200)).join(', ') || 'none'}:`);
    out(principalTable(config, principal).join('\n'));
  }
  out('\n`mcp-warden doctor` checks the environment: roots, audit log, databases, programs, sandbox, client entries.');
  return examples.some((l) => l.includes('FAILED')) ? 1 : 0;
}
