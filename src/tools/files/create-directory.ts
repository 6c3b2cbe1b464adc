import { z } from 'zod';
import { onePathGuard, textOutput, type FileTool, type FilesContext, type OnePath } from './context.js';
import { makeDirs } from './io-write.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

/** create_directory: mkdir -p, every created name checked and none of them a symlink. */
export function createDirectory(ctx: FilesContext): FileTool<{ path: string }, OnePath> {
  return {
    name: 'create_directory',
    title: 'Create Directory',
    description:
      'Create a new directory or ensure a directory exists. Can create multiple nested directories in one operation. ' +
      'If the directory already exists, this operation will succeed silently. Perfect for setting up directory ' +
      'structures for projects or ensuring required paths exist. Only works within allowed directories.',
    permission: FILE_TOOL_PERMISSIONS.create_directory,
    inputSchema: z.object({ path: z.string() }),
    outputSchema: textOutput({ path: z.string(), created: z.array(z.string()) }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    // The guard checks the full path with write intent; every deny and protection rule also
    // holds for the path's folders (`x/**`), so each component it creates is covered.
    guard: onePathGuard(ctx, 'write'),
    async execute(args, { target }) {
      const created = makeDirs(target.path, target.root.path);
      const text = `Successfully created directory ${args.path}`;
      return { structured: { content: text, path: target.path, created }, text };
    },
  };
}
