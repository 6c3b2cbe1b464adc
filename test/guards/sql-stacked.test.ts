// Stacked statements and writes smuggled through sql_query, in every spelling. Judged
// by effect: the database file is byte-for-byte unchanged afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SqlEngine } from '../../src/tools/sql/engine.js';
import { makeDatabase, databaseConfig, hashFile } from './sql-fixture.js';
import { attempt, seen } from './sql-attack-helpers.js';

let engine: SqlEngine;
let path: string;
let hash: string;
before(async () => {
  ({ path } = makeDatabase());
  // read-write on purpose: sql_query must stay read-only even where writes are allowed.
  engine = await SqlEngine.open('main', databaseConfig(path), 1 << 20);
  hash = hashFile(path);
});
after(() => assert.equal(hashFile(path), hash, 'the database file changed'));

const STACKED: Record<string, string> = {
  'plain': 'SELECT 1; DROP TABLE projects',
  'COMMIT in between (reference Postgres server bypass)': 'SELECT 1; COMMIT; DROP TABLE projects',
  'after a line comment': 'SELECT 1; -- just a comment\nDROP TABLE projects',
  'after a block comment': 'SELECT 1 /* ; */; /* x */ DROP TABLE projects',
  'semicolon in a string first': "SELECT ';' ; DROP TABLE projects",
  'comments as whitespace': 'SELECT/**/1;/**/DROP/**/TABLE/**/projects',
  'mixed case and tabs': 'select 1;\n\t dRoP tAbLe projects',
  'empty statements between': 'SELECT 1;;; ;DELETE FROM projects',
  'unicode line separator': 'SELECT 1;\u2028DELETE FROM projects',
  'unterminated comment after': 'SELECT 1; DELETE FROM projects /*',
};

for (const [name, sql] of Object.entries(STACKED)) {
  test(`stacked statements: ${name}`, () => {
    const a = attempt(engine, 'query', sql);
    assert.equal(a.error?.code, 'denied', seen(a));
    assert.equal(a.error?.detail.rule, 'sql.stacked_statements');
  });
}

const WRITES: Record<string, string> = {
  'WITH … DELETE': 'WITH x AS (SELECT 1) DELETE FROM projects',
  'WITH … UPDATE, odd case': 'wItH x AS (SELECT 1) UpDaTe projects SET name = name || 1',
  'INSERT … RETURNING': "INSERT INTO projects(name) VALUES ('x') RETURNING *",
  'REPLACE': "REPLACE INTO projects(id, name) VALUES (1, 'x')",
  'upsert': "INSERT INTO projects(id, name) VALUES (1, 'x') ON CONFLICT(id) DO UPDATE SET name = 'pwned'",
  'UPDATE … RETURNING': "UPDATE projects SET name = 'x' RETURNING name",
  'comment before DELETE': '/* SELECT */ -- SELECT\n DELETE FROM tasks',
  'CREATE TABLE': 'CREATE TABLE t(x)',
  'DROP TABLE': 'DROP TABLE tasks',
  'ALTER TABLE': 'ALTER TABLE tasks ADD COLUMN x',
};

for (const [name, sql] of Object.entries(WRITES)) {
  test(`write through sql_query: ${name}`, () => {
    const a = attempt(engine, 'query', sql);
    assert.equal(a.error?.code, 'denied', seen(a));
    assert.equal(a.error?.detail.rule, 'sql.not_read_only');
  });
}

test('semicolons inside strings and comments do not split a statement', () => {
  const a = attempt(engine, 'query', "SELECT 'a;b' AS x /* ; DROP TABLE projects */ -- ; DELETE");
  assert.deepEqual(a.result?.rows, [['a;b']]);
  const b = attempt(engine, 'query', 'SELECT 1;;');
  assert.deepEqual(b.result?.rows, [[1]]);
});

test('the check before prepare looks at the first keyword, skipping comments', () => {
  const a = attempt(engine, 'query', '-- hi\n/* there */ SELECT 2');
  assert.deepEqual(a.result?.rows, [[2]]);
  const b = attempt(engine, 'query', 'EXPLAIN SELECT 1');
  assert.equal(b.error?.detail.rule, 'sql.keyword');
});
