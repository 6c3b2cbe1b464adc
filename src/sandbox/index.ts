import fs from 'node:fs';
import type { Config } from '../config/types.js';
import { denied } from '../errors.js';
import type { PathGuard } from '../guards/path.js';
import { noAccessPaths } from '../guards/path-config.js';
import { bwrapArgs } from './bwrap.js';
import { findMasks } from './masks.js';
import { probeSandbox, type SandboxStatus } from './probe.js';
import { prlimitArgs } from './rlimits.js';

export type { SandboxStatus } from './probe.js';

/** What to spawn for one command: the program itself, or bwrap around prlimit around it. */
export interface Launch {
  file: string;
  args: string[];
  env: Record<string, string>;
  sandboxed: boolean;
}

export interface LaunchRequest {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
}

export interface Sandbox {
  /** The start-up probe's result (run once, shared). */
  status(): Promise<SandboxStatus>;
  /** Whether the next command runs sandboxed; throws `denied` when it must be and cannot. */
  decide(): Promise<boolean>;
  launch(req: LaunchRequest, sandboxed: boolean): Promise<Launch>;
}

/** The sandbox of `commands.sandbox` (DESIGN §3): probe once, then wrap each launch. */
export function createSandbox(
  config: Config,
  pathGuard: PathGuard,
  trustedPath: readonly string[],
  warn: (message: string) => void,
): Sandbox {
  const mode = config.commands.sandbox;
  let probed: Promise<SandboxStatus> | undefined;
  const probe = () => (probed ??= probeSandbox(trustedPath));
  let warned = false;

  async function decide(): Promise<boolean> {
    if (mode === 'off') return false;
    const s = await probe();
    if (s.available) return true;
    if (mode === 'required') {
      throw denied(`Commands must run in a sandbox (commands.sandbox is "required"), and none is available: ${s.reason}`, { rule: 'command.sandbox_unavailable' });
    }
    if (!warned) warn(`commands.sandbox is "auto" and no sandbox is available, so commands run unsandboxed: ${s.reason}`);
    warned = true;
    return false;
  }

  async function launch(req: LaunchRequest, sandboxed: boolean): Promise<Launch> {
    const s = await probe();
    const limits = config.commands.rlimits;
    const cpuSeconds = limits.cpuSeconds ?? Math.ceil(req.timeoutMs / 1000) + 1;
    const nproc = sandboxed && process.getuid?.() !== 0;
    const inner = s.prlimit
      ? [...prlimitArgs(s.prlimit, { ...limits, cpuSeconds }, { nproc }), req.file, ...req.args]
      : [req.file, ...req.args];
    if (!sandboxed || !s.bwrap) return { file: inner[0], args: inner.slice(1), env: req.env, sandboxed: false };
    const roots = pathGuard.roots();
    const masks = await findMasks({ roots, isDenied: pathGuard.isDenied, unprotect: config.filesystem.unprotect });
    // The server's own files are hidden wherever they are, not only inside a root.
    for (const file of noAccessPaths(config)) {
      if (isRegularFile(file) && !masks.hide.some((h) => h.path === file)) masks.hide.push({ path: file, dir: false });
    }
    const view = { roots, ...masks, network: config.commands.network, cwd: req.cwd, env: req.env };
    return { file: s.bwrap, args: [...bwrapArgs(view), '--', ...inner], env: {}, sandboxed: true };
  }

  return { status: probe, decide, launch };
}

function isRegularFile(p: string): boolean {
  try {
    return fs.lstatSync(p).isFile();
  } catch {
    return false;
  }
}
