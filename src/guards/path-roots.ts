import fs from 'node:fs';
import path from 'node:path';
import { isInside } from './path-match.js';

export type Access = 'read' | 'read-write';

/** A root as the guard keeps it: the real path, and the spelling the user gave (for lexical mapping). */
export interface KnownRoot {
  path: string;
  alias: string;
  access: Access;
}

/** realpath, or undefined when the folder does not exist (yet). */
export function realDir(p: string): string | undefined {
  try {
    const real = fs.realpathSync.native(p);
    return fs.statSync(real).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

/** The configured roots that exist, each resolved to its real path. */
export function configuredRoots(roots: readonly { path: string; access: Access }[]): KnownRoot[] {
  const out: KnownRoot[] = [];
  for (const r of roots) {
    const alias = path.resolve(r.path);
    const real = realDir(alias);
    if (real) out.push({ path: real, alias, access: r.access });
  }
  return out;
}

/**
 * Client roots (MCP roots protocol) only narrow: each is intersected with the configured
 * roots, keeping the configured access. A client root that meets no configured root is
 * reported as ignored; when none is left, the configured roots stand (the client's
 * list then adds nothing and takes nothing away).
 */
export function narrowRoots(configured: KnownRoot[], client: readonly string[] | undefined) {
  const ignored: string[] = [];
  if (!client || client.length === 0) return { roots: configured, ignored };
  const roots: KnownRoot[] = [];
  for (const given of client) {
    const alias = path.resolve(given);
    const real = realDir(alias);
    const hits = real ? intersect(configured, real, alias) : [];
    if (hits.length === 0) ignored.push(given);
    for (const h of hits) if (!roots.some((r) => r.path === h.path && r.access === h.access)) roots.push(h);
  }
  return { roots: roots.length ? roots : configured, ignored };
}

function intersect(configured: KnownRoot[], real: string, alias: string): KnownRoot[] {
  const hits: KnownRoot[] = [];
  for (const c of configured) {
    if (isInside(c.path, real)) hits.push({ path: real, alias, access: c.access });
    else if (isInside(real, c.path)) hits.push(c);
  }
  return hits;
}
