// edit_file: ordered edits, whitespace-tolerant matching, jsdiff-identical diffs, all-or-nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { createTwoFilesPatch } from 'diff';
import { unifiedDiff } from '../../../src/tools/files/diff.js';
import { applyEdits } from '../../../src/tools/files/edit-apply.js';
import { filesConfig, makeFileTools, tempTree } from './helpers.js';
import { rejectsWith } from '../../helpers/asserts.js';

const tree = tempTree();
after(tree.cleanup);
const { call } = makeFileTools(filesConfig(tree));
const file = path.join(tree.root, 'code.ts');

test('edits apply in order, a dry run changes nothing and returns the fenced diff', async () => {
  fs.writeFileSync(file, 'function f() {\n  return 1;\n}\n');
  const edits = [{ oldText: 'return 1;', newText: 'return 2;' }, { oldText: 'return 2;', newText: 'return 3;' }];
  const dry = await call('edit_file', { path: file, edits, dryRun: true });
  assert.equal(fs.readFileSync(file, 'utf8'), 'function f() {\n  return 1;\n}\n');
  assert.equal(dry.text, '```diff\n' + createTwoFilesPatch(file, file, 'function f() {\n  return 1;\n}\n', 'function f() {\n  return 3;\n}\n', 'original', 'modified') + '```\n\n');
  await call('edit_file', { path: file, edits });
  assert.equal(fs.readFileSync(file, 'utf8'), 'function f() {\n  return 3;\n}\n');
});

test('whitespace-tolerant line match keeps the file indentation', () => {
  const out = applyEdits('if (x) {\n    a();\n    b();\n}\n', [{ oldText: 'a();\nb();', newText: 'c();\n  d();' }]);
  assert.equal(out, 'if (x) {\n    c();\n  d();\n}\n');
  const rel = applyEdits('  x\n    y\n', [{ oldText: 'x\n  y', newText: 'X\n    Y' }]);
  assert.equal(rel, '  X\n    Y\n');
});

test('a missing match fails clearly and changes nothing, even after earlier edits matched', async () => {
  fs.writeFileSync(file, 'one\ntwo\n');
  const e = await rejectsWith(call('edit_file', { path: file, edits: [{ oldText: 'one', newText: 'ONE' }, { oldText: 'three', newText: '3' }] }), 'invalid_input', 'edit.no_match');
  assert.match(e.message, /^Could not find exact match for edit:\nthree\n/);
  assert.equal(e.detail.field, 'edits.1.oldText');
  assert.equal(fs.readFileSync(file, 'utf8'), 'one\ntwo\n');
});

test('CRLF files keep their line endings and permission bits', async () => {
  fs.writeFileSync(file, 'a\r\nb\r\n');
  fs.chmodSync(file, 0o640);
  await call('edit_file', { path: file, edits: [{ oldText: 'b', newText: 'c' }] });
  assert.equal(fs.readFileSync(file, 'utf8'), 'a\r\nc\r\n');
  assert.equal(fs.statSync(file).mode & 0o777, 0o640);
});

test('unifiedDiff is byte-identical to jsdiff createTwoFilesPatch', async () => {
  const text = fc.array(fc.constantFrom('a', 'b', 'c', '  d', ''), { maxLength: 30 }).map((l) => l.join('\n'));
  const ending = fc.constantFrom('', '\n');
  await fc.assert(fc.asyncProperty(text, text, ending, ending, async (a, b, ea, eb) => {
    assert.equal(await unifiedDiff(a + ea, b + eb, 'f.txt'), createTwoFilesPatch('f.txt', 'f.txt', a + ea, b + eb, 'original', 'modified'));
  }), { numRuns: 500 });
});
