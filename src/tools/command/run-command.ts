import { z } from 'zod';
import type { SessionContext, ToolDefinition } from '../contract.js';
import type { CommandPlan, CommandRequest } from '../../guards/command.js';
import type { CommandState } from './state.js';
import { spawnCapped, type RunResult } from './spawn.js';
import { COMMAND_TOOL_PERMISSIONS } from './permissions.js';

const Input = z.strictObject({
  command: z.string().min(1).describe('A program name from list_commands (not a path).'),
  args: z.array(z.string()).optional().describe('Arguments, one per element; there is no shell, so no quoting, globs or pipes.'),
  cwd: z.string().optional().describe('Working directory inside an allowed directory (default: commands.cwd or the first root).'),
  stdin: z.string().optional().describe('Text written to the program\'s stdin (refused for programs marked dangerous).'),
  timeoutMs: z.int().positive().optional().describe('Lower than the configured commands.timeoutMs; it cannot raise it.'),
});

const Output = z.object({
  // Described so zod keeps `anyOf` rather than a `type` array (see src/tools/sql/shapes.ts).
  exitCode: z.number().describe('the exit code; null when a signal ended the program').nullable(),
  signal: z.string().describe('the signal that ended the program, else null').nullable(),
  stdout: z.string(),
  stderr: z.string(),
  timedOut: z.boolean(),
  truncated: z.boolean(),
  durationMs: z.number(),
});

type Plan = CommandPlan & { sandboxed: boolean };

/** run_command: an allowlisted program, guarded arguments, scrubbed environment, sandbox. */
export function runCommand(session: SessionContext, state: CommandState): ToolDefinition<CommandRequest, Plan> {
  return {
    name: 'run_command',
    description: 'Runs an allowlisted program (see list_commands) with an argument array, without a shell, '
      + 'inside the allowed directories. Returns exit code, signal, stdout, stderr (capped), timedOut, truncated, durationMs.',
    permission: COMMAND_TOOL_PERMISSIONS.run_command,
    inputSchema: Input,
    outputSchema: Output,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: session.config.commands.network },
    async guard(args) {
      const sandboxed = await state.sandbox.decide();
      const { resource, plan } = await state.guard.check(args, { sandboxed });
      return { resource, plan: { ...plan, sandboxed } };
    },
    async execute(_args, plan, ctx) {
      const launch = await state.sandbox.launch(
        { file: plan.program.path, args: plan.args, cwd: plan.cwd, env: plan.env, stdin: plan.stdin, timeoutMs: plan.timeoutMs },
        plan.sandboxed,
      );
      const result = await spawnCapped({
        file: launch.file, args: launch.args, cwd: plan.cwd, env: launch.env, stdin: plan.stdin,
        timeoutMs: plan.timeoutMs, maxOutputBytes: plan.maxOutputBytes, signal: ctx.signal, live: state.live,
        pids: { parent: state.pidsCgroup, max: session.config.commands.rlimits.processes }, warm: launch.warm,
      });
      return {
        structured: { ...result },
        text: render(result),
        bytes: Buffer.byteLength(result.stdout) + Buffer.byteLength(result.stderr),
        outcome: result.timedOut ? 'timeout' : result.exitCode === 0 ? 'ok' : 'error',
      };
    },
  };
}

function render(r: RunResult): string {
  const status = r.exitCode !== null ? `exit code ${r.exitCode}` : `killed by ${r.signal ?? 'a signal'}`;
  const notes = [r.timedOut && 'timed out', r.truncated && 'output truncated'].filter(Boolean).join(', ');
  const parts = [`${status} after ${r.durationMs} ms${notes ? ` (${notes})` : ''}`];
  if (r.stdout) parts.push(`--- stdout ---\n${r.stdout}`);
  if (r.stderr) parts.push(`--- stderr ---\n${r.stderr}`);
  return parts.join('\n');
}
