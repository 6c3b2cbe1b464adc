import { z } from 'zod';
import { READ_ANNOTATIONS, onePathGuard, textOutput, type FileTool, type FilesContext, type OnePath } from './context.js';
import { walk } from './walk.js';
import { tooLarge } from './io-read.js';
import { agentMatcher, excludeList } from './agent-globs.js';
import { isPlainName } from '../../glob/index.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

const Args = z.object({ path: z.string(), excludePatterns: excludeList(treeExcluder) });
interface Node { name: string; type: 'file' | 'directory'; children?: Node[] }

/**
 * The reference's exclude rule: a pattern with `*` is a glob on the relative path, else a
 * name anywhere (and what is below it). Plain names are a set lookup per segment.
 */
export function treeExcluder(patterns: readonly string[]): (rel: string) => boolean {
  const names = new Set(patterns.filter((p) => !p.includes('*') && isPlainName(p)));
  const globs = agentMatcher(patterns.filter((p) => !names.has(p)).flatMap((p) => (p.includes('*') ? [p] : [p, `**/${p}`, `**/${p}/**`])));
  if (names.size === 0) return globs;
  return (rel) => globs(rel) || rel.split('/').some((name) => names.has(name));
}

/** directory_tree: the reference's JSON tree (symlinks shown as files, never followed). */
export function directoryTree(ctx: FilesContext): FileTool<z.infer<typeof Args>, OnePath> {
  return {
    name: 'directory_tree',
    title: 'Directory Tree',
    description:
      "Get a recursive tree view of files and directories as a JSON structure. Each entry includes 'name', 'type' " +
      "(file/directory), and 'children' for directories. Files have no children array, while directories always have " +
      'a children array (which may be empty). The output is formatted with 2-space indentation for readability. Only works within allowed directories.',
    permission: FILE_TOOL_PERMISSIONS.directory_tree,
    inputSchema: Args,
    outputSchema: textOutput({ path: z.string(), files: z.number(), directories: z.number() }),
    annotations: READ_ANNOTATIONS,
    guard: onePathGuard(ctx, 'list'),
    async execute(args, { target }, call?: { signal?: AbortSignal }) {
      const excluded = treeExcluder(args.excludePatterns);
      const top: Node[] = [];
      const children = new Map<string, Node[]>([['', top]]);
      let files = 0, directories = 0, estimate = 0;
      const stop = () => estimate > ctx.maxTextBytes;
      await walk(target.path, {
        signal: call?.signal,
        deniedIn: (dir) => ctx.guard.deniedIn(dir),
        listings: ctx.listings,
        stop,
        visit(entry) {
          if (excluded(entry.rel)) return false;
          const isDir = entry.type === 'directory';
          const node: Node = isDir ? { name: entry.name, type: 'directory', children: [] } : { name: entry.name, type: 'file' };
          children.get(entry.rel.slice(0, Math.max(0, entry.rel.length - entry.name.length - 1)))!.push(node);
          if (isDir) { children.set(entry.rel, node.children!); directories++; } else files++;
          // A lower bound of the JSON text, so a huge tree stops early instead of filling memory.
          estimate += entry.name.length + 40 + 4 * entry.depth;
          return isDir;
        },
      });
      if (stop()) throw tooLarge(target.path, `a tree of more than ${ctx.maxTextBytes}`, ctx.maxTextBytes, 'limits.maxResultBytes');
      const text = JSON.stringify(top, null, 2);
      if (Buffer.byteLength(text) > ctx.maxTextBytes) throw tooLarge(target.path, `a tree of ${Buffer.byteLength(text)}`, ctx.maxTextBytes, 'limits.maxResultBytes');
      return { structured: { content: text, path: target.path, files, directories }, text };
    },
  };
}
