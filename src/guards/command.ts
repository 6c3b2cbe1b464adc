import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/types.js';
import { WardenError, denied } from '../errors.js';
import { excerpt, forPeople } from '../text/for-people.js';
import type { PathGuard } from './path.js';
import { buildEnv } from './command-env.js';
import { checkHardLinks, pathOperands } from './command-paths.js';
import type { Resolution, ResolvedProgram } from './command-programs.js';
import { programsFor } from './command-config.js';
import { checkArguments } from './command-rules.js';

/** A run_command request as validated by its schema. */
export interface CommandRequest {
  command: string;
  args?: string[];
  cwd?: string;
  stdin?: string;
  timeoutMs?: number;
}

/** Everything the runner needs; only the guard builds it. */
export interface CommandPlan {
  program: ResolvedProgram;
  /** Arguments as executed: injected safety flags first, then the request's. */
  args: string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  timeoutMs: number;
  maxOutputBytes: number;
}

export interface CommandResource {
  type: 'command';
  command: string;
  args: string[];
  path: string;
  paths: string[];
}

export interface CommandGuard {
  readonly resolution: Resolution;
  /** Checks a request in a fixed order (program, stdin, argument rules, cwd, path operands). */
  check(req: CommandRequest, opts: { sandboxed: boolean }): Promise<{ resource: CommandResource; plan: CommandPlan }>;
}

// Bounds on the request itself, before any rule reads it.
const MAX_ARGS = 1024;
const MAX_ARG_BYTES = 128 * 1024;

/** The command guard of ARCHITECTURE.md §3. Programs are those the start-up check resolved for this config (once per process). */
export function createCommandGuard(config: Config, pathGuard: PathGuard, resolution: Resolution = programsFor(config)): CommandGuard {
  const commands = config.commands;

  async function check(req: CommandRequest, opts: { sandboxed: boolean }) {
    const args = req.args ?? [];
    const program = lookup(req.command);
    if (req.stdin !== undefined && program.rule.dangerous) {
      throw denied(`${program.name} is marked dangerous (an interpreter or runner), and stdin would be code for it; stdin is refused for it.`, { rule: 'command.stdin' });
    }
    checkShape(args);
    const findings = checkArguments(program, args);
    if (findings.search && !opts.sandboxed) {
      throw denied(`${program.name}: a recursive search reads files that deny rules hide (.env, keys), and only the sandbox masks them; it is refused while the sandbox is off.`, { rule: 'command.search_unsandboxed' });
    }
    const cwd = await resolveCwd(req.cwd);
    const paths = await checkOperands(program, args, cwd);
    const inject = [...new Set(program.hazards.flatMap((h) => h.inject ?? []))];
    const plan: CommandPlan = {
      program,
      args: [...inject, ...args],
      cwd,
      env: buildEnv(commands, resolution.trustedPath, { git: program.hazards.some((h) => h.git) }),
      stdin: req.stdin,
      timeoutMs: Math.min(req.timeoutMs ?? commands.timeoutMs, commands.timeoutMs),
      maxOutputBytes: commands.maxOutputBytes,
    };
    // The working directory is judged by path policies too, not only the operands.
    const resource: CommandResource = { type: 'command', command: program.name, args: [...args], path: cwd, paths: [...new Set([cwd, ...paths])] };
    return { resource, plan };
  }

  function lookup(name: string): ResolvedProgram {
    const program = resolution.programs.get(name);
    if (program) return program;
    const missing = resolution.unresolved.find((u) => u.name === name);
    if (missing) throw denied(`${name} is allowlisted but not available: ${missing.reason}.`, { rule: 'command.unresolved' });
    const offered = [...resolution.programs.keys()].join(', ') || 'none';
    throw denied(`${excerpt(name)} is not an allowed command. Allowed: ${offered}.`, { rule: 'command.not_allowed' });
  }

  async function resolveCwd(input: string | undefined): Promise<string> {
    const wanted = input ?? commands.cwd ?? pathGuard.roots()[0]?.path;
    if (!wanted) throw denied('No working directory: no root is configured for commands to run in.', { rule: 'command.no_cwd' });
    const canonical = await pathGuard.resolve(path.resolve(pathGuard.roots()[0]?.path ?? '/', wanted), 'list');
    if (!fs.statSync(canonical.path).isDirectory()) {
      throw new WardenError('invalid_input', `cwd ${forPeople(wanted, 256)} is not a directory.`, { step: 'guard', field: 'cwd', rule: 'command.cwd' });
    }
    return canonical.path;
  }

  async function checkOperands(program: ResolvedProgram, args: string[], cwd: string): Promise<string[]> {
    const out: string[] = [];
    for (const op of pathOperands(args, cwd, program.hazards)) {
      const abs = path.resolve(cwd, op.text);
      const intent = op.write ? 'write' : isDir(abs) ? 'list' : 'read';
      try {
        const canonical = (await pathGuard.resolve(abs, intent)).path;
        checkHardLinks(canonical, config.filesystem.hardLinks);
        out.push(canonical);
      } catch (error) {
        // A path that does not exist is the program's business; only refusals stop the call.
        if (error instanceof WardenError && error.code === 'not_found') continue;
        if (error instanceof WardenError) {
          throw denied(`${program.name}: argument ${op.index + 1} (${excerpt(args[op.index])}) names a path that is refused. ${error.message}`, {
            rule: 'command.path', pathRule: error.detail.rule,
          });
        }
        throw error;
      }
    }
    return [...new Set(out)];
  }

  return { resolution, check };
}

function checkShape(args: readonly string[]): void {
  if (args.length > MAX_ARGS) throw denied(`Too many arguments: ${args.length}, at most ${MAX_ARGS}.`, { rule: 'command.args_size' });
  let bytes = 0;
  for (const a of args) {
    if (a.includes('\0')) throw denied('An argument contains a NUL byte, which no program can receive.', { rule: 'command.args_nul' });
    bytes += Buffer.byteLength(a);
  }
  if (bytes > MAX_ARG_BYTES) throw denied(`The arguments are ${bytes} bytes, at most ${MAX_ARG_BYTES}.`, { rule: 'command.args_size' });
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
