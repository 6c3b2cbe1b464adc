import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, refusalOf } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { auditRows } from '../helpers/audit-rows.js';

const base = (roles: string[], extra: Record<string, unknown> = {}) => ({
  principal: 'me', users: { me: { roles } }, filesystem: { roots: [{ path: tempDir(), access: 'read' }] }, ...extra,
});

test('tools/list shows only the tools a role can ever use', async () => {
  const s = await startServer(base(['readonly']));
  try {
    const names = new Set((await s.client.listTools()).tools.map((t) => t.name));
    for (const name of ['read_text_file', 'list_directory', 'list_allowed_directories', 'list_databases', 'sql_query']) assert.ok(names.has(name), name);
    for (const name of ['write_file', 'edit_file', 'move_file', 'create_directory', 'sql_execute', 'run_command', 'list_commands']) {
      assert.ok(!names.has(name), `${name} needs a permission readonly lacks`);
    }
  } finally { await s.close(); }
});

test('every listed tool has annotations and an output schema', async () => {
  const s = await startServer(base(['admin']));
  try {
    for (const tool of (await s.client.listTools()).tools) {
      assert.equal(typeof tool.annotations?.readOnlyHint, 'boolean', tool.name);
      assert.equal(tool.outputSchema?.type, 'object', tool.name);
    }
  } finally { await s.close(); }
});

test('an unlisted tool called anyway is an implicit deny, explained and audited', async () => {
  const s = await startServer(base(['readonly']));
  try {
    const result = await s.call('list_commands');
    const error = refusalOf(result);
    assert.equal(error?.code, 'denied');
    assert.equal(error?.implicit, true);
    assert.equal(error?.message, 'Denied: principal "me" has no role or permission that grants command:execute, which list_commands needs.');
    const rows = auditRows(s.auditPath);
    assert.equal(rows.length, 1, 'a denied call has its decision row and no outcome row');
    assert.equal(rows[0].decision, 'deny');
    assert.equal(rows[0].reason, error?.message);
  } finally { await s.close(); }
});

test('an explicit policy deny names the policy and its message', async () => {
  const s = await startServer(base(['developer'], {
    policies: [{ id: 'no-db-list', effect: 'deny', tools: ['list_databases'], message: 'not today' }],
  }));
  try {
    const error = refusalOf(await s.call('list_databases'));
    assert.equal(error?.code, 'denied');
    assert.equal(error?.policyId, 'no-db-list');
    assert.equal(error?.message, 'Denied by policy "no-db-list": not today');
    assert.equal(refusalOf(await s.call('list_allowed_directories')), undefined, 'other tools still run');
  } finally { await s.close(); }
});

test('a concurrent burst admits exactly the bucket capacity', async () => {
  const s = await startServer(base(['developer'], {
    rateLimits: { tools: { list_allowed_directories: { capacity: 5, refillPerSecond: 0.001 } } },
  }));
  try {
    const results = await Promise.all(Array.from({ length: 12 }, () => s.call('list_allowed_directories')));
    const limited = results.map(refusalOf).filter((e) => e?.code === 'rate_limited');
    assert.equal(results.length - limited.length, 5);
    assert.equal(limited.length, 7);
    assert.ok(limited.every((e) => typeof e?.retryAfterMs === 'number' && (e.retryAfterMs as number) > 0));
    assert.equal(auditRows(s.auditPath).filter((r) => r.decision === 'deny').length, 7, 'refused calls are audited too');
  } finally { await s.close(); }
});

test('a sliding-window limit admits exactly its limit', async () => {
  const s = await startServer(base(['developer'], {
    rateLimits: { total: { limit: 3, windowMs: 60_000 } },
  }));
  try {
    const results = await Promise.all(Array.from({ length: 6 }, () => s.call('list_databases')));
    assert.equal(results.filter((r) => !r.isError).length, 3);
  } finally { await s.close(); }
});

test('a call that runs gets a decision row before and an outcome row after, linked by call id', async () => {
  const s = await startServer(base(['developer']));
  try {
    await s.call('list_allowed_directories');
    const rows = auditRows(s.auditPath);
    assert.deepEqual(rows.map((r) => r.kind), ['decision', 'outcome']);
    assert.equal(rows[0].call, rows[1].call);
    assert.equal(rows[0].decision, 'allow');
    assert.equal(rows[1].outcome, 'ok');
    assert.equal(rows[0].client, 'warden-test');
    assert.ok(rows[1].duration_ms >= 0);
  } finally { await s.close(); }
});

test('bad arguments are refused as invalid_input naming the field, and audited', async () => {
  const s = await startServer(base(['developer']));
  try {
    const error = refusalOf(await s.call('list_databases', { verbose: true }));
    assert.equal(error?.code, 'invalid_input');
    assert.equal(error?.field, 'verbose');
    assert.match(error!.message, /verbose: unknown argument; list_databases takes no arguments/);
    assert.equal(auditRows(s.auditPath)[0].decision, 'deny');
  } finally { await s.close(); }
});

test('when the audit log cannot be written, calls are refused and nothing runs', async () => {
  const root = tempDir();
  const s = await startServer({ ...base(['developer']), filesystem: { roots: [{ path: root, access: 'read-write' }] }, audit: { path: '/dev/null/audit.db' } });
  try {
    // A read runs, but its answer is not released without its rows.
    const result = await s.call('list_allowed_directories');
    const error = refusalOf(result);
    assert.equal(error?.code, 'failed');
    assert.match(error!.message, /audit log could not be written, so the answer was withheld/);
    assert.ok(!JSON.stringify(result).includes('Allowed directories'), 'nothing of the answer went out');
    // A write is not run at all.
    const target = path.join(root, 'never.txt');
    const write = refusalOf(await s.call('write_file', { path: target, content: 'x' }));
    assert.equal(write?.code, 'failed');
    assert.match(write!.message, /audit log could not be written, so the call was not run/);
    assert.equal(fs.existsSync(target), false);
  } finally { await s.close(); }
});
