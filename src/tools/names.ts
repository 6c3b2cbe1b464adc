import type { Permission } from '../policy/permissions.js';

/**
 * Every tool name of the contract (DESIGN §2) with the permission it needs. Config
 * checks (policy `tools`, rate limits) and `check` read this without loading a family.
 */
export const TOOL_PERMISSIONS: Readonly<Record<string, Permission>> = Object.freeze({
  read_text_file: 'file:read',
  read_file: 'file:read',
  read_media_file: 'file:read',
  read_multiple_files: 'file:read',
  write_file: 'file:write',
  edit_file: 'file:write',
  create_directory: 'file:write',
  list_directory: 'file:read',
  list_directory_with_sizes: 'file:read',
  directory_tree: 'file:read',
  move_file: 'file:write',
  search_files: 'file:read',
  get_file_info: 'file:read',
  list_allowed_directories: 'file:read',
  list_databases: 'database:read',
  list_tables: 'database:read',
  describe_table: 'database:read',
  sql_query: 'database:read',
  sql_execute: 'database:write',
  list_commands: 'command:execute',
  run_command: 'command:execute',
});

export const TOOL_NAMES = Object.keys(TOOL_PERMISSIONS);
