import { keyPath } from './issues.js';

/**
 * A step into a raw config: a key, `[]` for each element of an array, or `*` for each
 * entry of a record.
 */
export type EntryStep = string;

/** One string found in a raw config, with its key path as config issues name it. */
export interface Entry {
  path: string;
  value: string;
}

// Not entries of a record: notes, and `__proto__`, which the schema skips (a record must
// never replace its own prototype).
const SKIPPED = new Set(['$comment', '$schema', '__proto__']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The strings at `steps` in a raw, unvalidated config. Only what the schema would read
 * there is returned: an array where an array belongs, an object where an object belongs,
 * a string at the end. So domain checks of single entries can run even when the shape is
 * wrong elsewhere, and every problem is reported at once, as before they left the schema.
 */
export function entriesAt(raw: unknown, steps: readonly EntryStep[]): Entry[] {
  const out: Entry[] = [];
  const walk = (value: unknown, i: number, at: PropertyKey[]) => {
    if (i === steps.length) {
      if (typeof value === 'string') out.push({ path: keyPath(at), value });
      return;
    }
    const step = steps[i];
    if (step === '[]') {
      if (Array.isArray(value)) value.forEach((item, n) => walk(item, i + 1, [...at, n]));
    } else if (step === '*') {
      if (isRecord(value)) for (const [key, item] of Object.entries(value)) if (!SKIPPED.has(key)) walk(item, i + 1, [...at, key]);
    } else if (isRecord(value) && Object.hasOwn(value, step)) {
      walk(value[step], i + 1, [...at, step]);
    }
  };
  walk(raw, 0, []);
  return out;
}
