import { denied } from '../errors.js';
import { EXCERPT_CHARS, excerpt, forPeople } from '../text/for-people.js';
import type { Token } from './sql-lexer.js';

export type StatementKind = 'read' | 'write' | 'ddl' | 'pragma';

/** What the first keywords say, before SQLite has seen the text. */
export interface Shape {
  kind: StatementKind;
  /** Objects named by DDL (CREATE/DROP/ALTER), as written; `index` for a new index's own name. */
  targets: Array<{ name: string; index?: boolean }>;
}

const READS = new Set(['SELECT', 'WITH', 'VALUES']);
const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE']);
const TRANSACTION = new Set(['BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE']);

/** Pragmas that only read harmless numbers about the file; anything else is refused. */
export const READ_ONLY_PRAGMAS: ReadonlySet<string> = new Set([
  'APPLICATION_ID', 'USER_VERSION', 'SCHEMA_VERSION', 'DATA_VERSION', 'ENCODING',
  'PAGE_SIZE', 'PAGE_COUNT', 'FREELIST_COUNT',
]);

const ALLOWED_QUERY = 'SELECT, WITH … SELECT, VALUES, or PRAGMA with one of ' +
  [...READ_ONLY_PRAGMAS].map((p) => p.toLowerCase()).join(', ');
const ALLOWED_EXECUTE = 'INSERT, UPDATE, DELETE, REPLACE, WITH …, CREATE TABLE/INDEX, DROP TABLE/INDEX/VIEW/TRIGGER, ALTER TABLE';

/** Classifies one statement by its leading keywords for sql_query or sql_execute; throws `denied`. */
export function shapeOf(tokens: Token[], mode: 'query' | 'execute'): Shape {
  const first = tokens[0];
  const word = first.kind === 'word' ? first.value : '';
  if (word === 'ATTACH' || word === 'DETACH') throw refuse('sql.attach', `${word} is not allowed: a statement may only use its own database.`);
  if (word === 'VACUUM') throw refuse('sql.vacuum', 'VACUUM is not allowed (VACUUM INTO writes a copy of the database to any file).');
  if (TRANSACTION.has(word)) throw refuse('sql.transaction', `${word} is not allowed: each call is one statement in its own transaction.`);
  if (mode === 'query') {
    if (READS.has(word)) return { kind: 'read', targets: [] };
    if (word === 'PRAGMA') return pragma(tokens);
    if (WRITES.has(word) || word === 'CREATE' || word === 'DROP' || word === 'ALTER') {
      throw refuse('sql.not_read_only', `sql_query runs read-only statements; ${word} writes (use sql_execute). Allowed: ${ALLOWED_QUERY}.`);
    }
    throw refuse('sql.keyword', `sql_query does not run statements starting with ${show(first)}. Allowed: ${ALLOWED_QUERY}.`);
  }
  if (READS.has(word) || WRITES.has(word)) return { kind: 'write', targets: [] };
  if (word === 'PRAGMA') throw refuse('sql.pragma', `sql_execute does not run pragmas. Read-only pragmas run through sql_query: ${[...READ_ONLY_PRAGMAS].join(', ').toLowerCase()}.`);
  if (word === 'CREATE' || word === 'DROP' || word === 'ALTER') return { kind: 'ddl', targets: ddlTargets(tokens) };
  throw refuse('sql.keyword', `sql_execute does not run statements starting with ${show(first)}. Allowed: ${ALLOWED_EXECUTE}.`);
}

// PRAGMA [main.]name, nothing else: an argument or `=` could set it, and preparing runs it.
function pragma(tokens: Token[]): Shape {
  let rest = tokens.slice(1);
  if (rest.length >= 3 && rest[0].value === 'MAIN' && rest[1].value === '.') rest = rest.slice(2);
  const name = rest[0]?.kind === 'word' ? rest[0].value : '';
  if (rest.length !== 1 || !READ_ONLY_PRAGMAS.has(name)) {
    throw refuse('sql.pragma', `Only these pragmas may be read, without an argument: ${[...READ_ONLY_PRAGMAS].join(', ').toLowerCase()}.`);
  }
  return { kind: 'pragma', targets: [] };
}

// The object names of CREATE TABLE/INDEX, DROP …, ALTER TABLE … [RENAME TO new].
function ddlTargets(tokens: Token[]): Shape['targets'] {
  const words = tokens.map((t) => (t.kind === 'word' ? t.value : ''));
  let i = 1;
  if (words[0] === 'CREATE') {
    if (words[1] === 'TEMP' || words[1] === 'TEMPORARY') throw refuse('sql.temp_schema', 'Temporary tables, views and triggers are not allowed.');
    if (words[1] === 'VIEW' || words[1] === 'TRIGGER' || words[1] === 'VIRTUAL') {
      throw refuse('sql.schema_object', `CREATE ${words[1]} is not allowed: it would run later, outside this guard. Allowed: ${ALLOWED_EXECUTE}.`);
    }
    if (words[1] === 'UNIQUE') i++;
    if (words[i] !== 'TABLE' && words[i] !== 'INDEX') throw refuse('sql.keyword', `Allowed: ${ALLOWED_EXECUTE}.`);
  } else if (words[0] === 'DROP') {
    if (!['TABLE', 'INDEX', 'VIEW', 'TRIGGER'].includes(words[1])) throw refuse('sql.keyword', `Allowed: ${ALLOWED_EXECUTE}.`);
  } else if (words[1] !== 'TABLE') {
    throw refuse('sql.keyword', `Allowed: ${ALLOWED_EXECUTE}.`);
  }
  i++;
  const newIndex = words[0] === 'CREATE' && words[i - 1] === 'INDEX';
  if (words[i] === 'IF') i += words[i + 1] === 'NOT' ? 3 : 2;
  const targets: Shape['targets'] = [{ name: qualifiedName(tokens, i), index: newIndex }];
  if (newIndex) {
    const on = words.indexOf('ON', i);
    if (on > 0) targets.push({ name: qualifiedName(tokens, on + 1) });
  }
  if (words[0] === 'ALTER') {
    const rename = words.indexOf('RENAME', i);
    if (rename > 0 && words[rename + 1] === 'TO') targets.push({ name: qualifiedName(tokens, rename + 2) });
  }
  return targets;
}

// name or schema.name; only the `main` schema is allowed.
function qualifiedName(tokens: Token[], i: number): string {
  const a = tokens[i];
  if (!a || (a.kind !== 'word' && a.kind !== 'quoted' && a.kind !== 'string')) throw refuse('sql.keyword', 'Expected an object name.');
  if (tokens[i + 1]?.value === '.') {
    const schema = a.raw.toLowerCase();
    if (schema === 'temp' || schema === 'temporary') throw refuse('sql.temp_schema', 'The temp schema is not allowed.');
    if (schema !== 'main') throw refuse('sql.attach', `Only the main schema may be used, got ${a.raw}.`);
    return qualifiedName(tokens, i + 2);
  }
  return a.raw;
}

const show = (t: Token) => (t.kind === 'word' ? forPeople(t.value, EXCERPT_CHARS) : excerpt(t.raw));
const refuse = (rule: string, message: string) => denied(message, { rule });
