import type BetterSqlite3 from 'better-sqlite3';
import type { StoredRow } from '../audit/chain.js';
import { iterateEvents, searchEvents, toExport } from '../audit/query.js';
import { recentCalls, summarize, type CallSummary } from '../audit/stats.js';
import { parse, out } from './args.js';
import { auditOption, countFlag, jsonLine, openReadOnly, resourceText, shown, target } from './audit-common.js';

const POLL_MS = 200;

/** One call in one line: time, tool, resource, decision, outcome, duration. */
export function callLine(c: CallSummary): string {
  // Every stored field is shown through the renderer: a log the agent could write to is hostile.
  const decision = shown(c.approval ? `${c.decision} (${c.approval})` : c.decision, 40);
  const outcome = shown(c.outcome ?? (c.decision === 'allow' ? 'running' : '-'), 40);
  const duration = c.durationMs === null ? '' : `${shown(c.durationMs, 20)} ms`;
  const resource = resourceText(c.resource) || '-';
  return `${shown(c.ts, 40)}  ${shown(c.tool, 80).padEnd(24)} ${resource.padEnd(32)} ${decision.padEnd(6)} ${outcome.padEnd(7)} ${duration}`.trimEnd();
}

/** `audit tail [-n N] [-f] [--json]`: the last N calls; `-f` follows new rows of every process writing the file. */
export async function tail(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    ...auditOption, lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' }, json: { type: 'boolean' },
  });
  const n = countFlag('lines', values.lines) ?? 20;
  const { file, key } = target(values);
  const db = await openReadOnly(file);
  if (!db) return 2;
  try {
    const lastId = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM events').get()?.id ?? 0;
    const calls = recentCalls(db, n, {}, key).filter((c) => c.id <= lastId);
    if (values.json) {
      for (const c of calls) {
        for (const row of iterateEvents(db, { call: c.call })) if ((row.id as number) <= lastId) out(jsonLine(toExport(row, key)));
      }
    } else {
      for (const c of calls) out(callLine(c));
    }
    if (!values.follow) return 0;
    await follow(db, lastId, (row) => {
      if (values.json) return out(jsonLine(toExport(row, key)));
      // A call's line waits for its outcome; a refusal has none, so it is shown at once.
      if (row.kind === 'decision' && row.decision === 'allow') return;
      if (row.kind === 'decision' || row.kind === 'outcome') {
        const decision = row.kind === 'decision' ? row : searchEvents(db, { call: row.call as string, kind: 'decision' })[0];
        if (decision) out(callLine(summarize(db, [decision], key)[0]));
        return;
      }
      out(`${shown(row.ts, 40)}  ${shown(row.reason)}`);
    });
    return 0;
  } finally { db.close(); }
}

/**
 * Polls for rows after `lastId` until SIGINT/SIGTERM or a closed stdout. Each poll is a
 * fresh read of the WAL, so rows that other server processes commit show up too.
 */
async function follow(db: BetterSqlite3.Database, lastId: number, print: (row: StoredRow) => void): Promise<void> {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => { stop = resolve; });
  const onSignal = () => stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.stdout.once('error', onSignal);
  let after = lastId;
  let running = true;
  void stopped.then(() => { running = false; });
  try {
    while (running) {
      // Collected first: printing reads the connection again (a call's decision row).
      for (const row of [...iterateEvents(db, { afterId: after })]) {
        after = row.id as number;
        print(row);
      }
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, POLL_MS))]);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stdout.off('error', onSignal);
  }
}
