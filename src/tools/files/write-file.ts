import { z } from 'zod';
import { WardenError } from '../../errors.js';
import { fileResource, textOutput, type FileTool, type FilesContext, type OnePath } from './context.js';
import { atomicWrite } from './io-write.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

const Args = z.object({ path: z.string(), content: z.string() });

/** write_file: create or overwrite, atomically and never through a symlink. */
export function writeFile(ctx: FilesContext): FileTool<z.infer<typeof Args>, OnePath> {
  return {
    name: 'write_file',
    title: 'Write File',
    description:
      'Create a new file or completely overwrite an existing file with new content. Use with caution as it will ' +
      'overwrite existing files without warning. Handles text content with proper encoding. Only works within allowed directories.',
    permission: FILE_TOOL_PERMISSIONS.write_file,
    inputSchema: Args,
    outputSchema: textOutput({ path: z.string(), bytes: z.number(), created: z.boolean() }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    async guard(args) {
      const bytes = Buffer.byteLength(args.content);
      // A hard limit, so it is the guard's: an oversized write is refused before policy and audit.
      if (bytes > ctx.fs.maxWriteBytes) {
        throw new WardenError('too_large', `The content is ${bytes} bytes, over the limit of ${ctx.fs.maxWriteBytes} bytes (filesystem.maxWriteBytes); nothing was written.`, { step: 'guard', rule: 'limits.write_bytes' });
      }
      const target = await ctx.guard.resolve(args.path, 'write');
      return { resource: fileResource(target), plan: { target } };
    },
    async execute(args, { target }) {
      const bytes = await atomicWrite(target.path, args.content, ctx.fs.hardLinks, ctx.sweptFolders);
      const text = `Successfully wrote to ${args.path}`;
      return { structured: { content: text, path: target.path, bytes, created: !target.exists }, text, bytes };
    },
  };
}
