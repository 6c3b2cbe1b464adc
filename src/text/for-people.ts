// Agent-controlled text reaches people in a terminal, a CSV cell, a web page and an
// approval question. Stored raw, it is shown only through here (STYLE: one renderer), so
// no string an agent wrote can move a cursor, rewrite a line, reverse a name or hide a
// character, and none can flood a screen.

/** How much of one agent-controlled value is shown by default. */
export const SHOWN_CHARS = 2000;

// Controls (C0, DEL, C1), format characters (bidi controls and isolates, zero-width
// space/joiners, word joiner, BOM, soft hyphen, tag characters, ...), line and paragraph
// separators, lone surrogates, and blanks that render as nothing (Hangul fillers,
// combining grapheme joiner, variation selectors, braille blank).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0\u{e0100}-\u{e01ef}]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

const escape = (c: string) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16)}}`;

/** `value` as one line a person can read: invisible characters as escapes, at most `maxChars` of it. */
export function forPeople(value: unknown, maxChars = SHOWN_CHARS): string {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : safeJson(value);
  let head = text.length > maxChars ? text.slice(0, maxChars) : text;
  // Never cut a surrogate pair in half: the half would show as an escape that was not there.
  if (head.length < text.length && /[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  const shown = head.replace(INVISIBLE, escape);
  const rest = text.length - head.length;
  return rest > 0 ? `${shown}… (${rest} more characters)` : shown;
}

/** `value` for people, in double quotes, so where it starts and ends is never in doubt. */
export function quotedForPeople(value: unknown, maxChars = SHOWN_CHARS): string {
  return `"${forPeople(value, maxChars).replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

function safeJson(value: unknown): string {
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
    // quotedForPeople counts what it cut inside the quotes: the true count goes outside.
    if (value.length <= maxChars) return shown;
    return `${shown.replace(/… \(\d+ more characters\)"$/, '"')}… (${value.length} characters in all)`;
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
    const text = typeof value === 'string' ? JSON.stringify(value.slice(0, state.left + 1)) : String(safeJson(value));
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
