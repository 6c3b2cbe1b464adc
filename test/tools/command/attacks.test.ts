// Attacks from command-hazards.md, judged by effect: a marker outside the root must not
// appear and a secret from outside must not reach stdout, whether the guard refuses the
// call or the program runs. Unsandboxed, so the guard alone must hold (the sandbox is
// tested on top of this in test/sandbox/).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { WardenError } from '../../../src/errors.js';
import { SECRET, commandConfig, makeCommandTools, tempTree } from './helpers.js';
import { rejectsWith } from '../../helpers/asserts.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/command');
const tree = tempTree();
after(tree.cleanup);
const MARKER = path.join(tree.outside, 'marker');
const ALLOW = {
  git: {}, find: {}, grep: {}, tar: {}, sed: {}, awk: {}, ls: {}, cat: {}, head: {}, wc: {}, sort: {},
  node: { dangerous: true }, bash: { dangerous: true },
};
let tools: ReturnType<typeof makeCommandTools>;

before(() => {
  fs.copyFileSync(path.join(FIXTURES, 'touch-target.sh'), path.join(tree.root, 'evil.sh'));
  fs.chmodSync(path.join(tree.root, 'evil.sh'), 0o755);
  fs.writeFileSync(path.join(tree.root, 'target'), MARKER);
  fs.writeFileSync(path.join(tree.root, '.env'), `API_KEY=${SECRET}\n`);
  fs.symlinkSync(path.join(tree.outside, 'secret.txt'), path.join(tree.root, 'link'));
  fs.symlinkSync(tree.outside, path.join(tree.root, 'linkdir'));
  // A hard link shares the outside file's inode: no path check sees it leave the root.
  fs.linkSync(path.join(tree.outside, 'secret.txt'), path.join(tree.root, 'hardlink'));
  fs.symlinkSync('hardlink', path.join(tree.root, 'to-hardlink'));
  execFileSync('git', ['init', '-q', tree.root]);
  execFileSync('git', ['-C', tree.root, 'add', 'a.txt']);
  execFileSync('git', ['-C', tree.root, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init']);
  execFileSync('tar', ['-cf', path.join(tree.root, 'in.tar'), '-C', tree.root, 'a.txt']);
  tools = makeCommandTools(commandConfig(tree, { allow: ALLOW }));
});

/** Runs the attack; a refusal is fine, a run is fine: only the effect is judged. */
async function attempt(command: string, args: string[], extra: Record<string, unknown> = {}) {
  fs.rmSync(MARKER, { force: true });
  let out = '';
  let refused: string | undefined;
  try {
    const r = await tools.run({ command, args, ...extra });
    out = r.stdout + r.stderr;
  } catch (error) {
    if (!(error instanceof WardenError)) throw error;
    refused = error.detail.rule as string;
  }
  assert.equal(fs.existsSync(MARKER), false, `${command} ${args.join(' ')} created the marker outside the root`);
  assert.ok(!out.includes(SECRET), `${command} ${args.join(' ')} leaked the secret: ${out}`);
  return { out, refused };
}

const ATTACKS: Array<[string, string[]]> = [
  ['git', ['-c', 'core.fsmonitor=sh evil.sh', 'status']],
  ['git', ['-c', 'alias.st=!sh evil.sh', 'st']],
  ['git', ['--config-env=core.fsmonitor=HOME', 'status']],
  ['git', ['ls-remote', '--upload-pack=sh evil.sh', '.']],
  ['git', ['ls-remote', '--upload-p=sh evil.sh', '.']],
  ['git', ['--no-pager', 'diff', '--no-index', 'a.txt', 'link']],
  ['git', ['commit', '-F', 'link', '--allow-empty']],
  ['find', ['.', '-exec', 'sh', 'evil.sh', ';']],
  ['find', ['.', '-execdir', 'sh', 'evil.sh', ';']],
  ['find', ['.', '-fprintf', '../outside/marker', '%p']],
  ['find', ['-L', '.', '-name', 'secret.txt']],
  ['tar', ['-xf', 'in.tar', '--to-command=sh evil.sh']],
  ['tar', ['-xf', 'in.tar', '--to-com=sh evil.sh']],
  ['tar', ['-cf', 'out.tar', '--checkpoint=1', '--checkpoint-action=exec=sh evil.sh', 'a.txt']],
  ['tar', ['-cf', 'out.tar', '-Ish evil.sh', 'a.txt']],
  ['tar', ['-cf', '../outside/marker', 'a.txt']],
  ['tar', ['-cf', 'out.tar', '-T', 'target']],
  ['sed', ['1e sh evil.sh', 'a.txt']],
  ['sed', ['s/hello/sh evil.sh/e', 'a.txt']],
  ['sed', ['-n', `w ${MARKER}`, 'a.txt']],
  ['sed', ['-n', `s/hello/x/w ${MARKER}`, 'a.txt']],
  ['sed', [`1r ${path.join(tree.outside, 'secret.txt')}`, 'a.txt']],
  ['awk', ['BEGIN{system("sh evil.sh")}']],
  ['cat', ['link']],
  ['cat', ['linkdir/secret.txt']],
  ['cat', [path.join(tree.outside, 'secret.txt')]],
  ['cat', ['../outside/secret.txt']],
  ['cat', ['.env']],
  ['head', ['-n1', 'link']],
  ['head', ['-n1', '--', '../outside/secret.txt']],
  ['wc', ['--files0-from=target']],
  ['sort', ['-o../outside/marker', 'a.txt']],
  ['sort', ['--output=../outside/marker', 'a.txt']],
  ['ls', ['linkdir/']],
  ['grep', ['-r', 'API_KEY', '.']],
  ['grep', ['API_KEY', '.env']],
  ['grep', ['-f.env', 'a.txt']],
  ['cat', ['hardlink']],
  ['cat', ['--', './hardlink']],
  ['cat', ['to-hardlink']],
  ['head', ['-c', '100', 'hardlink']],
  ['grep', ['TOP', 'hardlink']],
  ['sort', ['hardlink']],
  ['tar', ['-cf', '-', 'hardlink']],
  ['git', ['--no-pager', 'diff', '--no-index', 'a.txt', 'hardlink']],
];

for (const [command, args] of ATTACKS) {
  test(`${command} ${args.join(' ')}: no marker outside, no secret out`, async () => {
    await attempt(command, args);
  });
}

test('server environment channels never reach the child (GIT_CONFIG_*, TAR_OPTIONS, NODE_OPTIONS, LD_PRELOAD)', async () => {
  fs.writeFileSync(path.join(tree.outside, 'evil.cjs'), `require('fs').writeFileSync(${JSON.stringify(MARKER)}, 'x')`);
  const injected: Record<string, string> = {
    GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.fsmonitor', GIT_CONFIG_VALUE_0: 'sh evil.sh',
    TAR_OPTIONS: '--checkpoint=1 --checkpoint-action=exec=sh\\ evil.sh',
    NODE_OPTIONS: `--require ${path.join(tree.outside, 'evil.cjs')}`,
    LD_PRELOAD: '/nonexistent/evil.so',
  };
  Object.assign(process.env, injected);
  try {
    await attempt('git', ['status']);
    await attempt('tar', ['-cf', 'out.tar', 'a.txt']);
    await attempt('node', ['-e', 'process.stdout.write("ok")']);
    const { out } = await attempt('bash', ['-c', 'env']);
    for (const name of Object.keys(injected)) assert.ok(!out.includes(name), `${name} reached the child`);
  } finally {
    for (const name of Object.keys(injected)) delete process.env[name];
  }
});

test('the environment attack would have worked without the scrub (control)', () => {
  fs.rmSync(MARKER, { force: true });
  execFileSync('node', ['-e', '1'], { env: { ...process.env, NODE_OPTIONS: `--require ${path.join(tree.outside, 'evil.cjs')}` } });
  assert.equal(fs.existsSync(MARKER), true);
  fs.rmSync(MARKER, { force: true });
});

test('sed always gets --sandbox, so its e/r/w commands fail instead of running', async () => {
  const r = await tools.run({ command: 'sed', args: ['1e sh evil.sh', 'a.txt'] });
  assert.notEqual(r.exitCode, 0);
  assert.match(r.stderr, /sandbox/);
});

test('recursive search is refused while unsandboxed (it would read .env)', async () => {
  const { refused } = await attempt('grep', ['-r', 'API_KEY', '.']);
  assert.equal(refused, 'command.search_unsandboxed');
});

test('plain awk is an interpreter whichever awk it is (mawk, or gawk via the alternative): not offered unless marked dangerous', async () => {
  const { refused } = await attempt('awk', ['BEGIN{print 1}']);
  assert.equal(refused, 'command.unresolved');
});

test('an operand that is a hard link is refused with the file tools\' rule, for reads and writes alike', async () => {
  const secret = path.join(tree.outside, 'secret.txt');
  for (const args of [['hardlink'], ['to-hardlink'], ['-c', '1', 'hardlink']]) {
    const error = await rejectsWith(tools.guard({ command: args.length > 1 ? 'head' : 'cat', args }), 'denied', 'command.path');
    assert.equal(error.detail.pathRule, 'path.hard_link', error.message);
    assert.match(error.message, /has 2 hard links/);
  }
  // sort -o writes its output in place: through the link, into the file outside.
  await attempt('sort', ['-ohardlink', 'a.txt']);
  await attempt('sort', ['--output=hardlink', 'a.txt']);
  assert.equal(fs.readFileSync(secret, 'utf8'), SECRET, 'the file outside was written through the hard link');
});

test('with filesystem.hardLinks "allow" a hard-linked operand runs as before', async () => {
  const allowing = makeCommandTools(commandConfig(tree, { allow: ALLOW }, { filesystem: { roots: [{ path: tree.root, access: 'read-write' }], hardLinks: 'allow' } }));
  assert.equal((await allowing.run({ command: 'cat', args: ['hardlink'] })).stdout, SECRET);
});
