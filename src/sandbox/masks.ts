import fs from 'node:fs';
import path from 'node:path';
import { denied } from '../errors.js';
import { compileProtected } from '../guards/path-match.js';
import { sameStamp, settledJudge, statDir, type DirStamp } from './stamps.js';

/** What the sandbox hides (files become empty, folders empty tmpfs) and keeps read-only. */
export interface Masks {
  hide: Array<{ path: string; dir: boolean }>;
  readOnly: string[];
}

/** A root as the path guard gives it (real path). */
export type MaskRoot = { path: string; access: 'read' | 'read-write' };

export interface MaskOptions {
  /** The path guard's deny check (deny globs, config and audit files) on a canonical path. */
  isDenied(canonical: string): boolean;
  /** `filesystem.unprotect`: protected names that may be written after all. */
  unprotect: readonly string[];
  /** `filesystem.hardLinks`: with `deny`, files with more than one hard link are hidden too. */
  hardLinks?: 'deny' | 'allow';
  /** Refuse rather than walk forever: a tree this large is reported, not half-masked. */
  maxEntries?: number;
  /** Refuse rather than mount without end: each hard link is one more mount, and bubblewrap's set-up grows with their square (default 500). */
  maxHardLinks?: number;
}

/** One scan's masks; `stamp` changes whenever a folder had to be read again. */
export interface MaskScan extends Masks {
  stamp: number;
  /** Whether every folder was settled (see stamps.ts), so the scan may back a pre-warmed sandbox. */
  settled: boolean;
}

// Inside .git only these run code when written (hooks, config, info/attributes, submodules).
const GIT_CONTROL = ['config', 'hooks', 'info', 'modules'];
// Folders read between two turns of the event loop: a large tree never blocks other calls long.
const SLICE = 256;

/**
 * How a folder is read: `tree` for masks and read-only files, `git` for the top of a
 * writable root's `.git` (its control files), `below` under a folder mounted read-only
 * or inside `.git`: there only what must be hidden (deny-glob matches, hard links) is
 * looked for, since the mount above already makes the rest read-only.
 */
type Mode = 'tree' | 'git' | 'below';

/** What one folder adds to the masks, and the folders to walk below it. */
interface Listing extends Masks {
  stamp: DirStamp;
  settled: boolean;
  subdirs: Array<{ dir: string; mode: Mode }>;
  entries: number;
  /** How many of `hide` are there for their hard links. */
  links: number;
}

/**
 * Lists what the sandbox must hide (existing deny-glob matches: search programs read them
 * without naming them, docs/command-hazards.md §6.1 item 9) and what must stay read-only in
 * writable roots (git control files and the write-protected names of ARCHITECTURE.md §3). Symlinks
 * are neither masked nor followed: their targets outside the roots do not exist in the
 * sandbox. Each folder's listing is kept and reused while the folder's identity and
 * change times are those it was read with (an entry added, removed or renamed changes
 * them), so a launch re-reads only what changed: a secret created after start-up is
 * still found, by the next scan.
 *
 * Deny-glob matches are hidden inside `.git` and below read-only folders too. With
 * `hardLinks: deny` every regular file with more than one link is hidden as well,
 * everywhere (issue 15 §7: `cat link` or `grep -r` would
 * read a file outside the roots through a link planted in one). That costs one lstat
 * per file of each folder read, and nothing for kept listings. A link planted in a
 * root adds a name to a folder, so the next scan sees it. Not seen until its folder
 * changes: a file already listed that gains its second link elsewhere (only its own
 * ctime changes). Its content is the root's own, so the outside name leaks nothing
 * in; the file tools still refuse it when they open it.
 */
