import type BetterSqlite3 from 'better-sqlite3';
import { compileGlob } from '../glob/index.js';
import type { StoredRow } from './chain.js';
import { decrypt, isEncrypted } from './crypto.js';
import { textCondition } from './fts.js';
import { keptOf } from './cap.js';
import { idRange } from './time-range.js';

/** The export/search fields of ARCHITECTURE.md §6, in their stable order. */
export const EXPORT_FIELDS = [
  'id', 'ts', 'session', 'call', 'principal', 'client', 'tool', 'kind', 'decision', 'reason',
  'resource', 'args', 'outcome', 'error', 'durationMs', 'bytes',
] as const;

export type ExportRow = Record<(typeof EXPORT_FIELDS)[number], unknown>;

export interface SearchFilter {
  tool?: string;
  /** `allow` and `deny` are the final decision; `ask` is every call that went to the human. */
  decision?: string;
  outcome?: string;
  principal?: string;
  session?: string;
  call?: string;
  kind?: string;
  /** ISO timestamps (inclusive bounds). */
  since?: string;
  until?: string;
  /** A glob (src/glob syntax) over the canonical resource (see `resourceSubjects`). */
  resource?: string;
  /** Words that args, reason or error must all contain (FTS5). */
  text?: string;
  /** Only rows after this id (`tail -f`). */
  afterId?: number;
  limit?: number;
}

/**
 * The strings a `--resource` glob is matched against: each canonical path; the database
 * and `database/table` for each table; the program and the whole command line.
 */
export function resourceSubjects(stored: unknown): string[] {
  // A resource the store cut is matched on what it kept.
  const resource = keptOf(stored);
  if (!resource || typeof resource !== 'object') return [];
  const r = resource as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const subjects: string[] = [];
  if (typeof r.path === 'string') subjects.push(r.path);
  subjects.push(...strings(r.paths));
  if (typeof r.database === 'string') {
    subjects.push(r.database, ...strings(r.tables).map((t) => `${r.database}/${t}`));
  }
  if (typeof r.command === 'string') subjects.push(r.command, [r.command, ...strings(r.args)].join(' '));
  return subjects;
}

const registered = new WeakSet<BetterSqlite3.Database>();
const matchers = new Map<string, (s: string) => boolean>();

// A SQL function, so a glob combines with `--limit` and the other filters inside one query.
function registerGlob(db: BetterSqlite3.Database): void {
  if (registered.has(db)) return;
  db.function('warden_resource_glob', { deterministic: true }, (glob: unknown, stored: unknown) => {
    if (typeof glob !== 'string' || typeof stored !== 'string') return 0;
    const match = resourceMatcher(glob);
    let resource: unknown;
    try { resource = JSON.parse(stored); } catch { return 0; }
    return resourceSubjects(resource).some((s) => match(s)) ? 1 : 0;
  });
  registered.add(db);
}

// Compiled once per glob; a bad glob throws GlobError here, before any row is read.
function resourceMatcher(glob: string): (s: string) => boolean {
  let match = matchers.get(glob);
  if (!match) {
    match = compileGlob(glob);
    matchers.set(glob, match);
  }
  return match;
}

/**
 * The longest piece of text that every resource matching the glob must contain in its
 * stored JSON, for a cheap `instr` before the glob runs. Only text outside brackets,
 * braces and parentheses counts, cut at anything special, `/` and space (subjects join
 * with those); characters JSON escapes disqualify a piece. Undefined when none is safe.
 */
export function globLiteral(glob: string): string | undefined {
  if (glob.startsWith('!')) return undefined;
  const pieces: string[] = [];
  let depth = 0;
  let piece = '';
  const cut = () => { if (piece) pieces.push(piece); piece = ''; };
  for (const c of glob) {
    if ('[{('.includes(c)) { depth += 1; cut(); continue; }
    if (']})'.includes(c)) { depth = Math.max(0, depth - 1); cut(); continue; }
    if (depth > 0 || '*?!+@\\|/ "'.includes(c) || c < ' ' || c === '\u007f') { cut(); continue; }
    piece += c;
  }
  cut();
  const best = pieces.sort((a, b) => b.length - a.length)[0];
  return best && best.length >= 2 ? best : undefined;
}

