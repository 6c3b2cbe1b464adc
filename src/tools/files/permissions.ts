import type { Permission } from '../../policy/permissions.js';

/**
 * The file tools and the permission each needs. The definitions read their
 * permission from here, and config checks read this without building a tool.
 */
export const FILE_TOOL_PERMISSIONS = Object.freeze({
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
} as const satisfies Record<string, Permission>);
