// MCP client roots only narrow the configured roots (the reference lets them replace its own).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createPathGuard } from '../../src/guards/path.js';
import { filesConfig, tempTree } from '../tools/files/helpers.js';
import { rejectsWith } from '../helpers/asserts.js';

const tree = tempTree();
after(tree.cleanup);
fs.mkdirSync(path.join(tree.root, 'sub'));
fs.writeFileSync(path.join(tree.root, 'sub', 'in.txt'), 'in');

function guardWith(client: string[] | undefined, warnings: string[] = []) {
  let roots = client;
  const g = createPathGuard(filesConfig(tree), () => roots, { warn: (m) => warnings.push(m) });
  return { g, set: (next: string[] | undefined) => { roots = next; } };
}

test('a client root inside a configured root narrows it, keeping the configured access', async () => {
  const { g } = guardWith([path.join(tree.root, 'sub')]);
  assert.deepEqual(g.roots(), [{ path: path.join(tree.root, 'sub'), access: 'read-write' }]);
  await g.resolve(path.join(tree.root, 'sub', 'in.txt'), 'write');
  await rejectsWith(g.resolve(path.join(tree.root, 'a.txt'), 'read'), 'denied', 'path.outside_roots');
});

test('a client root outside every configured root is ignored with a warning, never added', async () => {
  const warnings: string[] = [];
  const { g } = guardWith([tree.outside, path.join(tree.root, 'sub')], warnings);
  assert.deepEqual(g.roots().map((r) => r.path), [path.join(tree.root, 'sub')]);
  await rejectsWith(g.resolve(path.join(tree.outside, 'secret.txt'), 'read'), 'denied', 'path.outside_roots');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /outside every configured root; ignored/);
});

test('only outside client roots: the configured roots stand, the outside stays denied', async () => {
  const { g } = guardWith([tree.outside, '/']);
  assert.deepEqual(g.roots().map((r) => r.path).sort(), [tree.ro, tree.root].sort());
  await rejectsWith(g.resolve(path.join(tree.outside, 'secret.txt'), 'read'), 'denied', 'path.outside_roots');
});

test('a client root wider than a configured root does not widen it', async () => {
  const { g } = guardWith([tree.base]);
  assert.deepEqual(g.roots().map((r) => r.path).sort(), [tree.ro, tree.root].sort());
  await rejectsWith(g.resolve(path.join(tree.outside, 'secret.txt'), 'read'), 'denied', 'path.outside_roots');
});

test('roots/list_changed: a new client list takes effect on the next call', async () => {
  const { g, set } = guardWith(undefined);
  await g.resolve(path.join(tree.root, 'a.txt'), 'read');
  set([path.join(tree.root, 'sub')]);
  await rejectsWith(g.resolve(path.join(tree.root, 'a.txt'), 'read'), 'denied', 'path.outside_roots');
  set([tree.ro]);
  assert.deepEqual(g.roots(), [{ path: tree.ro, access: 'read' }]);
});

test('a client root through a symlink that leaves the configured roots is ignored', async () => {
  fs.symlinkSync(tree.outside, path.join(tree.root, 'escape'));
  const { g } = guardWith([path.join(tree.root, 'escape')]);
  assert.ok(!g.roots().some((r) => r.path === tree.outside));
});
