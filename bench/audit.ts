// Audit at scale: 1,000,000 events through AuditStore.append, then the searches users run.
import fs from 'node:fs';
import path from 'node:path';
import { AuditStore, type AuditEvent } from '../src/audit/store.js';
import { iterateEvents, toExport, type SearchFilter } from '../src/audit/query.js';
import { auditStats } from '../src/audit/stats.js';
import { catchUpFullText } from '../src/audit/fts.js';
import { openAuditDatabase } from '../src/audit/store.js';
import { median, tempDir, type BenchRow } from './lib.js';

const EVENTS = Number(process.env.AUDIT_BENCH_EVENTS ?? 1_000_000);
const BATCH = 5_000;
const TOOLS = ['read_text_file', 'list_directory', 'write_file', 'edit_file', 'sql_query', 'run_command', 'search_files', 'get_file_info'];
const SEARCH_TARGET_MS = 1000;

/** A deterministic pseudo-random stream, so every run writes the same log. */
function* events(n: number): Generator<AuditEvent> {
  let seed = 42;
  const rand = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  for (let i = 0; i < n / 2; i++) {
    const tool = TOOLS[Math.floor(rand() * TOOLS.length)];
    const file = `/home/dev/project/src/module${Math.floor(rand() * 500)}/file${Math.floor(rand() * 100)}.ts`;
    // One call in 2,000 touches an invoice file: the needle the text and glob searches look for.
    const path_ = i % 2000 === 7 ? `/home/dev/project/billing/invoice-${i}.pdf` : file;
    const deny = rand() < 0.05;
    const base = { session: `s${Math.floor(i / 5000)}`, call: `call-${i}`, principal: 'dev', client: 'bench', tool };
    yield {
      ...base, kind: 'decision', decision: deny ? 'deny' : 'allow',
      reason: deny ? 'Denied by policy "no-secrets": secrets stay local.' : 'Allowed: file:read is granted by role developer; no policy narrows it.',
      resource: { type: 'file', path: path_ }, args: { path: path_, head: 20 },
      detail: { step: 'authorize', permission: 'file:read', policyId: deny ? 'no-secrets' : undefined },
    };
    if (!deny) yield { ...base, kind: 'outcome', outcome: 'ok', durationMs: Math.floor(rand() * 50), bytes: Math.floor(rand() * 5000) };
    else yield { ...base, kind: 'outcome', outcome: 'error', durationMs: 0 };
  }
}

export async function generate(file: string, count = EVENTS): Promise<number> {
  const store = await AuditStore.open(file);
  // Batches through the store's own append, inside one outer transaction each (nested: savepoints).
  const batch = store.db.transaction((list: AuditEvent[]) => { for (const e of list) store.append(e); });
  let list: AuditEvent[] = [];
  let written = 0;
  for (const e of events(count)) {
    list.push(e);
    if (list.length === BATCH) { batch(list); written += list.length; list = []; }
  }
  if (list.length) { batch(list); written += list.length; }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  return written;
}

function time(fn: () => unknown, runs = 5): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
  }
  return median(ms);
}

export default async function run(): Promise<BenchRow[]> {
  const dir = tempDir('warden-audit-bench-');
  const file = path.join(dir, 'audit.db');
  try {
    const started = performance.now();
    const written = await generate(file);
    const appendUs = ((performance.now() - started) * 1000) / written;
    const fileBytes = fs.statSync(file).size;
    // The full-text index is built by the first `--text` search, not on the append path.
    const writer = await openAuditDatabase(file);
    const indexStart = performance.now();
    catchUpFullText(writer);
    const indexMs = performance.now() - indexStart;
    writer.pragma('wal_checkpoint(TRUNCATE)');
    writer.close();
    const indexBytes = fs.statSync(file).size - fileBytes;
    const db = await openAuditDatabase(file, { readonly: true });
    let exportBytes = 0;
    for (const row of iterateEvents(db, {})) exportBytes += Buffer.byteLength(JSON.stringify(toExport(row))) + 1;
    // Each search drains every matching row as `audit search --json` would print it.
    const search = (filter: SearchFilter) => () => { let n = 0; for (const row of iterateEvents(db, filter)) n += JSON.stringify(toExport(row)).length; return n; };
    const rows: BenchRow[] = [
      { scenario: `audit: append (${written.toLocaleString('en')} events, batched)`, ours: appendUs, reference: 0, unit: 'µs/event', baseline: '-' },
      { scenario: 'audit: bytes per event on disk (indexes, hashes)', ours: fileBytes / written, reference: exportBytes / written, unit: 'B', baseline: 'the JSONL export' },
      { scenario: 'audit: full-text index, bytes per event', ours: indexBytes / written, reference: exportBytes / written, unit: 'B', baseline: 'the JSONL export' },
      { scenario: 'audit: first --text search builds the index, 1M events', ours: indexMs, reference: 0, unit: 'ms', baseline: '-' },
    ];
    const searches: Array<[string, SearchFilter]> = [
      ['search --tool T --decision deny --limit 100', { tool: 'write_file', decision: 'deny', limit: 100 }],
      ['search --text invoice (FTS5)', { text: 'invoice' }],
      ['search --resource "**/billing/**"', { resource: '**/billing/**' }],
      ['search --since 1h --tool T --limit 1000', { since: new Date(Date.now() - 36e5).toISOString(), tool: 'sql_query', limit: 1000 }],
      ['show CALL (by call id)', { call: `call-${Math.floor(EVENTS / 4)}` }],
    ];
    for (const [name, filter] of searches) {
      rows.push({ scenario: `audit: ${name}, 1M events`, ours: time(search(filter)), reference: SEARCH_TARGET_MS, unit: 'ms', baseline: 'the 1 s target', target: '< 1 s' });
    }
    rows.push({ scenario: 'audit: stats over every event', ours: time(() => auditStats(db, {}), 3), reference: SEARCH_TARGET_MS, unit: 'ms', baseline: 'the 1 s target', target: '< 1 s' });
    db.close();
    return rows;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
