import { WardenError } from '../../errors.js';
import { SequenceSearch, TextSearch } from './sequence-search.js';

export interface Edit { oldText: string; newText: string }

const normalize = (text: string) => text.replace(/\r\n/g, '\n');

/**
 * Most characters one call's edits may search in all: edits × file length. Each edit is
 * linear in the file (about 20 ms per MB at worst on a loaded machine), so this keeps a
 * call near a second: 32 edits on a 2 MB file, thousands on a small one.
 */
export const MAX_EDIT_SEARCH = 64 * 1024 * 1024;

/** Refuses a call whose edits would search more than MAX_EDIT_SEARCH characters, before any work. */
export function checkEditWork(fileLength: number, edits: number): void {
  const most = Math.max(1, Math.floor(MAX_EDIT_SEARCH / Math.max(1, fileLength)));
  if (edits <= most) return;
  throw new WardenError('invalid_input',
    `edit_file got ${edits} edits for a file of ${fileLength} characters; at most ${most} edits fit in one call for this file ` +
    `(edits × file length may be at most ${MAX_EDIT_SEARCH}). Nothing was changed; send the edits in several calls.`,
    { step: 'execute', rule: 'edit.work', field: 'edits', limit: most });
}

/**
 * The reference server's edit semantics, in order: an exact match replaces its first
 * occurrence; otherwise a line window whose trimmed lines equal the trimmed oldText lines
 * is replaced, keeping the first line's indentation and relative indentation. A miss
 * throws before anything is written, so the file is never half edited.
 */
export function applyEdits(original: string, edits: readonly Edit[]): string {
  let content = normalize(original);
  edits.forEach((edit, index) => { content = finish(editSteps(content, edit, index)); });
  return content;
}

/** applyEdits, letting the event loop run every few milliseconds of work. */
export async function applyEditsYielding(original: string, edits: readonly Edit[], signal?: AbortSignal): Promise<string> {
  let content = normalize(original);
  let breath = performance.now();
  for (const [index, edit] of edits.entries()) {
    const steps = editSteps(content, edit, index);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) { content = step.value; break; }
      if (performance.now() - breath < BREATH_MS) continue;
      await new Promise((r) => setImmediate(r));
      signal?.throwIfAborted();
      breath = performance.now();
    }
  }
  return content;
}

const BREATH_MS = 8;
const CHARS_PER_STEP = 1 << 18;
const LINES_PER_STEP = 1 << 15;

function finish<T>(steps: Generator<void, T>): T {
  for (;;) { const step = steps.next(); if (step.done) return step.value; }
}

/** One edit on `\n`-normalized content, linear in content + edit, pausing after each slice of work. */
function* editSteps(content: string, edit: Edit, index: number): Generator<void, string> {
  const oldText = normalize(edit.oldText);
  const newText = normalize(edit.newText);
  const exact = new TextSearch(oldText);
  for (let from = 0; from <= content.length; from += CHARS_PER_STEP) {
    const end = exact.scan(content, from, Math.min(content.length, from + CHARS_PER_STEP));
    if (end !== -1) return content.slice(0, end - oldText.length) + newText + content.slice(end);
    yield;
  }
  const oldLines = oldText.split('\n');
  const i = yield* findLooseWindow(content, oldLines);
  if (i === -1) {
    throw new WardenError('invalid_input', `Could not find exact match for edit:\n${edit.oldText}\nNo edit was applied; the file is unchanged.`, {
      step: 'execute', rule: 'edit.no_match', field: `edits.${index}.oldText`,
    });
  }
  return replaceLines(content, i, oldLines, newText);
}

/** Where the line after the one starting at `from` starts (one past the end after the last line). */
function lineAt(content: string, from: number): number {
  const end = content.indexOf('\n', from);
  return end === -1 ? content.length + 1 : end + 1;
}

/**
 * The first line (0-based) of the first window of lines that equal `oldLines` after trim, or -1. Each distinct trimmed oldText line gets
 * a number and every file line is looked up once, so the search is one linear pass over
 * two number arrays instead of comparing every window line by line. Lines are sliced a
 * step at a time, never all held at once.
 */
function* findLooseWindow(content: string, oldLines: readonly string[]): Generator<void, number> {
  const ids = new Map<string, number>();
  const pattern = new Int32Array(oldLines.length);
  oldLines.forEach((line, j) => {
    const key = line.trim();
    let id = ids.get(key);
    if (id === undefined) { id = ids.size; ids.set(key, id); }
    pattern[j] = id;
  });
  const search = new SequenceSearch(pattern);
  const chunk = new Int32Array(LINES_PER_STEP);
  let base = 0;
  for (let start = 0; start <= content.length;) {
    let n = 0;
    for (; n < LINES_PER_STEP && start <= content.length; n++) {
      const next = lineAt(content, start);
      chunk[n] = ids.get(content.slice(start, next - 1).trim()) ?? -1;
      start = next;
    }
    const end = search.scan(chunk, 0, n);
    if (end !== -1) return base + end - oldLines.length;
    base += n;
    yield;
  }
  return -1;
}

/** The first matching window's line; exported for the test that checks it against the quadratic scan. */
export const looseWindow = (content: string, oldLines: readonly string[]): number => finish(findLooseWindow(content, oldLines));

function replaceLines(content: string, i: number, oldLines: readonly string[], newText: string): string {
  let start = 0;
  for (let k = 0; k < i; k++) start = lineAt(content, start);
  let after = start;
  for (let k = 0; k < oldLines.length; k++) after = lineAt(content, after);
  const indent = content.slice(start, lineAt(content, start) - 1).match(/^\s*/)?.[0] ?? '';
  const newLines = newText.split('\n').map((line, j) => {
    if (j === 0) return indent + line.trimStart();
    const oldIndent = oldLines[j]?.match(/^\s*/)?.[0] ?? '';
    const newIndent = line.match(/^\s*/)?.[0] ?? '';
    if (oldIndent && newIndent) return indent + ' '.repeat(Math.max(0, newIndent.length - oldIndent.length)) + line.trimStart();
    return line;
  });
  // lines.splice(i, oldLines.length, ...newLines).join('\n'), without splitting the file into lines.
  return content.slice(0, start) + newLines.join('\n') + (after <= content.length ? '\n' + content.slice(after) : '');
}

/** The diff fenced with enough backticks that its own backticks cannot close the fence. */
export function fenceDiff(diff: string): string {
  // One more than the longest run of backticks, found in one pass (a loop of includes is
  // quadratic on a diff holding one long run).
  let longest = 0;
  for (let i = 0, run = 0; i < diff.length; i++) {
    run = diff.charCodeAt(i) === 0x60 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}diff\n${diff}${ticks}\n\n`;
}
