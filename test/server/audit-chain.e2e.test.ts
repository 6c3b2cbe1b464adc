import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startServer } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { runCli } from '../helpers/cli.js';
import { auditRows } from '../helpers/audit-rows.js';

const config = () => ({
  principal: 'me', users: { me: { roles: ['developer'] } },
  filesystem: { roots: [{ path: tempDir(), access: 'read' }] },
  rateLimits: { default: { capacity: 1000, refillPerSecond: 1000 }, total: { capacity: 1000, refillPerSecond: 1000 } },
});

test('audit verify: 0 after calls, 1 after a row is edited in the file, 2 when unreadable', async () => {
  const s = await startServer(config());
  for (let i = 0; i < 5; i++) await s.call('list_allowed_directories');
  await s.close();
  const ok = runCli(['audit', 'verify', '--audit', s.auditPath]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /intact: 10 rows/);

  const db = new Database(s.auditPath);
  db.prepare("UPDATE events SET reason = 'nothing to see' WHERE id = 3").run();
  db.close();
  const tampered = runCli(['audit', 'verify', '--audit', s.auditPath]);
  assert.equal(tampered.code, 1);
  assert.match(tampered.stdout, /row 3: its content does not match its hash/);

  const garbage = path.join(s.dir, 'garbage.db');
  fs.writeFileSync(garbage, 'this is not a database');
  assert.equal(runCli(['audit', 'verify', '--audit', garbage]).code, 2);
  assert.equal(runCli(['audit', 'verify', '--audit', path.join(s.dir, 'missing.db')]).code, 2);
});

test('a deleted row is found by verify', async () => {
  const s = await startServer(config());
  for (let i = 0; i < 3; i++) await s.call('list_databases');
  await s.close();
  const db = new Database(s.auditPath);
  db.prepare('DELETE FROM events WHERE id = 2').run();
  db.close();
  const result = runCli(['audit', 'verify', '--audit', s.auditPath]);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /row 2 is missing/);
});

test('two servers appending to one audit file keep one valid chain with no lost rows', async () => {
  const dir = tempDir();
  const shared = { ...config(), audit: { path: path.join(dir, 'shared-audit.db') } };
  const [a, b] = await Promise.all([startServer(shared), startServer(shared)]);
  const burst = (s: typeof a) => Promise.all(Array.from({ length: 40 }, () => s.call('list_allowed_directories')));
  const results = await Promise.all([burst(a), burst(b)]);
  await Promise.all([a.close(), b.close()]);
  assert.deepEqual(results.flat().filter((r) => r.isError).map((r) => JSON.stringify(r.content)), []);
  const rows = auditRows(shared.audit.path);
  assert.equal(rows.length, 160);
  assert.equal(new Set(rows.map((r) => r.session)).size, 2);
  const verify = runCli(['audit', 'verify', '--audit', shared.audit.path]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});

test('audit search --json prints one export object per line, filtered', async () => {
  const s = await startServer({ ...config(), policies: [{ id: 'no-dbs', effect: 'deny', tools: ['list_databases'] }] });
  await s.call('list_databases');
  await s.call('list_allowed_directories');
  await s.close();
  const result = runCli(['audit', 'search', '--json', '--decision', 'deny', '--since', '1h', '--config', s.configPath]);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 1);
  assert.deepEqual(Object.keys(lines[0]), ['id', 'ts', 'session', 'call', 'principal', 'client', 'tool', 'kind', 'decision', 'reason', 'resource', 'args', 'outcome', 'error', 'durationMs', 'bytes']);
  assert.equal(lines[0].tool, 'list_databases');
  const byTool = runCli(['audit', 'search', '--json', '--tool', 'list_allowed_directories', '--audit', s.auditPath]);
  assert.equal(byTool.stdout.trim().split('\n').length, 2);
});

test('secrets in arguments are redacted before they reach the audit file', async () => {
  const s = await startServer(config());
  const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
  await s.call('list_databases', { apiKey: 'hunter2', note: `token ${token}` });
  await s.close();
  const raw = fs.readFileSync(s.auditPath).toString('latin1') + fs.readFileSync(`${s.auditPath}-wal`, { flag: 'a+' }).toString('latin1');
  assert.ok(!raw.includes('hunter2'));
  assert.ok(!raw.includes(token));
});

test('rows cut from the end pass a plain verify but not verify --head with a head kept from before', async () => {
  const s = await startServer(config());
  for (let i = 0; i < 3; i++) await s.call('list_databases');
  await s.close();
  const before = runCli(['audit', 'verify', '--audit', s.auditPath]);
  const head = /hash ([0-9a-f]{64})/.exec(before.stdout)?.[1];
  assert.ok(head, before.stdout);
  assert.match(before.stdout, /Head: row 6,/);
  assert.equal(runCli(['audit', 'verify', '--audit', s.auditPath, '--head', head!]).code, 0);

  const db = new Database(s.auditPath);
  db.prepare('DELETE FROM events WHERE id > 4').run();
  db.close();
  assert.equal(runCli(['audit', 'verify', '--audit', s.auditPath]).code, 0, 'a chain alone cannot see a cut end');
  const anchored = runCli(['audit', 'verify', '--audit', s.auditPath, '--head', head!]);
  assert.equal(anchored.code, 1);
  assert.match(anchored.stdout, /recorded head .* is NOT in the log/);
  assert.equal(runCli(['audit', 'verify', '--audit', s.auditPath, '--head', 'xyz']).code, 2);
});
