import fs from 'node:fs';
import type { Config } from '../config/types.js';
import { denied } from '../errors.js';
import type { PathGuard } from '../guards/path.js';
import { noAccessPaths } from '../guards/path-config.js';
import { bwrapCommandArgs, bwrapViewArgs, ETC_SECRETS, SYSTEM_FOLDERS } from './bwrap.js';
import { launchPayload, type LaunchFields } from './launcher.js';
import { sandboxExecProfile, sandboxTmp, ulimitArgs } from './macos.js';
import { createMaskScanner } from './masks.js';
import { probeSandbox, type SandboxStatus } from './probe.js';
import { createPrewarm } from './prewarm.js';
import { prlimitArgs, type Rlimits } from './rlimits.js';
import type { WarmStart } from './spare.js';
import { outsideStamp } from './stamps.js';

export type { SandboxStatus } from './probe.js';
export type { WarmStart } from './spare.js';

/** What to spawn for one command: the program itself, or bwrap around prlimit around it. */
export interface Launch {
  file: string;
  args: string[];
  env: Record<string, string>;
  sandboxed: boolean;
  /** A pre-warmed sandbox of the same view that runs this very command (spawn.ts starts it). */
  warm?: WarmStart;
}

export interface LaunchRequest {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  timeoutMs: number;
}

export interface Sandbox {
  /** The start-up probe's result (run once, shared). */
  status(): Promise<SandboxStatus>;
  /** Whether the next command runs sandboxed; throws `denied` when it must be and cannot. */
  decide(): Promise<boolean>;
  launch(req: LaunchRequest, sandboxed: boolean): Promise<Launch>;
  /** Whether a pre-warmed sandbox is standing by for the next launch. */
  spareReady(): boolean;
}

/** How launches are started: the pids cgroup, and whether to pre-warm. */
export interface SandboxOptions {
  /** A pids cgroup for each sandbox (root servers: RLIMIT_NPROC does not bind root). */
  pids?: { parent: string | undefined; max: number };
  /** Keep pre-warmed sandboxes ready (default true; prewarm.ts). */
  prewarm?: boolean;
  /** Another probe than this machine's (tests of the macOS launch on Linux). */
  probe?: () => Promise<SandboxStatus>;
}

/** The sandbox of `commands.sandbox` (ARCHITECTURE.md §5): probe once, then wrap each launch. */
export function createSandbox(
  config: Config,
  pathGuard: PathGuard,
  trustedPath: readonly string[],
  warn: (message: string) => void,
  options: SandboxOptions = {},
): Sandbox {
  const mode = config.commands.sandbox;
  let probed: Promise<SandboxStatus> | undefined;
  const probe = () => (probed ??= options.probe?.() ?? probeSandbox(trustedPath));
  let warned = false;
  const scanMasks = createMaskScanner({ isDenied: pathGuard.isDenied, unprotect: config.filesystem.unprotect, hardLinks: config.filesystem.hardLinks });
  // Worked out once, like the path guard does; which of them exist is checked per launch.
  const serverFiles = [...noAccessPaths(config)];
  const prewarm = options.prewarm === false ? undefined : createPrewarm(trustedPath, currentView, options.pids);

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

  /** The namespaces and mounts for the roots as they are now, and what identifies them. */
  async function currentView() {
    const roots = pathGuard.roots();
    const scan = await scanMasks(roots);
    const own = serverFiles.filter((p) => fs.lstatSync(p, { throwIfNoEntry: false })?.isFile());
    // The server's own files are hidden wherever they are, not only inside a root.
    for (const file of own) if (!scan.hide.some((h) => h.path === file)) scan.hide.push({ path: file, dir: false });
    const args = bwrapViewArgs({ roots, hide: scan.hide, readOnly: scan.readOnly, network: config.commands.network });
    const outside = outsideStamp([...SYSTEM_FOLDERS, ...ETC_SECRETS, ...own]);
    return { args, key: `${args.join('\0')}\n${outside.key}`, stamp: scan.stamp, settled: scan.settled && outside.settled, roots, scan };
  }

  /** macOS: the same view as a sandbox-exec profile, limits set by sh inside it. */
  async function seatbelt(req: LaunchRequest, sandboxExec: string, limits: Rlimits): Promise<Launch> {
    const { roots, scan } = await currentView();
    const tmp = sandboxTmp();
    const profile = sandboxExecProfile({ roots, hide: scan.hide, readOnly: scan.readOnly, network: config.commands.network, cwd: req.cwd, env: req.env, tmp });
    return { file: sandboxExec, args: ['-p', profile, ...ulimitArgs(limits), req.file, ...req.args], env: { ...req.env, TMPDIR: tmp }, sandboxed: true };
  }

  async function launch(req: LaunchRequest, sandboxed: boolean): Promise<Launch> {
    const s = await probe();
    const limits = config.commands.rlimits;
    const cpuSeconds = limits.cpuSeconds ?? Math.ceil(req.timeoutMs / 1000) + 1;
    if (sandboxed && s.sandboxExec) return seatbelt(req, s.sandboxExec, { ...limits, cpuSeconds });
    const nproc = sandboxed && process.getuid?.() !== 0;
    const inner = s.prlimit
      ? [...prlimitArgs(s.prlimit, { ...limits, cpuSeconds }, { nproc }), req.file, ...req.args]
      : [req.file, ...req.args];
    if (!sandboxed || !s.bwrap) return { file: inner[0], args: inner.slice(1), env: req.env, sandboxed: false };
    const view = await currentView();
    const fields: Omit<LaunchFields, 'envPath'> = { cwd: req.cwd, env: req.env, argv: inner, stdin: req.stdin !== undefined };
    const warm = prewarm?.take(view, (envPath) => {
      const payload = launchPayload({ ...fields, envPath });
      return payload && (req.stdin === undefined ? payload : Buffer.concat([payload, Buffer.from(req.stdin)]));
    });
    prewarm?.refill(s, view);
    return { file: s.bwrap, args: [...view.args, ...bwrapCommandArgs(req.env, req.cwd), '--', ...inner], env: {}, sandboxed: true, warm };
  }

  return { status: probe, decide, launch, spareReady: () => prewarm?.ready() ?? false };
}
