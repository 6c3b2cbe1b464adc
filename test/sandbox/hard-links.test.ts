// Issue 15 §7 over real stdio: a hard link planted in a root shares its inode with a file
// outside, so `cat link` or `grep -r` would read that file although no path leaves the
// root. With filesystem.hardLinks "deny" (the default) a named link is refused and the
// sandbox hides every link, also one planted between two calls while a spare waits.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, refusalOf, type RunningServer } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { spareProcesses } from '../tools/command/helpers.js';

const SECRET = 'TOKEN=HL-E2E-SECRET-4d2a';
// Both temp folders: a hard link needs the same filesystem.
const root = tempDir('warden-hl-root-');
const outside = tempDir('warden-hl-out-');
after(() => { for (const d of [root, outside]) fs.rmSync(d, { recursive: true, force: true }); });
const secretFile = path.join(outside, 'secret.txt');

const config = (hardLinks?: 'deny' | 'allow') => ({
  principal: 'me', users: { me: { roles: ['developer'] } },
  filesystem: { roots: [{ path: root, access: 'read-write' }], ...(hardLinks ? { hardLinks } : {}) },
  commands: { allow: { cat: {}, head: {}, wc: {}, grep: {}, sh: { dangerous: true } }, sandbox: 'required' },
});

/** stdout and stderr of a run that must have run (not been refused). */
async function output(s: RunningServer, command: string, args: string[]): Promise<string> {
  const r = await s.call('run_command', { command, args });
  assert.equal(refusalOf(r), undefined, JSON.stringify(r));
  const body = r.structuredContent as { stdout: string; stderr: string };
  return body.stdout + body.stderr;
}

/** Neither the secret nor its size (`wc -c`) came out. */
function leaksNothing(out: string): void {
  assert.ok(!out.includes(SECRET), `the file outside was read through the hard link: ${out}`);
  assert.ok(!out.split('\n').includes(String(SECRET.length)), `wc -c saw the file outside: ${out}`);
}

const reads = (rel: string) => `cat ${rel}; head -c 64 ${rel}; echo; wc -c < ${rel}; true`;

before(async () => {
  fs.writeFileSync(secretFile, SECRET);
  fs.writeFileSync(path.join(root, 'visible.txt'), 'TOKEN=public\n');
  for (const d of ['sub', '.vscode', '.git/hooks']) fs.mkdirSync(path.join(root, d), { recursive: true });
  // At the top, in a write-protected folder (mounted read-only) and inside .git.
  for (const rel of ['link', '.vscode/settings.json', '.git/hooks/leak']) fs.linkSync(secretFile, path.join(root, rel));
  // Folders changed a moment ago are re-read every launch and back no spare: let them settle.
  await sleep(300);
});

test('an operand naming a hard link is refused by the command guard (path.hard_link) and leaks nothing', async () => {
  const s = await startServer(config());
  try {
    for (const [command, args] of [['cat', ['link']], ['head', ['-c', '64', 'link']], ['wc', ['-c', 'link']], ['grep', ['TOKEN', '.vscode/settings.json']]] as const) {
      const r = await s.call('run_command', { command, args: [...args] });
      const refusal = refusalOf(r);
      assert.equal(refusal?.code, 'denied', `${command} ${args.join(' ')}: ${JSON.stringify(r)}`);
      assert.equal(refusal?.rule, 'command.path');
      assert.equal(refusal?.pathRule, 'path.hard_link');
      leaksNothing(JSON.stringify(r));
    }
  } finally { await s.close(); }
});

test('inside the sandbox every hard link is hidden: grep -r and reads not naming it find nothing from outside', async () => {
  const s = await startServer(config());
  try {
    const grep = await output(s, 'grep', ['-r', 'TOKEN', '.']);
    assert.match(grep, /visible\.txt:TOKEN=public/, 'control: grep -r did search the root');
    leaksNothing(grep);
    for (const rel of ['link', '.vscode/settings.json', '.git/hooks/leak']) leaksNothing(await output(s, 'sh', ['-c', reads(rel)]));
  } finally { await s.close(); }
});

test('a hard link planted between two calls, while a spare sandbox waits, is hidden from the next call', async () => {
  const s = await startServer(config());
  try {
    await output(s, 'sh', ['-c', 'true']);
    for (let i = 0; i < 400 && spareProcesses().launchers === 0; i++) await sleep(25);
    assert.ok(spareProcesses().launchers > 0, 'no spare sandbox was standing by, so this proves nothing');
    // Into a folder already listed and settled; then long enough for it to settle again.
    fs.linkSync(secretFile, path.join(root, 'sub', 'late'));
    await sleep(300);
    leaksNothing(await output(s, 'sh', ['-c', `${reads('sub/late')}; grep -r TOKEN .`]));
    leaksNothing(await output(s, 'grep', ['-r', 'TOKEN', '.']));
  } finally {
    await s.close();
    fs.rmSync(path.join(root, 'sub', 'late'), { force: true });
  }
});

test('with filesystem.hardLinks "allow" nothing changes: the link is read, named or not', async () => {
  const s = await startServer(config('allow'));
  try {
    assert.equal(await output(s, 'cat', ['link']), SECRET);
    assert.match(await output(s, 'grep', ['-r', 'TOKEN', '.']), /link:TOKEN=HL-E2E-SECRET/);
  } finally { await s.close(); }
});

test('deny-glob matches inside a write-protected folder or .git are hidden from grep -r too (hard links allowed)', async () => {
  const planted = ['.vscode/.env', '.git/hooks/deploy.pem'];
  for (const rel of planted) fs.writeFileSync(path.join(root, rel), 'TOKEN=DENIED-IN-PROTECTED-7c1e\n');
  await sleep(300);
  const s = await startServer(config('allow'));
  try {
    const grep = await output(s, 'grep', ['-r', 'TOKEN', '.']);
    assert.match(grep, /visible\.txt:TOKEN=public/, 'control: grep -r did search the root');
    assert.ok(!grep.includes('DENIED-IN-PROTECTED'), `a deny-glob match was read: ${grep}`);
    for (const rel of planted) assert.ok(!(await output(s, 'sh', ['-c', `cat ${rel}; true`])).includes('DENIED-IN-PROTECTED'), rel);
  } finally {
    await s.close();
    for (const rel of planted) fs.rmSync(path.join(root, rel), { force: true });
  }
});
