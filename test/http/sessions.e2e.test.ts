import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { refusalOf } from '../helpers/server.js';
import { apiKey, connect, MCP_HEADERS, raw, refusalRows, rpcMessage, startHttp, toolCall, USERS } from './helpers.js';

const keys = { alice: apiKey(), alice2: apiKey(), bob: apiKey() };
const server = await startHttp(() => ({
  users: USERS,
  auth: { apiKeys: {
    'alice-1': { hash: keys.alice.hash, principal: 'alice' },
    'alice-2': { hash: keys.alice2.hash, principal: 'alice' },
    'bob-1': { hash: keys.bob.hash, principal: 'bob' },
  } },
  // Per principal across all tools: 4 calls, then (practically) no refill.
  rateLimits: { default: { capacity: 100, refillPerSecond: 100 }, total: { capacity: 4, refillPerSecond: 0.001 } },
  http: { sessionIdleMs: 1500 },
}));
after(() => server.stop());

test('session hijack: alice\'s session id with bob\'s key is an unknown session, nothing runs, audited', async () => {
  const alice = await connect(server, { 'X-API-Key': keys.alice.key });
  const target = path.join(server.ws, 'hijack.txt');
  const res = await raw(server, {
    headers: { ...MCP_HEADERS, 'X-API-Key': keys.bob.key, 'Mcp-Session-Id': alice.sessionId },
    body: toolCall('write_file', { path: target, content: 'bob was here' }),
  });
  assert.equal(res.status, 404);
  const unknown = await raw(server, {
    headers: { ...MCP_HEADERS, 'X-API-Key': keys.bob.key, 'Mcp-Session-Id': '00000000-0000-4000-8000-000000000000' },
    body: toolCall('write_file', { path: target, content: 'x' }),
  });
  assert.equal(unknown.status, 404);
  assert.equal(res.body, unknown.body, 'a foreign session looks exactly like an unknown one');
  assert.equal(fs.existsSync(target), false);
  const row = refusalRows(server).find((r) => r.detail.step === 'session');
  assert.ok(row, 'the hijack attempt is audited');
  assert.equal(row.principal, 'bob');
  assert.equal(row.session, alice.sessionId);
  assert.equal(row.tool, 'write_file');
  assert.ok(!server.rows().some((r) => r.tool === 'write_file' && r.kind === 'outcome'));

  // Another key of the same principal is another identity too; so is closing it with bob's key.
  const sameUserOtherKey = await raw(server, { headers: { ...MCP_HEADERS, 'X-API-Key': keys.alice2.key, 'Mcp-Session-Id': alice.sessionId }, body: toolCall('list_allowed_directories', {}) });
  assert.equal(sameUserOtherKey.status, 404);
  const del = await raw(server, { method: 'DELETE', headers: { ...MCP_HEADERS, 'X-API-Key': keys.bob.key, 'Mcp-Session-Id': alice.sessionId } });
  assert.equal(del.status, 404);
  // Alice's session is untouched.
  assert.equal(refusalOf(await alice.call('list_allowed_directories')), undefined);
  await alice.close();
});

test('the per-principal rate limit holds across two sessions of the same principal, not across principals', async () => {
  const a = await connect(server, { 'X-API-Key': keys.alice.key });
  const b = await connect(server, { 'X-API-Key': keys.alice2.key });
  const bob = await connect(server, { 'X-API-Key': keys.bob.key });
  // alice already spent one call in the test above.
  const results = [await a.call('list_allowed_directories'), await b.call('list_allowed_directories'), await a.call('list_allowed_directories'), await b.call('list_allowed_directories')];
  const codes = results.map((r) => refusalOf(r)?.code ?? 'ok');
  assert.deepEqual(codes, ['ok', 'ok', 'ok', 'rate_limited']);
  assert.match(refusalOf(results[3])!.message, /principal "alice" is over the total rate limit/);
  assert.equal(refusalOf(await bob.call('list_allowed_directories')), undefined);
  await Promise.all([a.close(), b.close(), bob.close()]);
});

test('an idle session is closed: its id is unknown afterwards', async () => {
  const s = await connect(server, { 'X-API-Key': keys.bob.key });
  const id = s.sessionId;
  await new Promise((r) => setTimeout(r, 3500));
  const res = await raw(server, { headers: { ...MCP_HEADERS, 'X-API-Key': keys.bob.key, 'Mcp-Session-Id': id }, body: toolCall('list_allowed_directories', {}, 3) });
  assert.equal(res.status, 404);
  assert.equal(rpcMessage(res.body).error.message, 'Session not found');
  await s.close().catch(() => {});
});

test('DELETE by the owner ends the session', async () => {
  const s = await connect(server, { 'X-API-Key': keys.bob.key });
  const id = s.sessionId;
  await s.transport.terminateSession();
  const res = await raw(server, { headers: { ...MCP_HEADERS, 'X-API-Key': keys.bob.key, 'Mcp-Session-Id': id }, body: toolCall('list_allowed_directories', {}, 4) });
  assert.equal(res.status, 404);
  await s.close();
});
