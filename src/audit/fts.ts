import type BetterSqlite3 from 'better-sqlite3';
import { FTS_TABLE } from './ddl.js';

/**
 * The words of `--text` as an FTS5 query: each word a quoted phrase (so `-`, `:`, `OR`,
 * `NEAR(` and quotes in it are text, never query syntax), all required; a trailing `*`
 * asks for a prefix. Undefined when there is no word.
 */
export function ftsQuery(words: string): string | undefined {
  const terms = words.split(/\s+/).filter(Boolean).map((word) => {
    const prefix = word.length > 1 && word.endsWith('*');
    const body = prefix ? word.slice(0, -1) : word;
    return `"${body.replaceAll('"', '""')}"${prefix ? '*' : ''}`;
  });
  return terms.length ? terms.join(' AND ') : undefined;
}

const INDEXED_ARGS = "CASE WHEN substr(args, 1, 7) = 'enc:v1:' THEN NULL ELSE args END";

/** The id the index is built through: 0 without one (a log no current writer opened). */
export function indexedThrough(db: BetterSqlite3.Database): number {
  const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(FTS_TABLE);
  if (!table) return -1;
  const row = db.prepare<[], { n: number }>("SELECT CAST(value AS INTEGER) AS n FROM audit_meta WHERE key = 'fts_through'").get();
  return row?.n ?? 0;
}

/**
 * Brings the index up to the last row, in one transaction (one FTS5 segment, not one per
 * call as an insert trigger would write). Encrypted args are left out: ciphertext is not text.
 * Returns how many rows it indexed.
 */
export function catchUpFullText(db: BetterSqlite3.Database): number {
  const run = db.transaction(() => {
    const through = indexedThrough(db);
    if (through < 0) return 0;
    const last = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM events').get()?.id ?? 0;
    if (last <= through) return 0;
    // No watermark: whatever the index holds is of unknown extent, so start over.
    if (!db.prepare("SELECT 1 FROM audit_meta WHERE key = 'fts_through'").get()) {
      db.prepare(`INSERT INTO ${FTS_TABLE}(${FTS_TABLE}) VALUES ('delete-all')`).run();
    }
    const added = db.prepare(`INSERT INTO ${FTS_TABLE}(rowid, args, reason, error)
      SELECT id, ${INDEXED_ARGS}, reason, error FROM events WHERE id > ? AND id <= ?`).run(through, last).changes;
    db.prepare("INSERT INTO audit_meta (key, value) VALUES ('fts_through', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(last));
    return added;
  });
  return run.immediate();
}

/**
 * A WHERE term for rows whose args, reason or error contain every word: the index up to
 * the id it was built through, a substring scan (LIKE) of the rows after it.
 */
export function textCondition(db: BetterSqlite3.Database, words: string, params: Record<string, unknown>): string {
  const query = ftsQuery(words);
  if (!query) return '1';
  const like = words.split(/\s+/).filter(Boolean).map((word, i) => {
    params[`like${i}`] = `%${word.replace(/\*$/, '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const term = (column: string) => `${column} LIKE @like${i} ESCAPE '\\'`;
    return `(${term(INDEXED_ARGS)} OR ${term('reason')} OR ${term('error')})`;
  }).join(' AND ');
  const through = indexedThrough(db);
  params.ftsThrough = Math.max(0, through);
  if (through <= 0) return `(${like})`;
  params.fts = query;
  return `id IN (SELECT rowid FROM ${FTS_TABLE} WHERE ${FTS_TABLE} MATCH @fts AND rowid <= @ftsThrough
    UNION ALL SELECT id FROM events WHERE id > @ftsThrough AND ${like})`;
}
