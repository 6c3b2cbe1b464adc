import type { Statement } from 'better-sqlite3';
import { cellBytes, toCell, type Cell } from './values.js';

export interface Rows {
  columns: string[];
  rows: Cell[][];
  /** True when maxRows or maxBytes stopped the read. */
  truncated: boolean;
}

/**
 * Reads at most maxRows rows and about maxBytes of JSON, stopping SQLite as soon as
 * either is reached. `columns` may come from a cache that knows they are current.
 */
export function readRows(stmt: Statement, params: unknown[] | Record<string, unknown> | undefined, maxRows: number, maxBytes: number,
  columns = stmt.columns().map((c) => c.name)): Rows {
  stmt.raw(true).safeIntegers(true);
  const iterator = (params === undefined ? stmt.iterate() : Array.isArray(params) ? stmt.iterate(...params) : stmt.iterate(params)) as IterableIterator<unknown[]>;
  const rows: Cell[][] = [];
  let bytes = 2;
  let truncated = false;
  for (const raw of iterator) {
    let size = 2;
    for (const v of raw) size += cellBytes(v) + 1;
    if (rows.length >= maxRows || bytes + size > maxBytes) {
      truncated = true;
      break; // `break` returns the iterator, which resets the statement.
    }
    bytes += size;
    rows.push(raw.map(toCell));
  }
  return { columns, rows, truncated };
}
