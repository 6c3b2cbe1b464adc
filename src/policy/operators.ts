import { compileGlob as compileLinear, type GlobMatcher } from '../glob/index.js';
import type { Operator } from '../config/vocabulary.js';

// The list is config vocabulary (the schema offers it); this module gives it meaning.
export { OPERATORS, type Operator } from '../config/vocabulary.js';

/** Thrown when a condition cannot be evaluated; the caller decides fail-secure. */
export class EvaluationError extends Error {}

const globCache = new Map<string, GlobMatcher>();

/**
 * Compiles a glob once, into the linear-time matcher: the operator wrote the glob but the
 * agent chooses the path it runs on (`**\/a/**\/b/**\/c` against a crafted 4 KB path).
 */
export function compileGlob(pattern: string): GlobMatcher {
  let matcher = globCache.get(pattern);
  if (!matcher) {
    matcher = compileLinear(pattern, { strict: true });
    globCache.set(pattern, matcher);
  }
  return matcher;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function compare(actual: unknown, expected: unknown, test: (a: number, b: number) => boolean): boolean {
  if (!isNumber(actual) || !isNumber(expected)) throw new EvaluationError('gt/gte/lt/lte compare numbers only');
  return test(actual, expected);
}

function text(v: unknown, op: string): string {
  if (typeof v !== 'string') throw new EvaluationError(`${op} needs a string`);
  return v;
}

/**
 * Applies one operator. A list-valued attribute (roles, tables, args) matches `eq`,
 * `glob`, `startsWith` and `endsWith` when any element does, and `ne` when none is equal.
 */
export function applyOperator(op: Operator, actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual) && op !== 'contains' && op !== 'in') {
    // Every element is evaluated (no short-circuit), so an element that cannot be
    // compared is an error whatever its position in the list.
    const each = actual.map((item) => applyOperator(op, item, expected));
    return op === 'ne' ? each.every(Boolean) : each.some(Boolean);
  }
  switch (op) {
    case 'eq': return Object.is(actual, expected);
    case 'ne': return !Object.is(actual, expected);
    case 'in':
      if (!Array.isArray(expected)) throw new EvaluationError('in needs a list value');
      return Array.isArray(actual) ? actual.some((a) => expected.includes(a)) : expected.includes(actual);
    case 'contains':
      if (Array.isArray(actual)) return actual.includes(expected);
      return text(actual, op).includes(text(expected, op));
    case 'startsWith': return text(actual, op).startsWith(text(expected, op));
    case 'endsWith': return text(actual, op).endsWith(text(expected, op));
    case 'glob': return compileGlob(text(expected, op))(text(actual, op));
    case 'gt': return compare(actual, expected, (a, b) => a > b);
    case 'gte': return compare(actual, expected, (a, b) => a >= b);
    case 'lt': return compare(actual, expected, (a, b) => a < b);
    case 'lte': return compare(actual, expected, (a, b) => a <= b);
  }
}
