import { z } from 'zod';
import { WardenError } from '../../errors.js';
import { onePathGuard, textOutput, type FileTool, type FilesContext, type OnePath } from './context.js';
import { readCapped, withFile } from './io-read.js';
import { atomicWrite } from './io-write.js';
import { applyEditsYielding, checkEditWork, fenceDiff } from './edit-apply.js';
import { unifiedDiff } from './diff.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

const Args = z.object({
  path: z.string(),
  edits: z.array(z.object({
    oldText: z.string().describe('Text to search for - must match exactly'),
    newText: z.string().describe('Text to replace with'),
  })),
  dryRun: z.boolean().default(false).describe('Preview changes using git-style diff format'),
});

/** edit_file: edits applied in order in memory, a unified diff back, then one atomic write. */
export function editFile(ctx: FilesContext): FileTool<z.infer<typeof Args>, OnePath> {
  return {
    name: 'edit_file',
    title: 'Edit File',
    description:
      'Make line-based edits to a text file. Each edit replaces exact line sequences with new content. Returns a ' +
      'git-style diff showing the changes made. Only works within allowed directories.',
    permission: FILE_TOOL_PERMISSIONS.edit_file,
    inputSchema: Args,
    outputSchema: textOutput({ path: z.string(), diff: z.string(), dryRun: z.boolean(), applied: z.boolean() }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    guard: onePathGuard(ctx, 'write'),
    async execute(args, { target }, call?: { signal?: AbortSignal }) {
      const p = target.path;
      const cap = Math.min(ctx.fs.maxReadBytes, ctx.maxTextBytes);
      const original = (await withFile(p, ctx.fs.hardLinks, (h, size) => readCapped(h, size, p, cap))).toString('utf8');
      checkEditWork(original.length, args.edits.length);
      let modified = await applyEditsYielding(original, args.edits, call?.signal);
      await new Promise((r) => setImmediate(r)); // the diff is one more slice of work
      // The diff goes out three times (text, structured content and diff).
      const diff = await unifiedDiff(original, modified, p, Math.floor(ctx.maxResultBytes / 4));
      const text = fenceDiff(diff);
      if (!args.dryRun) {
        // Keep Windows line endings where the file had them (the reference turns them into \n).
        if (original.includes('\r\n')) modified = modified.replace(/\n/g, '\r\n');
        if (Buffer.byteLength(modified) > ctx.fs.maxWriteBytes) {
          throw new WardenError('too_large', `The edited file would be over ${ctx.fs.maxWriteBytes} bytes (filesystem.maxWriteBytes); nothing was written.`, { step: 'execute', rule: 'limits.write_bytes' });
        }
        await atomicWrite(p, modified, ctx.fs.hardLinks, ctx.sweptFolders);
      }
      return { structured: { content: text, path: p, diff, dryRun: args.dryRun, applied: !args.dryRun }, text, bytes: Buffer.byteLength(modified) };
    },
  };
}
