import { trustedPath } from '../guards/command-programs.js';
import { INSTALL_HINT, MACOS_HINT, probeSandbox } from '../sandbox/probe.js';

/** Whether commands can be sandboxed here, and if not, why (in the words doctor's messages need). */
export type SandboxProbe =
  | { available: true; tool: string; path: string; detail: string }
  | { available: false; kind: 'missing' | 'blocked' | 'unsupported' | 'macos'; searched: string; reason: string };

/**
 * The server's own start-up probe (src/sandbox/probe.ts: one empty sandbox of the real
 * shape), sorted into missing, blocked or unsupported so each gets its own fix. `dirs`
 * defaults to the trusted PATH the server uses for the given roots.
 */
export async function probeForDoctor(
  roots: readonly string[], dirs?: readonly string[], platform: NodeJS.Platform = process.platform, sandboxExec?: string,
): Promise<SandboxProbe> {
  const searchDirs = dirs ?? trustedPath(roots);
  const searched = searchDirs.join(':');
  const status = await probeSandbox(searchDirs, platform, sandboxExec);
  if (status.available && status.kind === 'sandbox-exec') {
    return { available: true, tool: status.kind, path: status.sandboxExec ?? '', detail: 'sandbox-exec starts a deny-default sandbox' };
  }
  if (status.available) return { available: true, tool: status.kind, path: status.bwrap ?? '', detail: 'bubblewrap starts a sandbox (user namespaces allowed)' };
  // The probe's reason ends with its install hint; doctor prints its own fix instead.
  const reason = (status.reason ?? 'unavailable').replace(INSTALL_HINT, '').replace(MACOS_HINT, '').trim();
  if (platform === 'darwin') return { available: false, kind: 'macos', searched, reason: reason.replace(/\.$/, '') };
  if (platform !== 'linux') return { available: false, kind: 'unsupported', searched, reason };
  if (!status.bwrap) return { available: false, kind: 'missing', searched, reason };
  const inner = /cannot start a sandbox here \((.*)\)\.?$/s.exec(reason)?.[1] ?? reason;
  return { available: false, kind: 'blocked', searched, reason: inner };
}
