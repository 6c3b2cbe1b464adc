import fs, { type Stats } from 'node:fs';
import path from 'node:path';
import { WardenError, denied } from '../errors.js';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY, O_DIRECTORY } = fs.constants;

/** Linux names every open descriptor in /proc/self/fd: the basis of race-free opening. */
export const HAS_PROC_FD = process.platform === 'linux' && fs.existsSync('/proc/self/fd');

/** An open, verified folder: children are reached through its descriptor, never its path again. */
export interface OpenDir { fd: number; path: string }

/** Closes a descriptor this module opened; a close error has nothing left to protect. */
export function closeFd(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch { /* already closed */ }
}

/**
 * A child of a verified folder. On Linux `/proc/self/fd/N/name` resolves through the
 * descriptor (like openat), so a symlink swapped in above the folder cannot redirect it.
 */
export function at(dir: OpenDir, name: string): string {
  return HAS_PROC_FD ? `/proc/self/fd/${dir.fd}/${name}` : path.join(dir.path, name);
}

export interface OpenOptions { hardLinks: 'deny' | 'allow' }

/**
 * Opens a canonical path race-aware: no-follow on the last name, non-blocking (a FIFO
 * never hangs), then checks that what was opened is the path that was checked (on Linux,
 * the descriptor's real path) and is a regular file or folder. Nothing is read before.
 * Synchronous on purpose: open, fstat and readlink of a local path take microseconds,
 * less than one thread-pool round trip each would cost.
 */
export function openVerified(canonical: string, kind: 'file' | 'dir', options: OpenOptions): { fd: number; stat: Stats } {
  const flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | (kind === 'dir' ? O_DIRECTORY : 0);
  let fd: number;
  try {
    fd = fs.openSync(canonical, flags);
  } catch (error) {
    throw openError(error, canonical, kind);
  }
  try {
    const stat = fs.fstatSync(fd);
    verifyIdentity(fd, canonical, stat);
    checkType(stat, canonical, kind, options);
    return { fd, stat };
  } catch (error) {
    closeFd(fd);
    throw error;
  }
}

/** Opens a verified folder for children reached with `at`; the caller closes `fd`. */
export function openDir(canonical: string): OpenDir {
  return { fd: openVerified(canonical, 'dir', { hardLinks: 'allow' }).fd, path: canonical };
}

function verifyIdentity(fd: number, expected: string, stat: Stats): void {
  let actual: string;
  if (HAS_PROC_FD) actual = fs.readlinkSync(`/proc/self/fd/${fd}`);
  else {
    // Without /proc: the path must still resolve to itself and to the same inode.
    try {
      actual = fs.realpathSync(expected);
      const now = fs.statSync(actual);
      if (now.ino !== stat.ino || now.dev !== stat.dev) actual = '';
    } catch {
      actual = '';
    }
  }
  if (actual !== expected) throw changed(expected);
}

function checkType(stat: Stats, p: string, kind: 'file' | 'dir', options: OpenOptions): void {
  if (stat.isDirectory()) {
    if (kind === 'dir') return;
    throw new WardenError('invalid_input', `${p} is a directory, not a file.`, { step: 'execute', rule: 'path.is_directory' });
  }
  if (!stat.isFile()) throw denied(`Access denied: ${p} is not a regular file or folder (a FIFO, socket or device is never opened).`, { step: 'execute', rule: 'path.not_regular' });
  if (kind === 'dir') throw new WardenError('invalid_input', `${p} is a file, not a directory.`, { step: 'execute', rule: 'path.not_directory' });
  if (stat.nlink > 1 && options.hardLinks === 'deny') {
    throw denied(`Access denied: ${p} has ${stat.nlink} hard links, and a hard link can lead outside the allowed directories (set filesystem.hardLinks to "allow" to permit).`, { step: 'execute', rule: 'path.hard_link' });
  }
}

/** The refusal when what is on disk is no longer what the guard checked. */
export function changed(p: string): WardenError {
  return denied(`Access denied: ${p} changed while it was being opened (a symbolic link was swapped in); nothing was read or written.`, { step: 'execute', rule: 'path.changed' });
}

/** Maps an errno from opening to a refusal the agent can read. */
export function openError(error: unknown, p: string, kind: 'file' | 'dir'): WardenError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return new WardenError('not_found', `Not found: ${p} does not exist.`, { step: 'execute', rule: 'path.not_found' });
    case 'ELOOP': return changed(p);
    case 'ENXIO': return denied(`Access denied: ${p} is a socket or device, which is never opened.`, { step: 'execute', rule: 'path.not_regular' });
    // O_DIRECTORY|O_NOFOLLOW on a symlink fails with ENOTDIR: a canonical path that is a symlink now was swapped.
    case 'ENOTDIR': return kind === 'dir' && isSymlink(p) ? changed(p) : kind === 'dir'
      ? new WardenError('invalid_input', `${p} is not a directory.`, { step: 'execute', rule: 'path.not_directory' })
      : new WardenError('not_found', `Not found: ${p} does not exist.`, { step: 'execute', rule: 'path.not_found' });
    case 'EACCES': case 'EPERM': return denied(`Access denied: the operating system refused access to ${p}.`, { step: 'execute', rule: 'path.os_denied' });
    default: return new WardenError('failed', `Could not open ${p} (${code ?? 'error'}).`, { step: 'execute' });
  }
}

// lstat throws ENOTDIR, not only ENOENT, when a name above is a file: then it is no symlink.
function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
