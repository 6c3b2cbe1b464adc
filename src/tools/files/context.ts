import { z } from 'zod';
import type { Config } from '../../config/types.js';
import type { Resource, SessionContext, ToolDefinition } from '../contract.js';
import { createPathGuard, type CanonicalPath, type PathGuard } from '../../guards/path.js';
import { FolderListings } from './listings.js';

/** What every file tool shares in a session: one guard and the limits. */
export interface FilesContext {
  guard: PathGuard;
  fs: Config['filesystem'];
  /** Bytes a text read may return: the text goes out twice (content block and structuredContent). */
  maxTextBytes: number;
  maxResultBytes: number;
  /** Folders whose leftover temp files this session has already swept. */
  sweptFolders: Set<string>;
  /** Folder entries, read again only when a folder changed. */
  listings: FolderListings;
}

export function filesContext(session: SessionContext): FilesContext {
  const { config } = session;
  const guard = createPathGuard(config, () => session.clientRoots(), { warn: (m) => session.logger.warn(m) });
  const maxResultBytes = config.limits.maxResultBytes;
  return {
    guard,
    fs: config.filesystem,
    maxTextBytes: Math.min(config.filesystem.maxReadBytes, Math.floor(maxResultBytes / 2)),
    maxResultBytes,
    sweptFolders: new Set(),
    listings: new FolderListings(),
  };
}

/** The resource policies and the audit see: canonical paths only. */
export function fileResource(...paths: CanonicalPath[]): Resource {
  return { type: 'file', path: paths[0]?.path, paths: paths.map((p) => p.path) };
}

/** Guarded plan of a one-path tool. */
export interface OnePath { target: CanonicalPath }

export const READ_ANNOTATIONS = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

/** The structured content of the reference server (`{content: string}`), which ours extends. */
export const textOutput = <T extends z.ZodRawShape>(shape: T) => z.object({ content: z.string(), ...shape });

/** A tool with one path argument, guarded with one intent. */
export function onePathGuard(ctx: FilesContext, intent: 'read' | 'write' | 'list') {
  return async (args: { path: string }) => {
    const target = await ctx.guard.resolve(args.path, intent);
    return { resource: fileResource(target), plan: { target } };
  };
}

export type FileTool<A = any, P = any> = ToolDefinition<A, P>;
