// sql_execute attempts to copy the denied table somewhere readable: views, triggers,
// temp objects, CREATE … AS, renames, and writes that fire an existing trigger.
// Judged by effect: afterwards no readable table holds a secret, and secrets is intact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { SqlEngine } from '../../src/tools/sql/engine.js';
import { makeDatabase, databaseConfig, SECRET } from './sql-fixture.js';
import { attempt, readable, seen } from './sql-attack-helpers.js';

let engine: SqlEngine;
let path: string;
before(async () => {
  ({ path } = makeDatabase());
  engine = await SqlEngine.open('main', databaseConfig(path), 1 << 20);
});
after(() => {
  const db = new Database(path, { readonly: true });
  assert.equal(db.prepare('SELECT count(*) FROM secrets').pluck().get(), 2, 'secrets was changed');
  const names = db.prepare('SELECT name FROM sqlite_schema').pluck().all();
  assert.ok(!names.some((n) => /leak|pub/.test(String(n))), `a leaking object was created: ${names}`);
  db.close();
});

const ATTACKS: Record<string, string> = {
  'view over secrets': 'CREATE VIEW leak AS SELECT * FROM secrets',
  'innocent-looking view': 'CREATE VIEW leak_projects AS SELECT * FROM projects',
  'trigger copying secrets': 'CREATE TRIGGER leak AFTER INSERT ON projects BEGIN INSERT INTO log SELECT value FROM secrets; END',
  'temp view': 'CREATE TEMP VIEW leak AS SELECT * FROM secrets',
  'temporary trigger': "CREATE TEMPORARY TRIGGER leak AFTER INSERT ON log BEGIN SELECT 1; END",
  'temp table as select': 'CREATE TEMP TABLE leak AS SELECT * FROM secrets',
  'table in temp schema': 'CREATE TABLE temp.leak AS SELECT * FROM secrets',
  'table as select': 'CREATE TABLE leak AS SELECT * FROM secrets',
  'insert select': 'INSERT INTO log SELECT value FROM secrets',
  'update from a subquery': 'UPDATE projects SET name = (SELECT value FROM secrets LIMIT 1)',
  'write that fires an existing trigger': "INSERT INTO tasks(project_id, title) VALUES (1, 'x')",
  'rename secrets': 'ALTER TABLE secrets RENAME TO pub',
  'rename onto the denied name': 'ALTER TABLE log RENAME TO secrets',
  'index on secrets': 'CREATE INDEX leak_idx ON secrets(value)',
  'delete all (truncate opcode)': 'DELETE FROM secrets',
  'drop': 'DROP TABLE secrets',
  'virtual table': 'CREATE VIRTUAL TABLE leak USING fts5(v)',
  'upsert reading secrets': "INSERT INTO log(entry) SELECT value FROM secrets WHERE true ON CONFLICT DO NOTHING",
  'with … insert': 'WITH s AS (SELECT value FROM secrets) INSERT INTO log SELECT * FROM s',
  'RETURNING a subquery': "INSERT INTO log VALUES ('x') RETURNING (SELECT value FROM secrets LIMIT 1)",
};

for (const [name, sql] of Object.entries(ATTACKS)) {
  test(`schema object: ${name} copies nothing readable`, () => {
    const a = attempt(engine, 'execute', sql);
    assert.ok(a.error, `expected a refusal, got ${seen(a)}`);
    assert.doesNotMatch(seen(a), new RegExp(SECRET));
    assert.doesNotMatch(readable(engine), new RegExp(SECRET));
  });
}

test('ordinary writes and DDL on allowed tables work and report their tables', () => {
  const a = attempt(engine, 'execute', "INSERT INTO projects(name) VALUES (?) RETURNING id", ['new']);
  assert.deepEqual(a.result?.rows, [[3]]);
  // SQLite also scans tasks: the foreign key from tasks to projects is checked on insert.
  assert.deepEqual(a.result?.tables, ['projects', 'tasks']);
  assert.equal(a.result?.changes, 1);
  const b = attempt(engine, 'execute', 'CREATE INDEX IF NOT EXISTS projects_by_status ON projects(status)');
  assert.deepEqual(b.result?.tables, ['projects']);
});

test('sql_execute is refused on a read-only database', async () => {
  const ro = await SqlEngine.open('ro', databaseConfig(path, { access: 'read' }), 1 << 20);
  const a = attempt(ro, 'execute', "INSERT INTO log VALUES ('x')");
  assert.equal(a.error?.detail.rule, 'sql.read_only_database');
});
