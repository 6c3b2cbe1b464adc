// Shared by the command tests: a real temp tree, a parsed config, and the two tools
// called through the real pipeline (the guard also on its own, for what it canonicalizes).
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigInput } from '../../../src/config/schema/index.js';
import type { Config } from '../../../src/config/types.js';
import { commandTools } from '../../../src/tools/command/index.js';
import { descendants } from '../../../src/tools/command/kill-tree.js';
import { LAUNCHER } from '../../../src/sandbox/launcher.js';
import { makeConfig } from '../../helpers/config.js';
import { tempDir } from '../../helpers/temp.js';
import { makeTools } from '../../helpers/tools.js';

export const SECRET = 'TOP-SECRET-6f1c2e';

/** base/root (the only root), base/outside (secret + where markers must not appear), base/home/.ssh. */
export function tempTree() {
  const base = tempDir('warden-cmd-');
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  const home = path.join(base, 'home');
  for (const d of [root, outside, path.join(home, '.ssh')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(outside, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(home, '.ssh', 'id_rsa'), SECRET);
  fs.writeFileSync(path.join(root, 'a.txt'), 'hello\nworld\n');
  const write = (rel: string, text: string, mode = 0o644) => {
    const p = path.join(base, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text, { mode });
    return p;
  };
  return { base, root, outside, home, write, cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}
export type Tree = ReturnType<typeof tempTree>;

/** A parsed config with `tree.root` read-write, sandbox off unless given. */
export function commandConfig(tree: Tree, commands: NonNullable<ConfigInput['commands']>, extra: Partial<ConfigInput> = {}): Config {
  return makeConfig({
    principal: 'me',
    users: { me: { roles: ['developer'] } },
    filesystem: { roots: [{ path: tree.root, access: 'read-write' }] },
    ...extra,
    commands: { sandbox: 'off', ...commands },
  }, tree.base);
}

/** What run_command returns. */
export interface RunResult {
  exitCode: number | null; signal: string | null; stdout: string; stderr: string; timedOut: boolean; truncated: boolean; durationMs: number;
}

/** The command tools for a config (test/helpers/tools.ts), with shorthands for run_command and list_commands. */
export function makeCommandTools(config: Config) {
  const tools = makeTools(commandTools, config);
  const run = async (args: Record<string, unknown>, signal?: AbortSignal) => (await tools.call('run_command', args, signal)).structured as unknown as RunResult;
  const guard = (args: Record<string, unknown>) => tools.guard('run_command', args);
  const listCommands = async () => (await tools.call('list_commands', {})).structured as any;
  return { ...tools, run, guard, listCommands };
}

/** Whether bubblewrap can start a sandbox here (CI installs it; the sandbox tests need it). */
export const hasBwrap = fs.existsSync('/usr/bin/bwrap');

/**
 * The pre-warmed sandboxes below this process (a server child's included): each is an
 * outer bwrap and its pid 1 (bwrap too) and, once its mounts are all set up, the
 * launcher (bash) waiting for a command.
 */
export function spareProcesses(): { bwraps: number; launchers: number } {
  const argvs = descendants(process.pid).map((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      return [];
    }
  }).filter((argv) => argv.includes(LAUNCHER));
  return {
    bwraps: argvs.filter((argv) => argv[0].endsWith('/bwrap')).length,
    launchers: argvs.filter((argv) => argv[0].endsWith('/bash')).length,
  };
}
