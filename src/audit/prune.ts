import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { rowHash, type StoredRow } from './chain.js';
import { CHECKPOINT_KIND, verifyChain, type CheckpointDetail } from './verify.js';

export type PruneResult =
  | { pruned: 0; reason: string }
  | { pruned: number; checkpoint: CheckpointDetail; remaining: number }
  | { pruned: 0; tampered: { id: number; problem: string } };

const who = () => { try { return os.userInfo().username; } catch { return 'unknown'; } };

/**
 * Removes every row older than `before` and puts a checkpoint row in place of the last
 * one, so `verifyChain` still passes (see src/audit/verify.ts). It runs in one
 * `BEGIN IMMEDIATE` transaction, so servers appending meanwhile wait and then chain on.
 * A tampered log is not pruned: that would destroy the evidence.
 */
export function pruneBefore(db: BetterSqlite3.Database, before: string, options: { dryRun?: boolean } = {}): PruneResult {
  const run = db.transaction((): PruneResult => {
    const verdict = verifyChain(db);
    if (!verdict.ok) return { pruned: 0, tampered: { id: verdict.id, problem: verdict.problem } };
    const first = db.prepare<[], StoredRow>('SELECT * FROM events ORDER BY id LIMIT 1').get();
    if (!first) return { pruned: 0, reason: 'the audit log is empty' };
    // Ids follow time (ts is taken inside the append transaction): cut before the first row at or after the cutoff.
    const boundary = db.prepare<[string], { id: number | null }>(
      `SELECT min(id) AS id FROM events WHERE ts >= ? AND kind <> '${CHECKPOINT_KIND}'`).get(before)?.id;
    const last = boundary === null || boundary === undefined
      ? (db.prepare<[], { id: number }>('SELECT max(id) AS id FROM events').get()!.id)
      : boundary - 1;
    const firstIsCheckpoint = first.kind === CHECKPOINT_KIND;
    if (last < (first.id as number) || (last === first.id && firstIsCheckpoint)) {
      return { pruned: 0, reason: `no row is older than ${before}` };
    }
    const removed = db.prepare<[number], { n: number }>(`SELECT count(*) AS n FROM events WHERE id <= ? AND kind <> '${CHECKPOINT_KIND}'`).get(last)!.n;
    const earlier = firstIsCheckpoint ? Number(JSON.parse(String(first.detail)).prunedRows) || 0 : 0;
    const lastHash = db.prepare<[number], { hash: string }>('SELECT hash FROM events WHERE id = ?').get(last)!.hash;
    const checkpoint: CheckpointDetail = { lastHash, prunedThrough: last, prunedRows: earlier + removed, before, prunedAt: new Date().toISOString() };
    const remaining = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM events WHERE id > ?').get(last)!.n + 1;
    if (options.dryRun) return { pruned: removed, checkpoint, remaining };
    db.prepare('DELETE FROM events WHERE id <= ?').run(last);
    const row: Omit<StoredRow, 'prev_hash' | 'hash'> = {
      id: last, ts: before, session: 'audit-prune', call: randomUUID(), principal: who(), client: null,
      tool: 'audit prune', kind: CHECKPOINT_KIND, decision: null,
      reason: `Checkpoint: ${checkpoint.prunedRows} rows older than ${before} were pruned; the chain continues from the hash of row ${last}.`,
      resource: null, args: null, outcome: null, error: null, duration_ms: null, bytes: null,
      detail: JSON.stringify(checkpoint),
    };
    db.prepare(`INSERT INTO events (id, ts, session, call, principal, client, tool, kind, decision, reason, resource, args,
      outcome, error, duration_ms, bytes, detail, prev_hash, hash) VALUES (@id, @ts, @session, @call, @principal, @client,
      @tool, @kind, @decision, @reason, @resource, @args, @outcome, @error, @duration_ms, @bytes, @detail, @prev_hash, @hash)`)
      .run({ ...row, prev_hash: rowHash(lastHash, row), hash: lastHash });
    return { pruned: removed, checkpoint, remaining };
  });
  return run.immediate();
}
