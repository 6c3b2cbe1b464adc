import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { doctorCommand, formatCheck, runDoctor, type DoctorOptions } from '../../src/cli/doctor.js';
import { setupCommand } from '../../src/cli/setup.js';
import { AuditStore } from '../../src/audit/store.js';
import { isWardenEntry } from '../../src/doctor/clients.js';
import type { SandboxProbe } from '../../src/doctor/sandbox-probe.js';
import { REPO, place, runCli, tempHome, writeConfig, type TempHome } from '../fixtures/clients/home.js';

const WORKS: SandboxProbe = { available: true, tool: 'bubblewrap', path: '/usr/bin/bwrap', detail: 'bubblewrap 0.8.0 works (user namespaces allowed)' };
const options: DoctorOptions = { probe: () => WORKS };

/** A healthy setup: a root, an audit log with rows, a database, one program, a client entry. */
async function healthy(t: TempHome, extra: Record<string, unknown> = {}) {
  const workspace = path.join(t.project, 'workspace');
  fs.mkdirSync(workspace);
  const dbFile = path.join(t.project, 'data.db');
  const db = new Database(dbFile);
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
  db.close();
  const auditPath = path.join(t.root, 'state', 'audit.db');
  const store = await AuditStore.open(auditPath);
  store.append({ session: 's', call: 'c1', principal: 'me', tool: 'read_text_file', kind: 'decision', decision: 'allow', reason: 'ok' });
  store.append({ session: 's', call: 'c1', principal: 'me', tool: 'read_text_file', kind: 'outcome', outcome: 'ok' });
  store.close();
  const configPath = writeConfig(path.join(t.project, 'mcp-warden.json'), {
    principal: 'me',
    users: { me: { roles: ['developer'] } },
    filesystem: { roots: [{ path: 'workspace', access: 'read-write' }] },
    databases: { notes: { path: 'data.db', access: 'read' } },
    commands: { allow: { ls: {} } },
    audit: { path: auditPath },
    ...extra,
  });
  t.io.install = { node: process.execPath, root: REPO };
  assert.equal(await setupCommand(['--client', 'cursor', '--write'], t.io), 0);
  return { workspace, dbFile, auditPath, configPath };
}

test('a healthy setup passes every check, one line each, exit 0', async () => {
  const t = tempHome();
  const { workspace, auditPath, dbFile } = await healthy(t);
  t.io.stdout.length = 0;
  assert.equal(await doctorCommand([], t.io, options), 0, t.io.text());
  const lines = t.io.stdout[0].split('\n');
  assert.deepEqual(lines.map((l) => l.slice(0, 16).trim()), ['ok    node', 'ok    config', 'ok    root', 'ok    placement', 'ok    audit', 'ok    database', 'ok    program', 'ok    sandbox', 'ok    client']);
  const text = t.io.stdout.join('\n');
  assert.match(text, new RegExp(`${workspace} \\(read-write\\) is a folder \\(written "workspace", relative to the config's folder\\)`));
  assert.match(text, new RegExp(`${auditPath} is writable; 2 rows, hash chain intact`));
  assert.match(text, new RegExp(`notes: ${dbFile} opens read-only \\(1 tables\\)`));
  assert.match(text, /ls → \/(usr\/)?bin\/ls/);
  assert.match(text, /Cursor \(user\) .*mcp\.json: "mcp-warden" runs .*node.* with --config .*mcp-warden\.json/);
  assert.match(text, /9 checks: 9 ok, 0 warnings, 0 failed\./);
});

test('--json prints one object per check with the fix and the message id', async () => {
  const t = tempHome();
  await healthy(t, { filesystem: { roots: [{ path: '/nonexistent/warden-root', access: 'read' }] } });
  t.io.stdout.length = 0;
  assert.equal(await doctorCommand(['--json'], t.io, options), 1);
  const rows = t.io.stdout.map((l) => JSON.parse(l));
  assert.ok(rows.every((r) => Object.keys(r).join() === 'check,status,message,fix,id'));
  const root = rows.find((r) => r.check === 'root');
  assert.equal(root.status, 'fail');
  assert.equal(root.id, 'root-missing');
  assert.match(root.message, /\/nonexistent\/warden-root does not exist/);
  assert.match(root.fix, /mkdir -p \/nonexistent\/warden-root/);
});

test('a tampered audit log fails the audit check with the row and what happened', async () => {
  const t = tempHome();
  const { auditPath } = await healthy(t);
  const db = new Database(auditPath);
  db.prepare("UPDATE events SET reason = 'nothing to see' WHERE id = 1").run();
  db.close();
  assert.equal(await doctorCommand([], t.io, options), 1);
  assert.match(t.io.text(), new RegExp(`FAIL {2}audit {5}The audit log ${auditPath} was altered: row 1: its content does not match its hash.*Fix: keep the file as evidence`));
});

test('a file that is not a database fails the audit and database checks', async () => {
  const t = tempHome();
  const { auditPath, dbFile } = await healthy(t);
  fs.writeFileSync(auditPath, 'not sqlite at all, just text that is long enough to be a header');
  fs.rmSync(`${auditPath}-wal`, { force: true });
  fs.rmSync(`${auditPath}-shm`, { force: true });
  fs.writeFileSync(dbFile, 'not a database either, but long enough to fill a header page');
  assert.equal(await doctorCommand([], t.io, options), 1);
  const text = t.io.text();
  assert.match(text, /FAIL {2}audit {5}The audit log .* cannot be read as an audit database/);
  assert.match(text, /FAIL {2}database  databases\.notes: .*data\.db does not open read-only \(.*\)\. Fix: check that .* is a SQLite database/);
});

