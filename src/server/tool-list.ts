import { z } from 'zod';
import type { ToolDefinition } from '../tools/contract.js';
import { ERROR_CODES } from '../errors.js';

const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string' },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  // draft-7 without `$schema`: clients validate with Ajv's default dialect.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const cache = new WeakMap<ToolDefinition, object>();

/**
 * A tool as tools/list shows it. The output schema admits the tool's result or a
 * refusal `{error: {code, message}}`, since clients validate both (ARCHITECTURE.md §13).
 */
export function toolListing(tool: ToolDefinition): object {
  let listing = cache.get(tool);
  if (!listing) {
    listing = {
      name: tool.name,
      ...(tool.title ? { title: tool.title } : {}),
      description: tool.description,
      inputSchema: jsonSchema(tool.inputSchema, 'input'),
      outputSchema: { type: 'object', anyOf: [jsonSchema(tool.outputSchema, 'output'), ERROR_SCHEMA] },
      annotations: tool.annotations,
    };
    cache.set(tool, listing);
  }
  return listing;
}
