import { fileTools } from '../tools/files/index.js';
import { sqlTools } from '../tools/sql/index.js';
import { commandTools } from '../tools/command/index.js';
import type { SessionContext, ToolDefinition } from '../tools/contract.js';

/** Every tool of every family, by name. Families import their heavy parts lazily. */
export function buildTools(session: SessionContext): Map<string, ToolDefinition> {
  const tools = new Map<string, ToolDefinition>();
  for (const family of [fileTools, sqlTools, commandTools]) {
    for (const tool of family(session)) tools.set(tool.name, tool);
  }
  return tools;
}
