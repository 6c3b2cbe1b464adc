import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/types.js';
import { WardenError, denied } from '../errors.js';
import { forPeople } from '../text/for-people.js';
import { checkPathInput, expandHome } from './path-input.js';
import { DEFAULT_DENY, compileGlobs, compileProtected, isInside, touchesGit } from './path-match.js';
import { configuredRoots, narrowRoots, type KnownRoot } from './path-roots.js';
import { noAccessPaths } from './path-config.js';

export interface EffectiveRoot { path: string /* real path */; access: 'read' | 'read-write' }
export type PathIntent = 'read' | 'write' | 'list';
export interface CanonicalPath { path: string /* real or to-be-created absolute path */; root: EffectiveRoot; exists: boolean }
export interface PathGuard {
  /** Configured roots narrowed by client roots. */
  roots(): readonly EffectiveRoot[];
  /** Canonicalizes and checks a path; throws WardenError `denied` (step guard, rule path.*) or `not_found`. */
  resolve(input: string, intent: PathIntent): Promise<CanonicalPath>;
  /** Deny globs and built-in no-access files, on a canonical path. */
  isDenied(canonicalPath: string): boolean;
  /**
   * `isDenied` for the entries of one canonical folder that is itself not denied: the
   * folder's part of the path is worked out once, not once per entry.
   */
  deniedIn(canonicalDir: string): (name: string) => boolean;
}
export interface PathGuardOptions { warn?(message: string): void }

/** The path guard of ARCHITECTURE.md §3: containment on real paths, deny globs, write protection. */
export function createPathGuard(
  config: Config,
  clientRoots?: () => readonly string[] | undefined,
  options: PathGuardOptions = {},
): PathGuard {
  const fsConfig = config.filesystem;
  const noAccess = noAccessPaths(config);
  const denyMatch = compileGlobs([...(fsConfig.defaultDeny ? DEFAULT_DENY : []), ...fsConfig.deny]);
  const protectedMatch = compileProtected(fsConfig.unprotect);
  let configured = configuredRoots(fsConfig.roots);
  let configuredAt = Date.now();
  let cache: { key: string | undefined; roots: KnownRoot[] } | undefined;

  function known(): KnownRoot[] {
    // A configured root created after start-up is picked up, at most once a second.
    if (configured.length < fsConfig.roots.length && Date.now() - configuredAt > 1000) {
      configured = configuredRoots(fsConfig.roots);
      configuredAt = Date.now();
      cache = undefined;
    }
    const client = clientRoots?.();
    const key = client?.join('\0');
    if (cache && cache.key === key) return cache.roots;
    const { roots, ignored } = narrowRoots(configured, client);
    for (const given of ignored) options.warn?.(`Client root ${given} is outside every configured root; ignored.`);
    cache = { key, roots };
    return roots;
  }

  const relative = (p: string): string => {
    let best: KnownRoot | undefined;
    for (const r of known()) if (isInside(r.path, p) && (!best || r.path.length > best.path.length)) best = r;
    if (!best) return p.replace(/^\/+/, '');
    return p === best.path ? '' : p.slice(best.path === '/' ? 1 : best.path.length + 1);
  };
  const isDenied = (p: string) => noAccess.has(p) || denyMatch(p, relative(p));
  const deniedIn = (dir: string) => {
    const rel = relative(dir);
    const prefix = rel ? `${rel}/` : '';
    const absPrefix = dir === '/' ? '/' : `${dir}/`;
    return (name: string) => {
      const abs = absPrefix + name;
      return noAccess.has(abs) || denyMatch(abs, prefix + name, prefix.length);
    };
  };

  async function resolve(input: string, intent: PathIntent): Promise<CanonicalPath> {
    const roots = known();
    const rootsText = roots.length ? roots.map((r) => r.path).join(', ') : '(none configured)';
    const refuse = (rule: string, why: string) =>
      denied(`Access denied: ${shownPath(input)} ${why}. Allowed directories: ${rootsText}.`, { rule });
    checkPathInput(input, rootsText);
    if (roots.length === 0) throw refuse('path.no_roots', 'cannot be used because no directory is allowed');
    const lexical = mapLexical(toAbsolute(expandHome(input), roots), roots);
    // Decided before touching the disk, so nothing is revealed about paths outside.
    if (!lexical) throw refuse('path.outside_roots', 'is outside the allowed directories');
    checkRules(lexical, intent, refuse);

    const { real, exists } = await canonicalize(lexical, refuse);
    const holders = roots.filter((r) => isInside(r.path, real));
    if (holders.length === 0) {
      throw refuse('path.symlink_escape', 'is or passes through a symbolic link whose target is missing or outside the allowed directories');
    }
    checkRules(real, intent, refuse);
    const root = intent === 'write' ? holders.find((r) => r.access === 'read-write') : longest(holders);
    if (!root) throw refuse('path.read_only_root', 'is in a read-only directory');
    if (!exists && intent !== 'write') {
      throw new WardenError('not_found', `Not found: ${shownPath(input)} does not exist. Allowed directories: ${rootsText}.`, { step: 'guard', rule: 'path.not_found' });
    }
    return { path: real, root: { path: root.path, access: root.access }, exists };
  }

  function checkRules(p: string, intent: PathIntent, refuse: (rule: string, why: string) => WardenError): void {
    if (noAccess.has(p)) throw refuse('path.builtin_deny', "is the server's own config or audit file");
    const rel = relative(p);
    if (denyMatch(p, rel)) throw refuse('path.deny_glob', 'matches a deny rule (filesystem.deny or the built-in secret list)');
    if (intent !== 'write') return;
    if (touchesGit(rel)) throw refuse('path.git_write', 'is inside a .git folder, which is never written (hooks and config run code)');
    if (protectedMatch(p, rel)) {
      throw refuse('path.protected', 'is write-protected because other programs run it or read it as settings; list its name in filesystem.unprotect to allow writes');
    }
  }

  return { roots: () => known().map((r) => ({ path: r.path, access: r.access })), resolve, isDenied, deniedIn };
}

