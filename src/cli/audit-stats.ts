import { auditStats, type Stats } from '../audit/stats.js';
import { parse, out } from './args.js';
import { auditOption, jsonLine, openReadOnly, shown, target, timeFlag } from './audit-common.js';

const ms = (v: number | null) => (v === null ? '-' : `${shown(v, 20)} ms`);

/** The stats as a few aligned tables a human reads top to bottom. */
export function formatStats(s: Stats): string[] {
  const period = `${shown(s.since ?? s.first ?? '(start)', 40)} .. ${shown(s.until ?? s.last ?? '(now)', 40)}`;
  const lines = [`${s.calls} calls, ${period}`, ''];
  const { allow, deny, ask, answers } = s.byDecision;
  lines.push(`decisions  allow ${allow}  deny ${deny}  asked ${ask}${ask ? ` (${Object.entries(answers).map(([k, v]) => `${shown(k)} ${v}`).join(', ')})` : ''}`);
  lines.push(`outcomes   ${Object.entries(s.byOutcome).map(([k, v]) => `${shown(k)} ${v}`).join('  ') || '-'}`);
  lines.push(`duration   p50 ${ms(s.duration.p50)}  p95 ${ms(s.duration.p95)}  (${s.duration.count} outcomes)`, '');
  if (s.byTool.length) {
    lines.push(`${'tool'.padEnd(26)} ${'calls'.padStart(7)} ${'allow'.padStart(7)} ${'deny'.padStart(7)} ${'asked'.padStart(7)} ${'p50'.padStart(9)} ${'p95'.padStart(9)}`);
    for (const t of s.byTool) {
      lines.push(`${shown(t.tool, 80).padEnd(26)} ${String(t.calls).padStart(7)} ${String(t.allow).padStart(7)} ${String(t.deny).padStart(7)} ${String(t.ask).padStart(7)} ${ms(t.p50).padStart(9)} ${ms(t.p95).padStart(9)}`);
    }
    lines.push('');
  }
  if (s.topDenials.length) {
    lines.push('top denial reasons');
    for (const d of s.topDenials) lines.push(`${String(d.count).padStart(7)}  ${shown(d.reason)}`);
  }
  return lines;
}

/** `audit stats [--since 7d] [--until T] [--tool T] [--principal P] [--session S] [--json]`. */
export async function stats(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...auditOption, since: { type: 'string' }, until: { type: 'string' }, tool: { type: 'string' },
    principal: { type: 'string' }, session: { type: 'string' }, json: { type: 'boolean' },
  });
  const filter = {
    since: timeFlag('since', values.since), until: timeFlag('until', values.until),
    tool: values.tool, principal: values.principal, session: values.session,
  };
  const { file } = target(values);
  const db = await openReadOnly(file);
  if (!db) return 2;
  try {
    const result = auditStats(db, filter);
    if (values.json) out(jsonLine(result));
    else for (const line of formatStats(result)) out(line);
    return 0;
  } finally { db.close(); }
}
