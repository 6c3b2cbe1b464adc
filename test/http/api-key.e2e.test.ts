import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { refusalOf } from '../helpers/server.js';
import { apiKey, connect, startHttp, USERS, raw, MCP_HEADERS, rpcMessage } from './helpers.js';
import { bearer } from '../helpers/http.js';

const alice = apiKey();
const carol = apiKey();
const server = await startHttp(() => ({
  principal: 'carol', // the stdio principal: ignored in shared mode
  users: USERS,
  auth: { apiKeys: { 'alice-laptop': { hash: alice.hash, principal: 'alice' }, 'carol-ci': { hash: carol.hash, principal: 'carol' } } },
}));
after(() => server.stop());

test('an API key works end to end: tools listed, a file written, the audit row names the key\'s principal', async () => {
  const s = await connect(server, { 'X-API-Key': alice.key });
  assert.ok((await s.tools()).includes('write_file'));
  const result = await s.call('write_file', { path: path.join(server.ws, 'hello.txt'), content: 'hi' });
  assert.equal(result.isError, undefined, JSON.stringify(result));
  assert.equal(fs.readFileSync(path.join(server.ws, 'hello.txt'), 'utf8'), 'hi');
  const rows = server.rows().filter((r) => r.tool === 'write_file');
  assert.deepEqual(rows.map((r) => [r.kind, r.principal, r.session]), [['decision', 'alice', s.sessionId], ['outcome', 'alice', s.sessionId]]);
  assert.equal(rows[1].outcome, 'ok');
  await s.close();
});

test('the key also works as a Bearer token', async () => {
  const s = await connect(server, bearer(alice.key));
  assert.equal(refusalOf(await s.call('list_allowed_directories')), undefined);
  await s.close();
});

test('a principal without file:write neither sees nor runs write_file', async () => {
  const s = await connect(server, { 'X-API-Key': carol.key });
  const tools = await s.tools();
  assert.ok(tools.includes('read_text_file'));
  for (const name of ['write_file', 'edit_file', 'move_file', 'create_directory']) assert.ok(!tools.includes(name), name);
  const target = path.join(server.ws, 'carol.txt');
  const refusal = refusalOf(await s.call('write_file', { path: target, content: 'x' }));
  assert.equal(refusal?.code, 'denied');
  assert.match(refusal!.message, /carol/);
  assert.equal(fs.existsSync(target), false);
  const row = server.rows().find((r) => r.tool === 'write_file' && r.principal === 'carol');
  assert.equal(row?.decision, 'deny');
  await s.close();
});

test('a principal named in the request body, params or _meta is ignored: the credential decides', async () => {
  const s = await connect(server, { 'X-API-Key': carol.key });
  const target = path.join(server.ws, 'forged.txt');
  const post = async (message: Record<string, unknown>) => raw(server, {
    headers: { ...MCP_HEADERS, 'X-API-Key': carol.key, 'Mcp-Session-Id': s.sessionId }, body: JSON.stringify({ jsonrpc: '2.0', ...message }),
  });
  const call = { method: 'tools/call', params: { name: 'write_file', arguments: { path: target, content: 'x' } } };

  // At the top level it is not JSON-RPC at all.
  assert.equal((await post({ id: 6, ...call, principal: 'alice' })).status, 400);
  // In params and _meta it is carried along and never read.
  const forged = await post({ id: 7, method: 'tools/call', params: { ...call.params, principal: 'alice', _meta: { principal: 'alice', roles: ['admin'] } } });
  assert.equal(rpcMessage(forged.body).result.structuredContent.error.code, 'denied');
  // Among the tool's arguments it is just another argument.
  const inArgs = await post({ id: 8, method: 'tools/call', params: { name: 'write_file', arguments: { path: target, content: 'x', principal: 'alice' } } });
  assert.equal(rpcMessage(inArgs.body).result.isError, true);

  assert.equal(fs.existsSync(target), false);
  const rows = server.rows().filter((r) => r.tool === 'write_file' && r.session === s.sessionId);
  assert.equal(rows.length, 2);
  assert.ok(rows.every((r) => r.principal === 'carol' && r.decision === 'deny'), JSON.stringify(rows));
  await s.close();
});
