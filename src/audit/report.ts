import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { resourceText } from './resource-text.js';
import { whereClause, type SearchFilter } from './query.js';
import { auditStats, recentCalls, type CallSummary, type Stats } from './stats.js';
import { escapeHtml as e } from './report-escape.js';
import { horizontalBars, timelineBars, type Bar } from './report-svg.js';
import { REPORT_CSS, REPORT_JS } from './report-assets.js';

export interface ReportOptions {
  filter?: SearchFilter;
  /** The newest calls shown as rows (the charts count every call of the period). */
  limit?: number;
  key?: Buffer;
  /** Shown in the header. */
  source?: string;
  now?: Date;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const STEPS = [6e4, 3e5, 9e5, 36e5, 216e5, 864e5, 6048e5];

/** Calls per time bucket, at most about 60 buckets over the period. */
function timeline(db: BetterSqlite3.Database, filter: SearchFilter, stats: Stats): Bar[] {
  if (!stats.first || !stats.last) return [];
  const start = Date.parse(stats.first);
  const span = Math.max(1, Date.parse(stats.last) - start);
  const step = STEPS.find((s) => span / s <= 60) ?? Math.ceil(span / 60);
  const { clause, params } = whereClause(db, { ...filter, kind: 'decision' });
  const rows = db.prepare<Record<string, unknown>, { b: number; allow: number; deny: number; ask: number }>(
    `SELECT CAST((julianday(ts) - julianday(@start)) * 86400000 / @step AS INTEGER) AS b, sum(decision = 'allow') AS allow,
       sum(decision = 'deny') AS deny, sum(json_extract(detail, '$.approval') IS NOT NULL) AS ask
     FROM events ${clause} GROUP BY b ORDER BY b`,
  ).all({ ...params, start: new Date(start).toISOString(), step });
  const byBucket = new Map(rows.map((r) => [r.b, r]));
  const count = Math.floor(span / step) + 1;
  return Array.from({ length: count }, (_, b) => {
    const r = byBucket.get(b);
    return {
      label: new Date(start + b * step).toISOString().replace('.000Z', 'Z'),
      parts: [
        { value: r?.allow ?? 0, className: 'allow', name: 'allowed' },
        { value: r?.deny ?? 0, className: 'deny', name: 'denied' },
      ],
    };
  });
}

// resourceText is already rendered and bounded; arguments and errors are cut shorter than the default.
const WHOLE = Number.POSITIVE_INFINITY;

/** One call as a table row; the decision class comes from a fixed set, never from the data. */
function callRow(c: CallSummary): string {
  const decision = c.decision === 'allow' || c.decision === 'deny' ? c.decision : 'other';
  const d = c.detail;
  const meta = [
    d.policyId !== undefined ? `policy ${String(d.policyId)}` : '', d.step ? `step ${String(d.step)}` : '',
    d.permission ? `permission ${String(d.permission)}` : '', c.approval ? `human answer: ${c.approval}` : '',
    d.implicit ? 'implicit deny: no role grants it' : '',
  ].filter(Boolean).join(' · ');
  const err = c.error && typeof c.error === 'object' ? (c.error as Record<string, unknown>) : undefined;
  const errorText = err && c.decision === 'allow' ? `${String(err.code ?? 'error')}: ${String(err.message ?? '')}` : '';
  const args = c.args === null || c.args === undefined ? '' : typeof c.args === 'string' ? c.args : JSON.stringify(c.args);
  return `<tr class="${decision}${c.approval ? ' ask' : ''}" data-decision="${decision}"${c.approval ? ' data-asked=""' : ''}>`
    + `<td class="time">${e(c.ts)}</td><td>${e(c.tool)}</td><td class="res">${e(resourceText(c.resource), WHOLE)}</td>`
    + `<td class="dec"><span class="badge ${decision}">${e(c.decision ?? '')}</span>${c.approval ? `<span class="meta">asked: ${e(c.approval)}</span>` : ''}</td>`
    + `<td>${e(c.outcome ?? (c.decision === 'allow' ? 'running' : ''))}${c.durationMs !== null ? `<span class="meta">${e(c.durationMs)} ms</span>` : ''}</td>`
    + `<td class="why">${e(c.reason ?? '')}${meta ? `<span class="meta">${e(meta)}</span>` : ''}${errorText ? `<span class="meta">${e(errorText, 400)}</span>` : ''}</td>`
    + `<td class="args">${e(args, 300)}</td></tr>`;
}

/** A self-contained HTML report: no network fetch, CSP pinned to its own style and script. */
export function renderReport(db: BetterSqlite3.Database, options: ReportOptions = {}): string {
  const filter = options.filter ?? {};
  const limit = options.limit ?? 5000;
  const stats = auditStats(db, filter);
  const calls = recentCalls(db, limit, filter, options.key).reverse();
  const { allow, deny, ask, answers } = stats.byDecision;
  const errors = (stats.byOutcome.error ?? 0) + (stats.byOutcome.timeout ?? 0) + (stats.byOutcome.unknown ?? 0);
  const card = (value: unknown, label: string) => `<div class="card"><b>${e(value)}</b><span>${e(label)}</span></div>`;
  const toolBars: Bar[] = stats.byTool.slice(0, 20).map((t) => ({
    label: t.tool,
    parts: [{ value: t.allow, className: 'allow', name: 'allowed' }, { value: t.deny, className: 'deny', name: 'denied' }],
  }));
  const decisionBars: Bar[] = [
    { label: 'allow', parts: [{ value: allow, className: 'allow', name: 'allowed' }] },
    { label: 'deny', parts: [{ value: deny, className: 'deny', name: 'denied' }] },
    ...Object.entries(answers).map(([answer, n]) => ({ label: `asked: ${answer}`, parts: [{ value: n, className: 'ask', name: 'calls' }] })),
  ];
  const period = `${filter.since ?? stats.first ?? '-'} to ${filter.until ?? stats.last ?? '-'}`;
  const csp = `default-src 'none'; style-src ${sha256(REPORT_CSS)}; script-src ${sha256(REPORT_JS)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const legend = '<div class="legend"><i class="allow"></i>allowed<i class="deny"></i>denied<i class="ask"></i>asked the human</div>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mcp-warden audit report</title>
<style>${REPORT_CSS}</style>
</head><body>
<header><h1>mcp-warden audit report</h1><p>${e(options.source ?? '')} · ${e(period)} · generated ${e((options.now ?? new Date()).toISOString())}</p></header>
<main>
<section><div class="cards">${card(stats.calls, 'calls')}${card(allow, 'allowed')}${card(deny, 'denied')}${card(ask, 'asked the human')}${card(errors, 'errors or timeouts')}${card(stats.duration.p50 === null ? '-' : `${stats.duration.p50} ms`, 'p50 duration')}${card(stats.duration.p95 === null ? '-' : `${stats.duration.p95} ms`, 'p95 duration')}</div></section>
<section><h2>Timeline</h2>${timelineBars('Calls over time', timeline(db, filter, stats), stats.first ?? '', stats.last ?? '')}${legend}</section>
<section class="charts"><figure><h2>Calls per tool</h2>${toolBars.length ? horizontalBars('Calls per tool', toolBars) : '<p class="empty">No calls.</p>'}</figure>
<figure><h2>Calls per decision</h2>${horizontalBars('Calls per decision', decisionBars)}</figure></section>
<section><h2>Top denial reasons</h2>${stats.topDenials.length ? `<ol class="denials">${stats.topDenials.map((d) => `<li><b>${e(d.count)}×</b> ${e(d.reason)}</li>`).join('')}</ol>` : '<p class="empty">No denials.</p>'}</section>
<section><h2>Calls${calls.length < stats.calls ? ` (the newest ${calls.length} of ${stats.calls})` : ''}, newest first</h2>
<div class="toolbar"><input id="filter" type="search" placeholder="Filter calls: tool, path, reason, policy…" aria-label="Filter calls" autocomplete="off">
<select id="decision" aria-label="Decision"><option value="">every decision</option><option value="allow">allowed</option><option value="deny">denied</option><option value="ask">asked the human</option></select>
<span id="count">${calls.length} calls</span></div>
<table id="calls"><thead><tr><th>time</th><th>tool</th><th>resource</th><th>decision</th><th>outcome</th><th>explanation</th><th>args</th></tr></thead>
<tbody>${calls.map(callRow).join('\n')}</tbody></table>
</section>
</main>
<script>${REPORT_JS}</script>
</body></html>
`;
}
