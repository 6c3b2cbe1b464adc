import { z } from 'zod';
import { ConfigSchema } from './schema/index.js';

/** The config's JSON Schema for editors, generated from the same zod schema that validates it. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
    title: 'mcp-warden config',
  };
}

export const JSON_SCHEMA_FILE = 'schema/mcp-warden.schema.json';
