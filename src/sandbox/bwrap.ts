import fs from 'node:fs';

/** What the sandbox shows a command: everything else of the host is absent. */
export interface SandboxView {
  roots: ReadonlyArray<{ path: string; access: 'read' | 'read-write' }>;
  /** Existing deny-glob matches, hard-linked files (`hardLinks: deny`) and the server's own files: files become empty, folders empty tmpfs. */
  hide: ReadonlyArray<{ path: string; dir: boolean }>;
  /** Existing files inside writable roots that must stay read-only (.git/config, .git/hooks, package.json, ...). */
  readOnly: readonly string[];
  network: boolean;
  cwd: string;
  env: Readonly<Record<string, string>>;
}

// The system folders of ARCHITECTURE.md §5, read-only. Home folders, /tmp, /var, /run, /mnt, /srv
// and /root are not in the view at all.
export const SYSTEM_FOLDERS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt'];

// Secrets that live in /etc: readable by root even with every capability dropped (it owns
// them), so a program running as root must not see them through the read-only /etc.
export const ETC_SECRETS = [
  '/etc/shadow', '/etc/shadow-', '/etc/gshadow', '/etc/gshadow-', '/etc/sudoers', '/etc/sudoers.d',
  '/etc/ssh', '/etc/ssl/private', '/etc/security/opasswd', '/etc/machine-id',
];

/**
 * The bubblewrap arguments (before `--` and the command) for a view. Order matters:
 * system folders, then roots outer before inner (an inner read root stays read-only
 * inside a read-write one), then the read-only files and the masks on top.
 */
export function bwrapArgs(view: SandboxView): string[] {
  return [...bwrapViewArgs(view), ...bwrapCommandArgs(view.env, view.cwd)];
}

/** The command's part: a cleared environment, then only the scrubbed one, and its folder. */
export function bwrapCommandArgs(env: Readonly<Record<string, string>>, cwd: string): string[] {
  const a = ['--clearenv'];
  for (const [k, v] of Object.entries(env)) a.push('--setenv', k, v);
  a.push('--chdir', cwd);
  return a;
}

/** The namespaces and mounts of a view: everything but the command's environment and folder. */
export function bwrapViewArgs(view: Omit<SandboxView, 'cwd' | 'env'>): string[] {
  const a: string[] = ['--unshare-all'];
  if (view.network) a.push('--share-net');
  a.push('--die-with-parent', '--new-session', '--cap-drop', 'ALL');
  for (const dir of SYSTEM_FOLDERS) {
    const link = symlinkTarget(dir);
    if (link !== undefined) a.push('--symlink', link, dir);
    else if (fs.existsSync(dir)) a.push('--ro-bind', dir, dir);
  }
  for (const secret of ETC_SECRETS) {
    const kind = kindOf(secret);
    if (kind === 'dir') a.push('--perms', '0000', '--tmpfs', secret, '--remount-ro', secret);
    else if (kind === 'file') a.push('--ro-bind', '/dev/null', secret);
  }
  a.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  for (const r of [...view.roots].sort((x, y) => x.path.length - y.path.length)) {
    a.push(r.access === 'read-write' ? '--bind' : '--ro-bind', r.path, r.path);
  }
  for (const p of view.readOnly) a.push('--ro-bind', p, p);
  // Masks last: a hard link inside a read-only folder (.git/hooks, .vscode) is hidden on top of its mount.
  for (const h of view.hide) {
    if (h.dir) a.push('--perms', '0000', '--tmpfs', h.path, '--remount-ro', h.path);
    else a.push('--ro-bind', '/dev/null', h.path);
  }
  return a;
}

function kindOf(p: string): 'file' | 'dir' | undefined {
  const s = fs.lstatSync(p, { throwIfNoEntry: false });
  return s?.isDirectory() ? 'dir' : s?.isFile() ? 'file' : undefined;
}

/** On merged-/usr systems /bin is a symlink (`usr/bin`); it is recreated as one. */
function symlinkTarget(p: string): string | undefined {
  return fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink() ? fs.readlinkSync(p) : undefined;
}
