import type { ToolFamily } from '../contract.js';
import { listCommands } from './list-commands.js';
import { runCommand } from './run-command.js';
import { createCommandState } from './state.js';

/** Each tool of the family with its permission, readable without building the family. */
export { COMMAND_TOOL_PERMISSIONS } from './permissions.js';

/** The command tools (ARCHITECTURE.md §13), all behind the command guard. */
export const commandTools: ToolFamily = (session) => {
  const state = createCommandState(session);
  return [listCommands(session, state), runCommand(session, state)];
};
