import type { Database, Statement } from 'better-sqlite3';
import { WardenError, denied } from '../../errors.js';
import { SqlGuard, type SqlMode } from '../../guards/sql.js';
import { openDatabase } from '../../guards/sql-open.js';
import type { Config } from '../../config/types.js';
import { readRows, type Rows } from './rows.js';
import { bindable } from './values.js';
import { capBlobFunctions } from './blob-cap.js';

export type DatabaseConfig = Config['databases'][string];

/** One statement to run, as the tool's guard planned it. */
export interface RunRequest {
  mode: SqlMode;
  sql: string;
  params?: unknown[] | Record<string, unknown>;
  maxRows: number;
  maxBytes: number;
  /** The tables the call was authorized for; a different set means the schema moved. */
  tables?: string[];
}

export interface RunResult extends Rows {
  tables: string[];
  changes?: number;
  lastInsertRowid?: number | string;
}

/**
 * Runs guarded statements against one database. It lives in the database's worker
 * process; tests may use it in-process. Reads go through a read-only connection, writes
 * through their own; the guard re-judges every statement here (a cache hit), so what
 * runs is exactly what was judged, even if another process changed the schema since.
 */
export class SqlEngine {
  readonly #ro: Database;
  readonly #rw: Database | undefined;
  readonly #guard: SqlGuard;
  readonly #config: DatabaseConfig;
  readonly #totalChanges: Statement | undefined;

  private constructor(ro: Database, rw: Database | undefined, config: DatabaseConfig) {
    this.#ro = ro;
    this.#rw = rw;
    this.#config = config;
    this.#guard = new SqlGuard(ro, { access: config.access, tables: config.tables, virtualTables: config.virtualTables });
    this.#totalChanges = rw?.prepare('SELECT total_changes()').pluck();
  }

  static async open(name: string, config: DatabaseConfig, maxBlobBytes: number): Promise<SqlEngine> {
    const ro = await openDatabase(name, config.path, { readonly: true });
    const rw = config.access === 'read-write' ? await openDatabase(name, config.path, { readonly: false }) : undefined;
    for (const db of [ro, rw]) if (db) capBlobFunctions(db, maxBlobBytes);
    rw?.pragma(`busy_timeout = ${Math.min(config.timeoutMs, 5000)}`);
    return new SqlEngine(ro, rw, config);
  }

  run(req: RunRequest): RunResult {
    const params = bindable(req.params);
    const verdict = this.#guard.check(req.sql, req.mode, params);
    if (req.tables && req.tables.join('\0') !== verdict.tables.join('\0')) {
      throw denied('The database schema changed between the check and the run; send the statement again.', { rule: 'sql.schema_changed' });
    }
    try {
      if (req.mode === 'query') return { ...readRows(this.#ro.prepare(req.sql), params, req.maxRows, req.maxBytes), tables: verdict.tables };
      return { ...this.#write(req, params), tables: verdict.tables };
    } catch (error) {
      throw sqliteError(error);
    }
  }

  // One transaction per statement: more changed rows than allowed rolls it all back.
  #write(req: RunRequest, params: unknown[] | Record<string, unknown> | undefined): Omit<RunResult, 'tables'> {
    const rw = this.#rw!;
    const stmt = rw.prepare(req.sql);
    const before = Number(this.#totalChanges!.get());
    return rw.transaction(() => {
      let out: Omit<RunResult, 'tables'>;
      if (stmt.reader) {
        out = readRows(stmt, params, req.maxRows, req.maxBytes);
      } else {
        const info = params === undefined ? stmt.run() : Array.isArray(params) ? stmt.run(...params) : stmt.run(params);
        out = { columns: [], rows: [], truncated: false, ...(info.changes > 0 ? { lastInsertRowid: Number(info.lastInsertRowid) } : {}) };
      }
      // total_changes also counts rows changed by triggers and foreign-key actions.
      const changes = Number(this.#totalChanges!.get()) - before;
      if (changes > this.#config.maxChangedRows) {
        throw new WardenError('too_large', `The statement would change ${changes} rows; at most ${this.#config.maxChangedRows} may change in one call (databases.*.maxChangedRows). Nothing was changed.`,
          { step: 'execute', rule: 'sql.max_changed_rows' });
      }
      return { ...out, changes };
    }).immediate();
  }
}

function sqliteError(error: unknown): WardenError {
  if (error instanceof WardenError) return error;
  const e = error as { code?: string; message?: string };
  if (e.code === 'SQLITE_READONLY') return denied('The statement tried to write through a read-only connection.', { rule: 'sql.not_read_only' });
  if (e.code === 'SQLITE_TOOBIG' || e.code === 'SQLITE_NOMEM') return new WardenError('too_large', `SQLite: ${e.message}`, { step: 'execute', rule: 'sql.too_big' });
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) {
    return new WardenError('failed', `SQLite: ${e.message}`, { step: 'execute', rule: 'sql.sqlite', sqliteCode: e.code });
  }
  if (error instanceof RangeError || error instanceof TypeError) {
    return new WardenError('invalid_input', `The parameters do not fit the statement: ${(error as Error).message}`, { step: 'execute', rule: 'sql.params' });
  }
  return new WardenError('failed', 'The statement failed unexpectedly.', { step: 'execute' });
}
