// The pre-warmed sandbox (issue 8) holds everything a cold one does, judged by effect:
// each attack runs in a spare that was started before the command was known (asserted,
// so a silent fall-back to cold launches cannot make these pass), and changes made
// while the spare waited (a new secret, a secret or protected file replaced by a
// rename) must not reach the command.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { findPidsCgroup } from '../../src/sandbox/pids-cgroup.js';
import { createPathGuard } from '../../src/guards/path.js';
import { spawnCapped } from '../../src/tools/command/spawn.js';
import { SECRET, commandConfig, spareProcesses, tempTree } from '../tools/command/helpers.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/command');
const tree = tempTree();
after(tree.cleanup);
const savedHome = process.env.HOME;
after(() => { process.env.HOME = savedHome; });
const pids = { parent: findPidsCgroup(), max: 64 };
const ENV = { PATH: '/usr/bin:/bin', HOME: tree.home, LANG: 'C.UTF-8' };
let warmSandbox: Sandbox;
let coldSandbox: Sandbox;

before(async () => {
  for (const f of ['read-ssh-key.sh', 'grandchild-ignores-term.sh', 'fork-bomb.sh', 'flood.sh']) {
    fs.copyFileSync(path.join(FIXTURES, f), path.join(tree.root, f));
  }
  fs.writeFileSync(path.join(tree.root, 'target'), path.join(tree.outside, 'secret.txt'));
  fs.mkdirSync(path.join(tree.root, 'deep', 'er'), { recursive: true });
  fs.writeFileSync(path.join(tree.root, 'deep', '.env'), 'OLD=1\n');
  fs.writeFileSync(path.join(tree.root, 'deep', 'package.json'), '{"name":"original"}\n');
  fs.writeFileSync(path.join(tree.root, 'mcp-warden.json'), `{"secret":"${SECRET}"}`);
  process.env.HOME = tree.home;
  const config = { ...commandConfig(tree, { allow: {}, sandbox: 'required', rlimits: { processes: 64 } }), configPath: path.join(tree.root, 'mcp-warden.json') };
  const guard = createPathGuard(config);
  warmSandbox = createSandbox(config, guard, ['/usr/bin', '/bin'], () => {}, { pids });
  coldSandbox = createSandbox(config, guard, ['/usr/bin', '/bin'], () => {}, { pids, prewarm: false });
  // Folders changed a moment ago back no spare (stamps.ts): let the new tree settle.
  await sleep(300);
});

/** Launches like run_command does; says whether a pre-warmed sandbox ran it. */
async function run(sandbox: Sandbox, file: string, args: string[], opts: { stdin?: string; timeoutMs?: number; maxOutputBytes?: number } = {}) {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const launch = await sandbox.launch({ file, args, cwd: tree.root, env: ENV, stdin: opts.stdin, timeoutMs }, true);
  const result = await spawnCapped({
    file: launch.file, args: launch.args, cwd: tree.root, env: launch.env, stdin: opts.stdin, timeoutMs,
    maxOutputBytes: opts.maxOutputBytes ?? 1024 * 1024, signal: new AbortController().signal, pids, warm: launch.warm,
  });
  return { ...result, warm: launch.warm !== undefined };
}

/** Whether every spare below this process is set up, mounts and all. */
function sparesSetUp(): boolean {
  const { bwraps, launchers } = spareProcesses();
  return launchers > 0 && bwraps <= 2 * launchers;
}

/**
 * Runs something once (which starts a spare after it), then waits until the spare is set
 * up, so that what a test changes next happens to a sandbox that already exists.
 */
async function spareStandingBy(): Promise<void> {
  if (!warmSandbox.spareReady()) await run(warmSandbox, '/usr/bin/true', []);
  for (let i = 0; i < 400 && !(warmSandbox.spareReady() && sparesSetUp()); i++) await sleep(25);
  assert.ok(warmSandbox.spareReady() && sparesSetUp(), 'no pre-warmed sandbox was started');
}

