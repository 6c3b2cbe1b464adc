/** A cell as JSON can carry it: big integers beyond 2^53 as strings, blobs as base64. */
export type Cell = string | number | null | { base64: string };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** Converts one SQLite value (read with safeIntegers) for JSON. */
export function toCell(value: unknown): Cell {
  if (typeof value === 'bigint') return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value.toString();
  if (Buffer.isBuffer(value)) return { base64: value.toString('base64') };
  return value as string | number | null;
}

/** Upper bound of a value's JSON size, computed before converting (a 1 GB blob must never be base64-encoded). */
export function cellBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value) + 2;
  if (Buffer.isBuffer(value)) return Math.ceil(value.length / 3) * 4 + 14;
  return 24;
}

/** Named parameters may be written `:id`, `@id` or `$id`; better-sqlite3 wants `id`. Booleans become 0/1. */
export function bindable(params: unknown[] | Record<string, unknown> | undefined): unknown[] | Record<string, unknown> | undefined {
  const fix = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);
  if (params === undefined) return undefined;
  if (Array.isArray(params)) return params.map(fix);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k.replace(/^[:@$]/, ''), fix(v)]));
}
