// Leftovers of a write killed between its temp file and the rename: swept by the next
// write into that folder, while a temp file of a write still under way is left alone.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { filesConfig, makeFileTools, tempTree } from './helpers.js';

const tree = tempTree('warden-sweep-');
after(tree.cleanup);

test('stale .warden-*.tmp files go on the first write into their folder; fresh ones and look-alikes stay', async () => {
  const { call } = makeFileTools(filesConfig(tree, { filesystem: { roots: [{ path: tree.root, access: 'read-write' }] } }));
  const dir = path.join(tree.root, 'crashed');
  fs.mkdirSync(dir);
  const stale = path.join(dir, '.warden-0123456789abcdef.tmp');
  const fresh = path.join(dir, '.warden-fedcba9876543210.tmp');
  const lookAlike = path.join(dir, '.warden-notours.tmp');
  for (const f of [stale, fresh, lookAlike]) fs.writeFileSync(f, 'partial');
  const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
  fs.utimesSync(stale, hourAgo, hourAgo);
  fs.utimesSync(lookAlike, hourAgo, hourAgo);

  await call('write_file', { path: path.join(dir, 'a.txt'), content: 'new' });
  assert.equal(fs.existsSync(stale), false, 'a leftover of a crashed write is removed');
  assert.equal(fs.existsSync(fresh), true, 'a temp file that may belong to a write under way stays');
  assert.equal(fs.existsSync(lookAlike), true, 'only names of our own shape are touched');
  assert.equal(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8'), 'new');
  assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp') && n !== path.basename(fresh) && n !== path.basename(lookAlike)), [], 'the write left no temp file of its own');
});
