import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { AuditStore, openAuditDatabase } from '../../src/audit/store.js';
import { whereClause, type SearchFilter } from '../../src/audit/query.js';
import { auditStats, recentCalls } from '../../src/audit/stats.js';
import { tempDir } from '../helpers/temp.js';
import { FIXTURE, writeFixtureLog } from '../fixtures/audit/log.js';

async function fixture() {
  const file = path.join(tempDir('warden-stats-'), 'audit.db');
  await writeFixtureLog(file);
  return openAuditDatabase(file, { readonly: true });
}

test('calls per tool, decision and outcome, counted once per call', async () => {
  const s = auditStats(await fixture());
  assert.equal(s.calls, FIXTURE.calls);
  assert.deepEqual(s.byDecision, { allow: 5, deny: 5, ask: 2, answers: { accept: 1, decline: 1 } });
  assert.deepEqual(s.byOutcome, { ok: 4, error: 1 });
  const read = s.byTool.find((t) => t.tool === 'read_text_file');
  assert.deepEqual(read, { tool: 'read_text_file', calls: 4, allow: 1, deny: 3, ask: 0, p50: 12, p95: 12 });
  assert.equal(s.byTool[0].tool, 'read_text_file', 'busiest tool first');
  assert.equal(s.first, '2025-03-01T09:00:00.000Z');
  assert.equal(s.last, '2025-03-02T09:00:00.000Z');
});

test('p50 and p95 are nearest-rank over outcome durations', async () => {
  // Durations 3, 12, 40, 250, 20 -> sorted 3, 12, 20, 40, 250: p50 rank 3, p95 rank 5.
  const s = auditStats(await fixture());
  assert.deepEqual(s.duration, { count: 5, p50: 20, p95: 250 });
});

test('top denial reasons group by what decided (policy, rule), not by the varying text', async () => {
  const s = auditStats(await fixture());
  const keys = s.topDenials.map((d) => d.key).sort();
  assert.deepEqual(keys, [
    'Denied: principal "me" has no role or permission that grants database:write, which sql_execute needs.',
    'policy ask-before-docs', 'policy no-env-files', 'rule path.outside_roots', 'rule rateLimits.tools.read_text_file',
  ]);
  assert.equal(s.topDenials.find((d) => d.key === 'policy no-env-files')?.reason, FIXTURE.envReason);
});

test('a period narrows every figure', async () => {
  const s = auditStats(await fixture(), { since: '2025-03-02T00:00:00.000Z' });
  assert.equal(s.calls, 2);
  assert.deepEqual(s.byDecision, { allow: 1, deny: 1, ask: 1, answers: { accept: 1 } });
  assert.deepEqual(s.duration, { count: 1, p50: 20, p95: 20 });
  assert.equal(auditStats(await fixture(), { until: '2020-01-01T00:00:00.000Z' }).calls, 0);
});

test('recent calls join each decision with its outcome', async () => {
  const calls = recentCalls(await fixture(), 3);
  assert.deepEqual(calls.map((c) => [c.tool, c.decision, c.outcome, c.durationMs]), [
    ['read_text_file', 'deny', null, null], ['edit_file', 'allow', 'ok', 20], ['sql_execute', 'deny', null, null],
  ]);
  assert.equal(calls[1].approval, 'accept');
});

