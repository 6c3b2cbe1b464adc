import type { Database, Statement } from 'better-sqlite3';
import { WardenError, denied } from '../../errors.js';
import { SqlGuard, type SqlMode, type SqlVerdict } from '../../guards/sql.js';
import { openDatabase } from '../../guards/sql-open.js';
import type { Config } from '../../config/types.js';
import { readRows, type Rows } from './rows.js';
import { bindable } from './values.js';
import { capBlobFunctions } from './blob-cap.js';
import { limitSqliteMemory, memoryLimitError } from './memory-limit.js';
import { isHotJournal, sqliteError } from './sqlite-errors.js';

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

type Params = unknown[] | Record<string, unknown> | undefined;
type Reader = { stmt: Statement; version: number; columns: string[] };
const READER_CACHE_SIZE = 128;

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
  readonly #name: string;
  readonly #ro: Database;
  readonly #rw: Database | undefined;
  readonly #guard: SqlGuard;
  readonly #config: DatabaseConfig;
  readonly #totalChanges: Statement | undefined;
  readonly #begin: Statement;
  readonly #rollback: Statement;
  readonly #readers = new Map<string, Reader>();

  private constructor(name: string, ro: Database, rw: Database | undefined, config: DatabaseConfig) {
    this.#name = name;
    this.#ro = ro;
    this.#rw = rw;
    this.#config = config;
    this.#guard = new SqlGuard(ro, { access: config.access, tables: config.tables, virtualTables: config.virtualTables });
    this.#totalChanges = rw?.prepare('SELECT total_changes()').pluck();
    this.#begin = ro.prepare('BEGIN');
    this.#rollback = ro.prepare('ROLLBACK');
  }

  static async open(name: string, config: DatabaseConfig, maxBlobBytes: number): Promise<SqlEngine> {
    const rw = config.access === 'read-write' ? await openDatabase(name, config.path, { readonly: false }) : undefined;
    const ro = await openDatabase(name, config.path, { readonly: true });
    try {
      rw?.pragma(`busy_timeout = ${Math.min(config.timeoutMs, 5000)}`);
      // A write killed at its timeout leaves a hot journal that only a read-write
      // connection may roll back: let it, before the read-only one reads anything.
      rw?.pragma('schema_version');
      for (const db of [ro, rw]) if (db) capBlobFunctions(db, maxBlobBytes);
      for (const db of [ro, rw]) if (db) limitSqliteMemory(db, config.memoryLimitMb);
      return new SqlEngine(name, ro, rw, config);
    } catch (error) {
      throw sqliteError(error);
    }
  }

  run(req: RunRequest): RunResult {
    const params = bindable(req.params);
    try {
      try {
        return req.mode === 'query' ? this.#query(req, params) : this.#write(req, params);
      } catch (error) {
        // A process stopped mid-write: only a read-write connection may roll its journal back.
        if (!isHotJournal(error) || !this.#rw) throw error;
        this.#rw.pragma('schema_version');
        return req.mode === 'query' ? this.#query(req, params) : this.#write(req, params);
      }
    } catch (error) {
      throw this.#error(error);
    }
  }

  // The schema check and the read share one read transaction: one lock instead of two,
  // and no other process can change the schema between the verdict and the rows.
  #query(req: RunRequest, params: Params): RunResult {
    this.#begin.run();
    try {
      const verdict = this.#check(req, params);
      const reader = this.#reader(req.sql, verdict.schemaVersion);
      return { ...readRows(reader.stmt, params, req.maxRows, req.maxBytes, reader.columns), tables: verdict.tables };
    } finally {
      if (this.#ro.inTransaction) this.#rollback.run();
    }
  }

  #check(req: RunRequest, params: Params): SqlVerdict {
    const verdict = this.#guard.check(req.sql, req.mode, params);
    if (req.tables && req.tables.join('\0') !== verdict.tables.join('\0')) {
      throw denied('The database schema changed between the check and the run; send the statement again.', { rule: 'sql.schema_changed' });
    }
    return verdict;
  }

  // Prepared reads by text, for the schema version they were prepared under: a column
  // list read before SQLite re-prepares a stale statement would be the old one.
  #reader(sql: string, version: number): Reader {
    const cached = this.#readers.get(sql);
    if (cached?.version === version) return cached;
    const stmt = this.#ro.prepare(sql);
    const reader = { stmt, version, columns: stmt.columns().map((c) => c.name) };
    if (!cached && this.#readers.size >= READER_CACHE_SIZE) this.#readers.delete(this.#readers.keys().next().value!);
    this.#readers.set(sql, reader);
    return reader;
  }

  // One transaction per statement: more changed rows than allowed rolls it all back.
  #write(req: RunRequest, params: Params): RunResult {
    const verdict = this.#check(req, params);
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
      return { ...out, changes, tables: verdict.tables };
    }).immediate();
  }

  #error(error: unknown): WardenError {
    if ((error as { code?: string } | undefined)?.code === 'SQLITE_NOMEM') return memoryLimitError(this.#name, this.#config.memoryLimitMb);
    return sqliteError(error);
  }
}
