import fs from 'node:fs';
import path from 'node:path';
import { JSON_SCHEMA_FILE } from '../config/json-schema.js';
import { DEFAULT_DENY } from '../guards/path-match.js';
import { PACKAGE_ROOT } from './entry.js';
import type { FilesystemServer, ImportedDir } from './filesystem-entries.js';

/** What mcp-warden gives on top of server-filesystem: printed by import and kept in the config. */
export const WHAT_WARDEN_ADDS = [
  'the same tool names and arguments as server-filesystem, so prompts keep working',
  'every call recorded before it runs in a hash-chained audit log (mcp-warden audit search, audit verify)',
  `secrets stay hidden in every root (${DEFAULT_DENY.slice(0, 6).join(', ')}, ...; filesystem.defaultDeny)`,
  'no writes under .git, nor to files other programs run or read as settings (package.json, .npmrc, Makefile, .vscode/, ...) unless filesystem.unprotect lifts them',
  'symlinks, hard links and path tricks cannot reach outside the roots; FIFOs and devices are never opened',
  'rate limits, and policies that deny or ask you first (see "policies" in the README)',
];

/** One root per folder, the widest access any entry gave it. */
export function mergeRoots(servers: FilesystemServer[]): ImportedDir[] {
  const roots = new Map<string, ImportedDir>();
  for (const dir of servers.flatMap((s) => s.dirs)) {
    const key = path.resolve(dir.path);
    const had = roots.get(key);
    if (!had || (had.access === 'read' && dir.access === 'read-write')) roots.set(key, { ...dir, path: key });
  }
  return [...roots.values()];
}

/** Folder mounts only: a root must be a folder, and widening a file mount to its folder would grant more. */
export function folderRoots(roots: ImportedDir[], notes: string[]): ImportedDir[] {
  return roots.filter((r) => {
    let isFile = false;
    try { isFile = fs.statSync(r.path).isFile(); } catch { /* a missing folder is kept: doctor reports it */ }
    if (isFile) notes.push(`${r.path} is a file; mcp-warden roots are folders, so it was left out (add its folder as a root and deny the rest, if you need it)`);
    return !isFile;
  });
}

/** The config import writes: the same folders, read-write as the reference grants, file permissions only. */
export function importedConfig(source: string, servers: FilesystemServer[], roots: ImportedDir[], now: Date): Record<string, unknown> {
  const names = servers.map((s) => `"${s.name}"`).join(', ');
  return {
    $schema: path.join(PACKAGE_ROOT, JSON_SCHEMA_FILE),
    $comment: `Imported by \`mcp-warden import\` on ${now.toISOString().slice(0, 10)} from ${source} (entries ${names}). `
      + `mcp-warden adds: ${WHAT_WARDEN_ADDS.join('; ')}. Run \`mcp-warden check\` after editing.`,
    principal: 'me',
    users: {
      me: {
        $comment: 'The file tools only, as server-filesystem offered. For SQL or commands add roles: ["developer"].',
        roles: [],
        permissions: ['file:read', 'file:write'],
      },
    },
    filesystem: {
      $comment: `The folders server-filesystem was given. Hidden in every root by default: ${DEFAULT_DENY.join(' ')}. Add your own globs to "deny".`,
      roots: roots.map((r) => ({ path: r.path, access: r.access })),
      defaultDeny: true,
      deny: [],
    },
  };
}
