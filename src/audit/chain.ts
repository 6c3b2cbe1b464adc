import crypto from 'node:crypto';

// One-shot hashing (Node ≥ 20.12) skips a Hash object per row; older 20.x fall back.
const sha256Hex: (text: string) => string = typeof crypto.hash === 'function'
  ? (text) => crypto.hash('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text).digest('hex');

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
  return valuesHash(prevHash, hashedValues(row));
}

/** The row's values in hash order (also the insert's parameter order). */
export const hashedValues = (row: Omit<StoredRow, 'prev_hash' | 'hash'>) => HASHED_COLUMNS.map((c) => row[c] ?? null);

export const valuesHash = (prevHash: string, values: ReadonlyArray<string | number | null>) =>
  sha256Hex(`${prevHash}\n${JSON.stringify(values)}`);
