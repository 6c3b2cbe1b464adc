import { z } from 'zod';
import type { ToolDefinition, ToolOutput } from '../contract.js';
import { WardenError } from '../../errors.js';
import type { SqlMode } from '../../guards/sql.js';
import type { SqlRuntime } from './runtime.js';
import type { RunResult } from './engine.js';
import { bindable } from './values.js';
import { textTable } from './format.js';
import { boundParams, checkParams, DatabaseName, NamedParams, Params, ResultShape, type ParamArgs } from './shapes.js';

export type StatementArgs = ParamArgs & { database: string; sql: string; maxRows?: number };
export type StatementPlan = { database: string; tables: string[] };

/** What differs between sql_query and sql_execute; the rest is one definition. */
export interface StatementTool {
  name: string;
  mode: SqlMode;
  description: string;
  permission: ToolDefinition['permission'];
  annotations: ToolDefinition['annotations'];
  inputExtra: z.ZodRawShape;
  outputExtra: z.ZodRawShape;
  /** Called when the worker timed out or was cancelled: a write's fate is then unknown. */
  onTimeout?: (error: WardenError) => ToolOutput;
}

/** Builds a tool that judges one statement in the guard step and runs it in the database's worker. */
export function statementTool(runtime: SqlRuntime, spec: StatementTool): ToolDefinition<StatementArgs, StatementPlan> {
  return {
    name: spec.name,
    description: spec.description,
    permission: spec.permission,
    inputSchema: z.strictObject({
      database: DatabaseName, sql: z.string().min(1).max(100_000), params: Params, namedParams: NamedParams, ...spec.inputExtra,
    }).superRefine(checkParams) as unknown as z.ZodType<StatementArgs>,
    outputSchema: z.object({ ...ResultShape, ...spec.outputExtra }),
    annotations: spec.annotations,
    async guard(args) {
      const { database, sql } = args;
      runtime.database(database);
      const verdict = await runtime.read(database, ({ guard }) => guard.check(sql, spec.mode, bindable(boundParams(args))));
      return { resource: { type: 'database', database, tables: verdict.tables }, plan: { database, tables: verdict.tables } };
    },
    async execute(args, { database, tables }, ctx) {
      const { sql, maxRows } = args;
      const config = runtime.database(database);
      let result: RunResult;
      try {
        result = await runtime.worker(database).run({
          mode: spec.mode, sql, params: boundParams(args), tables,
          maxRows: Math.min(maxRows ?? config.maxRows, config.maxRows),
          // The rows go out twice (structured and as a text table), each escaped once more in
          // the answer's JSON: a third of the cap stops a read that could only be refused later.
          maxBytes: Math.floor(ctx.config.limits.maxResultBytes / 3),
        }, ctx.signal);
      } catch (error) {
        if (error instanceof WardenError && error.code === 'timeout' && spec.onTimeout) return spec.onTimeout(error);
        throw error;
      }
      const { columns, rows, truncated, changes, lastInsertRowid } = result;
      const structured = { database, columns, rows, rowCount: rows.length, truncated, tables: result.tables,
        ...(changes === undefined ? {} : { changes }), ...(lastInsertRowid === undefined ? {} : { lastInsertRowid }) };
      const summary = changes === undefined ? '' : `${changes} row${changes === 1 ? '' : 's'} changed\n`;
      return {
        structured, text: summary + textTable(columns, rows, truncated),
        auditDetail: { rowCount: rows.length, truncated, ...(changes === undefined ? {} : { changes }) },
      };
    },
  };
}