// The four grouped queries `auditStats` replaced (p16-base), kept as the oracle its output must match byte for byte.
function groupedStats(db: BetterSqlite3.Database, filter: SearchFilter = {}, top = 10) {
  const period = { since: filter.since, until: filter.until, tool: filter.tool, principal: filter.principal, session: filter.session };
  const decisions = whereClause(db, { ...period, kind: 'decision' });
  const outcomes = whereClause(db, { ...period, kind: 'outcome' });
  const all = <T>(sql: string, params: Record<string, unknown>) => db.prepare<Record<string, unknown>, T>(sql).all(params);
  const ASKED = `instr(detail, '"approval":') > 0 AND json_extract(detail, '$.approval') IS NOT NULL`;
  const tools = all<{ tool: string; calls: number; allow: number; deny: number; ask: number; first: string; last: string }>(
    `SELECT tool, count(*) AS calls, sum(decision = 'allow') AS allow, sum(decision = 'deny') AS deny,
       sum(CASE WHEN ${ASKED} THEN 1 ELSE 0 END) AS ask, min(ts) AS first, max(ts) AS last
     FROM events ${decisions.clause} GROUP BY +tool`, decisions.params,
  ).sort((a, b) => b.calls - a.calls || (a.tool < b.tool ? -1 : 1));
  const histogram = all<{ tool: string; outcome: string | null; ms: number | null; n: number }>(
    `SELECT tool, outcome, duration_ms AS ms, count(*) AS n FROM events ${outcomes.clause} GROUP BY +tool, +outcome, +duration_ms`,
    outcomes.params,
  );
  const percentile = (h: Map<number, number>, total: number, p: number) => {
    if (!total) return null;
    let seen = 0;
    for (const v of [...h.keys()].sort((a, b) => a - b)) { seen += h.get(v)!; if (seen >= Math.ceil((p * total) / 100)) return v; }
    return null;
  };
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
  const pct = (key: string, p: number) => { const d = durations.get(key); return d ? percentile(d.histogram, d.total, p) : null; };
  const answers = Object.fromEntries(all<{ k: string; n: number }>(
    `SELECT json_extract(detail, '$.approval') AS k, count(*) AS n FROM events ${decisions.clause} AND ${ASKED} GROUP BY k ORDER BY n DESC, k`,
    decisions.params,
  ).map((r) => [r.k, r.n]));
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

// Few distinct values, so counts tie; text past U+FFFF and just below it, where JS `<` and SQLite's byte order disagree.
const TOOLS = ['read_text_file', 'sql_query', 'tool\uff5e', 'tool\u{1f512}', 'edit_file'];
const OUTCOMES = ['ok', 'error', 'timeout', 'cancelled', undefined] as const;
const ANSWERS = ['accept', 'decline', 'cancel', 'timeout', 'unsupported', 1];
const REASONS = ['Denied \uff5e by policy.', 'Denied \u{1f512} by policy.', 'Denied by policy.', undefined];

/** A small random log through the store's own append: periods, refusals, asks, odd values. */
async function randomLog(seed: number, calls: number): Promise<BetterSqlite3.Database> {
  const rand = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const file = path.join(tempDir('warden-stats-random-'), 'audit.db');
  const store = await AuditStore.open(file);
  for (let i = 0; i < calls; i++) {
    const base = { session: `s${i % 3}`, call: `call-${i}`, principal: pick(['me', 'ci']), tool: pick(TOOLS) };
    const r = rand();
    const decision = r < 0.4 ? 'allow' : r < 0.8 ? 'deny' : r < 0.9 ? 'ask' : undefined;
    const detail = { step: 'authorize', ...(rand() < 0.3 && { approval: pick(ANSWERS) }), ...(rand() < 0.4 && { policyId: pick(['p1', 'p2']) }) };
    const error = rand() < 0.3 ? { code: 'denied', rule: pick(['path.outside_roots', 'rate']) } : undefined;
    store.append({ ...base, kind: 'decision', decision, reason: pick(REASONS), detail, error });
    if (decision !== 'deny' || rand() < 0.2) {
      store.append({ ...base, kind: 'outcome', outcome: pick(OUTCOMES), durationMs: rand() < 0.1 ? undefined : Math.floor(rand() * 8) });
    }
  }
  // A kind no writer makes today (a future one): stats count decisions and outcomes only.
  store.db.prepare(`INSERT INTO events (ts, session, call, principal, tool, kind, decision, outcome, duration_ms, prev_hash, hash)
    VALUES ('2000-01-01T00:00:00.000Z', 's0', 'x', 'me', 'foreign', 'note', 'allow', 'ok', 5, '', '')`).run();
  store.close();
  return openAuditDatabase(file, { readonly: true });
}

test('one pass gives byte for byte what the grouped queries gave, over random logs and periods', async () => {
  for (let seed = 1; seed <= 25; seed++) {
    const db = await randomLog(seed, 40 + seed * 4);
    const ts = db.prepare<[], string>('SELECT ts FROM events ORDER BY id').pluck().all();
    const filters: SearchFilter[] = [
      {}, { since: ts[Math.floor(ts.length / 3)] }, { until: ts[Math.floor((2 * ts.length) / 3)] },
      { tool: 'tool\uff5e' }, { principal: 'ci', session: 's1' }, { tool: 'absent' },
    ];
    for (const filter of filters) {
      for (const top of [10, 1]) {
        assert.equal(JSON.stringify(auditStats(db, filter, top)), JSON.stringify(groupedStats(db, filter, top)), `seed ${seed}, ${JSON.stringify(filter)}, top ${top}`);
      }
    }
    db.close();
  }
});

test('the figures are the plain counts of the rows', async () => {
  const db = await randomLog(7, 300);
  const rows = db.prepare<[], { kind: string; tool: string; decision: string | null; outcome: string | null; duration_ms: number | null; detail: string }>(
    'SELECT * FROM events').all();
  const decisions = rows.filter((r) => r.kind === 'decision');
  const outcomes = rows.filter((r) => r.kind === 'outcome');
  const s = auditStats(db);
  assert.equal(s.calls, decisions.length);
  assert.equal(s.byDecision.allow, decisions.filter((r) => r.decision === 'allow').length);
  assert.equal(s.byDecision.deny, decisions.filter((r) => r.decision === 'deny').length);
  assert.equal(s.byDecision.ask, decisions.filter((r) => JSON.parse(r.detail).approval !== undefined).length);
  for (const tool of TOOLS) {
    assert.equal(s.byTool.find((t) => t.tool === tool)?.calls, decisions.filter((r) => r.tool === tool).length, tool);
  }
  const counted: Record<string, number> = {};
  for (const r of outcomes) counted[r.outcome ?? 'none'] = (counted[r.outcome ?? 'none'] ?? 0) + 1;
  assert.deepEqual({ ...s.byOutcome }, counted);
  const ms = outcomes.map((r) => r.duration_ms).filter((v) => v !== null).sort((a, b) => a! - b!) as number[];
  assert.deepEqual(s.duration, { count: ms.length, p50: ms[Math.ceil(ms.length * 0.5) - 1], p95: ms[Math.ceil(ms.length * 0.95) - 1] });
});
