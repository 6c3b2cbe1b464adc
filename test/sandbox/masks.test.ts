// The mask scanner keeps each folder's listing and reads again only what changed: a
// secret that appears after the first scan, anywhere, must still be masked by the next.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigSchema } from '../../src/config/schema/index.js';
import { createPathGuard } from '../../src/guards/path.js';
import { createMaskScanner, findMasks, type MaskOptions, type MaskRoot } from '../../src/sandbox/masks.js';
import { WardenError } from '../../src/errors.js';
import { outsideStamp } from '../../src/sandbox/stamps.js';

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'warden-masks-')));
after(() => fs.rmSync(base, { recursive: true, force: true }));
let n = 0;

/** A fresh root with a few levels of folders, its scanner, and a fresh walk to compare with. */
function setup(access: MaskRoot['access'] = 'read-write', more: Partial<MaskOptions> = {}) {
  const root = path.join(base, `r${++n}`);
  for (const d of ['a/b/c', 'a/d', 'e', '.git/objects']) fs.mkdirSync(path.join(root, d), { recursive: true });
  for (const f of ['a/b/c/x.txt', 'a/d/y.txt', 'e/z.txt', '.git/HEAD']) fs.writeFileSync(path.join(root, f), 'x');
  const config = { ...ConfigSchema.parse({ filesystem: { roots: [{ path: root, access }] } }), auditPath: undefined, configPath: undefined };
  const guard = createPathGuard(config as never);
  const roots = guard.roots();
  const opts = { isDenied: guard.isDenied, unprotect: [], ...more };
  const scan = createMaskScanner(opts);
  const fresh = () => findMasks({ ...opts, roots });
  return { root, scan: () => scan(roots), fresh };
}
const hidden = (m: { hide: Array<{ path: string }> }) => m.hide.map((h) => h.path).sort();

test('a secret created after the first scan, deep in a folder already listed, is masked by the next scan', async () => {
  const t = setup();
  await sleep(200);
  assert.deepEqual(hidden(await t.scan()), []);
  fs.writeFileSync(path.join(t.root, 'a/b/c/.env'), 'SECRET=1');
  assert.deepEqual(hidden(await t.scan()), [path.join(t.root, 'a/b/c/.env')]);
  // Once its folder has settled, the listing is kept, and still right.
  await sleep(200);
  assert.deepEqual(hidden(await t.scan()), [path.join(t.root, 'a/b/c/.env')]);
});

test('settled folders are not read again; a folder that changed is, and changes the stamp', async () => {
  const t = setup();
  await sleep(200);
  const first = await t.scan();
  const second = await t.scan();
  assert.equal(first.settled, true);
  assert.equal(second.stamp, first.stamp, 'nothing changed, nothing was read again');
  fs.mkdirSync(path.join(t.root, 'a/d/keys'));
  await sleep(200);
  const third = await t.scan();
  assert.notEqual(third.stamp, second.stamp);
  assert.equal(third.settled, true);
});

test('a folder changed a moment ago is read on every scan and backs no spare', async () => {
  const t = setup();
  await sleep(200);
  await t.scan();
  fs.writeFileSync(path.join(t.root, 'e/new.txt'), 'x');
  const a = await t.scan();
  const b = await t.scan();
  assert.equal(a.settled, false);
  assert.notEqual(b.stamp, a.stamp, 'an unsettled folder is read again');
});

test('after files and folders are added, removed and renamed, the kept listings give what a fresh walk gives', async () => {
  for (const access of ['read-write', 'read'] as const) {
    const t = setup(access);
    await sleep(200);
    await t.scan();
    fs.writeFileSync(path.join(t.root, 'a/b/id_rsa'), 'k');
    fs.renameSync(path.join(t.root, 'a/d'), path.join(t.root, 'a/.ssh'));
    fs.mkdirSync(path.join(t.root, 'e/.vscode'));
    fs.writeFileSync(path.join(t.root, 'a/b/c/package.json'), '{}');
    fs.mkdirSync(path.join(t.root, '.git/hooks'));
    fs.writeFileSync(path.join(t.root, '.git/config'), '');
    fs.rmSync(path.join(t.root, 'e/z.txt'));
    for (const wait of [0, 200]) {
      await sleep(wait);
      const kept = await t.scan();
      const fresh = await t.fresh();
      assert.deepEqual({ hide: kept.hide, readOnly: kept.readOnly }, fresh);
    }
    const fresh = await t.fresh();
    assert.ok(hidden(fresh).includes(path.join(t.root, 'a/.ssh')));
    if (access === 'read-write') assert.ok(fresh.readOnly.includes(path.join(t.root, '.git/hooks')));
  }
});

test('a file outside the roots replaced by a rename changes the outside stamp; untouched, it stays', async () => {
  const dir = path.join(base, 'outside');
  fs.mkdirSync(dir);
  const file = path.join(dir, 'shadow');
  fs.writeFileSync(file, 'old');
  await sleep(200);
  const before = outsideStamp([file]);
  assert.equal(before.settled, true);
  assert.deepEqual(outsideStamp([file]), before);
  fs.writeFileSync(path.join(dir, 'tmp'), 'new');
  fs.renameSync(path.join(dir, 'tmp'), file);
  const now = outsideStamp([file]);
  assert.notEqual(now.key, before.key);
  assert.equal(now.settled, false);
});

