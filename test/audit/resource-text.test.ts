import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceLines, resourceText } from '../../src/audit/resource-text.js';

test('a command reads as the command line, not its working directory', () => {
  assert.equal(resourceText({ type: 'command', command: 'git', args: ['status', '-s'], path: '/work/app', paths: ['/work/app'] }), 'git status -s');
});

test('a database names its tables; a move shows both ends; a file its path', () => {
  assert.equal(resourceText({ type: 'database', database: 'main', tables: ['orders', 'users'] }), 'main (orders, users)');
  assert.equal(resourceText({ type: 'file', path: '/a', paths: ['/a', '/b'] }), '/a → /b');
  assert.equal(resourceText({ type: 'file', path: '/a', paths: ['/a'] }), '/a');
});

test('nothing, or something that is not a resource, reads as empty', () => {
  assert.equal(resourceText(null), '');
  assert.equal(resourceText('x'), '');
  assert.equal(resourceText({ type: 'none' }), '');
});

test('attack: every part is escaped, and a part that is not plain is quoted, so argv boundaries show', () => {
  assert.equal(resourceText({ type: 'command', command: 'rm', args: ['-rf', 'src\r\u001b[2Krm -rf build'] }), 'rm -rf "src\\r\\e[2Krm -rf build"');
  assert.equal(resourceText({ type: 'command', command: 'rm', args: ['-rf src'] }), 'rm "-rf src"');
  assert.notEqual(resourceText({ type: 'command', command: 'rm', args: ['-rf src'] }), resourceText({ type: 'command', command: 'rm', args: ['-rf', 'src'] }));
  assert.equal(resourceText({ type: 'file', path: '/work/config\u200b.js' }), '"/work/config\\u{200b}.js"');
  assert.equal(resourceText({ type: 'file', path: '/work/\u202etxt.exe' }), '"/work/\\u{202e}txt.exe"');
  assert.equal(resourceText({ type: 'database', database: 'main', tables: ['a\nb'] }), 'main ("a\\nb")');
  assert.equal(resourceText({ type: 'file', path: '/work/café/naïve.txt' }), '/work/café/naïve.txt');
});

test('bounded: a huge part is cut with its count, a long list after 20 items', () => {
  const huge = resourceText({ type: 'file', path: `/${'a'.repeat(1_000_000)}` });
  assert.ok(huge.length < 250, `${huge.length}`);
  assert.match(huge, /"… \(999841 more characters\)$/);
  const many = resourceText({ type: 'file', paths: Array.from({ length: 100_000 }, (_, i) => `/p${i}`) });
  assert.ok(many.endsWith('/p19 → … and 99980 more paths'), many.slice(-60));
  assert.match(resourceText({ type: 'command', command: 'rm', args: Array(50).fill('x') }), / x … and 30 more arguments$/);
});

test('the approval question\'s lines: one labelled, quoted value per line', () => {
  assert.deepEqual(resourceLines({ type: 'command', command: 'rm', args: ['-rf', 'a\nb'], path: '/w' }), ['program: "rm"', 'argument 1: "-rf"', 'argument 2: "a\\nb"', 'in folder: "/w"']);
  assert.deepEqual(resourceLines({ type: 'file', path: '/a', paths: ['/a', '/b'] }), ['path 1: "/a"', 'path 2: "/b"']);
  assert.deepEqual(resourceLines({ type: 'database', database: 'main', tables: ['t'] }), ['database: "main"', 'table 1: "t"']);
  assert.deepEqual(resourceLines({ type: 'none' }), []);
});