test('client entries: a command that does not resolve, a bin that is gone, another config', async () => {
  const t = tempHome();
  const { configPath } = await healthy(t);
  const file = path.join(t.home, '.cursor', 'mcp.json');
  fs.writeFileSync(file, JSON.stringify({ mcpServers: {
    'mcp-warden': { command: 'no-such-npx-warden', args: ['-y', 'mcp-warden'] },
    warden2: { command: process.execPath, args: [path.join(t.root, 'gone', 'bin', 'mcp-warden.js'), '--config', configPath] },
    warden3: { command: process.execPath, args: [path.join(REPO, 'bin', 'mcp-warden.js'), '--config', path.join(t.root, 'other.json')] },
    other: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] },
  } }));
  fs.writeFileSync(path.join(t.root, 'other.json'), '{}');
  assert.equal(await doctorCommand([], t.io, options), 1);
  const text = t.io.text();
  assert.match(text, /FAIL {2}client {4}Cursor \(user\)'s entry in .*mcp\.json runs "no-such-npx-warden", which is not found on the PATH.*Fix: run `mcp-warden setup --client cursor --scope user --write --force`/);
  assert.match(text, /FAIL {2}client {4}Cursor \(user\)'s entry in .* names .*gone\/bin\/mcp-warden\.js, which does not exist/);
  assert.match(text, /WARN {2}client {4}Cursor \(user\) starts mcp-warden with --config .*other\.json, but doctor checked .*mcp-warden\.json\. Fix: run `mcp-warden doctor --config /);
  assert.doesNotMatch(text, /server-github/);
});

test('a malformed client file fails its check but the others still run', async () => {
  const t = tempHome();
  await healthy(t);
  place('malformed.json', path.join(t.home, '.claude.json'));
  assert.equal(await doctorCommand([], t.io, options), 1);
  const text = t.io.text();
  assert.match(text, /FAIL {2}client {4}Claude Code's config .*\.claude\.json is not valid JSON \(line 4, column 5: a comma is missing\)/);
  assert.match(text, /ok {4}client {4}Cursor \(user\)/);
});

test('no client entry is a warning, not a failure', async () => {
  const t = tempHome();
  await healthy(t);
  fs.rmSync(path.join(t.home, '.cursor'), { recursive: true });
  assert.equal(await doctorCommand([], t.io, options), 0);
  assert.match(t.io.text(), /WARN {2}client {4}No client config points at mcp-warden \(0 of the 7 known client config files exist here\)\. Fix: run `mcp-warden setup --client/);
});

test('an old Node fails the node check', async () => {
  const t = tempHome();
  await healthy(t);
  const { checks } = await runDoctor(t.io, { ...options, nodeVersion: '18.19.0' });
  assert.equal(formatCheck(checks[0]), 'FAIL  node      Node.js 18.19.0 runs mcp-warden, which needs Node 20 or newer. Fix: install Node 20 or newer (https://nodejs.org, or `nvm install 20`), then run setup again so the client entry names the new node.');
});

test('without a config doctor still checks the sandbox and the clients, then exits 2', async () => {
  const t = tempHome();
  place('other-warden-entry.json', path.join(t.home, '.cursor', 'mcp.json'));
  assert.equal(await doctorCommand([], t.io, { probe: () => ({ available: false, kind: 'missing', searched: '/x', reason: 'bwrap not found' }) }), 2);
  const text = t.io.text();
  assert.match(text, /FAIL {2}config {4}No config file found\. Looked in order at: /);
  assert.match(text, /WARN {2}sandbox {3}bubblewrap \(bwrap\) is not installed/);
  assert.match(text, /FAIL {2}client {4}Cursor \(user\)'s entry .* runs "\/opt\/old\/bin\/mcp-warden", which is not found\. Fix/);
});

test('an invalid config is a config failure listing the key path (exit 2)', async () => {
  const t = tempHome();
  writeConfig(path.join(t.project, 'mcp-warden.json'), { filesystem: { roots: [{ path: '/x', access: 'rw' }] } });
  assert.equal(await doctorCommand([], t.io, options), 2);
  assert.match(t.io.text(), /FAIL {2}config {4}The config .*mcp-warden\.json is invalid: filesystem\.roots\[0\]\.access: "rw" is not one of read, read-write\. Fix: edit /);
});

test('entries that start mcp-warden are recognised in each form', () => {
  assert.ok(isWardenEntry('warden', { command: 'npx', args: ['-y', 'mcp-warden', '--config', '/c.json'] }));
  assert.ok(isWardenEntry('warden', { command: 'npx', args: ['-y', 'mcp-warden@0.1.0'] }));
  assert.ok(isWardenEntry('w', { command: '/usr/bin/node', args: ['/opt/mcp-warden/bin/mcp-warden.js'] }));
  assert.ok(isWardenEntry('w', { command: 'C:\\tools\\mcp-warden.cmd' }));
  assert.ok(!isWardenEntry('fs', { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/home/me/mcp-warden-notes'] }));
});

test('the compiled CLI: doctor exits 1 on a failed check, 2 without a config', () => {
  const t = tempHome();
  writeConfig(path.join(t.project, 'mcp-warden.json'), { filesystem: { roots: [{ path: path.join(t.project, 'missing') }] }, audit: { path: path.join(t.root, 'a.db') } });
  const r = runCli(t, ['doctor']);
  assert.equal(r.code, 1, r.all);
  assert.match(r.stdout, /FAIL {2}root {6}filesystem\.roots\[0\]\.path: the folder .*missing does not exist/);
  const none = runCli(t, ['doctor', '--json'], t.root);
  assert.equal(none.code, 2, none.all);
  assert.equal(JSON.parse(none.stdout.split('\n')[1]).id, 'config-not-found');
});
