// Attacks that try to read the denied `secrets` table (or its FTS index) through
// sql_query. Judged by effect: no secret reaches the caller, and the refusal reads like
// the one for a table that does not exist.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { SqlEngine } from '../../src/tools/sql/engine.js';
import { makeDatabase, databaseConfig, SECRET } from './sql-fixture.js';
import { attempt, seen } from './sql-attack-helpers.js';

let engine: SqlEngine;
before(async () => {
  const { path } = makeDatabase();
  engine = await SqlEngine.open('main', databaseConfig(path), 1 << 20);
});

const ATTACKS: Record<string, string> = {
  'direct read': 'SELECT * FROM secrets',
  'mixed case': 'select * from SeCrEtS',
  'double-quoted': 'SELECT * FROM "secrets"',
  'bracketed': 'SELECT * FROM [secrets]',
  'backticked': 'SELECT * FROM `secrets`',
  'schema-qualified': 'SELECT * FROM main.secrets',
  'comments between tokens': 'SELECT/**/*/**/FROM/**/secrets--',
  'view': 'SELECT * FROM project_secrets',
  'CTE': 'WITH s AS (SELECT * FROM secrets) SELECT * FROM s',
  'recursive CTE': 'WITH RECURSIVE s(v) AS (SELECT value FROM secrets) SELECT v FROM s',
  'scalar subquery': 'SELECT (SELECT value FROM secrets LIMIT 1)',
  'join': 'SELECT * FROM projects JOIN secrets',
  'union': 'SELECT name FROM projects UNION SELECT value FROM secrets',
  'exists oracle': "SELECT 1 FROM projects WHERE EXISTS (SELECT 1 FROM secrets WHERE value LIKE 'TOP%')",
  'index-only read': 'SELECT count(*) FROM secrets',
  'sqlite_schema': 'SELECT sql FROM sqlite_schema',
  'sqlite_master': 'SELECT * FROM SQLITE_MASTER',
  'sqlite_temp_master': 'SELECT * FROM sqlite_temp_master',
  'sqlite_sequence': 'SELECT * FROM sqlite_sequence',
  'dbstat': 'SELECT * FROM dbstat',
  'sqlite_dbpage': 'SELECT data FROM sqlite_dbpage',
  'FTS table': 'SELECT * FROM secrets_fts',
  'FTS match': "SELECT * FROM secrets_fts WHERE secrets_fts MATCH 'topsecret*'",
  'FTS content shadow': 'SELECT * FROM secrets_fts_content',
  'FTS data shadow': 'SELECT * FROM secrets_fts_data',
  'json_each over a denied column': 'SELECT j.value FROM secrets, json_each(json_array(secrets.value)) AS j',
  'json_each over a denied subquery': 'SELECT * FROM json_each((SELECT json_group_array(value) FROM secrets))',
  'pragma_table_info': "SELECT * FROM pragma_table_info('secrets')",
  'pragma function in a subquery': "SELECT (SELECT group_concat(name) FROM pragma_table_info('secrets'))",
  'fullwidth name': 'SELECT * FROM ｓｅｃｒｅｔｓ',
  'long-s name': 'SELECT * FROM ſecrets',
  'no-break space': 'SELECT * FROM\u00a0secrets',
};

for (const [name, sql] of Object.entries(ATTACKS)) {
  test(`denied table: ${name} leaks nothing`, () => {
    const a = attempt(engine, 'query', sql);
    assert.ok(a.error, `expected a refusal, got ${seen(a)}`);
    assert.doesNotMatch(seen(a), new RegExp(SECRET, 'i'));
    assert.doesNotMatch(seen(a), /CREATE TABLE/i);
  });
}

test('a denied table is answered exactly like a missing one', () => {
  const hidden = attempt(engine, 'query', 'SELECT * FROM secrets');
  const missing = attempt(engine, 'query', 'SELECT * FROM nosuch');
  assert.deepEqual(hidden.error?.toJSON(), { ...missing.error?.toJSON(), message: 'no such table: secrets' });
  assert.equal(missing.error?.message, 'no such table: nosuch');
  assert.equal(hidden.error?.code, 'not_found');
  assert.equal(hidden.error?.detail.rule, 'sql.no_such_table');
});

test('an error about a denied table column is answered as a missing table', () => {
  const a = attempt(engine, 'query', 'SELECT nosuchcolumn FROM secrets');
  assert.equal(a.error?.message, 'no such table: secrets');
  const b = attempt(engine, 'query', 'SELECT value FROM projects, secrets');
  assert.equal(b.error?.message, 'no such table: secrets');
});

test('allowed tables, CTEs and json_each still work', () => {
  const a = attempt(engine, 'query', "WITH t AS (SELECT name FROM projects) SELECT t.name, j.value FROM t, json_each('[1]') AS j ORDER BY 1");
  assert.deepEqual(a.result?.rows, [['archive', 1], ['warden', 1]]);
  assert.deepEqual(a.result?.tables, ['projects']);
});

test('a column that happens to share a denied name is no trap', () => {
  const a = attempt(engine, 'query', "SELECT 'secrets' AS secrets FROM projects LIMIT 1 -- secrets");
  assert.deepEqual(a.result?.rows, [['secrets']]);
});
