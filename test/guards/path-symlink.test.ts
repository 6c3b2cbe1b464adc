// Symlink attacks, judged by effect: no secret content reaches the caller, nothing outside changes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPathGuard } from '../../src/guards/path.js';
import { SECRET, filesConfig, makeFileTools, tempTree } from '../tools/files/helpers.js';
import { rejectsWith } from '../helpers/asserts.js';

const tree = tempTree();
after(tree.cleanup);
tree.link(path.join(tree.outside, 'secret.txt'), 'root/link-out-file');
tree.link('../outside/secret.txt', 'root/link-out-rel');
tree.link('../outside', 'root/link-out-dir');
tree.link('chain2', 'root/chain1');
tree.link('chain3', 'root/chain2');
tree.link('../outside/secret.txt', 'root/chain3');
tree.link('../outside/nope.txt', 'root/dangling');
tree.link('loop2', 'root/loop1');
tree.link('loop1', 'root/loop2');
tree.link('/proc/self', 'root/proc');
tree.link(os.homedir(), 'root/home');
tree.link('a.txt', 'root/inside-link');
tree.write('root/sub2/ok.txt', 'inside ok');
fs.mkdirSync(path.join(tree.root, 'sub'));
tree.link('../sub2', 'root/sub/mid');
tree.link('root', 'alias');
const config = filesConfig(tree);
const guard = createPathGuard(config);
const { call } = makeFileTools(config);
const outsideBefore = () => fs.readdirSync(tree.outside).sort().join(',');
const snapshot = outsideBefore();

for (const name of ['link-out-file', 'link-out-rel', 'chain1', 'link-out-dir/secret.txt', 'dangling', 'proc/environ', 'proc/cwd/a.txt', 'home/.bashrc']) {
  test(`reading through ${name} leaks nothing`, async () => {
    const e = await rejectsWith(call('read_text_file', { path: path.join(tree.root, name) }), 'denied', 'path.symlink_escape');
    assert.ok(!e.message.includes(SECRET) && !e.message.includes(tree.outside), e.message);
  });
}

test('a dangling symlink and one to an existing outside file give the same refusal', async () => {
  const a = await rejectsWith(guard.resolve(path.join(tree.root, 'dangling'), 'read'), 'denied');
  const b = await rejectsWith(guard.resolve(path.join(tree.root, 'link-out-rel'), 'read'), 'denied');
  assert.equal(a.message.replace('dangling', 'X'), b.message.replace('link-out-rel', 'X'));
});

test('a symlink loop is denied, not hung', async () => {
  await rejectsWith(guard.resolve(path.join(tree.root, 'loop1'), 'read'), 'denied', 'path.symlink_escape');
});

for (const name of ['link-out-file', 'link-out-rel', 'dangling', 'link-out-dir/new.txt', 'chain1']) {
  test(`writing and editing through ${name} change nothing outside`, async () => {
    await rejectsWith(call('write_file', { path: path.join(tree.root, name), content: 'pwned' }), 'denied', 'path.symlink_escape');
    await rejectsWith(call('edit_file', { path: path.join(tree.root, name), edits: [{ oldText: SECRET, newText: 'pwned' }] }), 'denied');
    assert.equal(fs.readFileSync(path.join(tree.outside, 'secret.txt'), 'utf8'), SECRET);
    assert.equal(outsideBefore(), snapshot);
  });
}

test('metadata, listings and directories through an escaping link are refused', async () => {
  await rejectsWith(call('get_file_info', { path: path.join(tree.root, 'link-out-file') }), 'denied', 'path.symlink_escape');
  await rejectsWith(call('list_directory', { path: path.join(tree.root, 'link-out-dir') }), 'denied', 'path.symlink_escape');
  await rejectsWith(call('list_directory_with_sizes', { path: path.join(tree.root, 'link-out-dir') }), 'denied');
  await rejectsWith(call('directory_tree', { path: path.join(tree.root, 'link-out-dir') }), 'denied');
  await rejectsWith(call('search_files', { path: path.join(tree.root, 'link-out-dir'), pattern: '**' }), 'denied');
  await rejectsWith(call('create_directory', { path: path.join(tree.root, 'link-out-dir', 'made') }), 'denied');
  await rejectsWith(call('move_file', { source: path.join(tree.root, 'a.txt'), destination: path.join(tree.root, 'link-out-dir', 'moved') }), 'denied');
  await rejectsWith(call('move_file', { source: path.join(tree.root, 'link-out-dir', 'secret.txt'), destination: path.join(tree.root, 'stolen') }), 'denied');
  assert.equal(outsideBefore(), snapshot);
});

test('walks list symlinks but never follow them', async () => {
  const tree1 = await call('directory_tree', { path: tree.root });
  assert.ok(!tree1.text.includes('secret.txt'), 'directory_tree entered link-out-dir');
  const found = await call('search_files', { path: tree.root, pattern: '**/secret.txt' });
  assert.equal(found.text, 'No matches found');
  const sizes = await call('list_directory_with_sizes', { path: tree.root });
  // lstat: the link's own size (its target's length), never the outside file's.
  const entry = (sizes.structured.entries as Array<{ name: string; size: number }>).find((e) => e.name === 'link-out-file');
  assert.equal(entry?.size, path.join(tree.outside, 'secret.txt').length);
  assert.notEqual(entry?.size, SECRET.length);
});

test('symlinks that stay inside work, also in the middle of a path (CVE-2025-53109 shape)', async () => {
  assert.equal((await call('read_text_file', { path: path.join(tree.root, 'inside-link') })).text, 'hello\n');
  const mid = await guard.resolve(path.join(tree.root, 'sub', 'mid', 'ok.txt'), 'read');
  assert.equal(mid.path, path.join(tree.root, 'sub2', 'ok.txt'));
});

test('a lexical trick sub/mid/../x is normalized before resolving', async () => {
  // Lexically root/sub/x; the kernel would have gone to root/x through mid. Ours is lexical, like the reference.
  await rejectsWith(guard.resolve(path.join(tree.root, 'sub', 'mid', '..', 'a.txt'), 'read'), 'not_found');
});

test('a root configured through a symlinked alias accepts both spellings', async () => {
  const g = createPathGuard(filesConfig(tree, { filesystem: { roots: [{ path: path.join(tree.base, 'alias'), access: 'read' }] } }));
  assert.equal((await g.resolve(path.join(tree.base, 'alias', 'a.txt'), 'read')).path, path.join(tree.root, 'a.txt'));
  assert.equal(g.roots()[0].path, tree.root);
  await rejectsWith(g.resolve(path.join(tree.base, 'alias', '..', 'outside', 'secret.txt'), 'read'), 'denied', 'path.outside_roots');
});