/** Runs in the spare, asserting it was the spare. */
async function runWarm(file: string, args: string[], opts?: Parameters<typeof run>[3]) {
  await spareStandingBy();
  const r = await run(warmSandbox, file, args, opts);
  assert.equal(r.warm, true, 'the command did not run in the pre-warmed sandbox');
  return r;
}

test('a pre-warmed sandbox gives the command exactly the environment, folder, stdin and limits of a cold one', async () => {
  const script = 'env; pwd; readlink /proc/self/fd/0; ulimit -t; ulimit -f; ulimit -n; cat';
  for (const stdin of [undefined, 'from stdin']) {
    const cold = await run(coldSandbox, '/bin/sh', ['-c', script], { stdin });
    const warm = await runWarm('/bin/sh', ['-c', script], { stdin });
    assert.equal(cold.warm, false);
    // stdin is a fresh pipe for each run: only its inode differs.
    const same = (out: string) => out.replace(/socket:\[\d+\]/, 'socket');
    assert.equal(same(warm.stdout), same(cold.stdout));
    assert.equal(warm.exitCode, 0, warm.stderr);
  }
  assert.match((await runWarm('/usr/bin/env', [])).stdout, /^PATH=\/usr\/bin:\/bin\nHOME=.*\nLANG=C\.UTF-8\nPWD=.*\/root\n$/);
});

test('arguments reach the program verbatim in a pre-warmed sandbox: empty, spaces, newlines, quotes, $(...), globs, dashes', async () => {
  const args = ['[%s]\\n', '', ' a  b ', 'line\nbreak', `it's "quoted"`, '$(touch pwned)', '*', '-n', '--', 'back\\slash', 'é'];
  const cold = await run(coldSandbox, '/usr/bin/printf', args);
  const warm = await runWarm('/usr/bin/printf', args);
  assert.equal(warm.stdout, cold.stdout);
  assert.equal(warm.stdout, `[]\n[ a  b ]\n[line\nbreak]\n[it's "quoted"]\n[$(touch pwned)]\n[*]\n[-n]\n[--]\n[back\\slash]\n[é]\n`);
  assert.equal(fs.existsSync(path.join(tree.root, 'pwned')), false);
});

test('an interpreter script reading ~/.ssh and a file outside gets nothing in a pre-warmed sandbox', async () => {
  const r = await runWarm('/bin/bash', ['read-ssh-key.sh']);
  assert.equal(r.stdout, 'done\n');
  assert.ok(!(await runWarm('/bin/cat', ['mcp-warden.json'])).stdout.includes(SECRET), 'the config file is masked');
});

// Right after a change its folder is not settled and no spare is used at all; later the
// folder's new stamp must tell (both paths are tried).
for (const settle of [0, 300]) {
  test(`a secret created deep in the tree while the spare waited is hidden (launched ${settle} ms later)`, async () => {
    await spareStandingBy();
    fs.mkdirSync(path.join(tree.root, 'deep', 'er', String(settle)));
    fs.writeFileSync(path.join(tree.root, 'deep', 'er', String(settle), '.env'), `KEY=${SECRET}\n`);
    await sleep(settle);
    const r = await run(warmSandbox, '/bin/cat', [`deep/er/${settle}/.env`]);
    assert.ok(!r.stdout.includes(SECRET), r.stdout);
    assert.equal(r.warm, false, 'a spare built before the secret existed must not be used');
  });

  test(`a masked secret replaced by a rename while the spare waited stays hidden (launched ${settle} ms later)`, async () => {
    await spareStandingBy();
    // A mount over the old file does not cover a file renamed over it. In a subfolder: the
    // view's arguments stay the same, only the folder's stamp tells.
    fs.writeFileSync(path.join(tree.root, 'deep', 'new.tmp'), `KEY=${SECRET}\n`);
    fs.renameSync(path.join(tree.root, 'deep', 'new.tmp'), path.join(tree.root, 'deep', '.env'));
    await sleep(settle);
    const r = await run(warmSandbox, '/bin/cat', ['deep/.env']);
    assert.ok(!r.stdout.includes(SECRET), r.stdout);
  });

  test(`a protected file replaced by a rename while the spare waited stays read-only (launched ${settle} ms later)`, async () => {
    await spareStandingBy();
    fs.writeFileSync(path.join(tree.root, 'deep', 'pkg.tmp'), `{"name":"replaced-${settle}"}\n`);
    fs.renameSync(path.join(tree.root, 'deep', 'pkg.tmp'), path.join(tree.root, 'deep', 'package.json'));
    await sleep(settle);
    await run(warmSandbox, '/bin/sh', ['-c', 'echo pwned > deep/package.json']);
    assert.equal(fs.readFileSync(path.join(tree.root, 'deep', 'package.json'), 'utf8'), `{"name":"replaced-${settle}"}\n`);
  });
}

