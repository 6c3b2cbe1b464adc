// Config problems of the filesystem section, reported by key path (wired into the loader).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFilesystem, noAccessPaths, warnFilesystem } from '../../src/guards/path-config.js';
import { filesConfig, tempTree } from '../tools/files/helpers.js';

test('bad globs, negations and unknown unprotect names are reported by key path', () => {
  const tree = tempTree();
  try {
    const config = filesConfig(tree, { filesystem: { deny: ['ok/**', '**/*.{js', '!keep', '[abc'], unprotect: ['package.json', 'nope.txt'] } });
    const problems = checkFilesystem(config);
    assert.deepEqual(problems.map((p) => p.path), ['filesystem.deny.1', 'filesystem.deny.2', 'filesystem.deny.3', 'filesystem.unprotect.1']);
    assert.match(problems[0].message, /expected a valid glob, got "\*\*\/\*\.\{js"/);
  } finally { tree.cleanup(); }
});

test('a valid config has no problems; the config and audit files inside a writable root warn', () => {
  const tree = tempTree();
  try {
    const config = filesConfig(tree, { filesystem: { roots: [{ path: tree.root, access: 'read-write' }, { path: `${tree.base}/missing`, access: 'read' }] } });
    assert.deepEqual(checkFilesystem(config), []);
    const warnings = warnFilesystem(config);
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.ok(noAccessPaths(config).has(`${tree.root}/audit.db-shm`));
  } finally { tree.cleanup(); }
});
