// A one-row point lookup: through the whole server (stdio, pipeline, audit, guard,
// worker) and through the SQL layer alone (guard + worker), each against the same
// query in-process with better-sqlite3, in the same run.
import path from 'node:path';
import Database from 'better-sqlite3';
import { benchConfig, connect, median, roundTrip, tempDir, wardenCommand, type BenchRow } from './lib.js';
import { ConfigSchema } from '../src/config/schema/index.js';
import { SqlGuard } from '../src/guards/sql.js';
import { SqlWorker } from '../src/tools/sql/worker-client.js';

const SQL = 'SELECT id, name FROM items WHERE id = ?';

function makeDatabase(): string {
  const file = path.join(tempDir(), 'bench.db');
  const db = new Database(file);
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE secrets (v TEXT);');
  const insert = db.prepare('INSERT INTO items (name) VALUES (?)');
  db.transaction(() => { for (let i = 0; i < 10_000; i++) insert.run(`item ${i}`); })();
  db.close();
  return file;
}

async function timeEach(n: number, fn: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push((performance.now() - t0) * 1000);
  }
  return median(times);
}

export default async function run(): Promise<BenchRow[]> {
  const file = makeDatabase();
  const direct = new Database(file, { readonly: true });
  const stmt = direct.prepare(SQL);
  const inProcess = await timeEach(2000, (i) => stmt.get((i % 10_000) + 1));

  const dbConfig = ConfigSchema.parse({ databases: { main: { path: file, tables: { deny: ['secrets'] } } } }).databases.main;
  const guard = new SqlGuard(direct, { access: 'read', tables: dbConfig.tables, virtualTables: dbConfig.virtualTables });
  const guarded = await timeEach(2000, (i) => { guard.check(SQL, 'query', [(i % 10_000) + 1]); return stmt.get((i % 10_000) + 1); });

  const worker = new SqlWorker('main', dbConfig, 8 << 20);
  const viaWorker = await timeEach(1000, (i) => {
    const params = [(i % 10_000) + 1];
    const verdict = guard.check(SQL, 'query', params);
    return worker.run({ mode: 'query', sql: SQL, params, maxRows: 1000, maxBytes: 8 << 20, tables: verdict.tables });
  });
  worker.close();

  const client = await connect(wardenCommand(benchConfig({ databases: { main: { path: file } } })));
  const full = await roundTrip(client, 'sql_query', { database: 'main', sql: SQL, params: [42] }, 500);
  await client.close();
  direct.close();

  const overhead = (us: number) => `+${(us - inProcess).toFixed(0)} µs`;
  return [
    { scenario: `sql point lookup: guard (cached verdict) + query, ${overhead(guarded)}`, ours: guarded, reference: inProcess, unit: 'µs', baseline: 'better-sqlite3 in-process', target: 'guard ≤ 100 µs' },
    { scenario: `sql point lookup: guard + worker process, ${overhead(viaWorker)}`, ours: viaWorker, reference: inProcess, unit: 'µs', baseline: 'better-sqlite3 in-process', target: '≤ 100 µs overhead' },
    { scenario: `sql point lookup: full pipeline over stdio, ${overhead(full)}`, ours: full, reference: inProcess, unit: 'µs', baseline: 'better-sqlite3 in-process' },
  ];
}
