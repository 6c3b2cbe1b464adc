import type BetterSqlite3 from 'better-sqlite3';
import type { StoredRow } from './chain.js';
import { decrypt, isEncrypted } from './crypto.js';

/** The export/search fields of DESIGN §6, in their stable order. */
export const EXPORT_FIELDS = [
  'id', 'ts', 'session', 'call', 'principal', 'client', 'tool', 'kind', 'decision', 'reason',
  'resource', 'args', 'outcome', 'error', 'durationMs', 'bytes',
] as const;

export interface SearchFilter {
  tool?: string;
  decision?: string;
  outcome?: string;
  principal?: string;
  session?: string;
  call?: string;
  /** ISO timestamps (inclusive bounds). */
  since?: string;
  until?: string;
  limit?: number;
}

/** Rows matching every given filter, oldest first; bound parameters only. */
export function searchEvents(db: BetterSqlite3.Database, filter: SearchFilter): StoredRow[] {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const eq = (column: string, key: keyof SearchFilter) => {
    if (filter[key] === undefined) return;
    where.push(`${column} = @${key}`);
    params[key] = filter[key];
  };
  eq('tool', 'tool'); eq('decision', 'decision'); eq('outcome', 'outcome');
  eq('principal', 'principal'); eq('session', 'session'); eq('call', 'call');
  if (filter.since) { where.push('ts >= @since'); params.since = filter.since; }
  if (filter.until) { where.push('ts <= @until'); params.until = filter.until; }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  if (filter.limit !== undefined) {
    // The newest N, still printed oldest first.
    const sql = `SELECT * FROM (SELECT * FROM events ${clause} ORDER BY id DESC LIMIT @limit) ORDER BY id`;
    return db.prepare<Record<string, unknown>, StoredRow>(sql).all({ ...params, limit: filter.limit });
  }
  return db.prepare<Record<string, unknown>, StoredRow>(`SELECT * FROM events ${clause} ORDER BY id`).all(params);
}

const parse = (text: string | number | null) => (typeof text === 'string' ? JSON.parse(text) : null);

/** A stored row as export and `--json` show it; encrypted args stay `[encrypted]` without the key. */
export function toExport(row: StoredRow, key?: Buffer): Record<(typeof EXPORT_FIELDS)[number], unknown> {
  let args: unknown = null;
  if (isEncrypted(row.args as string)) {
    try { args = key ? JSON.parse(decrypt(row.args as string, key)) : '[encrypted]'; } catch { args = '[encrypted: wrong key]'; }
  } else {
    args = parse(row.args);
  }
  return {
    id: row.id, ts: row.ts, session: row.session, call: row.call, principal: row.principal, client: row.client,
    tool: row.tool, kind: row.kind, decision: row.decision, reason: row.reason, resource: parse(row.resource),
    args, outcome: row.outcome, error: parse(row.error), durationMs: row.duration_ms, bytes: row.bytes,
  };
}

/** `2h`, `7d`, `30m` before now, or an ISO date; undefined when it is neither. */
export function parseTime(value: string, now = Date.now()): string | undefined {
  const rel = /^(\d+)\s*(s|m|h|d|w)$/.exec(value.trim());
  if (rel) {
    const unit = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 }[rel[2] as 's'];
    return new Date(now - Number(rel[1]) * unit).toISOString();
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
