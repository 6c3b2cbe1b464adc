import { WardenError, denied } from '../errors.js';
import { EXCERPT_CHARS, forPeople } from '../text/for-people.js';
import type { Token } from './sql-lexer.js';

/**
 * The one answer for a missing table and for a table the rules hide, worded as
 * SQLite words its own error, so that neither can be told from the other.
 */
export function noSuchTable(name: string): WardenError {
  return new WardenError('not_found', `no such table: ${forPeople(name, EXCERPT_CHARS)}`, { step: 'guard', rule: 'sql.no_such_table' });
}

/** Like noSuchTable for a hidden table the statement never names (reached through a view). */
export function hiddenDependency(): WardenError {
  return new WardenError('not_found', 'no such table: the statement depends on a table that does not exist or is not exposed',
    { step: 'guard', rule: 'sql.no_such_table' });
}

/** The refusal for a hidden table: named as the statement spells it, when it does. */
export function hiddenTable(name: string, tokens: readonly Token[]): WardenError {
  const lower = name.toLowerCase();
  const token = tokens.find((t) => (t.kind === 'word' || t.kind === 'quoted') && t.raw.toLowerCase() === lower);
  return token ? noSuchTable(token.raw) : hiddenDependency();
}

/** Maps an error from `prepare` to a refusal that reveals nothing about hidden tables. */
export function prepareError(error: unknown, tokens: readonly Token[], isHidden: (name: string) => boolean): WardenError {
  const message = error instanceof Error ? error.message : String(error);
  if (/more than one statement/.test(message)) return stacked(0);
  // An error about a hidden table's columns would confirm that it exists: answer as if missing.
  const hidden = tokens.find((t) => (t.kind === 'word' || t.kind === 'quoted') && isHidden(t.raw));
  if (hidden) return noSuchTable(hidden.raw);
  const missing = /^no such table: (?:main\.)?(.*)$/.exec(message);
  if (missing) return noSuchTable(missing[1]);
  return new WardenError('invalid_input', `SQLite rejected the statement: ${forPeople(message, 4 * EXCERPT_CHARS)}`, { step: 'guard', rule: 'sql.syntax' });
}

/** More than one statement in one call. */
export function stacked(count: number): WardenError {
  return denied(`Exactly one SQL statement is allowed per call; found ${count > 0 ? count : 'more than one'}. Send each statement in its own call.`,
    { rule: 'sql.stacked_statements' });
}
