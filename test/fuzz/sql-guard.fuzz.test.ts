// Random compositions of the SQL attack grammar (issue 5), judged by effect: the denied
// table's data never reaches the caller or a readable table, sql_query never writes,
// and no file appears beside the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { SqlEngine } from '../../src/tools/sql/engine.js';
import { makeDatabase, databaseConfig, hashFile, SECRET } from '../guards/sql-fixture.js';
import { attempt, seen } from '../guards/sql-attack-helpers.js';
import { fcAssert, fcParams } from '../helpers/reliability.js';
import { obfuscated } from './sql-grammar.js';

const DENIED_TABLE = /^secrets(_fts(_.*)?)?$/i;

/** What an attacker could read later without the guard's help: plain tables and secret-naming schema objects. */
function exposure(file: string): { leaked: string[]; secretsRows: string; objects: string[] } {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const leaked = tables.filter((t) => !DENIED_TABLE.test(t))
      .filter((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}"`).raw().all(), (_k, v) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)).includes(SECRET));
    const secretsRows = JSON.stringify(db.prepare('SELECT * FROM secrets ORDER BY id').raw().all());
    const objects = db.prepare("SELECT type || ' ' || name FROM sqlite_schema WHERE type IN ('view', 'trigger', 'index') AND sql LIKE '%secret%' ORDER BY 1").pluck().all() as string[];
    return { leaked, secretsRows, objects };
  } finally {
    db.close();
  }
}

for (const mode of ['query', 'execute'] as const) {
  test(`${mode}: random attack compositions never reach the denied table${mode === 'query' ? ' and never write' : ''}`, async () => {
    await fcAssert(fc.asyncProperty(fc.array(obfuscated, { minLength: 1, maxLength: 6 }), async (attacks) => {
      const { dir, path } = makeDatabase();
      const engine = await SqlEngine.open('main', databaseConfig(path), 1 << 20);
      const start = exposure(path);
      try {
        for (const raw of attacks) {
          const sql = raw.replaceAll('DIR', dir);
          const hash = hashFile(path);
          const a = attempt(engine, mode, sql);
          const shown = seen(a);
          assert.ok(!shown.includes(SECRET), `${JSON.stringify(sql)} returned secret data: ${shown.slice(0, 300)}`);
          for (const t of a.result?.tables ?? []) assert.ok(!DENIED_TABLE.test(t), `${JSON.stringify(sql)} touched ${t}`);
          if (mode === 'query') assert.equal(hashFile(path), hash, `${JSON.stringify(sql)} wrote through sql_query: ${shown.slice(0, 200)}`);
          assert.deepEqual(readdirSync(dir), ['example.db'], `${JSON.stringify(sql)} made a file beside the database`);
          const now = exposure(path);
          assert.deepEqual(now.leaked, [], `${JSON.stringify(sql)} copied secret data into a readable table`);
          assert.equal(now.secretsRows, start.secretsRows, `${JSON.stringify(sql)} changed the denied table`);
          // Dropping one of the fixture's traps is allowed; a new object over the denied table is not.
          assert.deepEqual(now.objects.filter((o) => !start.objects.includes(o)), [], `${JSON.stringify(sql)} left a schema object over the denied table`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }), fcParams(120, 3000));
  });
}
