// The SQL tools over real stdio, through the whole pipeline and the worker processes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startServer, type RunningServer } from '../../helpers/server.js';
import { auditRows } from '../../helpers/audit-rows.js';
import { makeDatabase, hashFile, SECRET } from '../../guards/sql-fixture.js';

let server: RunningServer;
let readPath: string;
let readHash: string;
const NEVER_ENDS = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
const BIG_CONCAT = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 400) SELECT length(group_concat(printf('%.*c', 1000000, 'x'))) FROM c";
const CAN_LIMIT = process.platform === 'linux' && ['/usr/bin/prlimit', '/bin/prlimit'].some((f) => existsSync(f));

before(async () => {
  const rw = makeDatabase();
  const ro = makeDatabase();
  readPath = ro.path;
  readHash = hashFile(readPath);
  server = await startServer({
    principal: 'me',
    users: { me: { roles: ['developer'] } },
    databases: {
      main: { path: rw.path, access: 'read-write', tables: { deny: ['secrets', 'secrets_fts'] }, timeoutMs: 500, maxRows: 20 },
      archive: { path: ro.path, access: 'read', tables: { deny: ['secrets*'] } },
      small: { path: ro.path, access: 'read', tables: { deny: ['secrets*'] }, memoryLimitMb: 64, timeoutMs: 30_000 },
      gone: { path: `${rw.dir}/missing.db` },
    },
  });
});
after(async () => {
  await server.close();
  assert.equal(hashFile(readPath), readHash, 'the read-only database changed');
});

const structured = (r: any) => r.structuredContent as Record<string, any>;

test('list_tables shows only what may be read', async () => {
  const r = await server.call('list_tables', { database: 'main' });
  assert.deepEqual(structured(r).tables.map((t: any) => t.name), ['log', 'projects', 'tasks']);
});

test('describe_table answers a denied table exactly like a missing one', async () => {
  const hidden = await server.call('describe_table', { database: 'main', table: 'secrets' });
  const missing = await server.call('describe_table', { database: 'main', table: 'nosuch' });
  assert.equal(hidden.isError, true);
  assert.deepEqual(structured(hidden).error, { ...structured(missing).error, message: 'no such table: secrets' });
  const ok = await server.call('describe_table', { database: 'main', table: 'tasks' });
  assert.deepEqual(structured(ok).columns.map((c: any) => c.name), ['id', 'project_id', 'title', 'done']);
  assert.deepEqual(structured(ok).foreignKeys, [{ table: 'projects', from: ['project_id'], to: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }]);
});

test('sql_query binds parameters and returns columns, rows and a text table', async () => {
  const r = await server.call('sql_query', { database: 'main', sql: 'SELECT id, name FROM projects WHERE id = ? OR name = :n ORDER BY id', params: [1] });
  assert.equal(r.isError, true, 'mixing ? and :n needs both bound');
  const named = await server.call('sql_query', { database: 'main', sql: 'SELECT id, name FROM projects WHERE name = :n', params: { ':n': "warden' OR 1=1 --" } });
  assert.deepEqual(structured(named).rows, [], 'a bound value is never SQL');
  const q = await server.call('sql_query', { database: 'main', sql: 'SELECT id, name FROM projects WHERE id = ?', params: [1] });
  assert.deepEqual(structured(q), { database: 'main', columns: ['id', 'name'], rows: [[1, 'warden']], rowCount: 1, truncated: false, tables: ['projects'] });
  assert.equal((q.content as any)[0].text, 'id | name\n1 | warden\n(1 row)');
});

test('namedParams binds :name, @name and $name; the old map in params still binds the same', async () => {
  const sql = 'SELECT id, name FROM projects WHERE id = :id AND name = $name';
  const named = await server.call('sql_query', { database: 'main', sql, namedParams: [{ name: ':id', value: 1 }, { name: 'name', value: 'warden' }] });
  assert.deepEqual(structured(named).rows, [[1, 'warden']]);
  const legacy = await server.call('sql_query', { database: 'main', sql, params: { ':id': 1, $name: 'warden' } });
  assert.deepEqual(structured(legacy).rows, [[1, 'warden']]);
  const written = await server.call('sql_execute', { database: 'main', sql: 'UPDATE projects SET name = @name WHERE id = @id RETURNING id, name', namedParams: [{ name: '@name', value: 'warden' }, { name: '@id', value: true }] });
  assert.deepEqual(structured(written).rows, [[1, 'warden']], 'a boolean binds as 1');
  const badValue = await server.call('sql_query', { database: 'main', sql, params: { ':id': [1] } });
  assert.match(structured(badValue).error.message, /params: element :id is not a string, number, boolean or null/);
});

