// run_command's execution contract: result shape, stdin, timeouts that kill the whole
// tree, output caps. Unsandboxed here; sandbox effects are in test/sandbox/.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandConfig, makeCommandTools, tempTree } from './helpers.js';
import { rejectsWith } from '../../helpers/asserts.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/command');
const tree = tempTree();
after(tree.cleanup);
const copyFixture = (name: string) => {
  fs.copyFileSync(path.join(FIXTURES, name), path.join(tree.root, name));
  return name;
};
const tools = makeCommandTools(commandConfig(tree, {
  allow: { cat: {}, ls: {}, head: {}, sh: { dangerous: true }, bash: { dangerous: true }, yes: {} },
  maxOutputBytes: 1000,
}));

test('a plain run returns exit code, output and timing', async () => {
  const r = await tools.run({ command: 'cat', args: ['a.txt'] });
  assert.deepEqual({ ...r, durationMs: 0 }, { exitCode: 0, signal: null, stdout: 'hello\nworld\n', stderr: '', timedOut: false, truncated: false, durationMs: 0 });
});

test('a failing program reports its exit code and stderr', async () => {
  const r = await tools.run({ command: 'ls', args: ['missing-file'] });
  assert.equal(r.exitCode, 2);
  assert.match(r.stderr, /missing-file/);
});

test('stdin is passed as given', async () => {
  assert.equal((await tools.run({ command: 'cat', stdin: 'from stdin' })).stdout, 'from stdin');
});

test('stdin is refused for a program marked dangerous (stdin is code for it)', async () => {
  await rejectsWith(tools.guard({ command: 'sh', stdin: 'touch x' }), 'denied', 'command.stdin');
});

test('args are never given to a shell', async () => {
  const r = await tools.run({ command: 'cat', args: ['a.txt; touch pwned', '$(touch pwned)'] });
  assert.notEqual(r.exitCode, 0);
  assert.equal(fs.existsSync(path.join(tree.root, 'pwned')), false);
});

test('a timeout kills the whole tree, a grandchild that ignores SIGTERM and left the session included', async () => {
  const marker = path.join(tree.outside, 'grandchild-survived');
  const script = copyFixture('grandchild-ignores-term.sh');
  // The marker path is outside the root, so the guard would refuse it as an argument:
  // the script reads it from a file inside the root instead.
  fs.writeFileSync(path.join(tree.root, 'target'), marker);
  const r = await tools.run({ command: 'sh', args: ['-c', `sh ${script} "$(cat target)"`], timeoutMs: 500 });
  assert.equal(r.timedOut, true);
  assert.equal(r.exitCode, null);
  assert.ok(r.durationMs < 2000, `took ${r.durationMs} ms`);
  await sleep(2500);
  assert.equal(fs.existsSync(marker), false, 'the grandchild outlived the timeout');
});

test('output past maxOutputBytes is cut, flagged truncated, and the flood stopped', async () => {
  const r = await tools.run({ command: 'yes', args: ['flood'], timeoutMs: 10_000 });
  assert.equal(r.truncated, true);
  assert.equal(Buffer.byteLength(r.stdout), 1000);
  assert.equal(r.timedOut, false);
  assert.ok(r.durationMs < 5000);
});

test('timeoutMs from the request can lower the configured timeout but not raise it', async () => {
  const { guard } = makeCommandTools(commandConfig(tree, { allow: { cat: {} }, timeoutMs: 1000 }));
  assert.equal((await guard({ command: 'cat', timeoutMs: 60_000 })).plan.timeoutMs, 1000);
  assert.equal((await guard({ command: 'cat', timeoutMs: 10 })).plan.timeoutMs, 10);
});

test('cancelling the call kills the program', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 200);
  const r = await tools.run({ command: 'sh', args: ['-c', 'sleep 20'] }, ac.signal);
  assert.equal(r.exitCode, null);
  assert.ok(r.durationMs < 3000);
});

test('a program not in the allowlist is refused, naming what is allowed', async () => {
  const e = await rejectsWith(tools.guard({ command: 'rm', args: ['-rf', '.'] }), 'denied', 'command.not_allowed');
  assert.match(e.message, /Allowed: cat, ls, head, sh, bash, yes/);
  await rejectsWith(tools.guard({ command: '/usr/bin/cat' }), 'denied', 'command.not_allowed');
});

test('cwd must be inside a root', async () => {
  await rejectsWith(tools.guard({ command: 'ls', cwd: tree.outside }), 'denied', 'path.outside_roots');
  const { resource } = await tools.guard({ command: 'ls', cwd: '.' });
  assert.deepEqual(resource, { type: 'command', command: 'ls', args: [], path: tree.root, paths: [tree.root] });
});

test('path policies judge the working directory as well as the operands', async () => {
  fs.mkdirSync(path.join(tree.root, 'private'), { recursive: true });
  const judged = makeCommandTools(commandConfig(tree, { allow: { cat: {} } }, {
    policies: [{ id: 'no-private', effect: 'deny', when: [{ attribute: 'resource.path', operator: 'glob', value: '**/private' }] }],
  }));
  const call = { command: 'cat', args: ['../a.txt'], cwd: 'private' };
  const { resource } = await judged.guard(call);
  assert.deepEqual(resource.paths, [path.join(tree.root, 'private'), path.join(tree.root, 'a.txt')]);
  // The operand is outside `private`; the working directory inside it is what the policy denies.
  await assert.rejects(judged.run(call), (e: any) => e.code === 'denied' && e.detail.policyId === 'no-private');
  assert.equal((await judged.run({ command: 'cat', args: ['a.txt'] })).stdout, 'hello\nworld\n');
});
