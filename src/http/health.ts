import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/types.js';
import type { AuditStore } from '../audit/store.js';

/** One readiness check: its name, whether it passed, and why not, in words without secrets or paths. */
export interface Check { name: string; ok: boolean; detail?: string }

const BUSY_MS = 250;

/**
 * The audit log can take a write: the shared store opened, the file is the one it
 * opened (not replaced or deleted since), its folder is writable (SQLite creates the
 * -wal and -shm files there), and a fresh connection gets the write lock. Nothing is
 * appended: BEGIN IMMEDIATE then ROLLBACK.
 */
export async function auditCheck(store: () => Promise<AuditStore>, auditPath: string, inode: () => number | undefined): Promise<Check> {
  const fail = (detail: string): Check => ({ name: 'audit', ok: false, detail });
  try {
    await store();
  } catch {
    return fail('the audit log could not be opened at start-up; every call is refused');
  }
  try {
    fs.accessSync(path.dirname(auditPath), fs.constants.W_OK);
    const stat = fs.statSync(auditPath);
    if (!stat.isFile() || (inode() !== undefined && stat.ino !== inode())) return fail('the audit file was replaced or removed since start-up');
  } catch {
    return fail('the audit folder is not writable or the audit file is gone');
  }
  const { default: Database } = await import('better-sqlite3');
  let db: InstanceType<typeof Database> | undefined;
  try {
    db = new Database(auditPath, { fileMustExist: true, timeout: BUSY_MS });
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return { name: 'audit', ok: true };
  } catch (error) {
    return fail(`the audit log cannot take a write (${(error as { code?: string }).code ?? 'error'})`);
  } finally {
    db?.close();
  }
}

/** Every configured database opens read-only and reads its schema. */
export async function databaseChecks(config: Config): Promise<Check[]> {
  const { default: Database } = await import('better-sqlite3');
  return Object.entries(config.databases).map(([name, entry]) => {
    let db: InstanceType<typeof Database> | undefined;
    try {
      db = new Database(entry.path, { readonly: true, fileMustExist: true, timeout: BUSY_MS });
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
      return { name: `database:${name}`, ok: true };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { name: `database:${name}`, ok: false, detail: code === 'SQLITE_CANTOPEN' ? 'the file is missing or cannot be opened' : `cannot be read (${code ?? 'error'})` };
    } finally {
      db?.close();
    }
  });
}
