import fs from 'node:fs';
import { HAS_PROC_FD, closeFd, openDir } from '../../guards/path-fs.js';
import type { EntryType, FolderListings, RawEntry } from './listings.js';

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = fs.constants;
// Sync syscalls are several times faster than the thread pool for many small calls; yield
// to the event loop every few milliseconds (checked every few entries) so other calls and
// cancellation still get through, however the entries are spread over folders.
const ENTRIES_PER_CHECK = 128;
const BREATH_MS = 8;

export interface WalkEntry { name: string; rel: string; abs: string; type: EntryType; depth: number }

export interface WalkOptions {
  signal?: AbortSignal;
  /**
   * The deny test for the entries of one folder (the path guard's `deniedIn`): worked out
   * once per folder, not per entry. Deny-matched entries are skipped with everything below them.
   */
  deniedIn(absDir: string): (name: string) => boolean;
  /** Return false to skip an entry's children (or stop descending). */
  visit(entry: WalkEntry): boolean | void;
  /** Set to stop the walk early. */
  stop?: () => boolean;
  /** Folders listed before and unchanged since are not read again. */
  listings: FolderListings;
}

/**
 * Walks a verified folder without resolving any entry: types come from readdir, children
 * are opened through the parent's descriptor with no-follow (symlinks are listed, never
 * followed), so a folder swapped for a symlink mid-walk is skipped, not entered.
 */
export async function walk(root: string, options: WalkOptions): Promise<void> {
  const top = openDir(root);
  let seen = 0;
  let breath = performance.now();
  const breathe = async () => {
    if (performance.now() - breath < BREATH_MS) return;
    await new Promise((r) => setImmediate(r));
    options.signal?.throwIfAborted();
    breath = performance.now();
  };
  const visitDir = async (fd: number, abs: string, rel: string, depth: number): Promise<void> => {
    await breathe();
    let entries: readonly RawEntry[];
    try {
      entries = options.listings.read(fd, abs);
    } catch {
      return;
    }
    const denied = options.deniedIn(abs);
    for (const d of entries) {
      if (options.stop?.()) return;
      if (++seen % ENTRIES_PER_CHECK === 0) await breathe();
      if (denied(d.name)) continue;
      const childAbs = abs === '/' ? `/${d.name}` : `${abs}/${d.name}`;
      const entry: WalkEntry = { name: d.name, rel: rel ? `${rel}/${d.name}` : d.name, abs: childAbs, type: d.type, depth };
      if (options.visit(entry) === false || entry.type !== 'directory') continue;
      let child: number;
      try {
        child = fs.openSync(HAS_PROC_FD ? `/proc/self/fd/${fd}/${d.name}` : childAbs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      } catch {
        continue;
      }
      try {
        await visitDir(child, childAbs, entry.rel, depth + 1);
      } finally {
        fs.closeSync(child);
      }
    }
  };
  try {
    await visitDir(top.fd, root, '', 0);
  } finally {
    closeFd(top.fd);
  }
}
