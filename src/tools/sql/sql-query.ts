import { z } from 'zod';
import type { ToolDefinition } from '../contract.js';
import type { SqlRuntime } from './runtime.js';
import { statementTool, type StatementArgs, type StatementPlan } from './statement-tool.js';
import { SQL_TOOL_PERMISSIONS } from './permissions.js';

/** sql_query: one read-only statement, on a read-only connection. */
export function sqlQuery(runtime: SqlRuntime): ToolDefinition<StatementArgs, StatementPlan> {
  return statementTool(runtime, {
    name: 'sql_query',
    mode: 'query',
    description: 'Runs one read-only SQL statement (SELECT, WITH … SELECT, VALUES) on a SQLite database and returns columns and rows. '
      + 'Bind values through params (an array, for ?) or namedParams ([{name, value}], for :name). Results stop at maxRows (and the database\'s own cap) with truncated: true.',
    permission: SQL_TOOL_PERMISSIONS.sql_query,
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    inputExtra: { maxRows: z.int().positive().optional().describe('At most this many rows; never more than the database allows.') },
    outputExtra: {},
  });
}
