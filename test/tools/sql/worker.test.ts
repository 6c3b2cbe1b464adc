// The worker process: runaway statements are SIGKILLed at timeoutMs (+100 ms), other
// work keeps going meanwhile, and the next call gets a fresh worker.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { SqlWorker } from '../../../src/tools/sql/worker-client.js';
import { WardenError } from '../../../src/errors.js';
import { makeDatabase, databaseConfig, hashFile } from '../../guards/sql-fixture.js';

const { path } = makeDatabase();
const workers: SqlWorker[] = [];
const worker = (overrides: Record<string, unknown> = {}) => {
  const w = new SqlWorker('main', databaseConfig(path, { timeoutMs: 400, ...overrides }), 1 << 20);
  workers.push(w);
  return w;
};
after(() => workers.forEach((w) => w.close()));

const query = (sql: string) => ({ mode: 'query' as const, sql, maxRows: 100, maxBytes: 1 << 20 });
// The kill itself is immediate; timers on a loaded machine (tests run in parallel) may
// slip, so the bound is the design's 100 ms plus this much scheduling slack.
const SLACK_MS = 300;
const NEVER_ENDS = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';

async function timed<T>(p: Promise<T>): Promise<{ ms: number; error?: WardenError; value?: T }> {
  const start = performance.now();
  try {
    const value = await p;
    return { ms: performance.now() - start, value };
  } catch (error) {
    return { ms: performance.now() - start, error: error as WardenError };
  }
}

test('a statement runs in the worker and returns rows', async () => {
  const r = await worker().run(query('SELECT name FROM projects ORDER BY id'));
  assert.deepEqual(r.rows, [['warden'], ['archive']]);
});

for (const [name, sql] of [
  ['a recursive CTE that never ends', NEVER_ENDS],
  // 400M rows: far past 10M, so no machine finishes it inside the timeout.
  ['a 400M-row cross join counted', 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 20000) SELECT count(*) FROM c a, c b'],
  ['a pathological LIKE', `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c WHERE (printf('%.*c', 3000, 'a') || x) LIKE '%a%a%a%a%a%a%a%a%a%b'`],
] as const) {
  test(`${name} is killed within timeoutMs + 100 ms, and the next call works`, async () => {
    const w = worker();
    await w.run(query('SELECT 1')); // start-up is not part of the timeout
    const r = await timed(w.run(query(sql)));
    assert.equal(r.error?.code, 'timeout');
    assert.equal(r.error?.detail.rule, 'sql.timeout');
    assert.ok(r.ms >= 390 && r.ms < 400 + 100 + SLACK_MS, `stopped after ${r.ms} ms`);
    const next = await w.run(query('SELECT 2'));
    assert.deepEqual(next.rows, [[2]]);
  });
}

test('a runaway statement on one database does not hold up another', async () => {
  const slow = worker({ timeoutMs: 1500 });
  const fast = worker();
  await Promise.all([slow.run(query('SELECT 1')), fast.run(query('SELECT 1'))]);
  const stuck = timed(slow.run(query(NEVER_ENDS)));
  const quick = await timed(fast.run(query('SELECT count(*) FROM tasks')));
  assert.deepEqual(quick.value?.rows, [[3]]);
  assert.ok(quick.ms < 100 + SLACK_MS, `took ${quick.ms} ms`);
  assert.equal((await stuck).error?.code, 'timeout');
});

test('an aborted call kills the statement', async () => {
  const w = worker({ timeoutMs: 5000 });
  await w.run(query('SELECT 1'));
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const r = await timed(w.run(query(NEVER_ENDS), controller.signal));
  assert.equal(r.error?.detail.rule, 'sql.cancelled');
  assert.ok(r.ms < 200 + SLACK_MS, `took ${r.ms} ms`);
});

test('a timed-out write leaves the database as it was', async () => {
  const w = worker({ timeoutMs: 300, maxChangedRows: 1_000_000_000 });
  const before = hashFile(path);
  const r = await timed(w.run({ mode: 'execute', sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) INSERT INTO log SELECT x FROM c', maxRows: 10, maxBytes: 1000 }));
  assert.equal(r.error?.code, 'timeout');
  const after = await w.run(query('SELECT count(*) FROM log'));
  assert.deepEqual(after.rows, [[0]]);
  assert.equal(hashFile(path), before);
});

test('a refusal in the worker arrives as the same WardenError', async () => {
  const r = await timed(worker().run(query('SELECT * FROM secrets')));
  assert.equal(r.error?.code, 'not_found');
  assert.equal(r.error?.message, 'no such table: secrets');
  assert.equal(r.error?.detail.rule, 'sql.no_such_table');
});
