// What goes wrong around a worker: garbage on its pipe either way, a crash mid-call, and
// a statement that needs more memory than the worker may use.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SqlWorker } from '../../../src/tools/sql/worker-client.js';
import { LineReader, type WorkerReply } from '../../../src/tools/sql/protocol.js';
import { WardenError } from '../../../src/errors.js';
import { makeDatabase, databaseConfig } from '../../guards/sql-fixture.js';

const { path } = makeDatabase();
const ENTRY = fileURLToPath(new URL('../../../src/tools/sql/worker.ts', import.meta.url));
const BABBLER = fileURLToPath(new URL('./fixtures/babbling-worker.mjs', import.meta.url));
const NEVER_ENDS = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
// 400 values of 1 MB joined into one string: SQLite's memory, never V8's.
const BIG_CONCAT = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 400) SELECT length(group_concat(printf('%.*c', 1000000, 'x'))) FROM c";
const CAN_LIMIT = process.platform === 'linux' && ['/usr/bin/prlimit', '/bin/prlimit'].some((f) => existsSync(f));

const workers: SqlWorker[] = [];
const worker = (overrides: Record<string, unknown> = {}, options: { entry?: string; maxBlobBytes?: number } = {}) => {
  const w = new SqlWorker('main', databaseConfig(path, { timeoutMs: 60_000, ...overrides }), options.maxBlobBytes ?? 1 << 20, options);
  workers.push(w);
  return w;
};
after(() => workers.forEach((w) => w.close()));

const query = (sql: string) => ({ mode: 'query' as const, sql, maxRows: 100, maxBytes: 1 << 20 });
const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected a refusal'), (error: WardenError) => error);

test('the worker refuses garbage on its pipe, line by line, and answers what follows', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], { stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
  const pipe = child.stdio[3] as unknown as Socket;
  const reader = new LineReader(1 << 24);
  const replies: WorkerReply[] = [];
  let wake = () => {};
  pipe.on('data', (chunk: Buffer) => {
    for (const line of reader.push(chunk)) replies.push(JSON.parse(line as string));
    wake();
  });
  try {
    pipe.write('garbage\n{"id":5,"op":"run","sql":"SELECT 1"}\n[]\n');
    pipe.write(Buffer.alloc(65 * 1024 * 1024, 'x'));
    pipe.write(`\n${JSON.stringify({ id: 1, op: 'open', name: 'main', config: databaseConfig(path), maxBlobBytes: 1 << 20 })}\n`);
    pipe.write(`${JSON.stringify({ id: 2, ...query('SELECT 42'), op: 'run' })}\n`);
    while (replies.length < 6) await new Promise<void>((resolve) => { wake = resolve; });
    const said = (r: WorkerReply) => (r.ok ? 'ok' : `${r.error.rule}: ${r.error.message}`);
    assert.deepEqual(replies.slice(0, 4).map((r) => [r.id, said(r)]), [
      [0, 'sql.worker_protocol: The database worker refused a line that is not JSON on its pipe.'],
      [5, 'sql.worker_protocol: The database worker refused a malformed run request on its pipe.'],
      [0, 'sql.worker_protocol: The database worker refused a line that is not a JSON object on its pipe.'],
      [0, 'sql.worker_protocol: The database worker refused a line of more than 67108864 bytes on its pipe.'],
    ]);
    assert.equal(replies[4].ok, true);
    if (CAN_LIMIT) assert.ok(replies[4].ok && (replies[4].result as { dataLimitBytes?: number }).dataLimitBytes! > 256 * 1024 * 1024, 'the data limit was set');
    assert.deepEqual(replies[5], { id: 2, ok: true, result: { columns: ['42'], rows: [[42]], truncated: false, tables: [] } });
    assert.equal(child.exitCode, null, 'the worker is still running');
  } finally {
    child.kill('SIGKILL');
  }
});

test('a malformed reply stops the worker with a clear error, and the next call gets a new one', async () => {
  const w = worker({}, { entry: BABBLER });
  assert.deepEqual((await w.run(query('SELECT 1'))).rows, [[1]]);
  const pid = w.pid;
  const error = await failure(w.run(query('babble')));
  assert.equal(error.code, 'failed');
  assert.equal(error.detail.rule, 'sql.worker_protocol');
  assert.equal(error.message, 'The worker of database main sent a malformed reply; it was stopped and starts afresh for the next call.');
  assert.deepEqual((await w.run(query('SELECT 1'))).rows, [[1]]);
  assert.notEqual(w.pid, pid);
});

test('a reply that never ends is cut off at the cap, not buffered', async () => {
  const w = worker({}, { entry: BABBLER, maxBlobBytes: 1024 });
  const error = await failure(w.run(query('flood')));
  assert.equal(error.detail.rule, 'sql.worker_protocol');
  assert.equal(error.message, `The worker of database main sent a reply of more than ${7 * 1024 + (1 << 20)} bytes; it was stopped and starts afresh for the next call.`);
  assert.deepEqual((await w.run(query('SELECT 1'))).rows, [[1]]);
});

for (const [signal, message] of [
  ['SIGKILL', 'The worker of database main stopped unexpectedly (signal SIGKILL) while running the statement. It restarts for the next call.'],
  ['SIGABRT', 'The worker of database main crashed (signal SIGABRT) while running the statement, most likely out of memory '
    + '(databases.main.memoryLimitMb: 256 MB). It restarts for the next call; ask for less or raise the limit.'],
] as const) {
  test(`a worker that dies mid-call (${signal}) gives a clear error, and the next call gets a new worker`, async () => {
    const w = worker();
    await w.run(query('SELECT 1'));
    const pid = w.pid!;
    const running = failure(w.run(query(NEVER_ENDS)));
    process.kill(pid, signal);
    const error = await running;
    assert.equal(error.code, 'failed');
    assert.equal(error.detail.rule, 'sql.worker_crashed');
    assert.equal(error.message, message);
    assert.deepEqual((await w.run(query('SELECT 2'))).rows, [[2]]);
    assert.notEqual(w.pid, pid);
  });
}

test('a statement that needs more SQLite memory than memoryLimitMb is refused, and the same worker answers the next one',
  { skip: CAN_LIMIT ? false : 'needs Linux and util-linux prlimit' }, async () => {
    const w = worker({ memoryLimitMb: 64 });
    await w.run(query('SELECT 1'));
    const pid = w.pid;
    const error = await failure(w.run(query(BIG_CONCAT)));
    assert.equal(error.code, 'too_large');
    assert.equal(error.detail.rule, 'sql.memory_limit');
    assert.equal(error.message, 'The statement needed more memory than the worker of database main may use (databases.main.memoryLimitMb: 64 MB) and was stopped. '
      + 'Ask for less (a LIMIT, fewer or shorter values, no huge group_concat) or raise the limit.');
    assert.deepEqual((await w.run(query('SELECT 2'))).rows, [[2]]);
    assert.equal(w.pid, pid, 'the worker was not restarted');
  });

test('within its memory limit the same statement runs', { skip: CAN_LIMIT ? false : 'needs Linux and util-linux prlimit' }, async () => {
  // The control for the test above: what fails there is the limit, not the statement.
  const w = worker({ memoryLimitMb: 1024 });
  assert.deepEqual((await w.run(query(BIG_CONCAT))).rows, [[400_000_399]]);
});
