import path from 'node:path';
import { compileGlob, nameShape } from '../glob/index.js';

/** Containment with path semantics: `/srv/a` contains `/srv/a/x`, never `/srv/ab` (CVE-2025-53110). */
export function isInside(parent: string, child: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}

// Secrets hidden inside every root unless `filesystem.defaultDeny` is false.
export const DEFAULT_DENY = [
  '.env', '.env.*', '*.pem', '*.key', '*.p12', '*.pfx', '*.keystore', '*.jks',
  'id_rsa*', 'id_dsa*', 'id_ecdsa*', 'id_ed25519*',
  '.ssh/**', '.aws/**', '.gnupg/**', '.kube/**', '.azure/**', '.config/gcloud/**',
  '.docker/config.json', '.netrc', '.git-credentials', '.pgpass', '.pypirc',
  '*.tfstate', '*.tfstate.*',
];

// Files other programs execute or read as settings (ARCHITECTURE.md §3); `filesystem.unprotect` lifts by name.
export const PROTECTED = [
  '.npmrc', 'package.json', 'Makefile', '.envrc', '.mcp.json',
  '.bashrc', '.bash_profile', '.bash_login', '.bash_logout', '.profile',
  '.zshrc', '.zshenv', '.zprofile', '.zlogin', '.zlogout', '.kshrc', '.cshrc', '.tcshrc',
  '.vscode', '.idea', '.claude', '.cursor',
];

/**
 * Compiles glob patterns once. A relative pattern holds at any depth below a root
 * (`secrets/**` hides `root/a/secrets/x`) and a match on a folder hides its contents;
 * an absolute pattern matches the absolute path. `from`: the names before this index
 * of `relative` are known not to match (a listed folder was checked already).
 */
export function compileGlobs(patterns: readonly string[]): (absolute: string, relative: string, from?: number) => boolean {
  const names: string[] = [];
  const rel: string[] = [];
  const abs: string[] = [];
  for (const raw of patterns) {
    const p = raw.replace(/\/+$/, '').replace(/(.)(\/\*\*)+$/, '$1');
    if (p.startsWith('/')) abs.push(p, `${p}/**`);
    // A name pattern (`.env`, `*.pem`, `.ssh/**`) holds when any name of the path matches:
    // one small regex per name instead of a `**/` regex over the whole path.
    else if (!p.includes('/')) names.push(p);
    else {
      const anywhere = p.startsWith('**/') ? p : `**/${p}`;
      rel.push(anywhere, `${anywhere}/**`);
    }
  }
  const nameMatch = nameMatcher(names);
  const relMatch = compileGlob(rel);
  const absMatch = compileGlob(abs);
  const anyName = (relative: string, from: number) => {
    let start = from;
    for (;;) {
      const end = relative.indexOf('/', start);
      if (nameMatch(end === -1 ? relative.slice(start) : relative.slice(start, end))) return true;
      if (end === -1) return false;
      start = end + 1;
    }
  };
  return (absolute, relative, from = 0) => (relative !== '' && (anyName(relative, from) || relMatch(relative))) || absMatch(absolute);
}

// Every listed entry is tested against the whole list: most deny names are a literal, `*.ext`
// or `prefix*`, decided by string tests; the rest share one automaton.
function nameMatcher(globs: string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [], suffixes: string[] = [], infixes: string[] = [], rest: string[] = [];
  for (const glob of globs) {
    const shape = nameShape(glob);
    if (!shape) rest.push(glob);
    else if (shape.kind === 'exact') exact.add(shape.text);
    else (shape.kind === 'prefix' ? prefixes : shape.kind === 'suffix' ? suffixes : infixes).push(shape.text);
  }
  const others = compileGlob(rest);
  return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p)) || suffixes.some((x) => name.endsWith(x))
    || infixes.some((x) => name.includes(x)) || others(name);
}

/** Whether any name of a root-relative path is `.git` (a write there can become code execution). */
export function touchesGit(relative: string): boolean {
  return relative.split('/').includes('.git');
}

/** The protected names left after `unprotect`, as a matcher on root-relative paths. */
export function compileProtected(unprotect: readonly string[]) {
  const lifted = new Set(unprotect.map((n) => n.replace(/\/\*\*$|\/+$/g, '')));
  return compileGlobs(PROTECTED.filter((name) => !lifted.has(name)));
}
