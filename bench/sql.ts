// A one-row point lookup: through the whole server (stdio, pipeline, audit, guard,
// worker) and through the SQL layer alone (guard + worker), each against the same
// query in-process with better-sqlite3, in the same run.
import path from 'node:path';
import Database from 'better-sqlite3';
import { benchConfig, connect, median, roundTrip, sideBySide, tempDir, wardenCommand, type BenchRow } from './lib.js';
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

async function timeEach(n: number, fn: (i: number) => unknown, warmUp = 50): Promise<number> {
  for (let i = 0; i < warmUp; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push((performance.now() - t0) * 1000);
  }
  return median(times);
}

// Takes turns of `turn` calls until each function made n, so that a burst of load on a
// shared machine hits them all alike; the median of each, in µs.
async function timeInTurns(n: number, fns: Array<(i: number) => unknown>, turn = 250): Promise<number[]> {
  const times = fns.map((): number[] => []);
  for (let start = 0; start < n; start += turn) {
    for (const [k, fn] of fns.entries()) {
      for (let i = start; i < start + turn; i++) {
        const t0 = performance.now();
        await fn(i);
        times[k].push((performance.now() - t0) * 1000);
      }
    }
  }
  return times.map(median);
}

export default async function run(): Promise<BenchRow[]> {
  const file = makeDatabase();
  const direct = new Database(file, { readonly: true });
  const stmt = direct.prepare(SQL);
  const dbConfig = ConfigSchema.parse({ databases: { main: { path: file, tables: { deny: ['secrets'] } } } }).databases.main;
  const guard = new SqlGuard(direct, { access: 'read', tables: dbConfig.tables, virtualTables: dbConfig.virtualTables });
  const raw = (i: number) => stmt.get((i % 10_000) + 1);
  const guarded = (i: number) => { guard.check(SQL, 'query', [(i % 10_000) + 1]); return raw(i); };
  const worker = new SqlWorker('main', dbConfig, 8 << 20);
  const viaWorker = (i: number) => {
    const params = [(i % 10_000) + 1];
    const verdict = guard.check(SQL, 'query', params);
    return worker.run({ mode: 'query', sql: SQL, params, maxRows: 1000, maxBytes: 8 << 20, tables: verdict.tables });
  };
  // A fresh worker process takes a few thousand calls to reach its steady state (V8
  // tiers its code up): its first calls get their own row.
  const fresh = await timeEach(1000, viaWorker, 1);
  for (let i = 0; i < 2000; i++) { raw(i); guarded(i); await viaWorker(i); }
  const [inProcess, guardOnly, steady] = await timeInTurns(4000, [raw, guarded, viaWorker]);
  worker.close();

  const client = await connect(wardenCommand(benchConfig({ databases: { main: { path: file } } })));
  const full = await roundTrip(client, 'sql_query', { database: 'main', sql: SQL, params: [42] }, 500);
  // Issue 16's SQL target: the point query against the trivial tool on the same server, in alternation.
  const vsTrivial = await sideBySide(
    { client, name: 'sql_query', args: { database: 'main', sql: SQL, params: [42] } },
    { client, name: 'list_allowed_directories', args: {} }, 500);
  await client.close();
  direct.close();

  const overhead = (us: number) => `+${(us - inProcess).toFixed(0)} µs`;
  return [
    { scenario: `sql point lookup: guard (cached verdict) + query, ${overhead(guardOnly)}`, ours: guardOnly, reference: inProcess, unit: 'µs', baseline: 'better-sqlite3 in-process', target: 'guard ≤ 100 µs' },
    { scenario: `sql point lookup: guard + worker process, ${overhead(steady)}`, ours: steady, reference: inProcess, unit: 'µs', baseline: 'better-sqlite3 in-process' },
    { scenario: `sql point lookup: guard + worker process, its first 1000 calls, ${overhead(fresh)}`, ours: fresh, reference: inProcess, unit: 'µs', baseline: 'better-sqlite3 in-process' },
    { scenario: `sql point lookup: full pipeline over stdio, ${overhead(full)}`, ours: full, reference: inProcess, unit: 'µs', baseline: 'better-sqlite3 in-process' },
    { scenario: 'sql point lookup over stdio vs the trivial tool, same server', ours: vsTrivial.a, reference: vsTrivial.b, unit: 'µs', baseline: 'trivial tool round trip', target: '≤ 2.5×' },
  ];
}
