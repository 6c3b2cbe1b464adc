import type { ToolFamily } from '../contract.js';
import { listDatabases } from './list-databases.js';
import { listTables } from './list-tables.js';
import { describeTable } from './describe-table.js';
import { sqlQuery } from './sql-query.js';
import { sqlExecute } from './sql-execute.js';
import { SqlRuntime } from './runtime.js';

/** Each tool of the family with its permission, readable without building the family. */
export { SQL_TOOL_PERMISSIONS } from './permissions.js';

/** The SQL tools (ARCHITECTURE.md §13), all behind the SQL guard; connections and workers live per session. */
export const sqlTools: ToolFamily = (session) => {
  const runtime = new SqlRuntime(session);
  return [listDatabases(session), listTables(runtime), describeTable(runtime), sqlQuery(runtime), sqlExecute(runtime)];
};
