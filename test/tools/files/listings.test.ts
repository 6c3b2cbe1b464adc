// The folder-listing cache: a listing is reused only while the folder is unchanged, and
// every change an agent could make or race (add, remove, swap a type, restore mtime) is
// seen by the next call. End to end over stdio too, judged by what the agent is shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FolderListings } from '../../../src/tools/files/listings.js';
import { startServer } from '../../helpers/server.js';
import { tempDir } from '../../helpers/temp.js';

// Past the settle margin of local filesystems (100 ms): a folder changed more recently is never kept.
const SETTLE_MS = 160;

function reader(dir: string) {
  const listings = new FolderListings();
  return () => {
    const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    try {
      return listings.read(fd, dir);
    } finally {
      fs.closeSync(fd);
    }
  };
}
const names = (entries: ReadonlyArray<{ name: string; type: string }>) => entries.map((e) => `${e.name}:${e.type}`).sort();

test('a settled folder is listed once; any later change is read again', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a'), 'x');
  const read = reader(dir);
  await sleep(SETTLE_MS);
  const first = read();
  assert.equal(read(), first, 'an unchanged, settled folder is answered from the cache');
  fs.writeFileSync(path.join(dir, 'b'), 'x');
  assert.deepEqual(names(read()), ['a:file', 'b:file'], 'an added file shows at once');
  fs.rmSync(path.join(dir, 'a'));
  assert.deepEqual(names(read()), ['b:file'], 'a removed file is gone at once');
});

test('a folder whose last change is within the settle margin is read on every call (two changes in one timestamp step)', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a'), 'x');
  const s = fs.statSync(dir, { bigint: true });
  const changed = s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs;
  let now = changed + 50_000_000n;
  const listings = new FolderListings(() => now);
  const read = () => {
    const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    try { return listings.read(fd, dir); } finally { fs.closeSync(fd); }
  };
  const fresh = read();
  assert.notEqual(read(), fresh, '50 ms after its change the folder is read again');
  now = changed + 500_000_000n;
  const settled = read();
  assert.equal(read(), settled, '500 ms after, it is kept');
});

test('a file swapped for a folder of the same name, and mtime restored by hand, are both seen', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'x'), 'x');
  // A whole second, so it can be set back exactly.
  const mtime = Math.floor(Date.now() / 1000) - 60;
  fs.utimesSync(dir, mtime, mtime);
  const read = reader(dir);
  await sleep(SETTLE_MS);
  const cached = read();
  assert.equal(read(), cached);
  assert.deepEqual(names(cached), ['x:file']);
  fs.rmSync(path.join(dir, 'x'));
  fs.mkdirSync(path.join(dir, 'x'));
  fs.symlinkSync('/etc/passwd', path.join(dir, 'y'));
  // Setting mtime back cannot set ctime back.
  fs.utimesSync(dir, mtime, mtime);
  assert.equal(fs.statSync(dir).mtimeMs, mtime * 1000);
  assert.deepEqual(names(read()), ['x:directory', 'y:symlink']);
});

test('the cache stays bounded: at most 512 folders are kept', async () => {
  const base = tempDir();
  const dirs = Array.from({ length: 600 }, (_, i) => path.join(base, `d${i}`));
  for (const d of dirs) { fs.mkdirSync(d); fs.writeFileSync(path.join(d, 'f'), 'x'); }
  await sleep(SETTLE_MS);
  const listings = new FolderListings();
  const read = (d: string) => {
    const fd = fs.openSync(d, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    try { return listings.read(fd, d); } finally { fs.closeSync(fd); }
  };
  const firstOf = read(dirs[0]);
  for (const d of dirs.slice(1)) read(d);
  assert.notEqual(read(dirs[0]), firstOf, 'the least recently used folder was evicted');
  const lastOf = read(dirs[599]);
  assert.equal(read(dirs[599]), lastOf, 'a recent one is still kept');
});

test('over stdio: list_directory and directory_tree show every change after a cached listing, never a denied name', async () => {
  const base = tempDir('warden-listings-');
  const root = path.join(base, 'root');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'a.txt'), 'x');
  const s = await startServer({ principal: 'me', users: { me: { roles: ['developer'] } }, filesystem: { roots: [{ path: root, access: 'read-write' }] } }, { dir: base });
  try {
    const list = async () => (await s.call('list_directory', { path: root })).structuredContent?.content as string;
    const tree = async () => JSON.parse((await s.call('directory_tree', { path: root })).structuredContent?.content as string);
    await sleep(SETTLE_MS);
    assert.deepEqual((await list()).split('\n').sort(), ['[DIR] sub', '[FILE] a.txt']);
    assert.deepEqual((await list()).split('\n').sort(), ['[DIR] sub', '[FILE] a.txt'], 'and again, from the cache');
    await tree();
    await tree();
    // Changes made behind the server's back, after both listings were cached.
    fs.writeFileSync(path.join(root, 'new.txt'), 'x');
    fs.writeFileSync(path.join(root, '.env'), 'LISTINGS-SECRET');
    fs.writeFileSync(path.join(root, 'sub', 'deep.md'), 'x');
    fs.rmSync(path.join(root, 'a.txt'));
    const listed = (await list()).split('\n').sort();
    assert.deepEqual(listed, ['[DIR] sub', '[FILE] new.txt']);
    const top = (await tree()).map((n: { name: string }) => n.name).sort();
    assert.deepEqual(top, ['new.txt', 'sub']);
    const sub = (await tree()).find((n: { name: string }) => n.name === 'sub');
    assert.deepEqual(sub.children.map((n: { name: string }) => n.name), ['deep.md']);
  } finally {
    await s.close();
    fs.rmSync(base, { recursive: true, force: true });
  }
});
