import type { SessionContext } from '../contract.js';
import { WardenError } from '../../errors.js';
import { excerpt } from '../../text/for-people.js';
import type { Database } from 'better-sqlite3';
import { SqlGuard } from '../../guards/sql.js';
import { openDatabase } from '../../guards/sql-open.js';
import type { DatabaseConfig } from './engine.js';
import { SqlWorker } from './worker-client.js';
import { isHotJournal, sqliteError } from './sqlite-errors.js';

export interface Connection {
  db: Database;
  guard: SqlGuard;
}

/**
 * Per-session state of the SQL tools: for each database, a read-only connection in the
 * server for the guard step (and list_tables/describe_table, which only read the
 * schema), and the worker process that runs statements. Both open on first use.
 */
export class SqlRuntime {
  readonly #session: SessionContext;
  readonly #guards = new Map<string, Promise<Connection>>();
  readonly #workers = new Map<string, SqlWorker>();

  constructor(session: SessionContext) {
    this.#session = session;
  }

  /** The config of a database by name; an unknown name is `not_found` with the known names. */
  database(name: string): DatabaseConfig {
    const db = Object.hasOwn(this.#session.config.databases, name) ? this.#session.config.databases[name] : undefined;
    if (!db) {
      const known = Object.keys(this.#session.config.databases);
      throw new WardenError('not_found', `No database is named ${excerpt(name)}; configured: ${known.join(', ') || 'none'}.`,
        { step: 'guard', rule: 'sql.unknown_database' });
    }
    return db;
  }

  /** The server-side read-only connection of a database and its guard. */
  connection(name: string): Promise<Connection> {
    const config = this.database(name);
    let guard = this.#guards.get(name);
    if (!guard) {
      guard = openDatabase(name, config.path, { readonly: true }).then((db) => ({
        db, guard: new SqlGuard(db, { access: config.access, tables: config.tables, virtualTables: config.virtualTables }),
      }));
      // A missing file may appear later (doctor tells the user): do not cache the failure.
      guard.catch(() => this.#guards.delete(name));
      this.#guards.set(name, guard);
    }
    return guard;
  }

  /**
   * Runs `read` on the server's connection of a database. A write killed at its timeout
   * leaves a hot journal that read-only connections may not roll back: for a read-write
   * database the worker's read-write connection rolls it back (it does on opening, or
   * on its next read), then `read` runs again.
   */
  async read<T>(name: string, read: (connection: Connection) => T): Promise<T> {
    const connection = await this.connection(name);
    try {
      return read(connection);
    } catch (error) {
      if (!isHotJournal(error)) throw error;
      if (this.database(name).access !== 'read-write') throw sqliteError(error);
    }
    await this.worker(name).run({ mode: 'query', sql: 'SELECT 1', maxRows: 1, maxBytes: 1024 });
    try {
      return read(connection);
    } catch (error) {
      throw isHotJournal(error) ? sqliteError(error) : error;
    }
  }

  worker(name: string): SqlWorker {
    let worker = this.#workers.get(name);
    if (!worker) {
      worker = new SqlWorker(name, this.database(name), this.#session.config.limits.maxResultBytes);
      this.#workers.set(name, worker);
    }
    return worker;
  }
}
