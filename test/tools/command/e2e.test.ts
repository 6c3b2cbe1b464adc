// run_command and list_commands over real stdio through the whole pipeline: results,
// refusals judged by effect, the server's own environment kept from children, and the
// server answering while a long command runs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, refusalOf } from '../../helpers/server.js';
import { tempDir } from '../../helpers/temp.js';
import { auditRows } from '../../helpers/audit-rows.js';
import { spareProcesses } from './helpers.js';

const SECRET = 'E2E-SECRET-91b7';
const root = tempDir('warden-cmd-root-');
const outside = tempDir('warden-cmd-out-');
after(() => { for (const d of [root, outside]) fs.rmSync(d, { recursive: true, force: true }); });
fs.writeFileSync(path.join(root, 'a.txt'), 'hello\n');
fs.writeFileSync(path.join(outside, 'secret.txt'), SECRET);
fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link'));

const config = (commands: Record<string, unknown> = {}) => ({
  principal: 'me', users: { me: { roles: ['developer'] } },
  filesystem: { roots: [{ path: root, access: 'read-write' }] },
  commands: { allow: { ls: {}, cat: {}, sh: { dangerous: true } }, ...commands },
});

test('list_commands shows resolved paths, rules and the sandbox', async () => {
  const s = await startServer(config());
  try {
    const r = await s.call('list_commands');
    const body = r.structuredContent as any;
    assert.deepEqual(body.commands.map((c: any) => [c.name, c.path, c.dangerous]), [
      ['ls', '/usr/bin/ls', false], ['cat', '/usr/bin/cat', false], ['sh', '/usr/bin/sh', true],
    ]);
    assert.equal(body.sandbox.active, true);
  } finally { await s.close(); }
});

test('run_command returns the result shape and is audited with the canonical resource', async () => {
  const s = await startServer(config());
  try {
    const r = await s.call('run_command', { command: 'cat', args: ['a.txt'] });
    assert.equal(r.isError, undefined);
    const body = r.structuredContent as any;
    assert.deepEqual({ ...body, durationMs: 0 }, { exitCode: 0, signal: null, stdout: 'hello\n', stderr: '', timedOut: false, truncated: false, durationMs: 0 });
    const decision = auditRows(s.auditPath).find((row: any) => row.tool === 'run_command' && row.kind === 'decision') as any;
    const resource = typeof decision.resource === 'string' ? JSON.parse(decision.resource) : decision.resource;
    assert.equal(resource.command, 'cat');
    assert.equal(resource.path, root);
  } finally { await s.close(); }
});

test('a symlink operand pointing outside is refused and leaks nothing', async () => {
  const s = await startServer(config());
  try {
    const r = await s.call('run_command', { command: 'cat', args: ['link'] });
    assert.equal(refusalOf(r)?.code, 'denied');
    assert.equal(refusalOf(r)?.rule, 'command.path');
    assert.ok(!JSON.stringify(r).includes(SECRET));
  } finally { await s.close(); }
});

test("the server's GIT_CONFIG_*, TAR_OPTIONS and LD_PRELOAD never reach a child", async () => {
  const s = await startServer(config(), {
    env: { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.fsmonitor', GIT_CONFIG_VALUE_0: 'x', TAR_OPTIONS: '--to-command=x', LD_PRELOAD: '' },
  });
  try {
    const body = (await s.call('run_command', { command: 'sh', args: ['-c', 'env'] })).structuredContent as any;
    assert.equal(body.exitCode, 0, body.stderr);
    for (const name of ['GIT_CONFIG', 'TAR_OPTIONS', 'LD_PRELOAD']) assert.ok(!body.stdout.includes(name), body.stdout);
  } finally { await s.close(); }
});

test('the server keeps answering while a command runs, and the timeout ends it', async () => {
  const s = await startServer(config({ timeoutMs: 2000 }));
  try {
    const slow = s.call('run_command', { command: 'sh', args: ['-c', 'sleep 30'] });
    const t0 = performance.now();
    const quick = await s.call('run_command', { command: 'ls' });
    assert.ok(performance.now() - t0 < 1500);
    assert.match((quick.structuredContent as any).stdout, /a\.txt/);
    const body = (await slow).structuredContent as any;
    assert.equal(body.timedOut, true);
  } finally { await s.close(); }
});

test('a secret created after start-up, after sandboxes were pre-warmed, never reaches a command', async () => {
  const s = await startServer(config());
  const sub = path.join(root, 'later');
  const settle = () => new Promise((r) => setTimeout(r, 300));
  // The names come from the shell's glob: spelled out, the guard would refuse the script.
  const catAll = async () => ((await s.call('run_command', { command: 'sh', args: ['-c', 'cat later/.e*; echo end'] })).structuredContent as any).stdout as string;
  // The server is our child: its spares are below us.
  const spareSetUp = () => spareProcesses().launchers > 0;
  try {
    fs.mkdirSync(sub);
    // Calls start spares once the folders have settled; then a secret appears under the
    // spares' feet: launched once its folder has settled (its new stamp must tell), then right away.
    for (let i = 0; i < 100 && !spareSetUp(); i++) {
      await s.call('run_command', { command: 'ls' });
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(spareSetUp(), 'no pre-warmed sandbox was started');
    fs.writeFileSync(path.join(sub, '.env'), `KEY=${SECRET}\n`);
    await settle();
    const first = await catAll();
    await s.call('run_command', { command: 'ls' });
    await settle();
    fs.writeFileSync(path.join(sub, '.env.local'), `KEY=${SECRET}\n`);
    const second = await catAll();
    for (const out of [first, second]) {
      assert.match(out, /end/);
      assert.ok(!out.includes(SECRET), out);
    }
  } finally {
    await s.close();
    fs.rmSync(sub, { recursive: true, force: true });
  }
});
