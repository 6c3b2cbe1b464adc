// Deny globs, built-in no-access files, .git and write protection (DESIGN §3).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createPathGuard } from '../../src/guards/path.js';
import { filesConfig, makeFileTools, tempTree } from '../tools/files/helpers.js';
import { rejectsWith } from '../helpers/asserts.js';

const tree = tempTree();
after(tree.cleanup);
tree.write('root/.env', 'ENV-SECRET');
tree.write('root/sub/.env.local', 'ENV-SECRET');
tree.write('root/sub/server.pem', 'ENV-SECRET');
tree.write('root/.ssh/id_ed25519', 'ENV-SECRET');
tree.write('root/secrets/token.txt', 'ENV-SECRET');
tree.write('root/.git/config', '[core]');
tree.write('root/package.json', '{}');
tree.write('root/.vscode/settings.json', '{}');
tree.write('root/mcp-warden.json', '{}');
tree.write('root/audit.db-wal', 'wal');
tree.write('root/notes.md', 'notes');
tree.link('.env', 'root/innocent-name');
fs.mkdirSync(path.join(tree.root, 'sub', 'deeper'));
tree.link('..', 'root/sub/deeper/up');
const config = filesConfig(tree, { filesystem: { deny: ['secrets/**'] } });
const guard = createPathGuard(config);
const { call } = makeFileTools(config);

for (const rel of ['.env', 'sub/.env.local', 'sub/server.pem', '.ssh/id_ed25519', 'secrets/token.txt', 'innocent-name', 'sub/deeper/up/.env.local', 'sub/deeper/../../.env']) {
  test(`deny glob holds for ${rel}`, async () => {
    const e = await rejectsWith(call('read_text_file', { path: path.join(tree.root, rel) }), 'denied', 'path.deny_glob');
    assert.ok(!e.message.includes('ENV-SECRET'));
  });
}

test('the config file and the audit database with its side files are never accessible', async () => {
  for (const name of ['mcp-warden.json', 'audit.db', 'audit.db-wal', 'audit.db-shm', 'audit.db-journal']) {
    await rejectsWith(guard.resolve(path.join(tree.root, name), 'read'), 'denied', 'path.builtin_deny');
  }
});

test('deny-matched entries never appear in listings, trees or search results', async () => {
  const hidden = ['.env', '.env.local', 'server.pem', '.ssh', 'id_ed25519', 'secrets', 'mcp-warden.json', 'audit.db-wal'];
  const outputs = [
    (await call('list_directory', { path: tree.root })).text,
    (await call('list_directory_with_sizes', { path: tree.root })).text,
    (await call('directory_tree', { path: tree.root })).text,
    (await call('search_files', { path: tree.root, pattern: '**' })).text,
    (await call('list_directory', { path: path.join(tree.root, 'sub') })).text,
  ];
  for (const out of outputs) {
    for (const name of hidden) assert.ok(!new RegExp(`(^|[/" ])${name.replace(/\./g, '\\.')}($|["\\n ])`, 'm').test(out), `${name} listed in:\n${out}`);
    assert.ok(!out.includes('ENV-SECRET'));
  }
  assert.match(outputs[0], /notes\.md/);
});

test('defaultDeny: false lifts only the built-in secret globs', async () => {
  const open = createPathGuard(filesConfig(tree, { filesystem: { defaultDeny: false } }));
  await open.resolve(path.join(tree.root, '.env'), 'read');
  await rejectsWith(open.resolve(path.join(tree.root, 'audit.db-wal'), 'read'), 'denied', 'path.builtin_deny');
});

test('writes under .git are refused whatever the config says; reads are allowed', async () => {
  await guard.resolve(path.join(tree.root, '.git', 'config'), 'read');
  for (const rel of ['.git/config', '.git/hooks/pre-commit', 'sub/.git/HEAD']) {
    await rejectsWith(guard.resolve(path.join(tree.root, rel), 'write'), 'denied', 'path.git_write');
  }
  await rejectsWith(call('create_directory', { path: path.join(tree.root, '.git', 'hooks') }), 'denied', 'path.git_write');
  assert.equal(fs.existsSync(path.join(tree.root, '.git', 'hooks')), false);
});

