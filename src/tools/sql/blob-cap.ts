import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { WardenError } from '../../errors.js';

/**
 * Replaces randomblob() and zeroblob() on a connection with versions capped at
 * maxBytes. The worker's V8 heap limit does not cover SQLite's own allocations and this
 * build enforces no SQLite heap limit (SQLITE_DEFAULT_MEMSTATUS=0), so `randomblob(1e9)`
 * would otherwise allocate up to the worker's data limit (memory-limit.ts) before any
 * row cap could act; this refuses it up front, naming the result cap.
 */
export function capBlobFunctions(db: Database, maxBytes: number): void {
  const size = (name: string, n: unknown): number => {
    const bytes = Math.max(0, Math.trunc(Number(n)) || 0);
    if (bytes > maxBytes) {
      throw new WardenError('too_large', `${name}(${bytes}) is larger than the ${maxBytes}-byte result cap.`, { step: 'execute', rule: 'sql.blob_cap' });
    }
    return bytes;
  };
  db.function('randomblob', { deterministic: false }, (n: unknown) => randomBytes(Math.max(1, size('randomblob', n))));
  db.function('zeroblob', { deterministic: true }, (n: unknown) => Buffer.alloc(size('zeroblob', n)));
}
