import { z } from 'zod';
import { noResource, READ_ONLY_LOCAL, type SessionContext, type ToolDefinition } from '../contract.js';
import { SQL_TOOL_PERMISSIONS } from './permissions.js';

// Answers from the config alone; opening a database is left to the tools that query it.
export function listDatabases(session: SessionContext): ToolDefinition<Record<string, never>> {
  return {
    name: 'list_databases',
    description: 'Lists the SQLite databases this server may query, with their access mode and limits.',
    permission: SQL_TOOL_PERMISSIONS.list_databases,
    inputSchema: z.strictObject({}),
    outputSchema: z.object({
      databases: z.array(z.object({
        name: z.string(), access: z.enum(['read', 'read-write']), maxRows: z.number(), timeoutMs: z.number(),
      })),
    }),
    annotations: READ_ONLY_LOCAL,
    guard: noResource,
    async execute() {
      const databases = Object.entries(session.config.databases).map(([name, db]) => ({
        name, access: db.access, maxRows: db.maxRows, timeoutMs: db.timeoutMs,
      }));
      const text = databases.length
        ? databases.map((d) => `${d.name} (${d.access})`).join('\n')
        : 'No databases are configured.';
      return { structured: { databases }, text };
    },
  };
}
