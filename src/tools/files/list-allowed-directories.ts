import { z } from 'zod';
import { noResource, READ_ONLY_LOCAL, type ToolDefinition } from '../contract.js';
import { textOutput, type FilesContext } from './context.js';
import { FILE_TOOL_PERMISSIONS } from './permissions.js';

/** list_allowed_directories: the effective roots (configured, narrowed by the client's), real paths. */
export function listAllowedDirectories(ctx: FilesContext): ToolDefinition<Record<string, never>> {
  return {
    name: 'list_allowed_directories',
    title: 'List Allowed Directories',
    description:
      'Returns the list of directories that this server is allowed to access, with their access mode (read or ' +
      'read-write). Subdirectories within these allowed directories are also accessible. Use this to understand ' +
      'which directories and their nested paths are available before trying to access files.',
    permission: FILE_TOOL_PERMISSIONS.list_allowed_directories,
    // Strict: OpenAI's strict mode cannot convert an open empty object (issue 15, §8).
    inputSchema: z.strictObject({}),
    outputSchema: textOutput({ directories: z.array(z.object({ path: z.string(), access: z.enum(['read', 'read-write']) })) }),
    annotations: READ_ONLY_LOCAL,
    guard: noResource,
    async execute() {
      const directories = ctx.guard.roots().map((r) => ({ path: r.path, access: r.access }));
      const text = `Allowed directories:\n${directories.map((d) => d.path).join('\n')}`;
      return { structured: { content: text, directories }, text };
    },
  };
}
