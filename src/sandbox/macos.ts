// macOS: a deny-default sandbox-exec profile of the same shape as the bubblewrap view.
// Built but not wired into launches yet, and untested here (no macOS in CI).
import type { SandboxView } from './bwrap.js';

const SYSTEM = ['/usr', '/bin', '/sbin', '/System', '/Library', '/private/etc', '/opt/homebrew', '/dev'];
const quote = (p: string) => JSON.stringify(p);

/** The SBPL profile text for `sandbox-exec -p PROFILE -- FILE ARGS`. */
export function sandboxExecProfile(view: SandboxView): string {
  const lines = ['(version 1)', '(deny default)', '(allow process-fork)', '(allow process-exec)', '(allow signal (target same-sandbox))',
    '(allow sysctl-read)', '(allow mach-lookup)', '(allow file-read-metadata)'];
  lines.push(`(allow file-read* ${SYSTEM.map((p) => `(subpath ${quote(p)})`).join(' ')})`);
  lines.push('(allow file-write* (literal "/dev/null") (literal "/dev/tty"))');
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
