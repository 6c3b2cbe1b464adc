// The linear edit search agrees with the quadratic scan it replaced, and the diff's
// bounded fallback is still a correct diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, looseWindow, type Edit } from '../../../src/tools/files/edit-apply.js';
import { indexOfText } from '../../../src/tools/files/sequence-search.js';
import { diffLines, splitLines } from '../../../src/tools/files/diff.js';
import { fcParams } from '../../helpers/reliability.js';

/** The whitespace-tolerant match as it was (and as the reference server does it): every window, line by line. */
function quadraticWindow(lines: string[], oldLines: string[]): number {
  for (let i = 0; i <= lines.length - oldLines.length; i++) {
    if (oldLines.every((old, j) => old.trim() === lines[i + j].trim())) return i;
  }
  return -1;
}

/** The edit semantics as they were, with String.prototype.includes/replace and Array.splice. */
function quadraticEdits(original: string, edits: Edit[]): string {
  let content = original.replace(/\r\n/g, '\n');
  for (const edit of edits) {
    const oldText = edit.oldText.replace(/\r\n/g, '\n');
    const newText = edit.newText.replace(/\r\n/g, '\n');
    if (content.includes(oldText)) { content = content.replace(oldText, () => newText); continue; }
    const oldLines = oldText.split('\n');
    const lines = content.split('\n');
    const i = quadraticWindow(lines, oldLines);
    if (i === -1) throw new Error('no match');
    const indent = lines[i].match(/^\s*/)?.[0] ?? '';
    const newLines = newText.split('\n').map((line, j) => {
      if (j === 0) return indent + line.trimStart();
      const oldIndent = oldLines[j]?.match(/^\s*/)?.[0] ?? '';
      const newIndent = line.match(/^\s*/)?.[0] ?? '';
      if (oldIndent && newIndent) return indent + ' '.repeat(Math.max(0, newIndent.length - oldIndent.length)) + line.trimStart();
      return line;
    });
    lines.splice(i, oldLines.length, ...newLines);
    content = lines.join('\n');
  }
  return content;
}

// Small alphabets, so matches, near misses, overlaps and periodic patterns are common.
const line = fc.constantFrom('a', 'b', ' a', 'a ', '\ta', '  b', '', ' ', 'ab', 'a\r');
const text = fc.tuple(fc.array(line, { maxLength: 25 }), fc.constantFrom('\n', '\r\n')).map(([l, eol]) => l.join(eol));
const chars = fc.array(fc.constantFrom('a', 'b', '\n', ' '), { maxLength: 40 }).map((c) => c.join(''));

test('indexOfText agrees with String.prototype.indexOf', () => {
  fc.assert(fc.property(chars, chars, (t, p) => { assert.equal(indexOfText(t, p), t.indexOf(p)); }), fcParams(2000, 50_000));
  assert.equal(indexOfText('a'.repeat(10_000), 'a'.repeat(100) + 'b' + 'a'.repeat(100)), -1);
  assert.equal(indexOfText('x' + 'a'.repeat(300) + 'b' + 'a'.repeat(200), 'a'.repeat(100) + 'b' + 'a'.repeat(100)), 201);
});

test('the linear whitespace-tolerant window is the first window the quadratic scan finds', () => {
  fc.assert(fc.property(fc.array(line, { maxLength: 40 }), fc.array(line, { minLength: 1, maxLength: 6 }), (lines, oldLines) => {
    assert.equal(looseWindow(lines.join('\n'), oldLines), quadraticWindow(lines.join('\n').split('\n'), oldLines));
  }), fcParams(3000, 50_000));
});

test('applyEdits gives the same file (or the same miss) as the quadratic edits, over several edits', () => {
  const edit = fc.record({ oldText: text, newText: text });
  fc.assert(fc.property(text, fc.array(edit, { minLength: 1, maxLength: 3 }), (original, edits) => {
    let expected: string | undefined;
    try { expected = quadraticEdits(original, edits); } catch { expected = undefined; }
    if (expected === undefined) assert.throws(() => applyEdits(original, edits), (e: any) => e.code === 'invalid_input' && e.detail.rule === 'edit.no_match');
    else assert.equal(applyEdits(original, edits), expected);
  }), fcParams(3000, 50_000));
});

test('a long newText replaces a loose match without overflowing the argument stack', () => {
  const newText = 'x\n'.repeat(300_000);
  const out = applyEdits('  a\n  b\n', [{ oldText: 'a\nb', newText }]);
  assert.equal(out, '  ' + newText + '\n');
});

test('past its work bound the diff is the lines between the common head and tail, replaced', async () => {
  const lines = fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', 'c'), { maxLength: 30 });
  await fc.assert(fc.asyncProperty(lines, lines, async (a, b) => {
    const changes = await diffLines(a, b, 5000, 0);
    assert.deepEqual(changes.flatMap((c) => (c.kind === '+' ? [] : c.lines)), a);
    assert.deepEqual(changes.flatMap((c) => (c.kind === '-' ? [] : c.lines)), b);
    assert.ok(changes.filter((c) => c.kind !== ' ').length <= 2);
  }), fcParams(1000, 20_000));
  assert.deepEqual(splitLines('a\nb'), ['a\n', 'b']);
});
