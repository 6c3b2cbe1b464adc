import { WardenError, denied } from '../../errors.js';

const codeOf = (error: unknown) => (error as { code?: unknown } | undefined)?.code;

/**
 * Whether SQLite found a hot journal (a write that stopped mid-transaction: a worker
 * killed at its timeout, another program that crashed) that this read-only connection
 * may not roll back.
 */
export const isHotJournal = (error: unknown): boolean => codeOf(error) === 'SQLITE_READONLY_ROLLBACK';

/** Maps what SQLite or better-sqlite3 threw to a refusal the agent can act on. */
export function sqliteError(error: unknown): WardenError {
  if (error instanceof WardenError) return error;
  const e = error as { code?: string; message?: string };
  if (e.code === 'SQLITE_READONLY') return denied('The statement tried to write through a read-only connection.', { rule: 'sql.not_read_only' });
  if (isHotJournal(error)) {
    return new WardenError('failed', 'The database holds a write that stopped mid-transaction (a hot journal), which only a read-write connection may roll back; '
      + 'open it once read-write (e.g. with the sqlite3 shell) to recover it.', { step: 'execute', rule: 'sql.hot_journal' });
  }
  if (e.code === 'SQLITE_TOOBIG') return new WardenError('too_large', `SQLite: ${e.message}`, { step: 'execute', rule: 'sql.too_big' });
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) {
    return new WardenError('failed', `SQLite: ${e.message}`, { step: 'execute', rule: 'sql.sqlite', sqliteCode: e.code });
  }
  if (error instanceof RangeError || error instanceof TypeError) {
    return new WardenError('invalid_input', `The parameters do not fit the statement: ${(error as Error).message}`, { step: 'execute', rule: 'sql.params' });
  }
  return new WardenError('failed', 'The statement failed unexpectedly.', { step: 'execute' });
}
