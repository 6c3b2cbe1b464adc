import { z } from 'zod';
import { WardenError, denied } from '../../errors.js';
import type { CanonicalPath } from '../../guards/path.js';
import { fileResource, textOutput, type FileTool, type FilesContext } from './context.js';
import { moveEntry } from './io-write.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

const Args = z.object({ source: z.string(), destination: z.string() });
interface Plan { source: CanonicalPath; destination: CanonicalPath }

/** move_file: both ends guarded with write intent (the source disappears); never onto an existing name. */
export function moveFile(ctx: FilesContext): FileTool<z.infer<typeof Args>, Plan> {
  return {
    name: 'move_file',
    title: 'Move File',
    description:
      'Move or rename files and directories. Can move files between directories and rename them in a single operation. ' +
      'If the destination exists, the operation will fail. Works across different directories and can be used for simple ' +
      'renaming within the same directory. Both source and destination must be within allowed directories.',
    permission: FILE_TOOL_PERMISSIONS.move_file,
    inputSchema: Args,
    outputSchema: textOutput({ source: z.string(), destination: z.string() }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    async guard(args) {
      const source = await ctx.guard.resolve(args.source, 'write');
      const destination = await ctx.guard.resolve(args.destination, 'write');
      if (!source.exists) throw new WardenError('not_found', `Not found: ${args.source} does not exist.`, { step: 'guard', rule: 'path.not_found' });
      if (ctx.guard.roots().some((r) => r.path === source.path)) {
        throw denied(`Access denied: ${args.source} is an allowed directory itself and cannot be moved.`, { rule: 'path.root_itself' });
      }
      return { resource: fileResource(source, destination), plan: { source, destination } };
    },
    async execute(args, plan) {
      moveEntry(plan.source.path, plan.destination.path);
      const text = `Successfully moved ${args.source} to ${args.destination}`;
      return { structured: { content: text, source: plan.source.path, destination: plan.destination.path }, text };
    },
  };
}
