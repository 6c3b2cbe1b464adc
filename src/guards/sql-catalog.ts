import type { Database } from 'better-sqlite3';

/** One object of `sqlite_schema`. */
export interface CatalogObject {
  type: string;
  name: string;
  table: string;
  rootpage: number;
}

/** A snapshot of `sqlite_schema` (the database's catalog: its tables, indexes, views, triggers) for one schema version. */
export interface CatalogSnapshot {
  version: number;
  /** Root page → the table that owns it (an index's page maps to its table). */
  byRoot: Map<number, string>;
  /** Lower-cased name → object. */
  byName: Map<string, CatalogObject>;
  /** Lower-cased name of an FTS/R-tree shadow table → its virtual table. */
  shadowOf: Map<string, string>;
}

// Suffixes of the shadow tables of fts3/4/5 and rtree: they hold the indexed text.
const SHADOW = /_(content|data|idx|docsize|config|segments|segdir|stat|node|parent|rowid)$/i;

/** Reads sqlite_schema of `main`; cheap, and only redone when the schema version moves. */
export function readCatalog(db: Database, version: number): CatalogSnapshot {
  const rows = db.prepare('SELECT type, name, tbl_name AS "table", rootpage FROM main.sqlite_schema').all() as CatalogObject[];
  const byRoot = new Map<number, string>();
  const byName = new Map<string, CatalogObject>();
  const virtual = new Set<string>();
  for (const r of rows) {
    byName.set(r.name.toLowerCase(), r);
    if (r.rootpage > 0) byRoot.set(r.rootpage, r.table);
    else if (r.type === 'table') virtual.add(r.name.toLowerCase());
  }
  const shadowOf = new Map<string, string>();
  for (const r of rows) {
    const m = SHADOW.exec(r.name);
    const owner = m && r.name.slice(0, m.index).toLowerCase();
    if (owner && virtual.has(owner)) shadowOf.set(r.name.toLowerCase(), byName.get(owner)!.name);
  }
  return { version, byRoot, byName, shadowOf };
}