// Issue 15 §7: a hard link to a file outside, planted in a root, reads that file; with
// filesystem.hardLinks "deny" (the default here) the sandbox hides it like a deny match.
const readsOf = (rel: string) => ['-c', `cat ${rel}; head -c 64 ${rel}; echo; wc -c < ${rel}; grep -r TOP-SECRET . ; true`];
/** Neither the secret nor its size (wc -c) came out. */
const leaksNothing = (r: { stdout: string; stderr: string }) => {
  assert.ok(!r.stdout.includes(SECRET), r.stdout);
  assert.ok(!r.stdout.split('\n').includes(String(SECRET.length)), `wc -c saw the file outside: ${r.stdout}`);
};

test('a hard link planted before the spare was built is hidden in the spare (cat, head, wc -c, grep -r)', async () => {
  fs.linkSync(path.join(tree.outside, 'secret.txt'), path.join(tree.root, 'deep', 'early-link'));
  await sleep(300);
  await run(warmSandbox, '/usr/bin/true', []);
  leaksNothing(await runWarm('/bin/sh', readsOf('deep/early-link')));
});

for (const settle of [0, 300]) {
  test(`a hard link to a file outside planted while the spare waited is hidden (launched ${settle} ms later)`, async () => {
    await spareStandingBy();
    // Into a folder already listed and settled: only its new stamp tells.
    fs.linkSync(path.join(tree.outside, 'secret.txt'), path.join(tree.root, 'deep', 'er', `link-${settle}`));
    await sleep(settle);
    const r = await run(warmSandbox, '/bin/sh', readsOf(`deep/er/link-${settle}`));
    leaksNothing(r);
    assert.equal(r.warm, false, 'a spare built before the link existed must not be used');
    // The spare started after it is built with the mask.
    leaksNothing(await runWarm('/bin/sh', readsOf(`deep/er/link-${settle}`)));
  });
}

test('no network in a pre-warmed sandbox', async () => {
  const r = await runWarm('/bin/sh', ['-c', 'cat /proc/net/dev']);
  assert.match(r.stdout, /lo:/);
  assert.ok(!/eth0|ens|enp|wlan/.test(r.stdout), r.stdout);
});

test('a timeout kills the whole tree in a pre-warmed sandbox, a grandchild that ignores SIGTERM included', async () => {
  const marker = path.join(tree.root, 'grandchild-survived');
  const r = await runWarm('/bin/sh', ['grandchild-ignores-term.sh', marker], { timeoutMs: 500 });
  assert.equal(r.timedOut, true);
  assert.equal(r.exitCode, null);
  await sleep(2500);
  assert.equal(fs.existsSync(marker), false, 'the grandchild outlived the timeout');
});

test('a fork bomb and a yes flood are contained in a pre-warmed sandbox', async () => {
  const bomb = await runWarm('/bin/bash', ['fork-bomb.sh'], { timeoutMs: 2000 });
  assert.equal(bomb.timedOut, true);
  await sleep(300);
  const alive = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try { return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('fork-bomb.sh'); } catch { return false; }
  });
  assert.deepEqual(alive, [], 'bomb processes outlived the call');
  const flood = await runWarm('/bin/sh', ['flood.sh'], { maxOutputBytes: 64 * 1024 });
  assert.equal(flood.truncated, true);
  assert.equal(Buffer.byteLength(flood.stdout), 64 * 1024);
});
