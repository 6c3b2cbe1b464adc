import fs from 'node:fs';
import { HAS_PROC_FD } from '../../guards/path-fs.js';
import { sameStamp, settledJudge, stampOf, type DirStamp } from '../../sandbox/stamps.js';

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

function entryType(d: fs.Dirent): EntryType {
  if (d.isDirectory()) return 'directory';
  if (d.isFile()) return 'file';
  if (d.isSymbolicLink()) return 'symlink';
  return 'other';
}

/** A folder entry as readdir gives it: the name and its type, nothing followed. */
export interface RawEntry { readonly name: string; readonly type: EntryType }

interface Listing { stamp: DirStamp; entries: readonly RawEntry[] }

const MAX_FOLDERS = 512;
const MAX_ENTRIES = 100_000;

/**
 * The entries of open folders, read again only when a folder changed.
 *
 * Any entry added, removed or renamed sets the folder's mtime and ctime, so a listing
 * taken under the same (device, inode, mtime, ctime) is still the folder's content, with
 * one exception the sandbox's mask scan also handles: two changes within one timestamp
 * step leave the same times. So a folder is kept only if its last change was older than
 * that step (with margin) when it was read; a fresher one is read every time. The stat is
 * taken before readdir, so a change in between only makes the next call read again.
 * Names only: the deny rules are applied to every call's copy by the caller.
 */
export class FolderListings {
  readonly #listings = new Map<string, Listing>();
  readonly #settled = settledJudge();
  #entries = 0;

  /** `now` in nanoseconds since the epoch (tests move it). */
  constructor(private readonly now: () => bigint = () => BigInt(Date.now()) * 1_000_000n) {}

  /** `fd` is an open, verified folder; `dirPath` its canonical path (for platforms without /proc). */
  read(fd: number, dirPath: string): readonly RawEntry[] {
    const stamp = stampOf(fs.fstatSync(fd, { bigint: true }), this.now());
    const key = `${stamp.dev}:${stamp.ino}`;
    const known = this.#listings.get(key);
    if (known && sameStamp(known.stamp, stamp)) {
      // Most recently used last: the first key is the one to evict.
      this.#listings.delete(key);
      this.#listings.set(key, known);
      return known.entries;
    }
    const entries = fs.readdirSync(HAS_PROC_FD ? `/proc/self/fd/${fd}` : dirPath, { withFileTypes: true })
      .map((d): RawEntry => ({ name: d.name, type: entryType(d) }));
    this.#forget(key);
    if (this.#settled(dirPath, stamp) && entries.length <= MAX_ENTRIES / 4) {
      this.#listings.set(key, { stamp, entries });
      this.#entries += entries.length;
      for (const oldest of this.#listings.keys()) {
        if (this.#listings.size <= MAX_FOLDERS && this.#entries <= MAX_ENTRIES) break;
        this.#forget(oldest);
      }
    }
    return entries;
  }

  #forget(key: string): void {
    const gone = this.#listings.get(key);
    if (!gone) return;
    this.#entries -= gone.entries.length;
    this.#listings.delete(key);
  }
}
