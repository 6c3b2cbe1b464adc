// A git-style unified diff in the exact format of jsdiff's createTwoFilesPatch (context 4),
// which the reference server's edit_file returns; written here to avoid a dependency.

export interface Change { kind: ' ' | '-' | '+'; lines: string[] }

/** Lines with their `\n` kept, so a missing final newline is a different line (as in jsdiff). */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  for (let from = 0; from < text.length;) {
    const end = text.indexOf('\n', from);
    const next = end === -1 ? text.length : end + 1;
    out.push(text.slice(from, next));
    from = next;
  }
  return out;
}

interface Component { count: number; kind: Change['kind']; prev?: Component }
interface PathState { oldPos: number; last?: Component }

/**
 * Myers takes at most this many diagonal steps (each allocates; about 30 ms on a loaded
 * machine, enough for a few hundred changed lines) and this many line comparisons beyond
 * two passes over both texts, before giving up: its O(N·D) took a second on the main
 * thread for a 2 MB file whose every line changed.
 */
export const MAX_DIFF_STEPS = 100_000;
export const MAX_DIFF_COMPARISONS = 4_000_000;
const SLICE_MS = 8;

/**
 * jsdiff's Myers variant, ported step for step (same diagonal order and tie-breaks), so
 * ambiguous diffs come out the same as the reference's. Past `maxEdits` edits, `maxSteps`
 * steps or `maxComparisons` comparisons (hostile input) the lines between the common head and tail are one
 * replacement: still a correct diff, found in linear time.
 */
