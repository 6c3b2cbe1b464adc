import type { Permission } from '../../policy/permissions.js';

/**
 * The SQL tools and the permission each needs. The definitions read their
 * permission from here, and config checks read this without building a tool.
 */
export const SQL_TOOL_PERMISSIONS = Object.freeze({
  list_databases: 'database:read',
  list_tables: 'database:read',
  describe_table: 'database:read',
  sql_query: 'database:read',
  sql_execute: 'database:write',
} as const satisfies Record<string, Permission>);
