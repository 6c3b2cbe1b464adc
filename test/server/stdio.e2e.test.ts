import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawServer, INITIALIZE, INITIALIZED } from '../helpers/raw.js';
import { auditRows } from '../helpers/audit-rows.js';
import path from 'node:path';

const config = { principal: 'me', users: { me: { roles: ['developer'] } } };

test('a malformed line gets a JSON-RPC parse error and the session goes on', async () => {
  const s = rawServer(config);
  s.send('this is not json');
  s.send('{"jsonrpc":"2.0","id":');
  const parseError = await s.reply(null);
  assert.equal(parseError.error.code, -32700);
  s.send({ jsonrpc: '2.0', id: 'x', method: 42 });
  assert.equal((await s.reply('x')).error.code, -32600);
  s.send(INITIALIZE);
  assert.equal((await s.reply(0)).result.serverInfo.name, 'mcp-warden');
  s.send(INITIALIZED);
  s.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_databases', arguments: {} } });
  assert.equal((await s.reply(1)).result.isError, undefined);
  s.child.stdin.end();
  assert.equal(await s.exited, 0);
});

test('a line over 10 MiB is refused with an error, never a dead transport', async () => {
  const s = rawServer(config);
  s.send(INITIALIZE);
  await s.reply(0);
  s.send(INITIALIZED);
  const big = JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'list_databases', arguments: { pad: 'x'.repeat(11 * 1024 * 1024) } } });
  s.send(big);
  const refusal = await s.reply(null, 20_000);
  assert.equal(refusal.error.code, -32600);
  assert.match(refusal.error.message, /too large/);
  s.send({ jsonrpc: '2.0', id: 6, method: 'tools/list' });
  assert.ok((await s.reply(6)).result.tools.length > 0);
  s.child.stdin.end();
  assert.equal(await s.exited, 0);
});

test('stdout carries only JSON-RPC: logs go to stderr', async () => {
  const s = rawServer({ ...config, log: { level: 'trace' } });
  s.send(INITIALIZE);
  await s.reply(0);
  s.send(INITIALIZED);
  s.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_databases', arguments: {} } });
  await s.reply(1);
  s.child.stdin.end();
  assert.equal(await s.exited, 0);
  for (const line of s.stdout().split('\n').filter(Boolean)) assert.equal(JSON.parse(line).jsonrpc, '2.0');
  assert.match(s.stderr(), /serving on stdio/);
});

test('on SIGTERM the server audits what it did and exits 0', async () => {
  const s = rawServer(config);
  s.send(INITIALIZE);
  await s.reply(0);
  s.send(INITIALIZED);
  s.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_databases', arguments: {} } });
  await s.reply(1);
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, 0);
  assert.deepEqual(auditRows(path.join(s.dir, 'audit.db')).map((r) => r.kind), ['decision', 'outcome']);
});

test('when stdin closes, an in-flight call still finishes, answers and is audited, then the server exits 0', async () => {
  const { makeDatabase } = await import('../guards/sql-fixture.js');
  const { path: db } = makeDatabase();
  const s = rawServer({ ...config, databases: { main: { path: db, timeoutMs: 20_000 } } });
  s.send(INITIALIZE);
  await s.reply(0);
  s.send(INITIALIZED);
  const slow = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 2000000) SELECT count(*) AS n FROM c';
  s.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'sql_query', arguments: { database: 'main', sql: slow } } });
  await new Promise((r) => setTimeout(r, 150)); // the call is running now
  s.child.stdin.end();
  assert.equal(await s.exited, 0);
  const answer = s.messages().find((m) => m.id === 1);
  assert.ok(answer, 'the in-flight call was answered before exit');
  assert.deepEqual(answer.result.structuredContent.rows, [[2000000]]);
  const rows = auditRows(path.join(s.dir, 'audit.db')).filter((r) => r.tool === 'sql_query');
  assert.deepEqual(rows.map((r) => [r.kind, r.outcome]), [['decision', null], ['outcome', 'ok']]);
});

test('when stdin closes during an approval question, the call is refused at once and audited', { timeout: 20_000 }, async () => {
  const s = rawServer({ ...config, approval: { timeoutMs: 600_000 }, policies: [{ id: 'confirm', effect: 'ask', tools: ['list_databases'] }] });
  s.send({ ...INITIALIZE, params: { ...INITIALIZE.params, capabilities: { elicitation: { form: {} } } } });
  await s.reply(0);
  s.send(INITIALIZED);
  s.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_databases', arguments: {} } });
  const question = await s.reply(0).then(() => {
    const find = () => s.messages().find((m) => m.method === 'elicitation/create');
    return new Promise<any>((resolve) => { const t = setInterval(() => { const q = find(); if (q) { clearInterval(t); resolve(q); } }, 20); });
  });
  assert.match(question.params.message, /list_databases/);
  s.child.stdin.end();
  assert.equal(await s.exited, 0);
  const answer = s.messages().find((m) => m.id === 1);
  assert.equal(answer.result.structuredContent.error.code, 'denied');
  const rows = auditRows(path.join(s.dir, 'audit.db'));
  assert.equal(rows.length, 1);
  assert.equal(rows[0].decision, 'deny');
  assert.equal(JSON.parse(rows[0].detail).approval, 'cancel');
});
