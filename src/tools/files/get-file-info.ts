import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { at, changed, closeFd, openDir } from '../../guards/path-fs.js';
import { WardenError } from '../../errors.js';
import { READ_ANNOTATIONS, onePathGuard, textOutput, type FileTool, type FilesContext, type OnePath } from './context.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

/** lstat of a canonical path through its verified parent folder, so it cannot be redirected outside. */
export function lstatVerified(p: string): fs.Stats {
  const parent = openDir(path.dirname(p));
  try {
    const st = fs.lstatSync(path.dirname(p) === p ? p : at(parent, path.basename(p)), { throwIfNoEntry: false });
    if (!st) throw new WardenError('not_found', `Not found: ${p} does not exist.`, { step: 'execute', rule: 'path.not_found' });
    // A canonical path is never a symlink; one there now was swapped in after the guard.
    if (st.isSymbolicLink()) throw changed(p);
    return st;
  } finally {
    closeFd(parent.fd);
  }
}

/** get_file_info: the reference's fields and text, from lstat (a symlink is described, not followed). */
export function getFileInfo(ctx: FilesContext): FileTool<{ path: string }, OnePath> {
  return {
    name: 'get_file_info',
    title: 'Get File Info',
    description:
      'Retrieve detailed metadata about a file or directory. Returns comprehensive information including size, creation ' +
      'time, last modified time, permissions, and type. This tool is perfect for understanding file characteristics ' +
      'without reading the actual content. Only works within allowed directories.',
    permission: FILE_TOOL_PERMISSIONS.get_file_info,
    inputSchema: z.object({ path: z.string() }),
    outputSchema: textOutput({
      path: z.string(), size: z.number(), created: z.string(), modified: z.string(), accessed: z.string(),
      isDirectory: z.boolean(), isFile: z.boolean(), permissions: z.string(),
    }),
    annotations: READ_ANNOTATIONS,
    guard: onePathGuard(ctx, 'read'),
    async execute(_args, { target }) {
      const st = lstatVerified(target.path);
      const info = {
        size: st.size, created: st.birthtime, modified: st.mtime, accessed: st.atime,
        isDirectory: st.isDirectory(), isFile: st.isFile(), permissions: st.mode.toString(8).slice(-3),
      };
      const text = Object.entries(info).map(([k, v]) => `${k}: ${v}`).join('\n');
      const iso = { created: st.birthtime.toISOString(), modified: st.mtime.toISOString(), accessed: st.atime.toISOString() };
      return { structured: { content: text, path: target.path, ...info, ...iso }, text };
    },
  };
}
