// A git-style unified diff in the exact format of jsdiff's createTwoFilesPatch (context 4),
// which the reference server's edit_file returns; written here to avoid a dependency.

interface Change { kind: ' ' | '-' | '+'; lines: string[] }

/** Lines with their `\n` kept, so a missing final newline is a different line (as in jsdiff). */
function splitLines(text: string): string[] {
  const out = text.split(/(?<=\n)/);
  return out[out.length - 1] === '' ? out.slice(0, -1) : out;
}

interface Component { count: number; kind: Change['kind']; prev?: Component }
interface PathState { oldPos: number; last?: Component }

/**
 * jsdiff's Myers variant, ported step for step (same diagonal order and tie-breaks), so
 * ambiguous diffs come out the same as the reference's. Past `maxEdits` the whole text
 * is one replacement, to bound time on hostile input.
 */
function diffLines(a: string[], b: string[], maxEdits = 5000): Change[] {
  const extract = (p: PathState, diagonal: number): number => {
    let oldPos = p.oldPos, newPos = oldPos - diagonal, common = 0;
    while (newPos + 1 < b.length && oldPos + 1 < a.length && a[oldPos + 1] === b[newPos + 1]) { newPos++; oldPos++; common++; }
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
  const best: Array<PathState | undefined> = [];
  const at = (d: number) => best[d + maxEdits + 2];
  const set = (d: number, v: PathState | undefined) => { best[d + maxEdits + 2] = v; };
  set(0, { oldPos: -1 });
  let newPos = extract(at(0)!, 0);
  if (at(0)!.oldPos + 1 >= a.length && newPos + 1 >= b.length) return build(at(0)!.last, a, b);
  let minD = -Infinity, maxD = Infinity;
  for (let edit = 1; edit <= Math.min(a.length + b.length, maxEdits); edit++) {
    for (let d = Math.max(minD, -edit); d <= Math.min(maxD, edit); d += 2) {
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
  return [{ kind: '-', lines: a }, { kind: '+', lines: b }].filter((c) => c.lines.length > 0) as Change[];
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

/** `createTwoFilesPatch(name, name, before, after, 'original', 'modified')`, line endings normalized. */
export function unifiedDiff(before: string, after: string, name: string, context = 4): string {
  const changes = diffLines(splitLines(before.replace(/\r\n/g, '\n')), splitLines(after.replace(/\r\n/g, '\n')));
  changes.push({ kind: ' ', lines: [] });
  const out = [`Index: ${name}`, '='.repeat(67), `--- ${name}\toriginal`, `+++ ${name}\tmodified`];
  let oldStart = 0, newStart = 0, range: string[] = [], oldLine = 1, newLine = 1;
  changes.forEach((c, i) => {
    if (c.kind !== ' ') {
      if (!oldStart) {
        const prev = changes[i - 1];
        oldStart = oldLine; newStart = newLine;
        range = prev ? prev.lines.slice(-context).map((l) => ' ' + l) : [];
        oldStart -= range.length; newStart -= range.length;
      }
      for (const l of c.lines) range.push(c.kind + l);
      if (c.kind === '+') newLine += c.lines.length; else oldLine += c.lines.length;
      return;
    }
    if (oldStart) {
      if (c.lines.length <= context * 2 && i < changes.length - 2) range.push(...c.lines.map((l) => ' ' + l));
      else {
        const size = Math.min(c.lines.length, context);
        range.push(...c.lines.slice(0, size).map((l) => ' ' + l));
        const oldLines = oldLine - oldStart + size, newLines = newLine - newStart + size;
        out.push(`@@ -${oldLines === 0 ? oldStart - 1 : oldStart},${oldLines} +${newLines === 0 ? newStart - 1 : newStart},${newLines} @@`);
        for (const l of range) {
          if (l.endsWith('\n')) out.push(l.slice(0, -1));
          else out.push(l, '\\ No newline at end of file');
        }
        oldStart = 0; newStart = 0; range = [];
      }
    }
    oldLine += c.lines.length; newLine += c.lines.length;
  });
  return out.join('\n') + '\n';
}
