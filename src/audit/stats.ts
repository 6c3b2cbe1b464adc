import type BetterSqlite3 from 'better-sqlite3';
import type { StoredRow } from './chain.js';
import { detailOf, storedArgs, whereClause, type SearchFilter } from './query.js';

/** One call: its decision row joined with its outcome row (absent while running or when refused). */
export interface CallSummary {
  call: string;
  id: number;
  ts: string;
  session: string;
  principal: string;
  client: string | null;
  tool: string;
  resource: unknown;
  args: unknown;
  decision: string | null;
  /** The human's answer when the policy asked: accept, decline, cancel, timeout, unsupported. */
  approval?: string;
  reason: string | null;
  detail: Record<string, unknown>;
  outcome: string | null;
  error: unknown;
  durationMs: number | null;
  bytes: number | null;
}

const json = (text: string | number | null) => {
  if (typeof text !== 'string') return null;
  try { return JSON.parse(text); } catch { return text; }
};

/** Joins decision rows with their outcome rows (looked up by call id, an indexed read). */
export function summarize(db: BetterSqlite3.Database, decisions: StoredRow[], key?: Buffer): CallSummary[] {
  const outcomeOf = db.prepare<[string], StoredRow>("SELECT * FROM events WHERE call = ? AND kind = 'outcome' ORDER BY id LIMIT 1");
  return decisions.map((d) => {
    const o = outcomeOf.get(d.call as string);
    const detail = detailOf(d);
    return {
      call: d.call as string, id: d.id as number, ts: d.ts as string, session: d.session as string,
      principal: d.principal as string, client: d.client as string | null, tool: d.tool as string,
      resource: json(d.resource), args: storedArgs(d.args, key), decision: d.decision as string | null,
      approval: typeof detail.approval === 'string' ? detail.approval : undefined,
      reason: d.reason as string | null, detail,
      outcome: (o?.outcome as string) ?? null, error: json(o?.error ?? d.error),
      durationMs: (o?.duration_ms as number) ?? null, bytes: (o?.bytes as number) ?? null,
    };
  });
}

/** The newest N calls matching the filter (on their decision rows), oldest first. */
export function recentCalls(db: BetterSqlite3.Database, n: number, filter: SearchFilter = {}, key?: Buffer): CallSummary[] {
  const { clause, params } = whereClause(db, { ...filter, kind: 'decision' });
  const rows = db.prepare<Record<string, unknown>, StoredRow>(
    `SELECT * FROM (SELECT * FROM events ${clause} ORDER BY id DESC LIMIT @n) ORDER BY id`,
  ).all({ ...params, n });
  return summarize(db, rows, key);
}

export interface Stats {
  since?: string;
  until?: string;
  calls: number;
  first: string | null;
  last: string | null;
  byTool: Array<{ tool: string; calls: number; allow: number; deny: number; ask: number; p50: number | null; p95: number | null }>;
  byDecision: { allow: number; deny: number; ask: number; answers: Record<string, number> };
  byOutcome: Record<string, number>;
  topDenials: Array<{ key: string; count: number; reason: string }>;
  duration: { count: number; p50: number | null; p95: number | null };
}

/** Nearest-rank percentile (rank ceil(p·n/100)) from a histogram of value → count. */
function percentile(histogram: Map<number, number>, total: number, p: number): number | null {
  if (!total) return null;
  const rank = Math.ceil((p * total) / 100);
  let seen = 0;
  for (const value of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(value)!;
    if (seen >= rank) return value;
  }
  return null;
}

const ASKED = `instr(detail, '"approval":') > 0 AND json_extract(detail, '$.approval') IS NOT NULL`;

/**
 * Calls per tool, decision and outcome, top denial reasons and p50/p95 duration, for a
 * period. Few passes over the rows (a million rows in well under the 1 s target): one
 * over decisions, one over outcomes as a histogram; `+column` keeps SQLite from walking
 * an index for GROUP BY, which is slower than a scan when every row is read anyway.
 */
