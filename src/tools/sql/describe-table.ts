import { z } from 'zod';
import { READ_ONLY_LOCAL, type ToolDefinition } from '../contract.js';
import { noSuchTable } from '../../guards/sql.js';
import type { SqlRuntime } from './runtime.js';
import { readableName } from './readable.js';
import { describe, Description } from './describe.js';
import { DatabaseName } from './shapes.js';
import { SQL_TOOL_PERMISSIONS } from './permissions.js';

type Args = { database: string; table: string };

/** describe_table: columns, primary key, indexes and foreign keys of one readable table. */
export function describeTable(runtime: SqlRuntime): ToolDefinition<Args, { database: string; table: string }> {
  return {
    name: 'describe_table',
    description: 'Describes a table or view: columns with types, primary key, indexes and foreign keys.',
    permission: SQL_TOOL_PERMISSIONS.describe_table,
    inputSchema: z.strictObject({ database: DatabaseName, table: z.string().min(1) }),
    outputSchema: Description,
    annotations: READ_ONLY_LOCAL,
    async guard({ database, table }) {
      runtime.database(database);
      const name = await runtime.read(database, (connection) => readableName(connection, table));
      // A hidden table gets the very answer a missing one gets.
      if (!name) throw noSuchTable(table);
      return { resource: { type: 'database', database, tables: [name] }, plan: { database, table: name } };
    },
    async execute(_args, { database, table }) {
      const structured = await runtime.read(database, (connection) => describe(connection, database, table));
      const cols = structured.columns.map((c) => `${c.name} ${c.type || 'ANY'}${c.primaryKey ? ' PRIMARY KEY' : ''}${c.notNull ? ' NOT NULL' : ''}`);
      const text = [`${table} (${structured.type})`, ...cols.map((c) => `  ${c}`),
        ...structured.indexes.map((i) => `  index ${i.name}${i.unique ? ' UNIQUE' : ''} (${i.columns.join(', ')})`),
        ...structured.foreignKeys.map((f) => `  foreign key (${f.from.join(', ')}) -> ${f.table}(${f.to.join(', ')})`)].join('\n');
      return { structured, text };
    },
  };
}
