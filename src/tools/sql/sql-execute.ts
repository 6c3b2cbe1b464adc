import { z } from 'zod';
import type { ToolDefinition } from '../contract.js';
import type { SqlRuntime } from './runtime.js';
import { statementTool, type StatementArgs, type StatementPlan } from './statement-tool.js';
import { SQL_TOOL_PERMISSIONS } from './permissions.js';

/** sql_execute: one writing statement in its own transaction, on a read-write database. */
export function sqlExecute(runtime: SqlRuntime): ToolDefinition<StatementArgs, StatementPlan> {
  return statementTool(runtime, {
    name: 'sql_execute',
    mode: 'execute',
    description: 'Runs one writing SQL statement (INSERT, UPDATE, DELETE, REPLACE, CREATE TABLE/INDEX, DROP, ALTER TABLE) on a read-write SQLite database, '
      + 'in its own transaction. Bind values through params (an array, for ?) or namedParams ([{name, value}], for :name). Returns the rows changed and any RETURNING rows.',
    permission: SQL_TOOL_PERMISSIONS.sql_execute,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    inputExtra: {},
    outputExtra: { changes: z.number().optional(), lastInsertRowid: z.union([z.number().describe('the rowid'), z.string().describe('a rowid beyond 2^53, as digits')]).optional() },
    // A killed write was most likely rolled back (SQLite's journal), but nobody saw it end.
    onTimeout: (error) => ({
      structured: { error: error.toJSON() },
      text: `${error.message} The write may or may not have been applied; check before retrying.`,
      isError: true,
      outcome: 'unknown',
    }),
  });
}
