// Lexical attacks on the path guard: each is refused before the disk is touched.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { createPathGuard } from '../../src/guards/path.js';
import { filesConfig, tempTree } from '../tools/files/helpers.js';
import { rejectsWith } from '../helpers/asserts.js';

const tree = tempTree();
after(tree.cleanup);
const guard = createPathGuard(filesConfig(tree));

test('a file inside a root resolves to its real path', async () => {
  const c = await guard.resolve(path.join(tree.root, 'a.txt'), 'read');
  assert.deepEqual(c, { path: path.join(tree.root, 'a.txt'), root: { path: tree.root, access: 'read-write' }, exists: true });
});

test('relative paths resolve against the first root, like the reference', async () => {
  assert.equal((await guard.resolve('a.txt', 'read')).path, path.join(tree.root, 'a.txt'));
});

test('prefix sibling root_evil is not inside root (CVE-2025-53110)', async () => {
  const e = await rejectsWith(guard.resolve(path.join(tree.base, 'root_evil', 'secret.txt'), 'read'), 'denied', 'path.outside_roots');
  assert.match(e.message, new RegExp(`Allowed directories: ${tree.root}, ${tree.ro}`));
});

for (const spelling of ['../outside/secret.txt', 'sub/../../outside/secret.txt', './../outside/secret.txt', '..', '../root_evil/secret.txt', './/..//outside/secret.txt']) {
  test(`dot-dot escape "${spelling}" is denied`, async () => {
    await rejectsWith(guard.resolve(spelling, 'read'), 'denied', 'path.outside_roots');
  });
}

test('an absolute dot-dot spelling through the root is denied', async () => {
  await rejectsWith(guard.resolve(`${tree.root}/../outside/secret.txt`, 'read'), 'denied', 'path.outside_roots');
  await rejectsWith(guard.resolve(`${tree.root}/sub/./../../outside/secret.txt`, 'write'), 'denied', 'path.outside_roots');
});

test('absolute paths outside are denied, and the message does not say whether they exist', async () => {
  const a = await rejectsWith(guard.resolve('/etc/passwd', 'read'), 'denied', 'path.outside_roots');
  const b = await rejectsWith(guard.resolve('/etc/no-such-file-here', 'read'), 'denied', 'path.outside_roots');
  assert.equal(a.message.replace('/etc/passwd', 'X'), b.message.replace('/etc/no-such-file-here', 'X'));
});

test('~ expands to the home folder, which is outside the roots', async () => {
  if (tree.root.startsWith(os.homedir() + '/')) return assert.fail('temp dir inside home: test cannot judge');
  await rejectsWith(guard.resolve('~', 'read'), 'denied', 'path.outside_roots');
  await rejectsWith(guard.resolve('~/.ssh/id_rsa', 'read'), 'denied');
  await rejectsWith(guard.resolve('~root/.bashrc', 'read'), 'denied', 'path.invalid');
});

test('NUL bytes are refused', async () => {
  await rejectsWith(guard.resolve(`${tree.root}/a.txt\0.png`, 'read'), 'denied', 'path.invalid');
  await rejectsWith(guard.resolve('', 'read'), 'denied', 'path.invalid');
});

for (const p of ['C:\\Windows\\win.ini', 'c:/x', 'C:', '\\\\server\\share\\x', '//server/share/x', '..\\..\\outside\\secret.txt', 'sub\\a.txt']) {
  test(`Windows drive/UNC/backslash form ${JSON.stringify(p)} is refused on POSIX`, async () => {
    await rejectsWith(guard.resolve(p, 'write'), 'denied', 'path.windows_form');
  });
}

for (const name of ['CON', 'nul', 'NUL.txt', 'com1', 'LPT9.log', 'aux', 'PRN', 'CONIN$']) {
  test(`Windows device name ${name} is refused`, async () => {
    await rejectsWith(guard.resolve(path.join(tree.root, name), 'write'), 'denied', 'path.windows_form');
  });
}

test('overlong paths and names are refused', async () => {
  await rejectsWith(guard.resolve(path.join(tree.root, 'a'.repeat(256)), 'write'), 'denied', 'path.too_long');
  await rejectsWith(guard.resolve(path.join(tree.root, ...Array(500).fill('abcdefghi')), 'write'), 'denied', 'path.too_long');
});

test('a missing file is not_found for reads and allowed (exists: false) for writes', async () => {
  await rejectsWith(guard.resolve(path.join(tree.root, 'nope.txt'), 'read'), 'not_found', 'path.not_found');
  const c = await guard.resolve(path.join(tree.root, 'new', 'deep', 'file.txt'), 'write');
  assert.equal(c.exists, false);
  assert.equal(c.path, path.join(tree.root, 'new', 'deep', 'file.txt'));
});

test('writes into a read-only root are denied, reads are allowed', async () => {
  await guard.resolve(path.join(tree.ro, 'r.txt'), 'read');
  await rejectsWith(guard.resolve(path.join(tree.ro, 'r.txt'), 'write'), 'denied', 'path.read_only_root');
  await rejectsWith(guard.resolve(path.join(tree.ro, 'new.txt'), 'write'), 'denied', 'path.read_only_root');
});

test('with no roots configured everything is denied', async () => {
  const none = createPathGuard(filesConfig(tree, { filesystem: { roots: [] } }));
  await rejectsWith(none.resolve(path.join(tree.root, 'a.txt'), 'read'), 'denied', 'path.no_roots');
});

test('the checks run in order: input form before containment', async () => {
  await rejectsWith(guard.resolve('/etc/CON', 'read'), 'denied', 'path.windows_form');
});
