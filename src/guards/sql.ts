import type { Database, Statement } from 'better-sqlite3';
import { WardenError, denied } from '../errors.js';
import { tokenize, splitStatements, type Token } from './sql-lexer.js';
import { shapeOf, type StatementKind } from './sql-statement.js';
import { readPlan, type PlanRow } from './sql-plan.js';
import { readCatalog, type CatalogSnapshot } from './sql-catalog.js';
import { compileTableRule, isInternal, type TableRuleConfig } from './sql-rules.js';
import { hiddenTable, noSuchTable, prepareError, stacked } from './sql-refusals.js';

export type SqlMode = 'query' | 'execute';
export type SqlParams = unknown[] | Record<string, unknown> | undefined;

/** What the guard learned about one statement: the canonical resource and how to run it. */
export interface SqlVerdict {
  kind: StatementKind;
  readonly: boolean;
  /** Tables read or written, canonical names, sorted. */
  tables: string[];
  schemaVersion: number;
}

export interface SqlGuardOptions {
  access: 'read' | 'read-write';
  tables: TableRuleConfig;
  /** Virtual tables and table-valued functions a statement may use. */
  virtualTables: readonly string[];
}

// Functions that reach outside the database; load_extension is also off in the library.
const DENIED_FUNCTIONS = new Set(['load_extension', 'fts3_tokenizer', 'readfile', 'writefile', 'edit']);
const CACHE_SIZE = 512;

/**
 * The SQL guard for one database connection. SQLite's compiler is the judge: the
 * statement is prepared and its EXPLAIN program read for the tables it opens. Verdicts
 * are cached per (mode, text, schema version), so a repeated statement costs a lookup.
 */
export class SqlGuard {
  readonly #db: Database;
  readonly #options: SqlGuardOptions;
  readonly #visible: (name: string) => boolean;
  readonly #version: Statement;
  readonly #cache = new Map<string, SqlVerdict | WardenError>();
  #schema: CatalogSnapshot | undefined;
  #vtabs = new Map<string, string>();

  constructor(db: Database, options: SqlGuardOptions) {
    this.#db = db;
    this.#options = options;
    this.#visible = compileTableRule(options.tables);
    this.#version = db.prepare('PRAGMA schema_version').pluck();
  }

  /** Judges one statement; returns the verdict or throws a WardenError. */
  check(sql: string, mode: SqlMode, params?: SqlParams): SqlVerdict {
    const schema = this.schema();
    const key = `${mode}\0${sql}`;
    const cached = this.#cache.get(key);
    if (cached && (cached instanceof WardenError || cached.schemaVersion === schema.version)) {
      if (cached instanceof WardenError) throw cached;
      return cached;
    }
    let result: SqlVerdict | WardenError;
    try {
      result = this.#judge(sql, mode, params, schema);
    } catch (error) {
      if (!(error instanceof WardenError)) throw error;
      result = error;
    }
    // Parameter errors depend on the call, not the text: never cache them.
    if (!(result instanceof WardenError && result.detail.rule === 'sql.params')) {
      if (this.#cache.size >= CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(key, result);
    }
    if (result instanceof WardenError) throw result;
    return result;
  }

  /** Whether a table may be listed, described or touched at all. */
  isVisible(name: string): boolean {
    const schema = this.schema();
    const lower = name.toLowerCase();
    const owner = schema.shadowOf.get(lower);
    return this.#visible(name) && (owner === undefined || this.#visible(owner));
  }

  /** The current schema snapshot, re-read when another connection changed the schema. */
  schema(): CatalogSnapshot {
    const version = Number(this.#version.get());
    if (this.#schema?.version !== version) {
      this.#schema = readCatalog(this.#db, version);
      this.#vtabs = this.#allowedVtabs(this.#schema);
      // Denials that named a then-missing table may now be wrong either way.
      this.#cache.clear();
    }
    return this.#schema;
  }

  #judge(sql: string, mode: SqlMode, params: SqlParams, schema: CatalogSnapshot): SqlVerdict {
    if (mode === 'execute' && this.#options.access === 'read') {
      throw denied('This database is configured read-only (access: read); sql_execute needs access: read-write.', { rule: 'sql.read_only_database' });
    }
    let tokens: Token[];
    try {
      tokens = tokenize(sql);
    } catch {
      throw new WardenError('invalid_input', 'The statement has an unterminated string, identifier or comment.', { step: 'guard', rule: 'sql.syntax' });
    }
    const statements = splitStatements(tokens);
    if (statements.length === 0) throw new WardenError('invalid_input', 'The statement is empty.', { step: 'guard', rule: 'sql.empty' });
    const shape = shapeOf(statements[0], mode);
    if (statements.length > 1) throw stacked(statements.length);
    const isHidden = (name: string) => this.#hidden(name, schema);

    let stmt: Statement;
    try {
      stmt = this.#db.prepare(sql);
    } catch (error) {
      throw prepareError(error, tokens, isHidden);
    }
    if (mode === 'query' && !stmt.readonly) {
      throw denied('sql_query runs read-only statements; this one writes (use sql_execute).', { rule: 'sql.not_read_only' });
    }
    const tables = new Set<string>();
    for (const target of shape.targets) this.#checkTarget(target.name, target.index === true, schema, tables, tokens);
    this.#checkPlan(this.#explain(sql, params), shape.kind, schema, tables, tokens);
    return { kind: shape.kind, readonly: stmt.readonly, tables: [...tables].sort(), schemaVersion: schema.version };
  }

  #explain(sql: string, params: SqlParams): PlanRow[] {
    const explain = this.#db.prepare(`EXPLAIN ${withoutLeadingEmpty(sql)}`);
    try {
      return (params === undefined ? explain.all() : Array.isArray(params) ? explain.all(...params) : explain.all(params)) as PlanRow[];
    } catch (error) {
      throw new WardenError('invalid_input', `The parameters do not fit the statement: ${(error as Error).message}`, { step: 'guard', rule: 'sql.params' });
    }
  }

