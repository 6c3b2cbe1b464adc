import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What the start-up probe found; `doctor` and `list_commands` show it. */
export interface SandboxStatus {
  available: boolean;
  kind: 'bubblewrap' | 'sandbox-exec' | 'none';
  /** Absolute path of bwrap, when found in the trusted PATH. */
  bwrap?: string;
  /** macOS: absolute path of sandbox-exec, when it starts a sandbox. */
  sandboxExec?: string;
  /** Absolute path of util-linux prlimit, used for CPU, file-size, open-file (and process) limits. */
  prlimit?: string;
  /** Why the sandbox is unavailable, and how to fix it. */
  reason?: string;
}

export const INSTALL_HINT =
  'Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap; Arch: pacman -S bubblewrap) '
  + 'and make sure unprivileged user namespaces are enabled (sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu 24.04 '
  + 'kernel.apparmor_restrict_unprivileged_userns=0), or set commands.sandbox to "auto" or "off" to run commands unsandboxed.';

/** Finds a program in the trusted PATH only. */
export function findTrusted(name: string, trustedPath: readonly string[]): string | undefined {
  for (const dir of trustedPath) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs one probe command; resolves to why it failed, or undefined when it ran. */
function tryRun(file: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 5000, env: {} }, (error, _out, stderr) => {
      resolve(error ? (String(stderr).trim() || error.message) : undefined);
    });
  });
}

// Ships with macOS; never looked up in a PATH.
export const SANDBOX_EXEC = '/usr/bin/sandbox-exec';
export const MACOS_HINT = `sandbox-exec ships with macOS at ${SANDBOX_EXEC}; or set commands.sandbox to "auto" or "off" to run commands unsandboxed.`;

/**
 * Starts one empty sandbox of the real shape (all namespaces, no capabilities) and runs
 * `true` in it: bwrap may be missing, setuid-less with user namespaces disabled, or
 * blocked by AppArmor, and only trying tells. On macOS the same with a deny-default
 * sandbox-exec profile. `platform` and `sandboxExec` are for tests.
 */
export async function probeSandbox(
  trustedPath: readonly string[], platform: NodeJS.Platform = process.platform, sandboxExec = SANDBOX_EXEC,
): Promise<SandboxStatus> {
  if (platform === 'darwin') return probeSandboxExec(trustedPath, sandboxExec);
  const prlimit = platform === 'linux' ? findTrusted('prlimit', trustedPath) : undefined;
  if (platform !== 'linux') {
    return { available: false, kind: 'none', prlimit, reason: `no command sandbox exists for ${platform}. ${INSTALL_HINT}` };
  }
  const bwrap = findTrusted('bwrap', trustedPath);
  const truePath = findTrusted('true', trustedPath);
  if (!bwrap || !truePath) return { available: false, kind: 'none', prlimit, reason: `bubblewrap (bwrap) was not found in ${trustedPath.join(':')}. ${INSTALL_HINT}` };
  const failure = await tryRun(bwrap, ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL',
    '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--clearenv', '--', truePath]);
  if (failure) return { available: false, kind: 'none', bwrap, prlimit, reason: `bubblewrap at ${bwrap} cannot start a sandbox here (${failure}). ${INSTALL_HINT}` };
  return { available: true, kind: 'bubblewrap', bwrap, prlimit };
}

async function probeSandboxExec(trustedPath: readonly string[], sandboxExec: string): Promise<SandboxStatus> {
  const truePath = findTrusted('true', trustedPath);
  let found = false;
  try {
    fs.accessSync(sandboxExec, fs.constants.X_OK);
    found = true;
  } catch { /* missing */ }
  if (!found || !truePath) return { available: false, kind: 'none', reason: `sandbox-exec was not found at ${sandboxExec}. ${MACOS_HINT}` };
  const failure = await tryRun(sandboxExec, ['-p', '(version 1)(deny default)(allow process-exec)(allow process-fork)(allow file-read*)', truePath]);
  if (failure) return { available: false, kind: 'none', sandboxExec, reason: `sandbox-exec at ${sandboxExec} cannot start a sandbox here (${failure}). ${MACOS_HINT}` };
  return { available: true, kind: 'sandbox-exec', sandboxExec };
}
