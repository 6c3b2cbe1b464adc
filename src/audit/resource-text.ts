import { forPeople, quotedForPeople } from '../text/for-people.js';

// Every part of a resource is agent-controlled (a path, an argument, a table name): it is
// shown only through src/text, each part bounded, and a list cut after a fixed count, so
// 100k paths or one huge argument cannot flood a screen or a table cell.
const PART_CHARS = 160;
const ONE_LINE_PARTS = 20;
// Left bare in the one-line phrase; anything else (a space, a quote, an arrow) is quoted,
// so `rm "-rf src"` and `rm -rf src` never read the same.
const BARE = /^[\p{L}\p{N}\p{M}_./:=@%+,~#-]+$/u;

const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String(x))) : []);
const part = (v: string) => (v.length <= PART_CHARS && BARE.test(v) && forPeople(v) === v ? v : quotedForPeople(v, PART_CHARS));
const more = (n: number, what: string) => (n > 0 ? [`… and ${n} more ${what}`] : []);
const firstOf = (items: string[], what: string) => [...items.slice(0, ONE_LINE_PARTS).map(part), ...more(items.length - ONE_LINE_PARTS, what)];

type Shape = { kind: 'command'; command: string; args: string[]; cwd?: string }
  | { kind: 'database'; database: string; tables: string[] }
  | { kind: 'paths'; paths: string[] }
  | { kind: 'none' };

/** The stored resource by type (a command's `path` is only its cwd); anything else is none. */
function shapeOf(resource: unknown): Shape {
  if (!resource || typeof resource !== 'object') return { kind: 'none' };
  const r = resource as Record<string, unknown>;
  if (r.type === 'command' || (r.type === undefined && typeof r.command === 'string')) {
    return { kind: 'command', command: String(r.command ?? ''), args: list(r.args), cwd: typeof r.path === 'string' ? r.path : undefined };
  }
  if (r.type === 'database' || (r.type === undefined && typeof r.database === 'string')) {
    return { kind: 'database', database: String(r.database ?? ''), tables: list(r.tables) };
  }
  const paths = list(r.paths);
  if (paths.length > 1) return { kind: 'paths', paths };
  return typeof r.path === 'string' ? { kind: 'paths', paths: [r.path] } : { kind: 'none' };
}

/**
 * A canonical resource in one short line, for people: the audit CLI and the report.
 * Escaped and bounded here; a part that is not plain (a space, a quote, a control) is quoted.
 */
export function resourceText(resource: unknown, arrow = ' → '): string {
  const s = shapeOf(resource);
  if (s.kind === 'command') return [part(s.command), ...firstOf(s.args, 'arguments')].join(' ');
  if (s.kind === 'database') return `${part(s.database)}${s.tables.length ? ` (${firstOf(s.tables, 'tables').join(', ')})` : ''}`;
  if (s.kind === 'paths') return firstOf(s.paths, 'paths').join(arrow);
  return '';
}

/** How many lines of a list the approval question shows before "… and N more". */
export const QUESTION_ITEMS = 12;
const QUESTION_CHARS = 300;

/**
 * The resource as labelled lines for the approval question: a fixed label, then the
 * agent's value quoted and bounded, one value per line (a command's argv one element
 * per line), so no value can start a line of its own or pass for mcp-warden's words.
 */
export function resourceLines(resource: unknown): string[] {
  const s = shapeOf(resource);
  const q = (v: string) => quotedForPeople(v, QUESTION_CHARS);
  const items = (label: string, values: string[], what: string) => [
    ...values.slice(0, QUESTION_ITEMS).map((v, i) => `${label} ${i + 1}: ${q(v)}`),
    ...more(values.length - QUESTION_ITEMS, what),
  ];
  if (s.kind === 'command') {
    return [`program: ${q(s.command)}`, ...items('argument', s.args, 'arguments'), ...(s.cwd ? [`in folder: ${q(s.cwd)}`] : [])];
  }
  if (s.kind === 'database') return [`database: ${q(s.database)}`, ...items('table', s.tables, 'tables')];
  if (s.kind === 'paths') return s.paths.length === 1 ? [`path: ${q(s.paths[0])}`] : items('path', s.paths, 'paths');
  return [];
}