/** The WHERE clause and its bound parameters for a filter; values are never spliced. */
export function whereClause(db: BetterSqlite3.Database, filter: SearchFilter): { clause: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const eq = (key: 'tool' | 'outcome' | 'principal' | 'session' | 'call' | 'kind') => {
    if (filter[key] === undefined) return;
    where.push(`${key} = @${key}`);
    params[key] = filter[key];
  };
  eq('tool'); eq('outcome'); eq('principal'); eq('session'); eq('call'); eq('kind');
  if (filter.decision === 'ask') {
    where.push("(decision = 'ask' OR (kind = 'decision' AND json_extract(detail, '$.approval') IS NOT NULL))");
  } else if (filter.decision !== undefined) {
    where.push('decision = @decision');
    params.decision = filter.decision;
  }
  const { from, before } = idRange(db, filter.since || undefined, filter.until || undefined);
  if (from !== undefined) { where.push('id >= @fromId'); params.fromId = from; }
  if (before !== undefined) { where.push('id < @beforeId'); params.beforeId = before; }
  if (filter.afterId !== undefined) { where.push('id > @afterId'); params.afterId = filter.afterId; }
  if (filter.resource !== undefined) {
    resourceMatcher(filter.resource);
    registerGlob(db);
    const literal = globLiteral(filter.resource);
    if (literal !== undefined) { where.push('instr(resource, @resourceLiteral) > 0'); params.resourceLiteral = literal; }
    where.push('warden_resource_glob(@resource, resource)');
    params.resource = filter.resource;
  }
  if (filter.text !== undefined) where.push(textCondition(db, filter.text, params));
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Rows matching every given filter, oldest first; with `limit`, the newest N of them. Streams. */
export function iterateEvents(db: BetterSqlite3.Database, filter: SearchFilter): IterableIterator<StoredRow> {
  const { clause, params } = whereClause(db, filter);
  if (filter.limit !== undefined) {
    const sql = `SELECT * FROM (SELECT * FROM events ${clause} ORDER BY id DESC LIMIT @limit) ORDER BY id`;
    return db.prepare<Record<string, unknown>, StoredRow>(sql).iterate({ ...params, limit: filter.limit });
  }
  return db.prepare<Record<string, unknown>, StoredRow>(`SELECT * FROM events ${clause} ORDER BY id`).iterate(params);
}

/** Rows matching every given filter, oldest first; bound parameters only. */
export function searchEvents(db: BetterSqlite3.Database, filter: SearchFilter): StoredRow[] {
  return [...iterateEvents(db, filter)];
}

/** The rows of one call, by its id or a unique prefix of it (at least 4 characters). */
export function callRows(db: BetterSqlite3.Database, call: string): { rows: StoredRow[]; ambiguous?: string[] } {
  const exact = searchEvents(db, { call });
  if (exact.length || call.length < 4 || !/^[0-9A-Za-z-]+$/.test(call)) return { rows: exact };
  const ids = db.prepare<[string], { call: string }>('SELECT DISTINCT call FROM events WHERE call GLOB ? LIMIT 5').all(`${call}*`);
  if (ids.length > 1) return { rows: [], ambiguous: ids.map((r) => r.call) };
  return { rows: ids.length ? searchEvents(db, { call: ids[0].call }) : [] };
}

const parse = (text: string | number | null) => {
  if (typeof text !== 'string') return null;
  try { return JSON.parse(text); } catch { return text; }
};

/** A stored value's args: decrypted only with the key, `[encrypted]` without it. */
export function storedArgs(stored: string | number | null, key?: Buffer): unknown {
  if (typeof stored === 'string' && isEncrypted(stored)) {
    if (!key) return '[encrypted]';
    try { return JSON.parse(decrypt(stored, key)); } catch { return '[encrypted: wrong key]'; }
  }
  return parse(stored);
}

/** A stored row as export and `--json` show it; encrypted args stay `[encrypted]` without the key. */
export function toExport(row: StoredRow, key?: Buffer): ExportRow {
  return {
    id: row.id, ts: row.ts, session: row.session, call: row.call, principal: row.principal, client: row.client,
    tool: row.tool, kind: row.kind, decision: row.decision, reason: row.reason, resource: parse(row.resource),
    args: storedArgs(row.args, key), outcome: row.outcome, error: parse(row.error), durationMs: row.duration_ms, bytes: row.bytes,
  };
}

/** The `detail` column (step, permission, policy id, approval answer), or an empty object. */
export function detailOf(row: StoredRow): Record<string, unknown> {
  const d = parse(row.detail);
  return d && typeof d === 'object' && !Array.isArray(d) ? d : {};
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
