import { z } from 'zod';

// Every branch of a scalar union carries a description: zod folds bare branches into a
// `type` array, which some model providers and the MCP Inspector's --strict refuse, while
// an `anyOf` of single-type schemas converts in every client library (issue 15, §8).
const Scalar = z.union([
  z.string().describe('TEXT'),
  z.number().describe('INTEGER or REAL'),
  z.boolean().describe('bound as 1 or 0'),
  z.null().describe('NULL'),
], { error: 'expected a string, number, boolean or null' });

const Positional = z.array(Scalar);

/** One named value; `name` may keep its `:`, `@` or `$` prefix. */
const NamedParam = z.strictObject({
  name: z.string().min(1).describe('The placeholder, as written in the SQL (:id, @id, $id) or bare (id).'),
  value: Scalar,
});

// Before namedParams existed, named values came as a map in `params`. Such calls still
// validate, but the listing shows only the array: a map beside an array is an `anyOf` that
// LangChain collapses to an object and OpenAI's strict mode cannot express (issue 15, §8).
const LegacyNamed = z.record(z.string(), Scalar);
const paramsForm = (value: unknown) => (Array.isArray(value) ? Positional : LegacyNamed);

// Judged by shape, so a bad element is named by its index rather than reported as a union miss.
// A custom schema has no parent in zod's chain, so its JSON Schema can be replaced outright.
const ParamsInput = z.custom<unknown[] | Record<string, unknown>>((value) => paramsForm(value).safeParse(value).success, {
  error: ({ input }) => {
    if (!input || typeof input !== 'object') return 'expected an array of values';
    const [first] = paramsForm(input).safeParse(input).error?.issues ?? [];
    return first?.path.length ? `element ${String(first.path[0])} is not a string, number, boolean or null` : 'expected an array of values';
  },
});
ParamsInput._zod.toJSONSchema = () => {
  const { $schema: _ignored, ...positional } = z.toJSONSchema(Positional, { target: 'draft-7', io: 'input' });
  return positional;
};

/** Values bound to `?` placeholders, in order. */
export const Params = ParamsInput.optional()
  .describe('Values bound to ? placeholders, in order; never spliced into the SQL. For :name placeholders use namedParams.');

/** Values bound to `:name`, `@name` or `$name` placeholders. */
export const NamedParams = z.array(NamedParam).optional()
  .describe('Values bound to :name, @name or $name placeholders, one {name, value} per placeholder; never spliced into the SQL.');

export type BoundParams = unknown[] | Record<string, unknown>;
export type ParamArgs = { params?: BoundParams; namedParams?: { name: string; value: unknown }[] };

const bare = (name: string) => name.replace(/^[:@$]/, '');

/** Refuses params with namedParams, and a name given twice (`:id` and `$id` are one placeholder). */
export function checkParams(args: ParamArgs, ctx: z.RefinementCtx): void {
  if (args.params !== undefined && args.namedParams !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['namedParams'], message: 'give positional values in params or named values in namedParams, not both' });
  }
  const seen = new Set<string>();
  for (const [i, { name }] of (args.namedParams ?? []).entries()) {
    if (seen.has(bare(name))) ctx.addIssue({ code: 'custom', path: ['namedParams', i, 'name'], message: `the placeholder "${bare(name)}" is given twice` });
    seen.add(bare(name));
  }
}

/** The values to bind, as the guard and the worker take them: an array, or a map of names. */
export function boundParams(args: ParamArgs): BoundParams | undefined {
  if (args.namedParams) return Object.fromEntries(args.namedParams.map(({ name, value }) => [name, value]));
  return args.params;
}

export const DatabaseName = z.string().min(1).describe('A database name from list_databases.');

const Cell = z.union([z.string().describe('TEXT, or an integer beyond 2^53 as digits'), z.number().describe('INTEGER or REAL'),
  z.null().describe('NULL'), z.object({ base64: z.string() }).describe('BLOB')]);

/** The result shape shared by sql_query and sql_execute. */
export const ResultShape = {
  database: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(Cell)),
  rowCount: z.number(),
  truncated: z.boolean(),
  tables: z.array(z.string()),
};
