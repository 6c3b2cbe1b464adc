import { z } from 'zod';
import { WardenError, toWardenError } from '../../errors.js';
import { READ_ANNOTATIONS, fileResource, textOutput, type FileTool, type FilesContext } from './context.js';
import type { CanonicalPath } from '../../guards/path.js';
import { readCapped, withFile } from './io-read.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

/** Paths one call may name: each is guarded (real paths, a stat or more) before any is read. */
export const MAX_PATHS = 1000;

const Args = z.object({
  paths: z.array(z.string()).min(1, 'At least one file path must be provided')
    .describe('Array of file paths to read. Each path must be a string pointing to a valid file within allowed directories.'),
});
type Plan = Array<{ input: string; target?: CanonicalPath; error?: WardenError }>;

/**
 * read_multiple_files: one failed path does not stop the others (as in the reference);
 * each path is guarded on its own, and the replies share one result budget.
 */
export function readMultipleFiles(ctx: FilesContext): FileTool<z.infer<typeof Args>, Plan> {
  return {
    name: 'read_multiple_files',
    title: 'Read Multiple Files',
    description:
      'Read the contents of multiple files simultaneously. This is more efficient than reading files one by one when you ' +
      "need to analyze or compare multiple files. Each file's content is returned with its path as a reference. Failed " +
      "reads for individual files won't stop the entire operation. Only works within allowed directories.",
    permission: FILE_TOOL_PERMISSIONS.read_multiple_files,
    inputSchema: Args,
    outputSchema: textOutput({
      files: z.array(z.object({ path: z.string(), content: z.string().optional(), error: z.object({ code: z.string(), message: z.string() }).optional() })),
    }),
    annotations: READ_ANNOTATIONS,
    async guard(args) {
      // Counted here, before any path is resolved, rather than by the schema's max: the
      // validation message would quote the whole list back.
      if (args.paths.length > MAX_PATHS) {
        throw new WardenError('invalid_input', `read_multiple_files got ${args.paths.length} paths; at most ${MAX_PATHS} may be read in one call. Nothing was read; split the list into several calls.`, {
          step: 'guard', rule: 'limits.read_multiple_files', field: 'paths', limit: MAX_PATHS,
        });
      }
      const plan: Plan = await Promise.all(args.paths.map(async (input) => {
        try {
          return { input, target: await ctx.guard.resolve(input, 'read') };
        } catch (error) {
          return { input, error: toWardenError(error, 'guard') };
        }
      }));
      const ok = plan.flatMap((p) => (p.target ? [p.target] : []));
      return { resource: fileResource(...ok), plan };
    },
    async execute(_args, plan) {
      // The text goes out three times: content block, structured content, per-file content.
      let budget = Math.floor(ctx.maxResultBytes / 3);
      const files = [];
      for (const item of plan) {
        if (item.error) { files.push({ path: item.input, error: brief(item.error) }); continue; }
        const p = item.target!.path;
        try {
          const buf = await withFile(p, ctx.fs.hardLinks, (h, size) => readCapped(h, size, p, Math.min(budget, ctx.fs.maxReadBytes)));
          budget -= buf.length;
          files.push({ path: item.input, content: buf.toString('utf8') });
        } catch (error) {
          files.push({ path: item.input, error: brief(toWardenError(error)) });
        }
      }
      const text = files.map((f) => (f.error ? `${f.path}: Error - ${f.error.message}` : `${f.path}:\n${f.content}\n`)).join('\n---\n');
      const bytes = files.reduce((n, f) => n + (f.content ? Buffer.byteLength(f.content) : 0), 0);
      return { structured: { content: text, files }, text, bytes };
    },
  };
}

const brief = (e: WardenError) => ({ code: e.code, message: e.message });