export function createMaskScanner(opts: MaskOptions): (roots: readonly MaskRoot[]) => Promise<MaskScan> {
  const isProtected = compileProtected(opts.unprotect);
  const max = opts.maxEntries ?? 200_000;
  const maxLinks = opts.maxHardLinks ?? 500;
  const links = opts.hardLinks === 'deny';
  let cache = { key: '', listings: new Map<string, Listing>() };
  let stamp = 0;

  function read(dir: string, mode: Mode, root: MaskRoot, at: DirStamp, settled: boolean): Listing {
    const out: Listing = { hide: [], readOnly: [], subdirs: [], entries: 0, links: 0, stamp: at, settled };
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return out;
    }
    out.entries = entries.length;
    const linked = (full: string, e: fs.Dirent) => links && e.isFile() && (fs.lstatSync(full, { throwIfNoEntry: false })?.nlink ?? 1) > 1;
    const hideLink = (full: string) => {
      out.hide.push({ path: full, dir: false });
      out.links++;
    };
    // A read-only mount does not hide: a `.vscode/.env` is still read by `grep -r`.
    const below = (full: string) => { out.subdirs.push({ dir: full, mode: 'below' }); };
    if (mode !== 'tree') {
      for (const e of entries) {
        if (!e.isDirectory() && !e.isFile()) continue;
        const full = path.join(dir, e.name);
        if (opts.isDenied(full)) {
          out.hide.push({ path: full, dir: e.isDirectory() });
          continue;
        }
        if (linked(full, e)) hideLink(full);
        else if (mode === 'git' && GIT_CONTROL.includes(e.name)) out.readOnly.push(full);
        if (e.isDirectory()) below(full);
      }
      return out;
    }
    const writable = root.access === 'read-write';
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const isDir = e.isDirectory();
      if (!isDir && !e.isFile()) continue;
      if (opts.isDenied(full)) out.hide.push({ path: full, dir: isDir });
      else if (linked(full, e)) hideLink(full);
      else if (!writable) {
        if (isDir) out.subdirs.push({ dir: full, mode: 'tree' });
      } else if (isDir && e.name === '.git') out.subdirs.push({ dir: full, mode: 'git' });
      else if (!inDependencies(full, root.path) && (isProtected(full, path.relative(root.path, full)) || e.name === '.gitmodules')) {
        out.readOnly.push(full);
        if (isDir) below(full);
      } else if (isDir) out.subdirs.push({ dir: full, mode: 'tree' });
    }
    return out;
  }

  return async function scan(roots) {
    const key = roots.map((r) => `${r.access}:${r.path}`).join('\0');
    if (key !== cache.key) cache = { key, listings: new Map() };
    const known = cache.listings;
    const seen = new Map<string, Listing>();
    const out: MaskScan = { hide: [], readOnly: [], stamp: 0, settled: true };
    const start = stamp;
    let mine = 0;
    // The filesystem type, hence the margin, per device: looked up once a scan.
    const settledAt = settledJudge();
    let entries = 0;
    let folders = 0;
    let hardLinked = 0;
    for (const root of roots) {
      // Popped last-in first-out, in the order the entries were listed: the order of the old walk.
      const stack: Array<{ dir: string; mode: Mode }> = [{ dir: root.path, mode: 'tree' }];
      while (stack.length) {
        const { dir, mode } = stack.pop()!;
        const id = `${root.path}\0${dir}`;
        const at = statDir(dir);
        if (!at) continue;
        let listing = known.get(id);
        if (!listing || !listing.settled || !sameStamp(listing.stamp, at)) {
          listing = read(dir, mode, root, at, settledAt(dir, at));
          stamp++;
          mine++;
        }
        seen.set(id, listing);
        out.settled &&= listing.settled;
        if ((entries += listing.entries) > max) throw new Error(`the roots hold more than ${max} entries, too many to mask for the sandbox`);
        if ((hardLinked += listing.links) > maxLinks) {
          throw denied(`More than ${maxLinks} files under the roots have several hard links (a pnpm node_modules or a git clone --local makes them), too many to mask for the sandbox; commands are refused while filesystem.hardLinks is "deny" (set it to "allow" if those links are trusted).`, { step: 'execute', rule: 'path.hard_link' });
        }
        out.hide.push(...listing.hide);
        out.readOnly.push(...listing.readOnly);
        for (const s of listing.subdirs) stack.push(s);
        if (++folders % SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }
    // Folders no longer reached are forgotten; a concurrent scan's listings are as good as ours.
    if (cache.listings === known) cache.listings = seen;
    // Another scan read folders meanwhile: this one may hold a listing older than theirs.
    if (stamp !== start + mine) out.settled = false;
    out.stamp = stamp;
    return out;
  };
}

/** One walk of the roots, nothing kept (the scanner's first scan). */
export async function findMasks(opts: MaskOptions & { roots: readonly MaskRoot[] }): Promise<Masks> {
  const { hide, readOnly } = await createMaskScanner(opts)(opts.roots);
  return { hide, readOnly };
}

/**
 * Inside `node_modules` the protected names get no read-only mount: the code beside each
 * `package.json` there is writable anyway, so the mounts would guard nothing, and bubblewrap's
 * set-up grows with the square of their number (hundreds in a real project, 180 ms a launch).
 */
function inDependencies(full: string, root: string): boolean {
  return full.slice(root.length).split(path.sep).includes('node_modules');
}