export async function diffLines(a: string[], b: string[], maxEdits = 5000, maxSteps = MAX_DIFF_STEPS,
  maxComparisons = MAX_DIFF_COMPARISONS + 2 * (a.length + b.length)): Promise<Change[]> {
  let steps = 0, comparisons = 0;
  let slice = performance.now();
  const extract = (p: PathState, diagonal: number): number => {
    let oldPos = p.oldPos, newPos = oldPos - diagonal, common = 0;
    while (newPos + 1 < b.length && oldPos + 1 < a.length && a[oldPos + 1] === b[newPos + 1]) { newPos++; oldPos++; common++; }
    comparisons += common;
    if (common) p.last = { count: common, kind: ' ', prev: p.last };
    p.oldPos = oldPos;
    return newPos;
  };
  const step = (p: PathState, kind: '+' | '-'): PathState => {
    const last = p.last;
    const inc = kind === '-' ? 1 : 0;
    if (last && last.kind === kind) return { oldPos: p.oldPos + inc, last: { count: last.count + 1, kind, prev: last.prev } };
    return { oldPos: p.oldPos + inc, last: { count: 1, kind, prev: last } };
  };
  const best: Array<PathState | undefined> = new Array(2 * maxEdits + 5).fill(undefined);
  const at = (d: number) => best[d + maxEdits + 2];
  const set = (d: number, v: PathState | undefined) => { best[d + maxEdits + 2] = v; };
  set(0, { oldPos: -1 });
  let newPos = extract(at(0)!, 0);
  if (at(0)!.oldPos + 1 >= a.length && newPos + 1 >= b.length) return build(at(0)!.last, a, b);
  let minD = -Infinity, maxD = Infinity;
  search: for (let edit = 1; edit <= Math.min(a.length + b.length, maxEdits); edit++) {
    for (let d = Math.max(minD, -edit); d <= Math.min(maxD, edit); d += 2) {
      if (++steps > maxSteps || comparisons > maxComparisons) break search;
      // Other requests are answered between slices of the search.
      if ((steps & 1023) === 0 && performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
      const remove = at(d - 1), add = at(d + 1);
      if (remove) set(d - 1, undefined);
      let canAdd = false;
      if (add) { const np = add.oldPos - d; canAdd = 0 <= np && np < b.length; }
      const canRemove = !!remove && remove.oldPos + 1 < a.length;
      if (!canAdd && !canRemove) { set(d, undefined); continue; }
      const base = !canRemove || (canAdd && remove!.oldPos < add!.oldPos) ? step(add!, '+') : step(remove!, '-');
      newPos = extract(base, d);
      if (base.oldPos + 1 >= a.length && newPos + 1 >= b.length) return build(base.last, a, b);
      set(d, base);
      if (base.oldPos + 1 >= a.length) maxD = Math.min(maxD, d - 1);
      if (newPos + 1 >= b.length) minD = Math.max(minD, d + 1);
    }
  }
  return replacement(a, b);
}

/** The common head and tail kept, everything between them replaced. */
function replacement(a: string[], b: string[]): Change[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const changes: Change[] = [
    { kind: ' ', lines: a.slice(0, head) },
    { kind: '-', lines: a.slice(head, a.length - tail) },
    { kind: '+', lines: b.slice(head, b.length - tail) },
    { kind: ' ', lines: a.slice(a.length - tail) },
  ];
  return changes.filter((c) => c.lines.length > 0);
}

function build(last: Component | undefined, a: string[], b: string[]): Change[] {
  const comps: Component[] = [];
  for (let c = last; c; c = c.prev) comps.push(c);
  comps.reverse();
  let oldPos = 0, newPos = 0;
  return comps.map((c) => {
    if (c.kind === '-') { const lines = a.slice(oldPos, oldPos + c.count); oldPos += c.count; return { kind: c.kind, lines }; }
    const lines = b.slice(newPos, newPos + c.count);
    newPos += c.count;
    if (c.kind === ' ') oldPos += c.count;
    return { kind: c.kind, lines };
  });
}

/** Lines with a change that make a diff too long to show (the agent gets a count instead). */
export const MAX_DIFF_LINES = 20_000;

/** A hunk line without its `\n`, and jsdiff's marker after a last line that has none. */
function emit(range: string[], kind: string, line: string): void {
  if (line.endsWith('\n')) range.push(kind + line.slice(0, -1));
  else range.push(kind + line, '\\ No newline at end of file');
}

/** What a diff too long to show says instead. */
function diffSummary(changes: readonly Change[], maxBytes: number): string {
  let removed = 0, added = 0;
  for (const c of changes) if (c.kind === '-') removed += c.lines.length; else if (c.kind === '+') added += c.lines.length;
  return `(diff too large to show: ${removed} lines removed, ${added} lines added; a diff shows at most ${MAX_DIFF_LINES} changed lines and ${maxBytes} bytes of them)\n`;
}

/**
 * `createTwoFilesPatch(name, name, before, after, 'original', 'modified')`, line endings
 * normalized; past MAX_DIFF_LINES changed lines or `maxBytes` bytes of them, a
 * one-line summary of the counts (so an edit that was written is never answered too_large).
 */
export async function unifiedDiff(before: string, after: string, name: string, maxBytes = Infinity, context = 4): Promise<string> {
  const changes = await diffLines(splitLines(before.replace(/\r\n/g, '\n')), splitLines(after.replace(/\r\n/g, '\n')));
  let changed = 0, bytes = 0;
  for (const c of changes) {
    if (c.kind === ' ') continue;
    changed += c.lines.length;
    for (const l of c.lines) bytes += Buffer.byteLength(l);
  }
  if (changed > MAX_DIFF_LINES || bytes > maxBytes) return diffSummary(changes, maxBytes);
  changes.push({ kind: ' ', lines: [] });
  const out = [`Index: ${name}`, '='.repeat(67), `--- ${name}\toriginal`, `+++ ${name}\tmodified`];
  let oldStart = 0, newStart = 0, range: string[] = [], oldLine = 1, newLine = 1;
  changes.forEach((c, i) => {
    if (c.kind !== ' ') {
      if (!oldStart) {
        const prev = changes[i - 1];
        oldStart = oldLine; newStart = newLine;
        range = [];
        const lead = prev ? prev.lines.slice(-context) : [];
        for (const l of lead) emit(range, ' ', l);
        oldStart -= lead.length; newStart -= lead.length;
      }
      for (const l of c.lines) emit(range, c.kind, l);
      if (c.kind === '+') newLine += c.lines.length; else oldLine += c.lines.length;
      return;
    }
    if (oldStart) {
      if (c.lines.length <= context * 2 && i < changes.length - 2) for (const l of c.lines) emit(range, ' ', l);
      else {
        const size = Math.min(c.lines.length, context);
        for (const l of c.lines.slice(0, size)) emit(range, ' ', l);
        const oldLines = oldLine - oldStart + size, newLines = newLine - newStart + size;
        out.push(`@@ -${oldLines === 0 ? oldStart - 1 : oldStart},${oldLines} +${newLines === 0 ? newStart - 1 : newStart},${newLines} @@`);
        for (const l of range) out.push(l);
        oldStart = 0; newStart = 0; range = [];
      }
    }
    oldLine += c.lines.length; newLine += c.lines.length;
  });
  return out.join('\n') + '\n';
}
