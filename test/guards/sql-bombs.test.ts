// Resource bombs that the row cap, byte cap and blob cap stop inside one call (the
// timeout is tested on the worker, test/tools/sql/worker.test.ts).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { SqlEngine } from '../../src/tools/sql/engine.js';
import { WardenError } from '../../src/errors.js';
import { makeDatabase, databaseConfig } from './sql-fixture.js';

let engine: SqlEngine;
before(async () => {
  const { path } = makeDatabase();
  engine = await SqlEngine.open('main', databaseConfig(path, { maxChangedRows: 2 }), 1 << 20);
});

const run = (sql: string, maxRows = 50, maxBytes = 64 * 1024) => engine.run({ mode: 'query', sql, maxRows, maxBytes });
const INFINITE = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)';

for (const sql of ['SELECT randomblob(1e9)', 'SELECT length(zeroblob(1000000000))', 'SELECT hex(RandomBlob(2000000000))', 'select zeroblob (1e9) as z']) {
  test(`blob bomb stopped by the blob cap: ${sql}`, () => {
    const started = Date.now();
    assert.throws(() => run(sql), (e: WardenError) => e.code === 'too_large' && e.detail.rule === 'sql.blob_cap');
    assert.ok(Date.now() - started < 1000, 'the cap acted before allocating');
  });
}

test('a recursive CTE that never ends is stopped by the row cap', () => {
  const r = run(`${INFINITE} SELECT x FROM c`);
  assert.equal(r.rows.length, 50);
  assert.equal(r.truncated, true);
});

test('a 10M-row cross join is stopped by the row cap', () => {
  const r = run(`${INFINITE.replace('FROM c)', 'FROM c LIMIT 3200)')} SELECT * FROM c AS a, c AS b`, 10);
  assert.equal(r.rows.length, 10);
  assert.equal(r.truncated, true);
});

test('wide rows are stopped by the byte cap', () => {
  const r = run(`${INFINITE} SELECT printf('%.*c', 10000, 'x') FROM c`, 1000, 64 * 1024);
  assert.ok(r.rows.length > 0 && r.rows.length < 7, `got ${r.rows.length} rows`);
  assert.equal(r.truncated, true);
});

test('one value larger than the byte cap returns no rows, truncated', () => {
  const r = run("SELECT printf('%.*c', 200000, 'x')", 10, 64 * 1024);
  assert.deepEqual(r.rows, []);
  assert.equal(r.truncated, true);
});

test('a result within both caps is not truncated', () => {
  const r = run('SELECT id FROM projects ORDER BY id');
  assert.deepEqual(r.rows, [[1], [2]]);
  assert.equal(r.truncated, false);
});

test('more changed rows than maxChangedRows rolls the write back', () => {
  assert.throws(() => engine.run({ mode: 'execute', sql: "UPDATE tasks SET title = title || '!'", maxRows: 10, maxBytes: 1000 }),
    (e: WardenError) => e.code === 'too_large' && e.detail.rule === 'sql.max_changed_rows');
  // Deleting project 2 cascades to its one task: 2 rows, within the cap of 2.
  const r = engine.run({ mode: 'execute', sql: 'DELETE FROM projects WHERE id = 2', maxRows: 10, maxBytes: 1000 });
  assert.equal(r.changes, 2);
  const titles = run("SELECT title FROM tasks WHERE title LIKE '%!'");
  assert.deepEqual(titles.rows, []);
});
