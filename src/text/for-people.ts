// Agent-controlled text reaches people in a terminal, a CSV cell, a web page and an
// approval question. Stored raw, it is shown only through here (STYLE: one renderer), so
// no string an agent wrote can move a cursor, rewrite a line, reverse a name or hide a
// character, and none can flood a screen.
import { INVISIBLE } from './invisible.js';

/** How much of one agent-controlled value is shown by default. */
export const SHOWN_CHARS = 2000;

// More combining marks than this on one base character are shown as escapes: a stack of
// hundreds paints over the lines above and below (a question's own words). Four keeps
// every real script (Vietnamese, Hebrew with points and cantillation, Indic clusters).
const MAX_MARKS = 4;
const MARK = /^\p{M}$/u;
const ONE = new RegExp(INVISIBLE.source, 'u');
// One linear scan says whether anything needs escaping at all (the common case: nothing).
const NEEDS = new RegExp(`${INVISIBLE.source}|^\\p{M}|\\p{M}{${MAX_MARKS + 1}}`, 'u');
const NEEDS_QUOTED = new RegExp(`${NEEDS.source}|["\\\\]`, 'u');

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

const escape = (c: string) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16)}}`;

/** `value` as one line a person can read: invisible characters as escapes, at most `maxChars` of it. */
export function forPeople(value: unknown, maxChars = SHOWN_CHARS): string {
  const { shown, rest } = render(textOf(value), maxChars, false);
  return rest > 0 ? `${shown}… (${rest} more characters)` : shown;
}

/**
 * `value` for people, in double quotes, so where it starts and ends is never in doubt:
 * inside the quotes every backslash starts an escape (a literal one is `\\`), so what the
 * agent wrote can be read back exactly; the count of what was cut stands outside them.
 */
export function quotedForPeople(value: unknown, maxChars = SHOWN_CHARS): string {
  const { shown, rest } = render(textOf(value), maxChars, true);
  return rest > 0 ? `"${shown}"… (${rest} more characters)` : `"${shown}"`;
}

/**
 * The shown part (at most `maxChars` characters, escapes included, never cutting one
 * or a surrogate pair) and how many characters (code points) of the input were left out.
 * Linear: at most `maxChars` characters are looked at, plus one count over the rest.
 */
function render(text: string, maxChars: number, quoted: boolean): { shown: string; rest: number } {
  const head = text.length > maxChars ? text.slice(0, maxChars) : text;
  if (head.length === text.length && !(quoted ? NEEDS_QUOTED : NEEDS).test(head)) return { shown: head, rest: 0 };
  let shown = '';
  let used = 0;
  let marks = 0;
  for (const c of head) {
    const mark = MARK.test(c);
    marks = mark ? marks + 1 : 0;
    const piece = ONE.test(c) || (mark && (used === 0 || marks > MAX_MARKS)) ? escape(c)
      : quoted && (c === '"' || c === '\\') ? `\\${c}` : c;
    if (shown.length + piece.length > maxChars) break;
    shown += piece;
    used += c.length;
  }
  return { shown, rest: codePoints(text, used) };
}

function codePoints(text: string, from: number): number {
  let n = text.length - from;
  for (let i = from; i < text.length - 1; i++) {
    const hi = text.charCodeAt(i);
    if (hi >= 0xd800 && hi <= 0xdbff) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) { n -= 1; i += 1; }
    }
  }
  return n;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** How much of an agent's argument a refusal quotes. */
export const EXCERPT_CHARS = 80;

/**
 * Agent input as a refusal quotes it: a string in double quotes, any other value as
 * JSON, at most `maxChars` of it, then how much was left out. Never serializes more of
 * the value than it shows, so a million-element array costs as much as its excerpt.
 */
export function excerpt(value: unknown, maxChars = EXCERPT_CHARS): string {
  if (typeof value === 'string') {
    const shown = quotedForPeople(value.slice(0, maxChars + 1), maxChars);
    // quotedForPeople counts what it cut of the slice: the true count replaces it.
    if (value.length <= maxChars) return shown;
    return `${shown.replace(/… \(\d+ more characters\)$/, '')}… (${value.length} characters in all)`;
  }
  const state = { left: maxChars, cut: false };
  const text = preview(value, state, 0);
  const shown = forPeople(text.slice(0, maxChars), maxChars);
  if (!state.cut && text.length <= maxChars) return shown;
  return `${shown}…${Array.isArray(value) ? ` (${value.length} items in all)` : ''}`;
}

// JSON written only as far as the budget reaches.
function preview(value: unknown, state: { left: number; cut: boolean }, depth: number): string {
  if (state.left <= 0 || depth > 8) { state.cut = true; return ''; }
  if (value === null || typeof value !== 'object') {
    const text = typeof value === 'string' ? JSON.stringify(value.slice(0, state.left + 1)) : textOf(value);
    if (typeof value === 'string' && value.length > state.left) state.cut = true;
    state.left -= text.length;
    return text;
  }
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && state.left > 0; i += 1) parts.push(preview(value[i], state, depth + 1));
    if (parts.length < value.length) state.cut = true;
    return `[${parts.join(',')}${state.cut ? '' : ']'}`;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (state.left <= 0) { state.cut = true; break; }
    const k = JSON.stringify(key.slice(0, state.left + 1));
    state.left -= k.length + 1;
    parts.push(`${k}:${preview((value as Record<string, unknown>)[key], state, depth + 1)}`);
  }
  return `{${parts.join(',')}${state.cut ? '' : '}'}`;
}
