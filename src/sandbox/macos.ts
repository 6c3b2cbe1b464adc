// macOS: a deny-default sandbox-exec profile of the same shape as the bubblewrap view.
// Untested on a real Mac: this project's machines and CI are Linux (the README says so).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SandboxView } from './bwrap.js';
import type { Rlimits } from './rlimits.js';

const SYSTEM = ['/usr', '/bin', '/sbin', '/System', '/Library', '/private/etc', '/opt/homebrew', '/dev'];
const quote = (p: string) => JSON.stringify(p);

/**
 * The SBPL profile text for `sandbox-exec -p PROFILE FILE ARGS`. `tmp`: the command's
 * private temp folder (bubblewrap gives a private tmpfs /tmp; here TMPDIR points at it).
 */
export function sandboxExecProfile(view: SandboxView & { tmp?: string }): string {
  const lines = ['(version 1)', '(deny default)', '(allow process-fork)', '(allow process-exec)', '(allow signal (target same-sandbox))',
    '(allow sysctl-read)', '(allow mach-lookup)', '(allow file-read-metadata)'];
  lines.push(`(allow file-read* ${SYSTEM.map((p) => `(subpath ${quote(p)})`).join(' ')})`);
  lines.push('(allow file-write* (literal "/dev/null") (literal "/dev/tty"))');
  if (view.tmp) lines.push(`(allow file-read* file-write* (subpath ${quote(view.tmp)}))`);
  for (const r of view.roots) {
    lines.push(`(allow file-read* (subpath ${quote(r.path)}))`);
    if (r.access === 'read-write') lines.push(`(allow file-write* (subpath ${quote(r.path)}))`);
  }
  // Later rules win in SBPL: the masks and read-only files come last.
  for (const h of view.hide) lines.push(`(deny file-read* file-write* (${h.dir ? 'subpath' : 'literal'} ${quote(h.path)}))`);
  for (const p of view.readOnly) lines.push(`(deny file-write* (subpath ${quote(p)}))`);
  if (view.network) lines.push('(allow network*)');
  return lines.join('\n');
}

/**
 * The limits prefix on macOS, where util-linux prlimit does not exist: sh sets them (soft
 * and hard alike, so the command cannot raise them) and execs the command. RLIMIT_NPROC is
 * left out: macOS counts every process of the user, not the command's, so the timeout's
 * kill of the process tree is what stops a fork bomb there.
 */
export function ulimitArgs(limits: Rlimits): string[] {
  const blocks = Math.max(1, Math.ceil(limits.fileSizeBytes / 512));
  const script = `ulimit -t ${limits.cpuSeconds} && ulimit -f ${blocks} && ulimit -n ${limits.openFiles} && exec "$@"`;
  return ['/bin/sh', '-c', script, 'sh'];
}

let privateTmp: string | undefined;
/** One private temp folder per server process, removed when it exits; its real path (SBPL matches real paths). */
export function sandboxTmp(): string {
  if (privateTmp && fs.existsSync(privateTmp)) return privateTmp;
  privateTmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mcp-warden-sandbox-')));
  const made = privateTmp;
  process.once('exit', () => fs.rmSync(made, { recursive: true, force: true }));
  return made;
}
