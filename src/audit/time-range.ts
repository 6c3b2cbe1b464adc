import type BetterSqlite3 from 'better-sqlite3';

/**
 * The first id whose row is at or past a time, found by bisecting the ids: `ts` never
 * goes back from one row to the next (src/audit/store.ts), so a time range is an id
 * range, and about twenty lookups by rowid replace an index every append would pay for.
 * Ids may have gaps (a prune deletes a prefix): a probe takes the next row that exists,
 * and any bound inside a gap selects the same rows.
 */
function firstIdWhere(db: BetterSqlite3.Database, past: (ts: string) => boolean): number {
  const next = db.prepare<[number], { id: number; ts: string }>('SELECT id, ts FROM events WHERE id >= ? ORDER BY id LIMIT 1');
  // Two queries: min() and max() together make SQLite scan the table.
  const first = db.prepare<[], number>('SELECT id FROM events ORDER BY id LIMIT 1').pluck().get();
  const last = db.prepare<[], number>('SELECT id FROM events ORDER BY id DESC LIMIT 1').pluck().get();
  if (first === undefined || last === undefined) return 1;
  let [lo, hi] = [first, last + 1];
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    // mid <= the largest id, so a row at or after it exists.
    const row = next.get(mid)!;
    if (past(row.ts)) hi = mid;
    else lo = row.id + 1;
  }
  return lo;
}

/** `since` and `until` (inclusive ISO times) as bounds on ids: `from <= id < before`. */
export function idRange(db: BetterSqlite3.Database, since?: string, until?: string): { from?: number; before?: number } {
  return {
    ...(since !== undefined && { from: firstIdWhere(db, (ts) => ts >= since) }),
    ...(until !== undefined && { before: firstIdWhere(db, (ts) => ts > until) }),
  };
}
