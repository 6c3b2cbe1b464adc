import type BetterSqlite3 from 'better-sqlite3';
import { GENESIS, rowHash, type StoredRow } from './chain.js';

export type VerifyResult =
  | { ok: true; rows: number }
  | { ok: false; rows: number; id: number; problem: string };

/**
 * Walks the chain in id order. An edited row fails its own hash; a deleted or
 * reordered row breaks the next row's link or the id sequence.
 */
export function verifyChain(db: BetterSqlite3.Database): VerifyResult {
  let prevHash = GENESIS;
  let expectedId = 1;
  let rows = 0;
  for (const row of db.prepare<[], StoredRow>('SELECT * FROM events ORDER BY id').iterate()) {
    const id = row.id as number;
    if (id !== expectedId) return { ok: false, rows, id, problem: `row ${expectedId} is missing (next row is ${id})` };
    if (row.prev_hash !== prevHash) return { ok: false, rows, id, problem: 'its link to the previous row does not match (a row before it was changed, removed or reordered)' };
    if (rowHash(prevHash, row) !== row.hash) return { ok: false, rows, id, problem: 'its content does not match its hash (the row was edited)' };
    prevHash = row.hash;
    expectedId = id + 1;
    rows += 1;
  }
  return { ok: true, rows };
}
