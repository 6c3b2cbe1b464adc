import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { BIN, startServer, refusalOf } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { auditRows } from '../helpers/audit-rows.js';

// Issue 15 §2: what one call can make the server echo, store and send is bounded.

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const onDisk = (file: string) => ['', '-wal'].reduce((n, s) => n + (fs.existsSync(file + s) ? fs.statSync(file + s).size : 0), 0);
const audit = (...args: string[]) => spawnSync(process.execPath, [BIN, 'audit', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

function workspace() {
  const root = tempDir();
  fs.writeFileSync(path.join(root, 'a.txt'), 'hello\n');
  const db = path.join(root, 'app.db');
  const d = new Database(db);
  d.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES (\'ann\'), (\'bob\');');
  d.close();
  return { root, db };
}

const config = (root: string, db: string, extra: Record<string, unknown> = {}) => ({
  principal: 'me', users: { me: { roles: ['developer'] } },
  filesystem: { roots: [{ path: root, access: 'read-write' }] },
  databases: { app: { path: db, access: 'read-write' } },
  ...extra,
});

test('a 9 MB sql string is refused with an excerpt and its length, not echoed (text and structured copy)', async () => {
  const { root, db } = workspace();
  const s = await startServer(config(root, db));
  try {
    const sql = `SELECT '${'x'.repeat(9 * 1024 * 1024)}'`;
    const result = await s.call('sql_query', { database: 'app', sql });
    const error = refusalOf(result);
    assert.equal(error?.code, 'invalid_input');
    const whole = JSON.stringify(result);
    assert.ok(whole.length < 4096, `the refusal is ${whole.length} characters`);
    const text = (result.content as Array<{ text: string }>)[0].text;
    assert.match(text, /^Invalid arguments for sql_query: sql: Too big: expected string to have <=100000 characters, got "SELECT 'x{72}"… \(9437193 characters in all\)\.$/);
    assert.equal(error?.message, text, 'the structured copy says the same, no more');
    assert.ok(!whole.includes('x'.repeat(100)), 'no more than the excerpt of the input is quoted');
  } finally { await s.close(); }
});

test('a refusal never exceeds limits.maxResultBytes, however long its message', async () => {
  const { root, db } = workspace();
  const s = await startServer(config(root, db, { limits: { maxResultBytes: 400 } }));
  try {
    // The reference-compatible edit refusal quotes the whole oldText.
    const result = await s.call('edit_file', { path: 'a.txt', edits: [{ oldText: 'y'.repeat(50_000), newText: 'z' }] });
    assert.equal(refusalOf(result)?.code, 'invalid_input');
    const bytes = Buffer.byteLength(JSON.stringify(result));
    assert.ok(bytes <= 400, `the refusal is ${bytes} bytes`);
    assert.match((result.content as Array<{ text: string }>)[0].text, /^Could not find exact match for edit:\ny+… \(\d+ more characters\)$/);
  } finally { await s.close(); }
});

test('a rate-limited call with a million-element array adds a bounded row that says it was cut, with the digest of what was sent', async () => {
  const { root, db } = workspace();
  const s = await startServer(config(root, db, { rateLimits: { tools: { read_multiple_files: { capacity: 1, refillPerSecond: 0.001 } } } }));
  try {
    assert.ok(!(await s.call('read_multiple_files', { paths: ['a.txt'] })).isError);
    const before = onDisk(s.auditPath);
    const args = { paths: Array.from({ length: 1_000_000 }, (_, i) => `f${i % 10}`) };
    const result = await s.call('read_multiple_files', args);
    assert.equal(refusalOf(result)?.code, 'rate_limited');
    const added = onDisk(s.auditPath) - before;
    assert.ok(added < 100 * 1024, `the refused call added ${added} bytes to the audit files`);
    const row = auditRows(s.auditPath).at(-1)!;
    assert.equal(row.decision, 'deny');
    assert.ok(row.args.length <= 16 * 1024, `args stored in ${row.args.length} bytes`);
    const stored = JSON.parse(row.args);
    assert.equal(stored.cut, true);
    const canonical = JSON.stringify(args);
    assert.equal(stored.bytes, Buffer.byteLength(canonical));
    assert.equal(stored.sha256, sha256(canonical));
    assert.deepEqual(stored.kept.paths.slice(0, 3), ['f0', 'f1', 'f2'], 'the kept part is the start of the value');
    assert.match(stored.kept.paths.at(-1), /^\[\d+ more items not stored\]$/);
  } finally { await s.close(); }
  assert.equal(audit('verify', '--audit', s.auditPath).status, 0, 'the chain verifies');
});

test('read_multiple_files with many paths stores a bounded row: args and resource cut, the chain intact, show says so', async () => {
  const { root, db } = workspace();
  const s = await startServer(config(root, db));
  // As many paths as one call may name (1,000), each long: far over the row cap together.
  const long = path.join(root, `${'n'.repeat(60)}a.txt`);
  fs.writeFileSync(long, 'a');
  const paths = Array.from({ length: 1_000 }, () => long);
  try {
    const result = await s.call('read_multiple_files', { paths });
    assert.ok(!result.isError, JSON.stringify(result).slice(0, 300));
  } finally { await s.close(); }
  const rows = auditRows(s.auditPath);
  assert.deepEqual(rows.map((r) => r.kind), ['decision', 'outcome']);
  for (const row of rows) {
    const size = ['client', 'reason', 'resource', 'args', 'error', 'detail'].reduce((n, c) => n + Buffer.byteLength(row[c] ?? ''), 0);
    assert.ok(size <= 64 * 1024, `row ${row.id} stores ${size} bytes`);
  }
  const decision = rows[0];
  assert.equal(JSON.parse(decision.args).cut, true);
  const resource = JSON.parse(decision.resource);
  assert.equal(resource.cut, true);
  assert.equal(resource.kept.type, 'file');
  assert.equal(resource.kept.paths[0], long);
  assert.equal(audit('verify', '--audit', s.auditPath).status, 0);
  const shown = audit('show', decision.call, '--audit', s.auditPath);
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /resource +\S+a\.txt → .*\[cut by the audit store: \d+ bytes in all, sha256 [0-9a-f]{64}\]/);
  assert.match(shown.stdout, /args +\{"paths":\[.*\[cut by the audit store: \d+ bytes in all, sha256 [0-9a-f]{64}\]/);
  const found = audit('search', '--resource', '**/*a.txt', '--json', '--audit', s.auditPath);
  assert.equal(found.stdout.trim().split('\n').length, 2, 'a cut resource is still found by what it kept');
});

test('SQL after a `-----BEGIN NOTE-----` comment is stored and found by audit search, not hidden as a key', async () => {
  const { root, db } = workspace();
  const s = await startServer(config(root, db));
  const sql = '/* -----BEGIN NOTE----- */ DELETE FROM users WHERE id = 1';
  try {
    const result = await s.call('sql_execute', { database: 'app', sql });
    assert.ok(!result.isError, JSON.stringify(result));
  } finally { await s.close(); }
  const decision = auditRows(s.auditPath)[0];
  assert.equal(JSON.parse(decision.args).sql, sql);
  const found = audit('search', '--text', 'DELETE users', '--json', '--audit', s.auditPath);
  assert.equal(found.status, 0, found.stderr);
  const rows = found.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.length, 1);
  assert.equal(rows[0].args.sql, sql);
  execFileSync(process.execPath, [BIN, 'audit', 'verify', '--audit', s.auditPath]);
});
