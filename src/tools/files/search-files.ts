import { z } from 'zod';
import { READ_ANNOTATIONS, onePathGuard, textOutput, type FileTool, type FilesContext, type OnePath } from './context.js';
import { walk } from './walk.js';
import { agentGlob, agentMatcher, excludeList } from './agent-globs.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

const Args = z.object({
  path: z.string(),
  pattern: agentGlob,
  excludePatterns: excludeList(),
});

/**
 * search_files: the reference's glob semantics (pattern and excludes matched against the
 * path relative to `path`, dotfiles included, excluded folders not entered), over an
 * lstat walk that resolves nothing, so it stays fast on large trees.
 */
export function searchFiles(ctx: FilesContext): FileTool<z.infer<typeof Args>, OnePath> {
  return {
    name: 'search_files',
    title: 'Search Files',
    description:
      'Recursively search for files and directories matching a pattern. The patterns should be glob-style patterns that ' +
      "match paths relative to the working directory. Use pattern like '*.ext' to match files in current directory, and " +
      "'**/*.ext' to match files in all subdirectories. Returns full paths to all matching items. Great for finding files " +
      "when you don't know their exact location. Only searches within allowed directories.",
    permission: FILE_TOOL_PERMISSIONS.search_files,
    inputSchema: Args,
    outputSchema: textOutput({ path: z.string(), matches: z.array(z.string()), truncated: z.boolean() }),
    annotations: READ_ANNOTATIONS,
    guard: onePathGuard(ctx, 'list'),
    async execute(args, { target }, call?: { signal?: AbortSignal }) {
      const matches = agentMatcher(args.pattern);
      const excluded = agentMatcher(args.excludePatterns);
      // Each match goes out twice (text and structured list).
      const budget = Math.floor(ctx.maxResultBytes / 2) - 1024;
      const found: string[] = [];
      let bytes = 0;
      let truncated = false;
      await walk(target.path, {
        signal: call?.signal,
        deniedIn: (dir) => ctx.guard.deniedIn(dir),
        listings: ctx.listings,
        stop: () => truncated,
        visit(entry) {
          if (excluded(entry.rel)) return false;
          if (matches(entry.rel)) {
            bytes += Buffer.byteLength(entry.abs) + 4;
            if (bytes > budget) { truncated = true; return false; }
            found.push(entry.abs);
          }
          return true;
        },
      });
      let text = found.length > 0 ? found.join('\n') : 'No matches found';
      if (truncated) text += `\n[truncated: more matches than fit in limits.maxResultBytes; narrow the pattern]`;
      return { structured: { content: text, path: target.path, matches: found, truncated }, text };
    },
  };
}
