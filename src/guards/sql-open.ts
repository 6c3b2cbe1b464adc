import type { Database } from 'better-sqlite3';
import { WardenError } from '../errors.js';

/**
 * Opens a database hardened as ARCHITECTURE.md §3 asks: the file must exist, read-only unless
 * asked, `trusted_schema` off (schema-defined SQL may not call risky functions), and
 * better-sqlite3's default `defensive` mode kept on (no `unsafeMode`).
 * better-sqlite3 is imported here, lazily: start-up must not pay for it.
 */
export async function openDatabase(name: string, path: string, options: { readonly: boolean }): Promise<Database> {
  const { default: Sqlite } = await import('better-sqlite3');
  let db: Database;
  try {
    db = new Sqlite(path, { readonly: options.readonly, fileMustExist: true });
  } catch {
    throw new WardenError('not_found', `Database ${name}: no SQLite file could be opened at ${path}. Check databases.${name}.path in the config (mcp-warden doctor).`,
      { step: 'execute', rule: 'sql.database_missing' });
  }
  db.unsafeMode(false);
  db.pragma('trusted_schema = OFF');
  if (options.readonly) db.pragma('query_only = ON');
  return db;
}
