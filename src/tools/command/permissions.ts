import type { Permission } from '../../policy/permissions.js';

/**
 * The command tools and the permission each needs. The definitions read their
 * permission from here, and config checks read this without building a tool.
 */
export const COMMAND_TOOL_PERMISSIONS = Object.freeze({
  list_commands: 'command:execute',
  run_command: 'command:execute',
} as const satisfies Record<string, Permission>);
