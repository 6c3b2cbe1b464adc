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
