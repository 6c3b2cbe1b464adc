import Database from 'better-sqlite3';

/** Reads every audit row, oldest first, straight from the file. */
export function auditRows(file: string): Array<Record<string, any>> {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT * FROM events ORDER BY id').all() as Array<Record<string, any>>;
  } finally {
    db.close();
  }
}
