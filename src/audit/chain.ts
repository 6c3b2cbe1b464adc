import { createHash } from 'node:crypto';

/** The hash the first row chains to. */
export const GENESIS = '0'.repeat(64);

/** Column order of the hash input; changing it breaks every existing chain. */
export const HASHED_COLUMNS = [
  'id', 'ts', 'session', 'call', 'principal', 'client', 'tool', 'kind', 'decision', 'reason',
  'resource', 'args', 'outcome', 'error', 'duration_ms', 'bytes', 'detail',
] as const;

export type StoredRow = Record<(typeof HASHED_COLUMNS)[number], string | number | null> & {
  prev_hash: string;
  hash: string;
};

/**
 * SHA-256 over the previous hash and a canonical encoding of the row: a JSON array
 * in fixed column order, so a crafted value can't shift content between fields.
 */
export function rowHash(prevHash: string, row: Omit<StoredRow, 'prev_hash' | 'hash'>): string {
  const values = HASHED_COLUMNS.map((c) => row[c] ?? null);
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(values)).digest('hex');
}
