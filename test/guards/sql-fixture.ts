// A temp copy of fixtures/db/example.sql plus the traps the attack tests aim at: a view,
// a trigger and an FTS index over the denied `secrets` table, made outside the guard.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigSchema } from '../../src/config/schema/index.js';

export const SECRET = 'TOPSECRET';
const EXAMPLE = readFileSync(new URL('../../fixtures/db/example.sql', import.meta.url), 'utf8');

/** Builds a fresh example database in a temp dir; returns its folder and path. */
export function makeDatabase(extraSql = ''): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-sql-'));
  const path = join(dir, 'example.db');
  const db = new Database(path);
  db.exec(EXAMPLE);
  db.exec(`
    CREATE VIEW project_secrets AS SELECT p.name, s.value FROM projects p JOIN secrets s ON s.id = p.id;
    CREATE TABLE log (entry TEXT);
    CREATE TRIGGER copy_secrets AFTER INSERT ON tasks BEGIN INSERT INTO log SELECT value FROM secrets; END;
    CREATE VIRTUAL TABLE secrets_fts USING fts5(value);
    INSERT INTO secrets_fts SELECT value FROM secrets;
  `);
  if (extraSql) db.exec(extraSql);
  db.close();
  return { dir, path };
}

/** A parsed database config entry for `path`, secrets (and its FTS index) denied. */
export function databaseConfig(path: string, overrides: Record<string, unknown> = {}) {
  const config = ConfigSchema.parse({
    databases: { main: { path, access: 'read-write', tables: { deny: ['secrets', 'secrets_fts'] }, ...overrides } },
  });
  return config.databases.main;
}

/** SHA-256 of a file, to prove a read-only database did not change. */
export function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
