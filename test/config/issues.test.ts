import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, formatIssue, keyPath } from '../../src/config/issues.js';

test('keyPath writes indexes in brackets and keys with dots', () => {
  assert.equal(keyPath(['filesystem', 'roots', 0, 'access']), 'filesystem.roots[0].access');
  assert.equal(keyPath(['policies', 2, 'when', 0]), 'policies[2].when[0]');
  assert.equal(keyPath([]), '');
});

test('ConfigError lists every problem, one per line, with the file', () => {
  const error = new ConfigError([{ path: 'a.b', message: 'x' }, { path: '', message: 'y' }], '/c.json');
  assert.equal(error.message, 'Invalid config in /c.json:\n  a.b: x\n  (top level): y');
  assert.equal(formatIssue({ path: 'p', message: 'm' }), '  p: m');
});