export function auditStats(db: BetterSqlite3.Database, filter: SearchFilter = {}, top = 10): Stats {
  const period = { since: filter.since, until: filter.until, tool: filter.tool, principal: filter.principal, session: filter.session };
  const decisions = whereClause(db, { ...period, kind: 'decision' });
  const outcomes = whereClause(db, { ...period, kind: 'outcome' });
  const all = <T>(sql: string, params: Record<string, unknown>) => db.prepare<Record<string, unknown>, T>(sql).all(params);

  const tools = all<{ tool: string; calls: number; allow: number; deny: number; ask: number; first: string; last: string }>(
    `SELECT tool, count(*) AS calls, sum(decision = 'allow') AS allow, sum(decision = 'deny') AS deny,
       sum(CASE WHEN ${ASKED} THEN 1 ELSE 0 END) AS ask, min(ts) AS first, max(ts) AS last
     FROM events ${decisions.clause} GROUP BY +tool`, decisions.params,
  ).sort((a, b) => b.calls - a.calls || (a.tool < b.tool ? -1 : 1));
  const histogram = all<{ tool: string; outcome: string | null; ms: number | null; n: number }>(
    `SELECT tool, outcome, duration_ms AS ms, count(*) AS n FROM events ${outcomes.clause} GROUP BY +tool, +outcome, +duration_ms`,
    outcomes.params,
  );
  const byOutcome: Record<string, number> = {};
  const durations = new Map<string, { total: number; histogram: Map<number, number> }>();
  const add = (key: string, ms: number, n: number) => {
    let d = durations.get(key);
    if (!d) { d = { total: 0, histogram: new Map() }; durations.set(key, d); }
    d.total += n;
    d.histogram.set(ms, (d.histogram.get(ms) ?? 0) + n);
  };
  for (const h of histogram) {
    byOutcome[h.outcome ?? 'none'] = (byOutcome[h.outcome ?? 'none'] ?? 0) + h.n;
    if (h.ms !== null) { add(`tool:${h.tool}`, h.ms, h.n); add('all', h.ms, h.n); }
  }
  const pct = (key: string, p: number) => {
    const d = durations.get(key);
    return d ? percentile(d.histogram, d.total, p) : null;
  };
  const answers = Object.fromEntries(all<{ k: string; n: number }>(
    `SELECT json_extract(detail, '$.approval') AS k, count(*) AS n FROM events ${decisions.clause} AND ${ASKED} GROUP BY k ORDER BY n DESC, k`,
    decisions.params,
  ).map((r) => [r.k, r.n]));
  // Grouped by what decided (policy id, guard rule), so a path or a retry time in the text does not split one reason.
  const denyKey = "coalesce('policy ' || json_extract(detail, '$.policyId'), 'rule ' || json_extract(error, '$.rule'), reason)";
  const topDenials = all<{ key: string; count: number; reason: string }>(
    `SELECT ${denyKey} AS key, count(*) AS count, max(reason) AS reason FROM events ${decisions.clause}
     AND decision = 'deny' GROUP BY key ORDER BY count DESC, key LIMIT @top`,
    { ...decisions.params, top },
  );
  const sum = (k: 'calls' | 'allow' | 'deny' | 'ask') => tools.reduce((s, t) => s + t[k], 0);
  const firsts = tools.map((t) => t.first).sort();
  const lasts = tools.map((t) => t.last).sort();
  return {
    since: filter.since, until: filter.until, calls: sum('calls'), first: firsts[0] ?? null, last: lasts.at(-1) ?? null,
    byTool: tools.map(({ first: _f, last: _l, ...t }) => ({ ...t, p50: pct(`tool:${t.tool}`, 50), p95: pct(`tool:${t.tool}`, 95) })),
    byDecision: { allow: sum('allow'), deny: sum('deny'), ask: sum('ask'), answers },
    byOutcome: Object.fromEntries(Object.entries(byOutcome).sort((a, b) => b[1] - a[1])),
    topDenials,
    duration: { count: durations.get('all')?.total ?? 0, p50: pct('all', 50), p95: pct('all', 95) },
  };
}
