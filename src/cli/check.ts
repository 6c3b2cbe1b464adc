import { TOOL_PERMISSIONS } from '../tools/names.js';
import { rbacGrant } from '../policy/rbac.js';
import { orderPolicies } from '../policy/abac.js';
import type { Config } from '../config/types.js';
import { parse, configOption, out } from './args.js';
import { configOrExit } from './config.js';

/** One row per tool: what RBAC allows and which policies can narrow it. */
export function principalTable(config: Config, principal: string): string[] {
  const policies = orderPolicies(config.policies);
  return Object.entries(TOOL_PERMISSIONS).map(([tool, permission]) => {
    const grant = rbacGrant(config, principal, permission);
    if (!grant.allowed) return `  ${tool.padEnd(26)} denied   (no role grants ${permission})`;
    const touching = policies.filter((p) => !p.tools || p.tools.includes(tool));
    const state = touching.some((p) => p.effect === 'ask') ? 'ask' : touching.some((p) => p.effect === 'deny') ? 'narrowed' : 'allowed';
    const notes = touching.map((p) => `${p.effect} "${p.id}"${p.when.length ? ' when …' : ''}`).join(', ');
    return `  ${tool.padEnd(26)} ${state.padEnd(8)} ${grant.grantedBy}${notes ? `; policies: ${notes}` : ''}`;
  });
}

export async function checkCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...configOption });
  const config = configOrExit(values.config);
  const examples = config.policies.reduce((n, p) => n + (p.examples?.match.length ?? 0) + (p.examples?.notMatch.length ?? 0), 0);
  out(`Config ${config.configPath} is valid; ${config.policies.length} policies, ${examples} policy examples pass.`);
  out(`Audit log: ${config.auditPath}`);
  out(`Roots: ${config.filesystem.roots.map((r) => `${r.path} (${r.access})`).join(', ') || 'none'}`);
  const principals = new Set([config.principal, ...Object.keys(config.users)]);
  for (const principal of principals) {
    out(`\nPrincipal "${principal}"${principal === config.principal ? ' (this session)' : ''}:`);
    out(principalTable(config, principal).join('\n'));
  }
  return 0;
}
