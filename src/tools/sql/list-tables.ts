import { z } from 'zod';
import { READ_ONLY_LOCAL, type ToolDefinition } from '../contract.js';
import type { SqlRuntime } from './runtime.js';
import { readableObjects } from './readable.js';
import { DatabaseName } from './shapes.js';
import { SQL_TOOL_PERMISSIONS } from './permissions.js';

type Args = { database: string };

/** list_tables: the tables and views a statement could read, and nothing the rules hide. */
export function listTables(runtime: SqlRuntime): ToolDefinition<Args, { database: string }> {
  return {
    name: 'list_tables',
    description: 'Lists the tables and views of a database that this server lets you read.',
    permission: SQL_TOOL_PERMISSIONS.list_tables,
    inputSchema: z.strictObject({ database: DatabaseName }),
    outputSchema: z.object({ database: z.string(), tables: z.array(z.object({ name: z.string(), type: z.enum(['table', 'view']) })) }),
    annotations: READ_ONLY_LOCAL,
    async guard({ database }) {
      runtime.database(database);
      return { resource: { type: 'database', database, tables: [] }, plan: { database } };
    },
    async execute(_args, { database }) {
      const tables = await runtime.read(database, readableObjects);
      const text = tables.length ? tables.map((t) => `${t.name} (${t.type})`).join('\n') : 'No readable tables.';
      return { structured: { database, tables }, text };
    },
  };
}
