// A repeated credential header: node keeps the first Authorization and joins repeated
// X-API-Key values, while a proxy in front may read the last. Who is calling must not
// depend on which copy a reader picks, so any repeat is refused and nothing runs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { apiKey, connect, MCP_HEADERS, raw, refusalRows, startHttp, toolCall, USERS } from './helpers.js';

const alice = apiKey();
const bob = apiKey();
const server = await startHttp(() => ({
  users: USERS,
  auth: { apiKeys: { a: { hash: alice.hash, principal: 'alice' }, b: { hash: bob.hash, principal: 'bob' } } },
}));
after(() => server.stop());
const session = await connect(server, { 'X-API-Key': alice.key });
after(() => session.close());

/** One request written byte for byte, for header casings node:http would normalize. */
function wire(lines: string[], body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c) => { text += c; });
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
    socket.end([`POST /mcp HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, 'Connection: close', 'Content-Type: application/json',
      'Accept: application/json, text/event-stream', 'MCP-Protocol-Version: 2025-06-18', `Mcp-Session-Id: ${session.sessionId}`,
      `Content-Length: ${Buffer.byteLength(body)}`, ...lines, '', body].join('\r\n'));
  });
}

const CASES: Array<[string, Record<string, string[]>, string]> = [
  ['Authorization twice, the first one valid', { Authorization: [`Bearer ${alice.key}`, `Bearer ${bob.key}`] }, 'the Authorization header was sent 2 times'],
  ['Authorization twice, the second one valid', { Authorization: [`Bearer ${apiKey().key}`, `Bearer ${alice.key}`] }, 'the Authorization header was sent 2 times'],
  ['Authorization twice, both the same valid key', { Authorization: [`Bearer ${alice.key}`, `Bearer ${alice.key}`] }, 'the Authorization header was sent 2 times'],
  ['X-API-Key twice, both the same valid key', { 'X-API-Key': [alice.key, alice.key] }, 'the X-API-Key header was sent 2 times'],
  ['X-API-Key three times', { 'X-API-Key': [alice.key, bob.key, alice.key] }, 'the X-API-Key header was sent 3 times'],
];

for (const [name, headers, reason] of CASES) {
  test(`${name}: 401 naming the repeat, audited, and the call does not run`, async () => {
    const target = path.join(server.ws, `${name.replace(/\W+/g, '-')}.txt`);
    const res = await raw(server, { headers: { ...MCP_HEADERS, ...headers, 'Mcp-Session-Id': session.sessionId }, body: toolCall('write_file', { path: target, content: 'pwned' }) });
    assert.equal(res.status, 401, res.body);
    assert.equal(res.json().error, 'invalid_request');
    assert.equal(res.json().error_description, `send one credential: ${reason}`);
    assert.equal(fs.existsSync(target), false);
    const row = refusalRows(server).at(-1)!;
    assert.equal(row.detail.step, 'authenticate');
    assert.equal(row.principal, 'anonymous');
    assert.equal(row.tool, 'write_file');
    assert.equal(row.reason, `send one credential: ${reason}`);
    assert.ok(!JSON.stringify(server.rows()).includes(alice.key), 'no key reaches the audit log');
  });
}

test('the same header in other casings is the same header', async () => {
  for (const [first, second] of [['Authorization', 'authorization'], ['authorization', 'AUTHORIZATION'], ['x-api-key', 'X-Api-Key']]) {
    const target = path.join(server.ws, `cased-${first}-${second}.txt`);
    const value = (h: string) => (h.toLowerCase() === 'authorization' ? `Bearer ${alice.key}` : alice.key);
    const answer = await wire([`${first}: ${value(first)}`, `${second}: ${value(second)}`], toolCall('write_file', { path: target, content: 'pwned' }));
    assert.match(answer, /^HTTP\/1\.1 401 /, `${first} + ${second}`);
    assert.match(answer, /was sent 2 times/);
    assert.equal(fs.existsSync(target), false);
  }
});

test('one credential header still works, on the same session', async () => {
  const target = path.join(server.ws, 'once.txt');
  const res = await raw(server, { headers: { ...MCP_HEADERS, Authorization: `Bearer ${alice.key}`, 'Mcp-Session-Id': session.sessionId }, body: toolCall('write_file', { path: target, content: 'ok' }) });
  assert.equal(res.status, 200, res.body);
  assert.equal(fs.readFileSync(target, 'utf8'), 'ok');
});
