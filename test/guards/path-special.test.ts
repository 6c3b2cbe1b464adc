// FIFOs, sockets, devices and hard links: refused at once, never waited on.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { SECRET, filesConfig, makeFileTools, tempTree } from '../tools/files/helpers.js';
import { rejectsWith } from '../helpers/asserts.js';

const tree = tempTree();
const server = net.createServer();
after(() => { server.close(); tree.cleanup(); });
execFileSync('mkfifo', [path.join(tree.root, 'fifo')]);
fs.linkSync(path.join(tree.outside, 'secret.txt'), path.join(tree.root, 'hardlink'));
const { call } = makeFileTools(filesConfig(tree));

test('a FIFO is refused at once (no reader hang)', async () => {
  await rejectsWith(call('read_text_file', { path: path.join(tree.root, 'fifo') }), 'denied', 'path.not_regular');
  await rejectsWith(call('read_media_file', { path: path.join(tree.root, 'fifo') }), 'denied', 'path.not_regular');
  await rejectsWith(call('write_file', { path: path.join(tree.root, 'fifo'), content: 'x' }), 'denied', 'path.not_regular');
});

test('a unix socket is refused', async () => {
  const sock = path.join(tree.root, 'sock');
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  await rejectsWith(call('read_text_file', { path: sock }), 'denied', 'path.not_regular');
});

test('devices are refused, even an endless one', async () => {
  const dev = makeFileTools(filesConfig(tree, { filesystem: { roots: [{ path: '/dev', access: 'read' }] } }));
  await rejectsWith(dev.call('read_text_file', { path: '/dev/zero' }), 'denied', 'path.not_regular');
  await rejectsWith(dev.call('read_text_file', { path: '/dev/null' }), 'denied', 'path.not_regular');
});

test('a hard link to a file outside is refused for reads and writes by default', async () => {
  const e = await rejectsWith(call('read_text_file', { path: path.join(tree.root, 'hardlink') }), 'denied', 'path.hard_link');
  assert.ok(!e.message.includes(SECRET));
  await rejectsWith(call('edit_file', { path: path.join(tree.root, 'hardlink'), edits: [{ oldText: SECRET, newText: 'x' }] }), 'denied', 'path.hard_link');
  await rejectsWith(call('write_file', { path: path.join(tree.root, 'hardlink'), content: 'x' }), 'denied', 'path.hard_link');
  assert.equal(fs.readFileSync(path.join(tree.outside, 'secret.txt'), 'utf8'), SECRET);
});

test('hardLinks "allow" lets a hard-linked file be read', async () => {
  const allow = makeFileTools(filesConfig(tree, { filesystem: { hardLinks: 'allow' } }));
  assert.equal((await allow.call('read_text_file', { path: path.join(tree.root, 'hardlink') })).text, SECRET);
});

test('a directory is not read as a file', async () => {
  fs.mkdirSync(path.join(tree.root, 'd'));
  await rejectsWith(call('read_text_file', { path: path.join(tree.root, 'd') }), 'invalid_input', 'path.is_directory');
  await rejectsWith(call('write_file', { path: path.join(tree.root, 'd'), content: 'x' }), 'invalid_input', 'path.is_directory');
  await rejectsWith(call('list_directory', { path: path.join(tree.root, 'a.txt') }), 'invalid_input', 'path.not_directory');
});
