import fsp from 'node:fs/promises';
import path from 'node:path';
import { compileProtected } from '../guards/path-match.js';

export interface Masks {
  hide: Array<{ path: string; dir: boolean }>;
  readOnly: string[];
}

export interface MaskOptions {
  roots: ReadonlyArray<{ path: string; access: 'read' | 'read-write' }>;
  /** The path guard's deny check (deny globs, config and audit files) on a canonical path. */
  isDenied(canonical: string): boolean;
  /** `filesystem.unprotect`: protected names that may be written after all. */
  unprotect: readonly string[];
  /** Refuse rather than walk forever: a tree this large is reported, not half-masked. */
  maxEntries?: number;
}

// Inside .git only these run code when written (hooks, config, info/attributes, submodules).
const GIT_CONTROL = ['config', 'hooks', 'info', 'modules'];

/**
 * Walks the roots once and lists what the sandbox must hide (existing deny-glob matches:
 * search programs read them without naming them, command-hazards.md §6.1 item 9) and
 * what must stay read-only in writable roots (git control files and the write-protected
 * names of DESIGN §3). Symlinks are neither masked nor followed: their targets outside
 * the roots do not exist in the sandbox.
 */
export async function findMasks(opts: MaskOptions): Promise<Masks> {
  const isProtected = compileProtected(opts.unprotect);
  const max = opts.maxEntries ?? 200_000;
  const masks: Masks = { hide: [], readOnly: [] };
  let seen = 0;
  for (const root of opts.roots) {
    const writable = root.access === 'read-write';
    const stack = [root.path];
    while (stack.length) {
      const dir = stack.pop()!;
      const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (++seen > max) throw new Error(`the roots hold more than ${max} entries, too many to mask for the sandbox`);
        const full = path.join(dir, e.name);
        const isDir = e.isDirectory();
        if (!isDir && !e.isFile()) continue;
        if (opts.isDenied(full)) {
          masks.hide.push({ path: full, dir: isDir });
          continue;
        }
        if (!writable) {
          if (isDir) stack.push(full);
          continue;
        }
        if (isDir && e.name === '.git') {
          for (const name of GIT_CONTROL) {
            const p = path.join(full, name);
            if (await fsp.lstat(p).then((s) => !s.isSymbolicLink(), () => false)) masks.readOnly.push(p);
          }
          continue;
        }
        if (isProtected(full, path.relative(root.path, full)) || e.name === '.gitmodules') {
          masks.readOnly.push(full);
          continue;
        }
        if (isDir) stack.push(full);
      }
    }
  }
  return masks;
}
