import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceText } from '../../src/audit/resource-text.js';

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
