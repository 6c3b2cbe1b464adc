import fs from 'node:fs';
import path from 'node:path';
import { globProblem as whyNot } from '../glob/index.js';
import type { Config } from '../config/types.js';
import { PROTECTED, isInside } from './path-match.js';
import { realDir } from './path-roots.js';

export interface FilesystemProblem { path: string; message: string }

/** Why a glob cannot be used, or undefined. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'expected a glob, got an empty string';
  if (glob.startsWith('!')) return `expected a glob, got the negation "${glob}" (a deny list cannot be negated)`;
  const why = whyNot(glob, { strict: true });
  return why ? `expected a valid glob, got ${JSON.stringify(glob)}: ${why}` : undefined;
}

/** Config problems of the `filesystem` section, by key path, for the loader to report. */
export function checkFilesystem(config: Pick<Config, 'filesystem'>): FilesystemProblem[] {
  const problems: FilesystemProblem[] = [];
  const fsc = config.filesystem;
  fsc.roots.forEach((root, i) => {
    if (!path.isAbsolute(root.path)) problems.push({ path: `filesystem.roots.${i}.path`, message: `expected an absolute path, got "${root.path}"` });
  });
  fsc.deny.forEach((glob, i) => {
    const why = globProblem(glob);
    if (why) problems.push({ path: `filesystem.deny.${i}`, message: why });
  });
  fsc.unprotect.forEach((name, i) => {
    const bare = name.replace(/\/\*\*$|\/+$/g, '');
    if (!PROTECTED.includes(bare)) {
      problems.push({ path: `filesystem.unprotect.${i}`, message: `expected one of ${PROTECTED.join(', ')}, got "${name}"` });
    }
  });
  return problems;
}

/** Start-up warnings: missing roots, and the config or audit file inside a writable root (ARCHITECTURE.md §3). */
export function warnFilesystem(config: Config): string[] {
  const warnings: string[] = [];
  const writable: string[] = [];
  for (const root of config.filesystem.roots) {
    const real = realDir(root.path);
    if (!real) warnings.push(`filesystem root ${root.path} does not exist or is not a folder; it is skipped`);
    else if (root.access === 'read-write') writable.push(real);
  }
  for (const [what, file] of [['config', config.configPath], ['audit', config.auditPath]] as const) {
    if (!file) continue;
    const real = realFile(file);
    if (writable.some((w) => isInside(w, real))) {
      warnings.push(`the ${what} file ${file} lies inside a writable root; the agent cannot touch it, but other programs run there could`);
    }
  }
  return warnings;
}

/** The config file and the audit database with its side files: no access at all, under any spelling. */
export function noAccessPaths(config: Pick<Config, 'configPath' | 'auditPath'>): Set<string> {
  const out = new Set<string>();
  const files = [config.configPath, ...(config.auditPath ? ['', '-wal', '-shm', '-journal'].map((s) => config.auditPath + s) : [])];
  for (const file of files) {
    if (!file) continue;
    out.add(path.resolve(file));
    out.add(realFile(file));
  }
  return out;
}

/** A file's real path, through its folder's real path when the file does not exist yet. */
function realFile(file: string): string {
  const abs = path.resolve(file);
  try {
    return fs.realpathSync.native(abs);
  } catch {
    const dir = realDir(path.dirname(abs));
    return dir ? path.join(dir, path.basename(abs)) : abs;
  }
}