test('protected names get read-only mounts in the project, not inside node_modules; secrets there stay hidden', async () => {
  const t = setup();
  for (const f of ['package.json', 'node_modules/dep/package.json', 'node_modules/dep/node_modules/inner/Makefile', 'node_modules/dep/.env', 'lib/package.json']) {
    fs.mkdirSync(path.dirname(path.join(t.root, f)), { recursive: true });
    fs.writeFileSync(path.join(t.root, f), '{}');
  }
  const scan = await t.scan();
  const readOnly = scan.readOnly.map((p) => path.relative(t.root, p)).sort();
  assert.deepEqual(readOnly.filter((p) => !p.startsWith('.git')), ['lib/package.json', 'package.json']);
  assert.deepEqual(hidden(scan), [path.join(t.root, 'node_modules/dep/.env')]);
});

// Issue 15 §7: a hard link planted in a root shares its inode with a file outside, and
// `cat link` or `grep -r` would read that file through it.
const outsideSecret = path.join(base, 'outside-secret');
fs.writeFileSync(outsideSecret, 'SECRET=outside');
/** Plants a hard link to the outside secret at `rel` in `root`. */
const plant = (root: string, rel: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.linkSync(outsideSecret, path.join(root, rel));
  return path.join(root, rel);
};

test('hardLinks deny: hard links are hidden wherever they are, .git, read-only folders and read roots included', async () => {
  const t = setup('read-write', { hardLinks: 'deny' });
  const planted = ['a/b/c/link.txt', '.git/objects/ab/link', '.git/hooks/pre-commit', '.vscode/settings.json', 'package.json', 'node_modules/dep/link.js']
    .map((rel) => plant(t.root, rel));
  // A file with one link, beside them, stays.
  fs.writeFileSync(path.join(t.root, '.vscode/tasks.json'), '{}');
  const scan = await t.scan();
  assert.deepEqual(hidden(scan), [...planted].sort());
  // A hidden file gets no read-only mount that would cover the mask again.
  assert.ok(!scan.readOnly.includes(path.join(t.root, 'package.json')));
  assert.ok(scan.readOnly.includes(path.join(t.root, '.vscode')) && scan.readOnly.includes(path.join(t.root, '.git/hooks')));

  const r = setup('read', { hardLinks: 'deny' });
  const inRead = plant(r.root, 'e/link');
  assert.deepEqual(hidden(await r.scan()), [inRead]);
});

test('hardLinks deny: a link planted after the first scan, in a folder already listed, is hidden by the next scan', async () => {
  const t = setup('read-write', { hardLinks: 'deny' });
  await sleep(200);
  const first = await t.scan();
  assert.deepEqual(hidden(first), []);
  const planted = plant(t.root, 'a/b/c/late');
  const next = await t.scan();
  assert.deepEqual(hidden(next), [planted]);
  assert.notEqual(next.stamp, first.stamp, 'a spare built before the link has another stamp');
  await sleep(200);
  assert.deepEqual(hidden(await t.scan()), [planted], 'the kept listing still hides it');
});

test('hardLinks allow: the masks are those of today (no link hidden, .git and read-only folders not walked)', async () => {
  const plain = setup();
  const allow = setup('read-write', { hardLinks: 'allow' });
  for (const t of [plain, allow]) {
    for (const rel of ['a/b/c/link.txt', '.git/hooks/x', '.vscode/x']) plant(t.root, rel);
    fs.writeFileSync(path.join(t.root, 'a/.env'), 'K=1');
  }
  const rel = (m: { hide: Array<{ path: string }>; readOnly: string[] }, root: string) =>
    ({ hide: hidden(m).map((p) => path.relative(root, p)), readOnly: m.readOnly.map((p) => path.relative(root, p)).sort() });
  assert.deepEqual(rel(await allow.scan(), allow.root), rel(await plain.scan(), plain.root));
  assert.deepEqual(rel(await allow.scan(), allow.root).hide, ['a/.env']);
});

test('hardLinks deny: more links than the mount budget refuse the launch, naming hardLinks', async () => {
  const t = setup('read-write', { hardLinks: 'deny', maxHardLinks: 2 });
  for (const rel of ['a/l1', 'a/l2', 'e/l3']) plant(t.root, rel);
  await assert.rejects(t.scan(), (e: unknown) => e instanceof WardenError && e.code === 'denied' && e.detail.rule === 'path.hard_link' && /filesystem\.hardLinks/.test(e.message));
});

test('deny-glob matches inside read-only folders and .git are hidden too, with hard links allowed', async () => {
  const t = setup('read-write', { hardLinks: 'allow' });
  fs.mkdirSync(path.join(t.root, '.vscode/deep'), { recursive: true });
  fs.mkdirSync(path.join(t.root, '.git/hooks'), { recursive: true });
  for (const f of ['.vscode/.env', '.vscode/deep/id_rsa', '.git/hooks/server.pem', '.git/objects/x.key']) fs.writeFileSync(path.join(t.root, f), 'SECRET');
  const masks = await t.scan();
  assert.deepEqual(hidden(masks), ['.git/hooks/server.pem', '.git/objects/x.key', '.vscode/.env', '.vscode/deep/id_rsa'].map((f) => path.join(t.root, f)).sort());
  assert.ok(masks.readOnly.includes(path.join(t.root, '.vscode')), 'the folder itself stays read-only');
});
