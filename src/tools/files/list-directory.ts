import { z } from 'zod';
import { closeFd, openDir, type OpenDir } from '../../guards/path-fs.js';
import { READ_ANNOTATIONS, onePathGuard, textOutput, type FileTool, type FilesContext, type OnePath } from './context.js';
import type { EntryType } from './listings.js';
import { tooLarge } from './io-read.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

export interface Listed { name: string; type: EntryType; abs: string }
export const EntrySchema = z.object({ name: z.string(), type: z.enum(['file', 'directory', 'symlink', 'other']) });

/** The entries of a verified folder, read through its descriptor, deny-matched ones left out. */
export async function listVerified(ctx: FilesContext, dirPath: string, fn: (dir: OpenDir, entries: Listed[]) => void): Promise<void> {
  const dir = openDir(dirPath);
  try {
    const entries: Listed[] = [];
    const denied = ctx.guard.deniedIn(dirPath);
    for (const d of ctx.listings.read(dir.fd, dirPath)) {
      if (!denied(d.name)) entries.push({ name: d.name, type: d.type, abs: dirPath === '/' ? `/${d.name}` : `${dirPath}/${d.name}` });
    }
    fn(dir, entries);
  } finally {
    closeFd(dir.fd);
  }
}

export function checkTextSize(text: string, p: string, ctx: FilesContext): void {
  const bytes = Buffer.byteLength(text);
  if (bytes > ctx.maxTextBytes) throw tooLarge(p, `a listing of ${bytes}`, ctx.maxTextBytes, 'limits.maxResultBytes');
}

/**
 * list_directory: `[DIR] name` / `[FILE] name` lines in directory order, like the reference.
 * The structured result is the reference's `{content}` plus the canonical path: a per-entry
 * array would send each name twice more and the client validates every element.
 */
export function listDirectory(ctx: FilesContext): FileTool<{ path: string }, OnePath> {
  return {
    name: 'list_directory',
    title: 'List Directory',
    description:
      'Get a detailed listing of all files and directories in a specified path. Results clearly distinguish between ' +
      'files and directories with [FILE] and [DIR] prefixes. This tool is essential for understanding directory ' +
      'structure and finding specific files within a directory. Only works within allowed directories.',
    permission: FILE_TOOL_PERMISSIONS.list_directory,
    inputSchema: z.object({ path: z.string() }),
    outputSchema: textOutput({ path: z.string() }),
    annotations: READ_ANNOTATIONS,
    guard: onePathGuard(ctx, 'list'),
    async execute(_args, { target }) {
      let entries: Listed[] = [];
      await listVerified(ctx, target.path, (_dir, listed) => { entries = listed; });
      const text = entries.map((e) => `${e.type === 'directory' ? '[DIR]' : '[FILE]'} ${e.name}`).join('\n');
      checkTextSize(text, target.path, ctx);
      return { structured: { content: text, path: target.path }, text };
    },
  };
}
