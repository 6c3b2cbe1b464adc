// ATTACH, VACUUM INTO, load_extension and pragmas: ways out of the database or around
// its safety settings. Judged by effect: no file appears, the database is unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqlEngine } from '../../src/tools/sql/engine.js';
import { makeDatabase, databaseConfig, hashFile } from './sql-fixture.js';
import { attempt, seen } from './sql-attack-helpers.js';

let engine: SqlEngine;
let dir: string;
let path: string;
let hash: string;
before(async () => {
  ({ dir, path } = makeDatabase());
  engine = await SqlEngine.open('main', databaseConfig(path), 1 << 20);
  hash = hashFile(path);
});
after(() => {
  assert.equal(hashFile(path), hash, 'the database file changed');
  assert.deepEqual(readdirSync(dir).sort(), ['example.db'], 'a file appeared next to the database');
});

const FILES = (d: string): Record<string, [string, string]> => ({
  'ATTACH': [`ATTACH DATABASE '${d}/evil.db' AS evil`, 'evil.db'],
  'attach with a file: URI and mode=rwc': [`attach 'file:${d}/evil2.db?mode=rwc' as e`, 'evil2.db'],
  'VACUUM INTO': [`VACUUM INTO '${d}/copy.db'`, 'copy.db'],
  'VACUUM INTO, obfuscated': [`/**/vAcUuM/**/main/**/INTO '${d}/copy2.db'`, 'copy2.db'],
  'ATTACH after a comment': [`-- x\nATTACH '${d}/evil3.db' AS x`, 'evil3.db'],
});

for (const mode of ['query', 'execute'] as const) {
  test(`${mode}: no file appears through ATTACH or VACUUM INTO`, () => {
    for (const [name, [sql, file]] of Object.entries(FILES(dir))) {
      const a = attempt(engine, mode, sql);
      assert.equal(a.error?.code, 'denied', `${name}: ${seen(a)}`);
      assert.ok(!existsSync(join(dir, file)), `${name} created ${file}`);
    }
  });

  test(`${mode}: load_extension is refused as a function`, () => {
    for (const sql of [`SELECT load_extension('${dir}/evil')`, `SELECT LOAD_EXTENSION ('${dir}/evil', 'init')`, `select "load_extension"('x')`]) {
      const a = attempt(engine, mode, sql);
      assert.equal(a.error?.code, 'denied', `${sql}: ${seen(a)}`);
    }
  });
}

const PRAGMAS = [
  'PRAGMA writable_schema = ON', 'PRAGMA journal_mode = DELETE', "pragma main.journal_mode = 'wal'",
  'PRAGMA query_only = OFF', 'PRAGMA trusted_schema = ON', 'PRAGMA foreign_keys = OFF',
  'PRAGMA cell_size_check = OFF', 'PRAGMA user_version = 5', 'PRAGMA user_version(5)',
  'PRAGMA table_info(secrets)', 'PRAGMA journal_mode', 'PRAGMA /**/ writable_schema=1',
  'PRAGMA temp.user_version', 'PRAGMA schema.user_version', 'PRAGMA recursive_triggers = OFF',
];

for (const mode of ['query', 'execute'] as const) {
  test(`${mode}: writable and weakening pragmas are refused before prepare`, () => {
    for (const sql of PRAGMAS) {
      const a = attempt(engine, mode, sql);
      assert.equal(a.error?.detail.rule, 'sql.pragma', `${sql}: ${seen(a)}`);
    }
    // Effect: the settings those pragmas aimed at are as they were.
    assert.deepEqual(attempt(engine, 'query', 'PRAGMA user_version').result?.rows, [[0]]);
    const write = attempt(engine, 'query', "INSERT INTO log VALUES ('x')");
    assert.equal(write.error?.code, 'denied');
  });
}

test('pragma table-valued functions are refused', () => {
  for (const sql of ["SELECT * FROM pragma_table_info('secrets')", "SELECT * FROM pragma_index_list('secrets')", 'SELECT * FROM pragma_database_list', "SELECT * FROM PRAGMA_FOREIGN_KEY_LIST('tasks')"]) {
    const a = attempt(engine, 'query', sql);
    assert.equal(a.error?.detail.rule, 'sql.virtual_table', `${sql}: ${seen(a)}`);
  }
});

test('read-only pragmas from the allowlist run', () => {
  assert.deepEqual(attempt(engine, 'query', 'PRAGMA main.page_size').result?.rows, [[4096]]);
});

test('transaction control is refused', () => {
  for (const sql of ['BEGIN', 'COMMIT', 'SAVEPOINT x', 'ROLLBACK']) {
    assert.equal(attempt(engine, 'execute', sql).error?.detail.rule, 'sql.transaction', sql);
  }
});
