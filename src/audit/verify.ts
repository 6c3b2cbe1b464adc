import type BetterSqlite3 from 'better-sqlite3';
import { GENESIS, rowHash, type StoredRow } from './chain.js';

/** The kind of the row `audit prune` leaves in place of the rows it removed. */
export const CHECKPOINT_KIND = 'checkpoint';

/** What a checkpoint row's `detail` carries. */
export interface CheckpointDetail {
  /** The hash of the last pruned row: the next row links to it. */
  lastHash: string;
  /** The id of the last pruned row; the checkpoint takes that id. */
  prunedThrough: number;
  /** Rows removed by every prune so far. */
  prunedRows: number;
  /** The cutoff: every removed row is older than this. */
  before: string;
  prunedAt: string;
}

export type VerifyResult =
  | { ok: true; rows: number; checkpoint?: CheckpointDetail; head?: { id: number; hash: string } }
  | { ok: false; rows: number; id: number; problem: string };

/**
 * A checkpoint stands for the pruned prefix: its `hash` is the prefix's last hash (so
 * the rows after it keep their links and the store appends to it as to any row), and
 * its `prev_hash` seals its own content, chained to that hash. It vouches for nothing
 * before it; it is only valid as the first row.
 */
export function checkpointProblem(row: StoredRow): string | undefined {
  let detail: Partial<CheckpointDetail>;
  try { detail = JSON.parse(String(row.detail)); } catch { return 'it is a checkpoint whose detail is not JSON (the row was edited)'; }
  if (rowHash(row.hash, row) !== row.prev_hash) return 'it is a checkpoint whose content does not match its seal (the row was edited)';
  if (detail?.lastHash !== row.hash || detail.prunedThrough !== row.id) {
    return 'it is a checkpoint whose recorded hash or id does not match the row (the row was edited)';
  }
  return undefined;
}

/**
 * Walks the chain in id order. An edited row fails its own hash; a deleted or
 * reordered row breaks the next row's link or the id sequence. The first row may be a
 * checkpoint left by `audit prune`.
 */
export function verifyChain(db: BetterSqlite3.Database): VerifyResult {
  let prevHash = GENESIS;
  let expectedId = 1;
  let rows = 0;
  let checkpoint: CheckpointDetail | undefined;
  for (const row of db.prepare<[], StoredRow>('SELECT * FROM events ORDER BY id').iterate()) {
    const id = row.id as number;
    if (row.kind === CHECKPOINT_KIND) {
      if (rows > 0) return { ok: false, rows, id, problem: 'it is a checkpoint, which is only valid as the first row (rows before it were kept or inserted)' };
      const problem = checkpointProblem(row);
      if (problem) return { ok: false, rows, id, problem };
      checkpoint = JSON.parse(String(row.detail)) as CheckpointDetail;
      prevHash = row.hash;
      expectedId = id + 1;
      rows += 1;
      continue;
    }
    if (id !== expectedId) return { ok: false, rows, id, problem: `row ${expectedId} is missing (next row is ${id})` };
    if (row.prev_hash !== prevHash) return { ok: false, rows, id, problem: 'its link to the previous row does not match (a row before it was changed, removed or reordered)' };
    if (rowHash(prevHash, row) !== row.hash) return { ok: false, rows, id, problem: 'its content does not match its hash (the row was edited)' };
    prevHash = row.hash;
    expectedId = id + 1;
    rows += 1;
  }
  const head = rows > 0 ? { id: expectedId - 1, hash: prevHash } : undefined;
  return { ok: true, rows, ...(checkpoint ? { checkpoint } : {}), ...(head ? { head } : {}) };
}
