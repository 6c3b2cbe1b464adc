import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What the start-up probe found; `doctor` and `list_commands` show it. */
export interface SandboxStatus {
  available: boolean;
  kind: 'bubblewrap' | 'none';
  /** Absolute path of bwrap, when found in the trusted PATH. */
  bwrap?: string;
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

/**
 * Starts one empty sandbox of the real shape (all namespaces, no capabilities) and runs
 * `true` in it: bwrap may be missing, setuid-less with user namespaces disabled, or
 * blocked by AppArmor, and only trying tells.
 */
export async function probeSandbox(trustedPath: readonly string[]): Promise<SandboxStatus> {
  const prlimit = process.platform === 'linux' ? findTrusted('prlimit', trustedPath) : undefined;
  if (process.platform !== 'linux') {
    return { available: false, kind: 'none', prlimit, reason: `no sandbox is implemented for ${process.platform} yet (the macOS profile is built but not wired). ${INSTALL_HINT}` };
  }
  const bwrap = findTrusted('bwrap', trustedPath);
  const truePath = findTrusted('true', trustedPath);
  if (!bwrap || !truePath) return { available: false, kind: 'none', prlimit, reason: `bubblewrap (bwrap) was not found in ${trustedPath.join(':')}. ${INSTALL_HINT}` };
  const args = ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL',
    '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--clearenv', '--', truePath];
  const failure = await new Promise<string | undefined>((resolve) => {
    execFile(bwrap, args, { timeout: 5000, env: {} }, (error, _out, stderr) => {
      resolve(error ? (String(stderr).trim() || error.message) : undefined);
    });
  });
  if (failure) return { available: false, kind: 'none', bwrap, prlimit, reason: `bubblewrap at ${bwrap} cannot start a sandbox here (${failure}). ${INSTALL_HINT}` };
  return { available: true, kind: 'bubblewrap', bwrap, prlimit };
}
