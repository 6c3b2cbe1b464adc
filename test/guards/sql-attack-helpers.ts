// Runs a statement through the guard and the engine in-process and reports what came
// back, so attack tests can judge by effect: what data reached the caller.
import { SqlEngine, type RunResult } from '../../src/tools/sql/engine.js';
import { WardenError } from '../../src/errors.js';
import type { SqlMode } from '../../src/guards/sql.js';

export type Attempt = { result: RunResult; error?: undefined } | { result?: undefined; error: WardenError };

/** Runs one statement; a refusal is returned, not thrown. */
export function attempt(engine: SqlEngine, mode: SqlMode, sql: string, params?: unknown[]): Attempt {
  try {
    return { result: engine.run({ mode, sql, params, maxRows: 100, maxBytes: 1 << 20 }) };
  } catch (error) {
    if (error instanceof WardenError) return { error };
    throw error;
  }
}

/** Everything an attempt handed back, blobs decoded, as one searchable string. */
export function seen(a: Attempt): string {
  return JSON.stringify(a.result ?? { code: a.error.code, message: a.error.message }, (_k, v) =>
    v && typeof v === 'object' && typeof v.base64 === 'string' ? Buffer.from(v.base64, 'base64').toString('latin1') : v);
}

/** Every readable table's content, read through the engine itself. */
export function readable(engine: SqlEngine): string {
  return ['projects', 'tasks', 'log'].map((t) => seen(attempt(engine, 'query', `SELECT * FROM ${t}`))).join('\n');
}