  #checkPlan(rows: PlanRow[], kind: StatementKind, schema: CatalogSnapshot, tables: Set<string>, tokens: Token[]): void {
    const facts = readPlan(rows);
    for (const { page, db } of facts.roots) {
      if (db === 1) throw denied('The temp schema is not allowed.', { rule: 'sql.temp_schema' });
      if (db !== 0) throw denied('Attached databases are not allowed.', { rule: 'sql.attach' });
      // Page 1 is sqlite_schema: DDL must write it, nothing else may read it.
      if (page === 1) {
        if (kind === 'ddl') continue;
        throw hiddenTable(tokens.find((t) => /^sqlite_(master|schema)$/i.test(t.raw))?.raw ?? 'sqlite_schema', tokens);
      }
      const name = schema.byRoot.get(page);
      if (name === undefined) throw denied('The statement opens a b-tree the guard cannot name.', { rule: 'sql.unknown_table' });
      if (isInternal(name)) {
        // sqlite_sequence and friends are bookkeeping for writes, never readable on their own.
        if (kind === 'write' || kind === 'ddl') continue;
        throw hiddenTable(name, tokens);
      }
      if (this.#hidden(name, schema)) throw hiddenTable(name, tokens);
      tables.add(name);
    }
    if (facts.newRoots && kind !== 'ddl') throw denied('The statement creates a b-tree at run time.', { rule: 'sql.schema_object' });
    if (facts.schemaOps.length && kind !== 'ddl') throw denied('The statement changes the schema at run time.', { rule: 'sql.schema_object' });
    if (facts.schemaOps.some((op) => op === 'VCreate' || op === 'VDestroy')) {
      throw denied('Creating or dropping virtual tables is not allowed.', { rule: 'sql.virtual_table' });
    }
    for (const vtab of facts.vtabs) {
      if (!this.#vtabs.has(vtab)) {
        throw denied(`The statement uses a virtual table or table-valued function that is not allowed (pragma_*, dbstat, sqlite_dbpage, …). Allowed: ${this.#options.virtualTables.join(', ') || 'none'}.`,
          { rule: 'sql.virtual_table' });
      }
    }
    for (const fn of facts.functions) {
      if (DENIED_FUNCTIONS.has(fn)) throw denied(`The function ${fn}() is not allowed.`, { rule: 'sql.function' });
    }
  }

  // A DDL target must be an allowed name; an existing index, view or trigger also answers for its table.
  #checkTarget(target: string, newIndex: boolean, schema: CatalogSnapshot, tables: Set<string>, tokens: Token[]): void {
    const existing = schema.byName.get(target.toLowerCase());
    if (this.#hidden(target, schema) || (existing && this.#hidden(existing.table, schema))) throw hiddenTable(target, tokens);
    if (newIndex) return;
    if (!existing || existing.type === 'table') tables.add(existing?.name ?? target);
    else tables.add(existing.table);
  }

  #hidden(name: string, schema: CatalogSnapshot): boolean {
    if (isInternal(name)) return true;
    const owner = schema.shadowOf.get(name.toLowerCase());
    return !this.#visible(name) || (owner !== undefined && !this.#visible(owner));
  }

  // Addresses of the allowed virtual tables on this connection: EXPLAIN shows a VOpen
  // only as `vtab:ADDRESS`, stable while the connection and schema last.
  #allowedVtabs(schema: CatalogSnapshot): Map<string, string> {
    const map = new Map<string, string>();
    for (const name of this.#options.virtualTables) {
      if (schema.byName.has(name.toLowerCase()) && this.#hidden(name, schema)) continue;
      try {
        const rows = this.#db.prepare(`EXPLAIN SELECT * FROM "${name.replace(/"/g, '""')}"`).all() as PlanRow[];
        for (const r of rows) if (r.opcode === 'VOpen' && r.p4) map.set(r.p4, name);
      } catch {
        // Not a virtual table on this build: nothing to allow.
      }
    }
    return map;
  }
}

// SQLite skips leading whitespace, comments and empty statements, but `EXPLAIN ;SELECT 1`
// is a syntax error: EXPLAIN must stand right before the statement it explains.
function withoutLeadingEmpty(sql: string): string {
  return sql.replace(/^(?:[ \t\n\f\r;]+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?(?:\*\/|$))*/, '');
}

export { noSuchTable };
