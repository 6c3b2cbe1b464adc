import fs from 'node:fs';
import { z } from 'zod';
import { at } from '../../guards/path-fs.js';
import { READ_ANNOTATIONS, onePathGuard, textOutput, type FileTool, type FilesContext, type OnePath } from './context.js';
import { EntrySchema, checkTextSize, listVerified } from './list-directory.js';
import { formatSize } from './format.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

const Args = z.object({
  path: z.string(),
  sortBy: z.enum(['name', 'size']).optional().default('name').describe('Sort entries by name or size'),
});

/** list_directory_with_sizes: sizes from lstat through the folder's descriptor, never through a symlink. */
export function listDirectoryWithSizes(ctx: FilesContext): FileTool<z.infer<typeof Args>, OnePath> {
  return {
    name: 'list_directory_with_sizes',
    title: 'List Directory with Sizes',
    description:
      'Get a detailed listing of all files and directories in a specified path, including sizes. Results clearly ' +
      'distinguish between files and directories with [FILE] and [DIR] prefixes. This tool is useful for understanding ' +
      'directory structure and finding specific files within a directory. Only works within allowed directories.',
    permission: FILE_TOOL_PERMISSIONS.list_directory_with_sizes,
    inputSchema: Args,
    outputSchema: textOutput({
      path: z.string(),
      entries: z.array(EntrySchema.extend({ size: z.number(), modified: z.string() })),
      totalFiles: z.number(), totalDirectories: z.number(), totalSize: z.number(),
    }),
    annotations: READ_ANNOTATIONS,
    guard: onePathGuard(ctx, 'list'),
    async execute(args, { target }) {
      const entries: Array<{ name: string; type: z.infer<typeof EntrySchema>['type']; size: number; modified: string }> = [];
      await listVerified(ctx, target.path, (dir, listed) => {
        for (const e of listed) {
          const st = fs.lstatSync(at(dir, e.name), { throwIfNoEntry: false });
          entries.push({ name: e.name, type: e.type, size: st?.size ?? 0, modified: (st?.mtime ?? new Date(0)).toISOString() });
        }
      });
      entries.sort(args.sortBy === 'size' ? (a, b) => b.size - a.size : (a, b) => a.name.localeCompare(b.name));
      const isDir = (e: { type: string }) => e.type === 'directory';
      const lines = entries.map((e) => `${isDir(e) ? '[DIR]' : '[FILE]'} ${e.name.padEnd(30)} ${isDir(e) ? '' : formatSize(e.size).padStart(10)}`);
      const totalFiles = entries.filter((e) => !isDir(e)).length;
      const totalDirectories = entries.length - totalFiles;
      const totalSize = entries.reduce((n, e) => n + (isDir(e) ? 0 : e.size), 0);
      const text = [...lines, '', `Total: ${totalFiles} files, ${totalDirectories} directories`, `Combined size: ${formatSize(totalSize)}`].join('\n');
      checkTextSize(text, target.path, ctx);
      return { structured: { content: text, path: target.path, entries, totalFiles, totalDirectories, totalSize }, text };
    },
  };
}
