import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AuditStore } from '../../src/audit/store.js';
import { verifyChain } from '../../src/audit/verify.js';
import { decrypt, isEncrypted } from '../../src/audit/crypto.js';
import { decisionEvent, okRows } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

const GITHUB = 'ghp_' + 'b'.repeat(36);

test('append returns consecutive ids; a decision and its outcome share the call id and the chain verifies', async (t) => {
  const store = await AuditStore.open(path.join(tempDir('warden-audit-', t), 'audit.db'));
  t.after(() => store.close());
  assert.equal(store.append(decisionEvent('c1')), 1);
  assert.equal(store.append({ ...decisionEvent('c1'), kind: 'outcome', outcome: 'ok', durationMs: 12.6, bytes: 40 }), 2);
  assert.equal(store.append(decisionEvent('c2')), 3);
  const rows = store.db.prepare('SELECT id, call, kind, outcome, duration_ms, bytes FROM events ORDER BY id').all();
  assert.deepEqual(rows, [
    { id: 1, call: 'c1', kind: 'decision', outcome: null, duration_ms: null, bytes: null },
    { id: 2, call: 'c1', kind: 'outcome', outcome: 'ok', duration_ms: 13, bytes: 40 },
    { id: 3, call: 'c2', kind: 'decision', outcome: null, duration_ms: null, bytes: null },
  ]);
  assert.deepEqual(okRows(verifyChain(store.db)), { ok: true, rows: 3 });
});

test('appendAll writes a decision and its outcome in one commit, chained to each other and to what came before', async (t) => {
  const store = await AuditStore.open(path.join(tempDir('warden-audit-', t), 'audit.db'));
  t.after(() => store.close());
  store.append(decisionEvent('c0'));
  assert.equal(store.appendAll([decisionEvent('c1'), { ...decisionEvent('c1'), kind: 'outcome', outcome: 'ok' }]), 3);
  assert.deepEqual(store.db.prepare('SELECT id, call, kind FROM events ORDER BY id').all(), [
    { id: 1, call: 'c0', kind: 'decision' }, { id: 2, call: 'c1', kind: 'decision' }, { id: 3, call: 'c1', kind: 'outcome' },
  ]);
  assert.deepEqual(okRows(verifyChain(store.db)), { ok: true, rows: 3 });
  // All or none: a second row SQLite refuses (no tool: NOT NULL) leaves the first not written either.
  assert.throws(() => store.appendAll([decisionEvent('c2'), { ...decisionEvent('c2'), kind: 'outcome', tool: null as unknown as string }]));
  assert.equal((store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n, 3);
});

test('a store reopened later continues the same chain', async (t) => {
  const file = path.join(tempDir('warden-audit-', t), 'audit.db');
  const first = await AuditStore.open(file);
  first.append(decisionEvent('c1'));
  first.close();
  const second = await AuditStore.open(file);
  t.after(() => second.close());
  assert.equal(second.append(decisionEvent('c2')), 2);
  assert.deepEqual(okRows(verifyChain(second.db)), { ok: true, rows: 2 });
});

test('the database is WAL with a busy timeout, and the file is private to its owner', async (t) => {
  const file = path.join(tempDir('warden-audit-', t), 'nested', 'dir', 'audit.db');
  const store = await AuditStore.open(file);
  t.after(() => store.close());
  assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(store.db.pragma('busy_timeout', { simple: true }), 10000);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700, 'a folder it creates is private too');
});

test('the -wal and -shm files, which hold the newest rows, are private too, in a shared folder', async (t) => {
  const dir = tempDir('warden-audit-', t);
  fs.chmodSync(dir, 0o755);
  const file = path.join(dir, 'audit.db');
  const store = await AuditStore.open(file);
  t.after(() => store.close());
  store.append(decisionEvent('c1'));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) assert.equal((fs.statSync(f).mode & 0o777).toString(8), '600', f);
});

