import { applyEdits, modify, parse, type FormattingOptions } from 'jsonc-parser';
import { isObject, type ClientDoc } from './document.js';

export type EditStatus = 'added' | 'replaced' | 'unchanged' | 'conflict';

/** The text a client file would have after the edit, and what happened to our entry. */
export interface EditPlan {
  status: EditStatus;
  text: string;
  removed: string[];
}

/** The file's own indentation and line ends, so our lines look like the user's. */
export function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

/** Key order does not matter when comparing an existing entry with ours. */
export function sameJson(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]));
    return v;
  };
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

/**
 * Sets `servers[name] = entry` and drops the `remove` entries with edits to the text
 * itself, so comments, order and formatting elsewhere stay as they were.
 * A different existing entry is a conflict unless `force`.
 */
export function planEntry(doc: ClientDoc, name: string, entry: Record<string, unknown>, options: { force?: boolean; remove?: string[] } = {}): EditPlan {
  const key = doc.target.key;
  const existing = Object.hasOwn(doc.servers, name) ? doc.servers[name] : undefined;
  const removed = (options.remove ?? []).filter((n) => n !== name && Object.hasOwn(doc.servers, n));
  let status: EditStatus = existing === undefined ? 'added' : sameJson(existing, entry) ? 'unchanged' : 'replaced';
  if (status === 'replaced' && !options.force) status = 'conflict';
  if (status === 'conflict' || (status === 'unchanged' && removed.length === 0)) return { status, text: doc.text, removed: [] };
  const formattingOptions = formattingOf(doc.text);
  let text = doc.text;
  for (const n of removed) text = applyEdits(text, modify(text, [key, n], undefined, { formattingOptions }));
  if (status !== 'unchanged') text = applyEdits(text, modify(text, [key, name], entry, { formattingOptions }));
  if (!text.endsWith('\n')) text += formattingOptions.eol;
  assertResult(doc, text, name, entry, removed);
  return { status, text, removed };
}

// The edit library is trusted, but a wrong write to someone's client config costs too much
// not to check: the result must parse and say exactly what we meant.
function assertResult(doc: ClientDoc, text: string, name: string, entry: unknown, removed: string[]): void {
  const errors: unknown[] = [];
  const data = parse(text, errors as never[], { allowTrailingComma: doc.target.jsonc, disallowComments: !doc.target.jsonc });
  const servers = isObject(data) && isObject(data[doc.target.key]) ? data[doc.target.key] as Record<string, unknown> : undefined;
  if (errors.length || !servers || !sameJson(servers[name], entry) || removed.some((n) => Object.hasOwn(servers, n))) {
    throw new Error(`internal error: editing ${doc.target.file} did not give the expected result; nothing was written`);
  }
}

/**
 * The changed lines, `-` before and `+` after. Common lines are left out (a client file
 * often holds other servers' tokens, which have no business on the screen); the changed
 * middle is aligned by longest common subsequence, which our small edits keep cheap.
 */
export function changedLines(before: string, after: string): string[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  if (x.length * y.length > 4_000_000) return [...x.map((l) => `- ${l}`), ...y.map((l) => `+ ${l}`)];
  // lcs[i][j]: length of the longest common subsequence of x[i..] and y[j..].
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) { i++; j++; }
    else if (i < x.length && (j === y.length || lcs[i + 1][j] >= lcs[i][j + 1])) lines.push(`- ${x[i++]}`);
    else lines.push(`+ ${y[j++]}`);
  }
  return lines;
}