test('maxRows caps a result and says so', async () => {
  const r = await server.call('sql_query', { database: 'main', sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c', maxRows: 500 });
  assert.equal(structured(r).rowCount, 20, 'the database cap wins over a larger request');
  assert.equal(structured(r).truncated, true);
});

test('a denied table never reaches the client', async () => {
  for (const sql of ['SELECT * FROM secrets', 'SELECT * FROM project_secrets', 'SELECT sql FROM sqlite_master']) {
    const r = await server.call('sql_query', { database: 'main', sql });
    assert.equal(r.isError, true, sql);
    assert.doesNotMatch(JSON.stringify(r), new RegExp(SECRET));
  }
});

test('sql_execute writes and the audit row records the statement and its tables', async () => {
  const r = await server.call('sql_execute', { database: 'main', sql: "INSERT INTO log(entry) VALUES (?) RETURNING rowid", params: ['e2e'] });
  assert.equal(structured(r).changes, 1);
  const rows = auditRows(server.auditPath).filter((row) => row.tool === 'sql_execute');
  assert.ok(rows.some((row) => row.args?.includes('INSERT INTO log') && row.resource?.includes('"log"')), JSON.stringify(rows));
  const outcome = rows.filter((row) => row.kind === 'outcome').at(-1);
  assert.deepEqual(JSON.parse(outcome!.detail), { rowCount: 1, truncated: false, changes: 1 }, 'the outcome row counts the rows');
});

test('writes are refused on a read database and through sql_query', async () => {
  const a = await server.call('sql_execute', { database: 'archive', sql: "INSERT INTO log VALUES ('x')" });
  assert.equal(structured(a).error.rule, 'sql.read_only_database');
  const b = await server.call('sql_query', { database: 'main', sql: 'SELECT 1; DROP TABLE log' });
  assert.equal(structured(b).error.rule, 'sql.stacked_statements');
});

test('a missing database file is a clear not_found', async () => {
  const r = await server.call('sql_query', { database: 'gone', sql: 'SELECT 1' });
  assert.equal(structured(r).error.code, 'not_found');
  assert.match(structured(r).error.message, /missing\.db/);
});

test('a runaway query times out while the server keeps answering, and the next query works', async () => {
  // Both workers started first: forking one is not what this test measures.
  await server.call('sql_query', { database: 'main', sql: 'SELECT 1' });
  await server.call('sql_query', { database: 'archive', sql: 'SELECT 1' });
  let runawayDone = false;
  const runaway = server.call('sql_query', { database: 'main', sql: NEVER_ENDS }).finally(() => { runawayDone = true; });
  const other = await server.call('sql_query', { database: 'archive', sql: 'SELECT count(*) FROM projects' });
  assert.deepEqual(structured(other).rows, [[2]]);
  // Order, not wall time (parallel test runs load the machine): a blocked server would answer after the kill.
  assert.equal(runawayDone, false, 'another database answered while the runaway ran');
  const r = await runaway;
  assert.equal(structured(r).error.code, 'timeout');
  const next = await server.call('sql_query', { database: 'main', sql: 'SELECT 2' });
  assert.deepEqual(structured(next).rows, [[2]]);
});

test('a write that timed out is audited with outcome unknown', async () => {
  const r = await server.call('sql_execute', { database: 'main', sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c' });
  assert.equal(r.isError, true);
  const outcome = auditRows(server.auditPath).filter((row) => row.tool === 'sql_execute' && row.kind === 'outcome').at(-1);
  assert.equal(outcome?.outcome, 'unknown');
});

test('after a write is killed mid-transaction, the next calls see the database as it was before it', async () => {
  // The killed write leaves a hot journal; read-only connections may not roll it back.
  const r = await server.call('sql_execute', { database: 'main', sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) INSERT INTO log SELECT x FROM c' });
  assert.equal(structured(r).error?.code, 'timeout');
  const tables = await server.call('list_tables', { database: 'main' });
  assert.deepEqual(structured(tables).tables.map((t: any) => t.name), ['log', 'projects', 'tasks']);
  const count = await server.call('sql_query', { database: 'main', sql: "SELECT count(*) FROM log WHERE entry <> 'e2e'" });
  assert.deepEqual(structured(count).rows, [[0]]);
});

test('a statement over the worker\'s memory limit is refused with the limit named, and the next query works',
  { skip: CAN_LIMIT ? false : 'needs Linux and util-linux prlimit' }, async () => {
    const r = await server.call('sql_query', { database: 'small', sql: BIG_CONCAT });
    assert.equal(r.isError, true);
    const message = 'The statement needed more memory than the worker of database small may use (databases.small.memoryLimitMb: 64 MB) and was stopped. '
      + 'Ask for less (a LIMIT, fewer or shorter values, no huge group_concat) or raise the limit.';
    assert.deepEqual(structured(r).error, { code: 'too_large', message, step: 'execute', rule: 'sql.memory_limit', memoryLimitMb: 64 });
    assert.match((r.content as any)[0].text, /memoryLimitMb: 64 MB/);
    const next = await server.call('sql_query', { database: 'small', sql: 'SELECT count(*) FROM projects' });
    assert.deepEqual(structured(next).rows, [[2]]);
  });
