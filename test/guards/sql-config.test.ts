// checkDatabases: config problems named by key path; a missing file is not one of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigSchema } from '../../src/config/schema/index.js';
import { checkDatabases } from '../../src/guards/sql-config.js';

const config = (db: Record<string, unknown>) => ConfigSchema.parse({ databases: { main: { path: '/nowhere/missing.db', ...db } } });

test('a bad table glob is reported by key path', () => {
  const problems = checkDatabases(config({ tables: { allow: ['*'], deny: ['ok_*', '[unclosed'] } }));
  assert.equal(problems.length, 1);
  assert.equal(problems[0].path, 'databases.main.tables.deny.1');
  assert.match(problems[0].message, /^expected a valid glob, got "\[unclosed"/);
});

test('a relative path left after loading is reported', () => {
  assert.deepEqual(checkDatabases(config({ path: 'rel.db' })).map((p) => p.path), ['databases.main.path']);
});

test('a missing database file is not a config error', () => {
  assert.deepEqual(checkDatabases(config({})), []);
});
