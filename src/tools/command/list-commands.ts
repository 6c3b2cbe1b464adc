import { z } from 'zod';
import { noResource, READ_ONLY_LOCAL, type SessionContext, type ToolDefinition } from '../contract.js';
import type { CommandState } from './state.js';
import { COMMAND_TOOL_PERMISSIONS } from './permissions.js';

const Output = z.object({
  commands: z.array(z.object({
    name: z.string(),
    path: z.string(),
    dangerous: z.boolean(),
    subcommands: z.array(z.string()).optional(),
    allowArgs: z.array(z.string()).optional(),
    denyArgs: z.array(z.string()).optional(),
    builtInRules: z.boolean(),
  })),
  unavailable: z.array(z.object({ name: z.string(), reason: z.string() })),
  sandbox: z.object({ mode: z.enum(['required', 'auto', 'off']), active: z.boolean(), kind: z.string(), reason: z.string().optional() }),
});

/** list_commands: each program, its resolved path and rules, and whether the sandbox is active. */
export function listCommands(session: SessionContext, state: CommandState): ToolDefinition<Record<string, never>> {
  return {
    name: 'list_commands',
    description: 'Lists the programs run_command may start, their resolved paths and argument rules, and whether commands run in a sandbox.',
    permission: COMMAND_TOOL_PERMISSIONS.list_commands,
    inputSchema: z.strictObject({}),
    outputSchema: Output,
    annotations: READ_ONLY_LOCAL,
    guard: noResource,
    async execute() {
      const mode = session.config.commands.sandbox;
      const status = mode === 'off' ? undefined : await state.sandbox.status();
      const sandbox = {
        mode, active: status?.available ?? false, kind: status?.available ? status.kind : 'none',
        ...(status && !status.available ? { reason: status.reason } : {}),
      };
      const commands = [...state.guard.resolution.programs.values()].map((p) => ({
        name: p.name, path: p.path, dangerous: p.rule.dangerous,
        ...(p.rule.subcommands ? { subcommands: p.rule.subcommands } : {}),
        ...(p.rule.allowArgs ? { allowArgs: p.rule.allowArgs } : {}),
        ...(p.rule.denyArgs ? { denyArgs: p.rule.denyArgs } : {}),
        builtInRules: p.hazards.length > 0,
      }));
      const unavailable = state.guard.resolution.unresolved.map(({ name, reason }) => ({ name, reason }));
      const lines = commands.map((c) => `${c.name} → ${c.path}${c.dangerous ? ' (dangerous)' : ''}`);
      for (const u of unavailable) lines.push(`${u.name}: not available (${u.reason})`);
      lines.push(`sandbox: ${sandbox.active ? sandbox.kind : 'inactive'} (commands.sandbox = ${mode})${sandbox.reason ? `: ${sandbox.reason}` : ''}`);
      return { structured: { commands, unavailable, sandbox }, text: commands.length || unavailable.length ? lines.join('\n') : `No commands are allowed.\n${lines.at(-1)}` };
    },
  };
}