test('secrets are redacted before they are stored: args, a command resource, the reason and the error', async (t) => {
  const file = path.join(tempDir('warden-audit-', t), 'audit.db');
  const store = await AuditStore.open(file, { redact: ['session_note'] });
  store.append(decisionEvent('c1', {
    tool: 'run_command',
    args: { command: 'curl', args: ['-H', `Authorization: Bearer ${GITHUB}`], session_note: 'private', password: 'hunter2' },
    resource: { type: 'command', command: '/usr/bin/curl', args: ['-H', `Authorization: Bearer ${GITHUB}`] },
    decision: 'deny',
    reason: `Denied: argument ${GITHUB} is not allowed.`,
    error: { code: 'denied', message: `token ${GITHUB}` },
  }));
  store.close();
  const bytes = ['', '-wal'].map((s) => (fs.existsSync(file + s) ? fs.readFileSync(file + s).toString('latin1') : '')).join('');
  for (const secret of [GITHUB, 'hunter2', 'private']) assert.ok(!bytes.includes(secret), `${secret} reached the file`);
  const reopened = await AuditStore.open(file);
  t.after(() => reopened.close());
  const row = reopened.db.prepare('SELECT args, resource, reason, error FROM events').get() as Record<string, string>;
  assert.deepEqual(JSON.parse(row.args), { command: 'curl', args: ['-H', 'Authorization: Bearer [redacted:bearer]'], session_note: '[redacted]', password: '[redacted]' });
  assert.deepEqual(JSON.parse(row.resource), { type: 'command', command: '/usr/bin/curl', args: ['-H', 'Authorization: Bearer [redacted:bearer]'] });
  assert.equal(row.reason, 'Denied: argument [redacted:github-token] is not allowed.');
  assert.deepEqual(JSON.parse(row.error), { code: 'denied', message: 'token [redacted:github-token]' });
});

test('a crafted argument cannot forge another column of its row', async (t) => {
  const store = await AuditStore.open(path.join(tempDir('warden-audit-', t), 'audit.db'));
  t.after(() => store.close());
  store.append(decisionEvent('c1', { decision: 'deny', args: { path: `a', 'allow', 'x'); --`, 'decision': 'allow' } }));
  const row = store.db.prepare('SELECT decision, args FROM events').get() as Record<string, string>;
  assert.equal(row.decision, 'deny');
  assert.deepEqual(JSON.parse(row.args), { path: `a', 'allow', 'x'); --`, decision: 'allow' });
  assert.equal(verifyChain(store.db).ok, true);
});

test('with a key, args are stored AES-256-GCM encrypted and decrypt to the redacted args', async (t) => {
  const key = randomBytes(32);
  const store = await AuditStore.open(path.join(tempDir('warden-audit-', t), 'audit.db'), { key });
  t.after(() => store.close());
  store.append(decisionEvent('c1', { args: { path: 'plans/secret-merger.md', token: 'x' } }));
  store.append(decisionEvent('c2', { args: undefined }));
  const rows = store.db.prepare('SELECT args FROM events ORDER BY id').all() as Array<{ args: string | null }>;
  assert.ok(isEncrypted(rows[0].args));
  assert.ok(!rows[0].args!.includes('merger'));
  assert.deepEqual(JSON.parse(decrypt(rows[0].args!, key)), { path: 'plans/secret-merger.md', token: '[redacted]' });
  assert.equal(rows[1].args, null, 'no args, nothing to encrypt');
  assert.equal(verifyChain(store.db).ok, true, 'the chain covers the ciphertext');
});

test('a directory where the audit file should be: open throws, nothing is silently skipped', async (t) => {
  const file = path.join(tempDir('warden-audit-', t), 'audit.db');
  fs.mkdirSync(file);
  await assert.rejects(AuditStore.open(file));
});

test('a regular file where the audit folder should be: open throws', async (t) => {
  const dir = tempDir('warden-audit-', t);
  fs.writeFileSync(path.join(dir, 'not-a-dir'), '');
  await assert.rejects(AuditStore.open(path.join(dir, 'not-a-dir', 'audit.db')), /ENOTDIR|EEXIST/);
});

test('a file that is not a database: open throws', async (t) => {
  const file = path.join(tempDir('warden-audit-', t), 'audit.db');
  fs.writeFileSync(file, 'this is not sqlite, just text that is long enough to have a header...........');
  await assert.rejects(AuditStore.open(file), /not a database/);
});

test('append on a closed store throws (the caller refuses the call)', async (t) => {
  const store = await AuditStore.open(path.join(tempDir('warden-audit-', t), 'audit.db'));
  store.close();
  assert.throws(() => store.append(decisionEvent('c1')), /not open/);
});

test('a value that cannot be serialized makes append throw and writes nothing', async (t) => {
  const store = await AuditStore.open(path.join(tempDir('warden-audit-', t), 'audit.db'));
  t.after(() => store.close());
  assert.throws(() => store.append(decisionEvent('c1', { args: { n: 10n } })), /BigInt/);
  assert.deepEqual(verifyChain(store.db), { ok: true, rows: 0 });
});

// Run as an unprivileged user when the tests run as root, where a read-only mode is no barrier.
test('a read-only audit folder: open or the first append throws', async (t) => {
  const dir = tempDir('warden-audit-', t);
  const ro = path.join(dir, 'ro');
  fs.mkdirSync(ro);
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(ro, 0o555);
  const fixture = fileURLToPath(new URL('./fixtures/try-append.ts', import.meta.url));
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = fork(fixture, [path.join(ro, 'audit.db')], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], ...asNobody });
  let report: unknown;
  child.on('message', (m) => { report = m; });
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  assert.deepEqual(report, { written: false });
});
