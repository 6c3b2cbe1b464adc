// The engine's read path: statements are prepared once per text and schema version, and
// the read transaction that holds the schema check and the rows always ends.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SqlEngine } from '../../../src/tools/sql/engine.js';
import { WardenError } from '../../../src/errors.js';
import { makeDatabase, databaseConfig } from '../../guards/sql-fixture.js';

let path: string;
let engine: SqlEngine;
before(async () => {
  path = makeDatabase().path;
  engine = await SqlEngine.open('main', databaseConfig(path, { access: 'read' }), 1 << 20);
});

const query = (sql: string, params?: unknown[], maxRows = 100) => engine.run({ mode: 'query', sql, params, maxRows, maxBytes: 1 << 20 });

// Another process's write: it needs every reader's lock gone to commit (no busy wait).
function writeElsewhere(sql: string): void {
  const other = new Database(path, { timeout: 0 });
  try {
    other.exec(sql);
  } finally {
    other.close();
  }
}

test('a cached statement follows a schema change made by another process', () => {
  assert.deepEqual(query('SELECT * FROM projects WHERE id = ?', [1]).columns, ['id', 'name', 'status']);
  assert.deepEqual(query('SELECT * FROM projects WHERE id = ?', [1]).columns, ['id', 'name', 'status']);
  writeElsewhere("ALTER TABLE projects ADD COLUMN owner TEXT DEFAULT 'ops'");
  const r = query('SELECT * FROM projects WHERE id = ?', [1]);
  assert.deepEqual(r.columns, ['id', 'name', 'status', 'owner']);
  assert.deepEqual(r.rows, [[1, 'warden', 'active', 'ops']]);
});

for (const [name, run] of [
  ['a finished read', () => query('SELECT id FROM projects')],
  ['a read cut short by maxRows', () => query('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c', undefined, 3)],
  ['a refused statement', () => query('SELECT * FROM secrets')],
  ['parameters that do not fit', () => query('SELECT ? + ?', [1])],
  ['a function that throws mid-read', () => query('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5) SELECT zeroblob(x * 1e9) FROM c')],
] as const) {
  test(`the read transaction ends after ${name}: another process can write`, () => {
    try {
      run();
    } catch (error) {
      assert.ok(error instanceof WardenError, String(error));
    }
    writeElsewhere("INSERT INTO log(entry) VALUES ('after')");
  });
}

// Another program dies inside a write transaction that already spilled pages into the
// database file: its journal stays behind, hot (a journal whose header is still zero is not).
async function crashMidWrite(file: string): Promise<void> {
  const script = `const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
    db.pragma('cache_size = 2'); db.exec('BEGIN IMMEDIATE');
    db.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 20000) INSERT INTO log SELECT 'half-written ' || x FROM c");
    process.stdout.write('in'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.notEqual(readFileSync(`${file}-journal`)[0], 0, 'a hot journal was left behind');
}

const logRows = (e: SqlEngine) => e.run({ mode: 'query', sql: 'SELECT count(*) FROM log', maxRows: 10, maxBytes: 1 << 20 }).rows;

test('a hot journal left by a crashed writer is rolled back by the read-write connection, and the read sees the committed rows', async () => {
  const file = makeDatabase().path;
  const rw = await SqlEngine.open('main', databaseConfig(file), 1 << 20);
  assert.deepEqual(logRows(rw), [[0]]);
  await crashMidWrite(file);
  assert.deepEqual(logRows(rw), [[0]]);
  assert.equal(existsSync(`${file}-journal`), false, 'the journal was rolled back');
});

test('a read-only database with a hot journal gets a clear refusal', async () => {
  const file = makeDatabase().path;
  const ro = await SqlEngine.open('main', databaseConfig(file, { access: 'read' }), 1 << 20);
  await crashMidWrite(file);
  assert.throws(() => logRows(ro), (e: WardenError) => e.code === 'failed' && e.detail.rule === 'sql.hot_journal'
    && e.message === 'The database holds a write that stopped mid-transaction (a hot journal), which only a read-write connection may roll back; '
      + 'open it once read-write (e.g. with the sqlite3 shell) to recover it.');
});
