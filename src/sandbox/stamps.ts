import fs from 'node:fs';

/** A folder's identity and change times, as the mask cache and pre-warmed sandboxes compare them. */
export interface DirStamp {
  dev: bigint;
  ino: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  /** How long ago the folder last changed, when it was stamped. */
  ageNs: bigint;
}

/** A folder's stamp from its (bigint) stats, its age counted from `nowNs`. */
export function stampOf(s: fs.BigIntStats, nowNs = BigInt(Date.now()) * 1_000_000n): DirStamp {
  const changed = s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs;
  return { dev: s.dev, ino: s.ino, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs, ageNs: nowNs - changed };
}

/** The stamp of a folder (not a symlink), or undefined. */
export function statDir(dir: string): DirStamp | undefined {
  const s = fs.lstatSync(dir, { bigint: true, throwIfNoEntry: false });
  return s?.isDirectory() ? stampOf(s) : undefined;
}

/** The same folder, unchanged since (its age aside). */
export function sameStamp(a: DirStamp, b: DirStamp): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

// Local filesystems whose timestamps come from the kernel clock, a tick (≤ 10 ms) apart.
const FINE = new Set([0xef53 /* ext2-4 */, 0x58465342 /* xfs */, 0x9123683e /* btrfs */, 0x01021994 /* tmpfs */,
  0x794c7630 /* overlay */, 0x2fc12fc1 /* zfs */, 0xf2f52010 /* f2fs */, 0xca451a4e /* bcachefs */, 0x858458f6 /* ramfs */]);
const FINE_MARGIN = 100_000_000n;
// FAT keeps 2 s steps; network filesystems take the server's clock.
const COARSE_MARGIN = 3_000_000_000n;

/**
 * How old a folder's last change must be before its listing can be trusted later. Two
 * changes within one timestamp step leave the same times behind (git's "racily clean"
 * problem), so a folder changed more recently than one step, with margin, is read again
 * on every scan and never backs a pre-warmed sandbox.
 */
export function settledMarginNs(dir: string): bigint {
  try {
    return FINE.has(Number(fs.statfsSync(dir).type)) ? FINE_MARGIN : COARSE_MARGIN;
  } catch {
    return COARSE_MARGIN;
  }
}

/**
 * The identity of files a sandbox mounts from outside the roots (system folders, /etc
 * secrets, the server's own files) and the stamps of their folders: a file replaced by a
 * rename changes its folder, and a mount over the old file would no longer cover the path.
 */
export function outsideStamp(paths: readonly string[]): { key: string; settled: boolean } {
  const parts: string[] = [];
  let settled = true;
  const dirs = new Set<string>();
  for (const p of paths) {
    const s = fs.lstatSync(p, { bigint: true, throwIfNoEntry: false });
    parts.push(s ? `${s.dev}:${s.ino}` : '-');
    dirs.add(p.slice(0, p.lastIndexOf('/')) || '/');
  }
  for (const dir of dirs) {
    const s = statDir(dir);
    parts.push(s ? `${dir}:${s.dev}:${s.ino}:${s.mtimeNs}:${s.ctimeNs}` : `${dir}:-`);
    if (s && s.ageNs <= settledMarginNs(dir)) settled = false;
  }
  return { key: parts.join(' '), settled };
}

/**
 * Whether a folder's stamp is old enough to trust later (see `settledMarginNs`), with the
 * filesystem type looked up once per device for the life of the returned function.
 */
export function settledJudge(): (dir: string, at: DirStamp) => boolean {
  const margins = new Map<bigint, bigint>();
  return (dir, at) => {
    let margin = margins.get(at.dev);
    if (margin === undefined) margins.set(at.dev, (margin = settledMarginNs(dir)));
    return at.ageNs > margin;
  };
}
