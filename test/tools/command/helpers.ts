// Shared by the command tests: a real temp tree, a parsed config, and the two tools
// called through the real pipeline (the guard also on its own, for what it canonicalizes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import pino from 'pino';
import { ConfigSchema, type ConfigInput } from '../../../src/config/schema/index.js';
import type { Config } from '../../../src/config/types.js';
import { WardenError } from '../../../src/errors.js';
import { commandTools } from '../../../src/tools/command/index.js';
import { descendants } from '../../../src/tools/command/kill-tree.js';
import { LAUNCHER } from '../../../src/sandbox/launcher.js';
import type { CallContext, SessionContext } from '../../../src/tools/contract.js';
import { pipelineCaller } from '../../helpers/pipeline.js';

export const SECRET = 'TOP-SECRET-6f1c2e';

/** base/root (the only root), base/outside (secret + where markers must not appear), base/home/.ssh. */
export function tempTree() {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'warden-cmd-')));
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
export function makeConfig(tree: Tree, commands: NonNullable<ConfigInput['commands']>, extra: Partial<ConfigInput> = {}): Config {
  const parsed = ConfigSchema.parse({
    principal: 'me',
    users: { me: { roles: ['developer'] } },
    filesystem: { roots: [{ path: tree.root, access: 'read-write' }] },
    ...extra,
    commands: { sandbox: 'off', ...commands },
  });
  return Object.freeze({ ...parsed, auditPath: path.join(tree.base, 'audit.db'), configPath: path.join(tree.base, 'mcp-warden.json') });
}

/** The command tools for a config: `run(args)` and `listCommands()` through the real pipeline, `guard(args)` alone. */
export function makeTools(config: Config) {
  const session: SessionContext = { config, logger: pino({ level: 'silent' }), clientRoots: () => undefined };
  const [list, runTool] = commandTools(session);
  const ctx = (signal = new AbortController().signal): CallContext => ({ ...session, signal, callId: 'test' });
  const viaPipeline = pipelineCaller(session);
  const run = async (args: Record<string, unknown>, signal?: AbortSignal) => (await viaPipeline(runTool, args, signal)).structured as {
    exitCode: number | null; signal: string | null; stdout: string; stderr: string; timedOut: boolean; truncated: boolean; durationMs: number;
  };
  const guard = async (args: Record<string, unknown>) => runTool.guard(runTool.inputSchema.parse(args), ctx());
  const listCommands = async () => (await viaPipeline(list, {})).structured as any;
  return { run, guard, listCommands, runTool, list };
}

/** Awaits a refusal and checks its code and rule. */
export async function rejectsWith(p: Promise<unknown>, code: string, rule: string): Promise<WardenError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof WardenError, `expected a WardenError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.detail.rule, rule, error.message);
    return error;
  }
  assert.fail(`expected a ${code} (${rule}) refusal, but the call went through`);
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
