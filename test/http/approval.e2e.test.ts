import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { refusalOf } from '../helpers/server.js';
import { apiKey, connect, startHttp, USERS } from './helpers.js';

const alice = apiKey();
const bob = apiKey();
const server = await startHttp(() => ({
  users: USERS,
  auth: { apiKeys: { a: { hash: alice.hash, principal: 'alice' }, b: { hash: bob.hash, principal: 'bob' } } },
  policies: [{ id: 'confirm-writes', effect: 'ask', tools: ['write_file'] }],
}));
after(() => server.stop());

test('an ask decision is put to the session that made the call, and only that one', async () => {
  const asked: string[] = [];
  const yes = await connect(server, { 'X-API-Key': alice.key }, { onElicit: (m) => { asked.push(`alice: ${m}`); return { action: 'accept', content: { approve: true } }; } });
  const no = await connect(server, { 'X-API-Key': bob.key }, { onElicit: (m) => { asked.push(`bob: ${m}`); return { action: 'decline' }; } });

  const approved = path.join(server.ws, 'approved.txt');
  assert.equal(refusalOf(await yes.call('write_file', { path: approved, content: 'ok' })), undefined);
  assert.equal(fs.readFileSync(approved, 'utf8'), 'ok');
  const declined = path.join(server.ws, 'declined.txt');
  const refusal = refusalOf(await no.call('write_file', { path: declined, content: 'no' }));
  assert.equal(refusal?.code, 'denied');
  assert.match(refusal!.message, /the user declined/);
  assert.equal(fs.existsSync(declined), false);

  assert.equal(asked.length, 2);
  assert.match(asked[0], /^alice: mcp-warden: allow write_file\? [^\n]*\n[\s\S]*^  path: ".*approved\.txt"$/m);
  assert.match(asked[1], /^bob: mcp-warden: allow write_file\? [^\n]*\n[\s\S]*^  path: ".*declined\.txt"$/m);
  const rows = server.rows().filter((r) => r.tool === 'write_file' && r.kind === 'decision');
  assert.deepEqual(rows.map((r) => [r.principal, r.decision, JSON.parse(r.detail).approval]), [['alice', 'allow', 'accept'], ['bob', 'deny', 'decline']]);
  await Promise.all([yes.close(), no.close()]);
});

test('a client without the elicitation capability is refused (fail secure)', async () => {
  const s = await connect(server, { 'X-API-Key': alice.key });
  const target = path.join(server.ws, 'unasked.txt');
  const refusal = refusalOf(await s.call('write_file', { path: target, content: 'x' }));
  assert.equal(refusal?.code, 'denied');
  assert.match(refusal!.message, /did not declare the elicitation capability/);
  assert.equal(fs.existsSync(target), false);
  await s.close();
});
