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

type SqlValue = string | number | bigint | Buffer | null;

// SQLite's order for ORDER BY and GROUP BY under BINARY: NULL, numbers, text by UTF-8 bytes
// (code points: JS `<` compares UTF-16 units, which differs past U+FFFF), then blobs.
function sqlOrder(a: SqlValue, b: SqlValue): number {
  const rank = (v: SqlValue) => (v === null ? 0 : typeof v === 'string' ? 2 : Buffer.isBuffer(v) ? 3 : 1);
  const [ra, rb] = [rank(a), rank(b)];
  if (ra !== rb || ra === 0) return ra - rb;
  if (ra === 1) return a! < b! ? -1 : a! > b! ? 1 : 0;
  if (ra === 3) return Buffer.compare(a as Buffer, b as Buffer);
  const [sa, sb] = [a as string, b as string];
  for (let i = 0, j = 0; i < sa.length && j < sb.length;) {
    const ca = sa.codePointAt(i)!;
    const cb = sb.codePointAt(j)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return Buffer.byteLength(sa) - Buffer.byteLength(sb) || 0;
}

interface ToolTally {
  calls: number; allow: number; deny: number; ask: number;
  /** Decision rows with a non-null decision: SQL's sum() of none of them is NULL, not 0. */
  decided: number;
  /** Outcome (null: none) → duration (null: none) → rows. */
  outcomes: Map<string | null, Map<number | null, number>>;
}

/** Everything the stats need, filled by one pass over the rows (see `auditStats`). */
class Tally {
  readonly tools = new Map<string, ToolTally>();
  readonly answers = new Map<SqlValue, number>();
  readonly denials = new Map<SqlValue, { count: number; reason: SqlValue }>();

  private tool(name: string): ToolTally {
    let t = this.tools.get(name);
    if (!t) { t = { calls: 0, allow: 0, deny: 0, ask: 0, decided: 0, outcomes: new Map() }; this.tools.set(name, t); }
    return t;
  }

  decision(tool: string, decision: SqlValue, answer: SqlValue, denyKey: SqlValue, denyReason: SqlValue): void {
    const t = this.tool(tool);
    t.calls += 1;
    if (decision !== null) {
      t.decided += 1;
      if (decision === 'allow') t.allow += 1;
      else if (decision === 'deny') {
        t.deny += 1;
        const d = this.denials.get(denyKey);
        if (!d) this.denials.set(denyKey, { count: 1, reason: denyReason });
        else {
          d.count += 1;
          // max(reason): NULLs are skipped.
          if (denyReason !== null && (d.reason === null || sqlOrder(denyReason, d.reason) > 0)) d.reason = denyReason;
        }
      }
    }
    if (answer !== null) { t.ask += 1; this.answers.set(answer, (this.answers.get(answer) ?? 0) + 1); }
  }

  outcome(tool: string, outcome: string | null, ms: number | null): void {
    const outcomes = this.tool(tool).outcomes;
    let h = outcomes.get(outcome);
    if (!h) { h = new Map(); outcomes.set(outcome, h); }
    h.set(ms, (h.get(ms) ?? 0) + 1);
  }
}

const tallies = new WeakMap<BetterSqlite3.Database, Tally>();
const registered = new WeakSet<BetterSqlite3.Database>();

type DecisionStep = (t: Tally, tool: string, decision: SqlValue, answer: SqlValue, denyKey: SqlValue, denyReason: SqlValue) => void;
type OutcomeStep = (t: Tally, tool: string, outcome: string | null, ms: number | null) => void;

// Aggregates, so one statement (one scan, one snapshot, no sort) feeds the tally that
// `auditStats` put in place for this connection; its statements run one at a time.
function registerTally(db: BetterSqlite3.Database): void {
  if (registered.has(db)) return;
  const decision: DecisionStep = (t, tool, d, answer, denyKey, denyReason) => t.decision(tool, d, answer, denyKey, denyReason);
  const outcome: OutcomeStep = (t, tool, o, ms) => t.outcome(tool, o, ms);
  // The typings know two-argument steps only; the arity SQLite sees is step.length - 1.
  for (const [name, step] of [['warden_stats_decision', decision], ['warden_stats_outcome', outcome]] as const) {
    db.aggregate<Tally>(name, {
      start: () => tallies.get(db) ?? new Tally(),
      step: step as unknown as (t: Tally) => void,
      result: () => null,
      safeIntegers: false,
    });
  }
  registered.add(db);
}

// `ask` is every decision whose detail carries the human's answer; the `instr` spares
// json_extract on the rows that cannot have one.
const ANSWER = `CASE WHEN instr(detail, '"approval":') > 0 THEN json_extract(detail, '$.approval') END`;
// Grouped by what decided (policy id, guard rule), so a path or a retry time in the text does not split one reason.
const DENY_KEY = "coalesce('policy ' || json_extract(detail, '$.policyId'), 'rule ' || json_extract(error, '$.rule'), reason)";

/**
 * Calls per tool, decision and outcome, top denial reasons and p50/p95 duration, for a
 * period. One statement reads every row once, in one snapshot: JS aggregates tally the few
 * groups (tools × outcomes × durations) as they go, where GROUP BY sorts every row first
 * (four grouped passes took 2 s over a million rows, a third of that is left). Ties and
 * key orders are SQLite's, as the grouped queries gave them. No index: every index costs
 * each append a page write.
 */
export function auditStats(db: BetterSqlite3.Database, filter: SearchFilter = {}, top = 10): Stats {
  const period = { since: filter.since, until: filter.until, tool: filter.tool, principal: filter.principal, session: filter.session };
  registerTally(db);
  const tally = new Tally();
  const { first, last } = db.transaction(() => {
    const { clause, params } = whereClause(db, period);
    // The FILTERs pick the kinds: a WHERE on kind too would only compare it twice.
    const sql = `SELECT warden_stats_decision(tool, decision, ${ANSWER}, CASE WHEN decision = 'deny' THEN ${DENY_KEY} END,
        CASE WHEN decision = 'deny' THEN reason END) FILTER (WHERE kind = 'decision'),
      warden_stats_outcome(tool, outcome, duration_ms) FILTER (WHERE kind = 'outcome'),
      min(ts) FILTER (WHERE kind = 'decision') AS first, max(ts) FILTER (WHERE kind = 'decision') AS last
      FROM events ${clause}`;
    tallies.set(db, tally);
    try {
      return db.prepare<Record<string, unknown>, { first: string | null; last: string | null }>(sql).get(params)!;
    } finally { tallies.delete(db); }
  })();

  const tools = [...tally.tools].filter(([, t]) => t.calls > 0)
    .sort(([a, ta], [b, tb]) => tb.calls - ta.calls || (a < b ? -1 : 1));
  // byOutcome keeps, among equal counts, the order in which GROUP BY tool, outcome met each outcome.
  const pairs = [...tally.tools].flatMap(([tool, t]) => [...t.outcomes].map(([outcome, h]) => ({ tool, outcome, h })))
    .sort((a, b) => sqlOrder(a.tool, b.tool) || sqlOrder(a.outcome, b.outcome));
  const byOutcome: Record<string, number> = {};
  const durations = new Map<string, { total: number; histogram: Map<number, number> }>();
  const add = (key: string, ms: number, n: number) => {
    let d = durations.get(key);
    if (!d) { d = { total: 0, histogram: new Map() }; durations.set(key, d); }
    d.total += n;
    d.histogram.set(ms, (d.histogram.get(ms) ?? 0) + n);
  };
  for (const { tool, outcome, h } of pairs) {
    for (const [ms, n] of h) {
      byOutcome[outcome ?? 'none'] = (byOutcome[outcome ?? 'none'] ?? 0) + n;
      if (ms !== null) { add(`tool:${tool}`, ms, n); add('all', ms, n); }
    }
  }
  const pct = (key: string, p: number) => {
    const d = durations.get(key);
    return d ? percentile(d.histogram, d.total, p) : null;
  };
  const answers = Object.fromEntries([...tally.answers].sort((a, b) => b[1] - a[1] || sqlOrder(a[0], b[0])));
  // LIMIT: a negative one is no limit.
  const topDenials = [...tally.denials].sort((a, b) => b[1].count - a[1].count || sqlOrder(a[0], b[0]))
    .slice(0, top < 0 ? undefined : top)
    .map(([key, d]) => ({ key, count: d.count, reason: d.reason }) as { key: string; count: number; reason: string });
  const sum = (k: 'calls' | 'allow' | 'deny' | 'ask') => tools.reduce((s, [, t]) => s + t[k], 0);
  const decided = (t: ToolTally, n: number) => (t.decided ? n : null) as number;
  return {
    since: filter.since, until: filter.until, calls: sum('calls'), first, last,
    byTool: tools.map(([tool, t]) => ({
      tool, calls: t.calls, allow: decided(t, t.allow), deny: decided(t, t.deny), ask: t.ask,
      p50: pct(`tool:${tool}`, 50), p95: pct(`tool:${tool}`, 95),
    })),
    byDecision: { allow: sum('allow'), deny: sum('deny'), ask: sum('ask'), answers },
    byOutcome: Object.fromEntries(Object.entries(byOutcome).sort((a, b) => b[1] - a[1])),
    topDenials,
    duration: { count: durations.get('all')?.total ?? 0, p50: pct('all', 50), p95: pct('all', 95) },
  };
}
