import { z } from 'zod';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Bound parameters: positional (`?`) as an array, named (`:id`, `@id`, `$id`) as an object. */
export const Params = z.union([z.array(Scalar), z.record(z.string(), Scalar)]).optional()
  .describe('Values bound to ? or :name placeholders; never spliced into the SQL.');

export const DatabaseName = z.string().min(1).describe('A database name from list_databases.');

const Cell = z.union([z.string(), z.number(), z.null(), z.object({ base64: z.string() })]);

/** The result shape shared by sql_query and sql_execute. */
export const ResultShape = {
  database: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(Cell)),
  rowCount: z.number(),
  truncated: z.boolean(),
  tables: z.array(z.string()),
};