test('protected files refuse writes, edits and moves until unprotected by name', async () => {
  await rejectsWith(call('write_file', { path: path.join(tree.root, 'package.json'), content: '{"scripts":{"postinstall":"x"}}' }), 'denied', 'path.protected');
  await rejectsWith(call('edit_file', { path: path.join(tree.root, '.vscode/settings.json'), edits: [{ oldText: '{}', newText: '{"x":1}' }] }), 'denied', 'path.protected');
  await rejectsWith(call('move_file', { source: path.join(tree.root, 'notes.md'), destination: path.join(tree.root, 'Makefile') }), 'denied', 'path.protected');
  await rejectsWith(call('move_file', { source: path.join(tree.root, 'package.json'), destination: path.join(tree.root, 'p.json') }), 'denied', 'path.protected');
  await rejectsWith(call('write_file', { path: path.join(tree.root, 'sub', '.bashrc'), content: 'x' }), 'denied', 'path.protected');
  assert.equal(fs.readFileSync(path.join(tree.root, 'package.json'), 'utf8'), '{}');
  const lifted = makeFileTools(filesConfig(tree, { filesystem: { unprotect: ['package.json'] } }));
  await lifted.call('write_file', { path: path.join(tree.root, 'package.json'), content: '{"a":1}' });
  assert.equal(fs.readFileSync(path.join(tree.root, 'package.json'), 'utf8'), '{"a":1}');
  await rejectsWith(lifted.call('write_file', { path: path.join(tree.root, 'Makefile'), content: 'x' }), 'denied', 'path.protected');
});

test('create_directory checks every component it creates', async () => {
  await rejectsWith(call('create_directory', { path: path.join(tree.root, 'new', '.ssh', 'keys') }), 'denied', 'path.deny_glob');
  await rejectsWith(call('create_directory', { path: path.join(tree.root, 'x', '.claude', 'y') }), 'denied', 'path.protected');
  assert.equal(fs.existsSync(path.join(tree.root, 'new')), false);
});

test('move_file checks both ends', async () => {
  await rejectsWith(call('move_file', { source: path.join(tree.root, 'notes.md'), destination: path.join(tree.ro, 'notes.md') }), 'denied', 'path.read_only_root');
  await rejectsWith(call('move_file', { source: path.join(tree.ro, 'r.txt'), destination: path.join(tree.root, 'r.txt') }), 'denied', 'path.read_only_root');
  await rejectsWith(call('move_file', { source: path.join(tree.root, 'notes.md'), destination: path.join(tree.root, '.env.new') }), 'denied', 'path.deny_glob');
  await rejectsWith(call('move_file', { source: path.join(tree.root, 'notes.md'), destination: path.join(tree.outside, 'n.md') }), 'denied', 'path.outside_roots');
  await rejectsWith(call('move_file', { source: tree.root, destination: path.join(tree.root, 'x') }), 'denied');
  assert.ok(fs.existsSync(path.join(tree.root, 'notes.md')));
});

test('deniedIn(folder) answers exactly as isDenied for every entry of a listed folder', () => {
  const custom = createPathGuard(filesConfig(tree, { filesystem: { deny: ['secrets/**', 'sub/private', '/abs/never', `${tree.root}/sub/deeper/x.txt`] } }));
  const names = ['.env', '.env.prod', 'a.pem', 'id_rsa', 'id_rsa.pub', '.ssh', 'secrets', 'private', 'notes.md', 'x.txt', 'mcp-warden.json', 'audit.db', 'audit.db-wal', 'env', 'pem', '.envrc'];
  const folders = [tree.root, path.join(tree.root, 'sub'), path.join(tree.root, 'sub', 'deeper'), path.join(tree.root, 'docs')];
  let denied = 0;
  for (const dir of folders) {
    const inDir = custom.deniedIn(dir);
    for (const name of names) {
      const full = path.join(dir, name);
      assert.equal(inDir(name), custom.isDenied(full), full);
      if (custom.isDenied(full)) denied++;
    }
  }
  // The comparison means something only if both answers occur.
  assert.ok(denied > 10 && denied < folders.length * names.length, String(denied));
});
