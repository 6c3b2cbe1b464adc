import type { Permission } from '../policy/permissions.js';
import { FILE_TOOL_PERMISSIONS } from './files/permissions.js';
import { SQL_TOOL_PERMISSIONS } from './sql/permissions.js';
import { COMMAND_TOOL_PERMISSIONS } from './command/permissions.js';

// Read from the families' permission modules, not their indexes: config checks and
// `check` need the table without loading the tools (the SQL family pulls in its worker).

/**
 * Every tool name of the contract with the permission it needs, in contract
 * order, derived from the families' tables that the definitions themselves read.
 */
export const TOOL_PERMISSIONS: Readonly<Record<string, Permission>> = Object.freeze({
  ...FILE_TOOL_PERMISSIONS,
  ...SQL_TOOL_PERMISSIONS,
  ...COMMAND_TOOL_PERMISSIONS,
});

/** The same table as a map: what `checkPolicies` takes, so policy needs no tool module. */
export const TOOL_PERMISSION_TABLE: ReadonlyMap<string, Permission> = new Map(Object.entries(TOOL_PERMISSIONS));