function toAbsolute(p: string, roots: KnownRoot[]): string {
  if (path.isAbsolute(p)) return path.resolve(p);
  // Like the reference: a relative path is taken against the first root that holds it.
  for (const r of roots) {
    const candidate = path.resolve(r.path, p);
    if (isInside(r.path, candidate)) return candidate;
  }
  return path.resolve(roots[0].path, p);
}

/** Maps a path spelled through a root's configured alias onto its real path; undefined if outside. */
function mapLexical(abs: string, roots: KnownRoot[]): string | undefined {
  for (const r of roots) if (isInside(r.path, abs)) return abs;
  for (const r of roots) if (isInside(r.alias, abs)) return r.path + abs.slice(r.alias.length);
  return undefined;
}

function longest(roots: KnownRoot[]): KnownRoot {
  return roots.reduce((a, b) => (b.path.length > a.path.length ? b : a));
}

type Refuse = (rule: string, why: string) => WardenError;

/**
 * The real path, or for a path that does not exist yet its nearest existing ancestor's
 * real path plus the missing names. A name that exists but does not resolve is a
 * dangling symlink: refused like an escaping one, so its target's existence stays hidden.
 * Synchronous on purpose: one realpath(3) call costs microseconds, while a trip through
 * the thread pool costs tens of them on every call.
 */
async function canonicalize(lexical: string, refuse: Refuse): Promise<{ real: string; exists: boolean }> {
  try {
    return { real: fs.realpathSync.native(lexical), exists: true };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw refuse('path.symlink_escape', 'passes through a symbolic link loop');
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw refuse('path.unreadable', `cannot be resolved (${code})`);
  }
  const missing: string[] = [];
  let current = lexical;
  for (;;) {
    missing.unshift(path.basename(current));
    current = path.dirname(current);
    let base: string;
    try {
      base = fs.realpathSync.native(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      if (code === 'ELOOP') throw refuse('path.symlink_escape', 'passes through a symbolic link loop');
      throw refuse('path.unreadable', `cannot be resolved (${code})`);
    }
    let first: fs.Stats | undefined;
    try { first = fs.lstatSync(path.join(base, missing[0])); } catch { first = undefined; }
    if (first?.isSymbolicLink()) {
      throw refuse('path.symlink_escape', 'is or passes through a symbolic link whose target is missing or outside the allowed directories');
    }
    return { real: path.join(base, ...missing), exists: false };
  }
}

// A refusal quotes the path the agent gave as a bounded excerpt (issue 15 §2).
const shownPath = (input: unknown) => forPeople(String(input), 256);
