import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { apiKey, connect, MCP_HEADERS, raw, refusalRows, startHttp, toolCall, USERS, type HttpServer } from './helpers.js';

const key = apiKey();
const APP = 'https://app.example.com';
const server = await startHttp(() => ({
  users: USERS,
  auth: { apiKeys: { k: { hash: key.hash, principal: 'alice' } } },
  http: { cors: { origins: [APP] }, maxBodyBytes: 4096, allowedHosts: ['warden.internal'] },
}));
after(() => server.stop());
const authed = { ...MCP_HEADERS, 'X-API-Key': key.key };

const SECURITY = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
};

function assertSecurityHeaders(headers: Record<string, unknown>, where: string) {
  for (const [name, value] of Object.entries(SECURITY)) assert.equal(headers[name], value, `${name} on ${where}`);
  // Event streams keep no-transform beside it, so no proxy buffers them.
  assert.match(String(headers['cache-control']), /^no-store(, no-transform)?$/, `cache-control on ${where}`);
  assert.equal(headers['strict-transport-security'], undefined, 'no HSTS over plain http');
}

function lastRefusal(s: HttpServer, step: string) {
  return refusalRows(s).filter((r) => r.detail.step === step).at(-1);
}

test('a DNS-rebinding Host (evil.example) is refused with 403 before authentication, and audited', async () => {
  const target = path.join(server.ws, 'rebind.txt');
  for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1.evil.example:${server.port}`, `localhost.evil:${server.port}`]) {
    const res = await raw(server, { headers: { ...authed, Host: host }, body: toolCall('write_file', { path: target, content: 'x' }) });
    assert.equal(res.status, 403, host);
  }
  assert.equal(fs.existsSync(target), false);
  assert.match(lastRefusal(server, 'host')!.reason, /not this server's name/);
  assert.equal(lastRefusal(server, 'host')!.principal, 'anonymous');
  // Names the server is known by pass the same check.
  for (const host of [`localhost:${server.port}`, `LOCALHOST:${server.port}`, 'warden.internal']) {
    const res = await raw(server, { headers: { ...authed, Host: host }, body: toolCall('list_allowed_directories', {}) });
    assert.notEqual(res.status, 403, host);
  }
});

test('a disallowed Origin is refused with 403; the allowed one gets CORS headers on preflight and answers', async () => {
  const evil = await raw(server, { headers: { ...authed, Origin: 'https://evil.example' }, body: toolCall('list_allowed_directories', {}) });
  assert.equal(evil.status, 403);
  assert.equal(evil.headers['access-control-allow-origin'], undefined);
  assert.match(lastRefusal(server, 'origin')!.reason, /evil\.example/);
  const evilPreflight = await raw(server, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
  assert.equal(evilPreflight.status, 403);

  const preflight = await raw(server, { method: 'OPTIONS', headers: { Origin: APP, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type, mcp-session-id' } });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], APP);
  assert.equal(preflight.headers.vary, 'Origin');
  assert.equal(preflight.headers['access-control-allow-credentials'], undefined);
  const allowHeaders = String(preflight.headers['access-control-allow-headers']);
  for (const h of ['authorization', 'content-type', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'x-api-key']) assert.ok(allowHeaders.includes(h), h);
  assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);

  const actual = await raw(server, { headers: { ...authed, Origin: APP }, body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'web', version: '1' } } }) });
  assert.equal(actual.status, 200);
  assert.equal(actual.headers['access-control-allow-origin'], APP);
  assert.match(String(actual.headers['access-control-expose-headers']), /mcp-session-id/);
  assert.ok(actual.headers['mcp-session-id']);
});

test('Origin agrees with Host: a loopback origin at this port initializes (conformance localhost-host-valid-accepted); another port is refused', async () => {
  const initialize = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'conformance', version: '1' } } });
  for (const name of ['localhost', '127.0.0.1', '[::1]']) {
    const host = `${name}:${server.port}`;
    const ok = await raw(server, { headers: { ...authed, Host: host, Origin: `http://${host}` }, body: initialize });
    assert.equal(ok.status, 200, `${host}: ${ok.body}`);
    assert.ok(ok.headers['mcp-session-id'], host);
  }
  const target = path.join(server.ws, 'other-port.txt');
  const other = await raw(server, { headers: { ...authed, Host: `localhost:${server.port}`, Origin: `http://localhost:${server.port + 1}` }, body: toolCall('write_file', { path: target, content: 'x' }) });
  assert.equal(other.status, 403);
  assert.equal(fs.existsSync(target), false);
  assert.match(lastRefusal(server, 'origin')!.reason, new RegExp(`"http://localhost:${server.port + 1}" is not allowed`));
});

test('an oversized body is refused with 413: by Content-Length before reading, and a chunked one as it grows', async () => {
  const big = toolCall('write_file', { path: path.join(server.ws, 'big.txt'), content: 'x'.repeat(10_000) });
  const declared = await raw(server, { headers: authed, body: big });
  assert.equal(declared.status, 413);
  assert.equal(declared.headers.connection, 'close');
  const chunked = await raw(server, { headers: authed, body: Array.from({ length: 10 }, (_, i) => (i === 0 ? big.slice(0, 2000) : 'y'.repeat(2000))) });
  assert.equal(chunked.status, 413);
  assert.equal(fs.existsSync(path.join(server.ws, 'big.txt')), false);
  assert.equal(lastRefusal(server, 'body_limit')!.tool, 'http');
});

test('every response carries the security headers; unknown paths are 404; no stack traces', async () => {
  const s = await connect(server, { 'X-API-Key': key.key });
  const responses = [
    ['/healthz', await raw(server, { method: 'GET', path: '/healthz' })],
    ['/nope', await raw(server, { method: 'GET', path: '/nope' })],
    ['/mcp 401', await raw(server, { headers: MCP_HEADERS, body: toolCall('list_allowed_directories', {}) })],
    ['/mcp sse', await raw(server, { headers: { ...authed, 'Mcp-Session-Id': s.sessionId }, body: toolCall('list_allowed_directories', {}) })],
    ['/mcp bad json', await raw(server, { headers: { ...authed, 'Mcp-Session-Id': s.sessionId }, body: '{"jsonrpc":' })],
  ] as const;
  for (const [where, res] of responses) {
    assertSecurityHeaders(res.headers, where);
    assert.doesNotMatch(res.body, /\n\s+at /, `no stack trace on ${where}`);
  }
  assert.equal(responses[1][1].status, 404);
  assert.equal(responses[3][1].headers['content-type'], 'text/event-stream');
  assert.equal(responses[4][1].status, 400);
  for (const p of ['/mcp/', '//mcp', '/MCP', '/%6dcp']) assert.equal((await raw(server, { method: 'GET', path: p })).status, 404, p);
  assert.equal((await raw(server, { method: 'PUT', headers: authed, body: '{}' })).status, 405);
  await s.close();
});

test('a client address outside ipAllow gets 403 on every endpoint; X-Forwarded-For is ignored without trustProxy', async () => {
  const fenced = await startHttp(() => ({ users: USERS, auth: { apiKeys: { k: { hash: key.hash, principal: 'alice' } } }, http: { ipAllow: ['10.0.0.0/8'] } }));
  try {
    const target = path.join(fenced.ws, 'fenced.txt');
    const res = await raw(fenced, { headers: { ...authed, 'X-Forwarded-For': '10.1.2.3' }, body: toolCall('write_file', { path: target, content: 'x' }) });
    assert.equal(res.status, 403);
    assert.equal(fs.existsSync(target), false);
    for (const p of ['/healthz', '/readyz', '/metrics', '/.well-known/oauth-protected-resource']) {
      assert.equal((await raw(fenced, { method: 'GET', path: p })).status, 403, p);
    }
    const row = lastRefusal(fenced, 'ip_allow')!;
    assert.match(row.reason, /127\.0\.0\.1 is not in http\.ipAllow/);
  } finally {
    await fenced.stop();
  }
});

test('behind a trusted proxy, the address the proxy appended to X-Forwarded-For decides', async () => {
  const proxied = await startHttp(() => ({ users: USERS, auth: { apiKeys: { k: { hash: key.hash, principal: 'alice' } } }, http: { ipAllow: ['10.0.0.0/8'], trustProxy: true } }));
  try {
    assert.equal((await raw(proxied, { method: 'GET', path: '/healthz', headers: { 'X-Forwarded-For': '10.1.2.3' } })).status, 200);
    // A client-chosen first entry does not help: the proxy's own (last) entry counts.
    assert.equal((await raw(proxied, { method: 'GET', path: '/healthz', headers: { 'X-Forwarded-For': '10.1.2.3, 192.0.2.9' } })).status, 403);
  } finally {
    await proxied.stop();
  }
});

test('refused requests from one address are throttled with 429 and Retry-After, also audited', async () => {
  const tight = await startHttp(() => ({ users: USERS, auth: { apiKeys: { k: { hash: key.hash, principal: 'alice' } } }, http: { failureLimit: { capacity: 3, refillPerSecond: 0.01 } } }));
  try {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await raw(tight, { headers: { ...MCP_HEADERS, 'X-API-Key': apiKey().key }, body: toolCall('list_allowed_directories', {}) })).status);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    const res = await raw(tight, { headers: { ...MCP_HEADERS, 'X-API-Key': key.key }, body: toolCall('list_allowed_directories', {}) });
    assert.equal(res.status, 429, 'a throttled address is not even looked at');
    assert.ok(Number(res.headers['retry-after']) > 0);
    const rows = refusalRows(tight);
    assert.deepEqual(rows.map((r) => r.detail.step), ['authenticate', 'authenticate', 'authenticate', 'throttle', 'throttle', 'throttle']);
    assert.ok(rows.every((r) => r.principal === 'anonymous'));
  } finally {
    await tight.stop();
  }
});

test('the checks run in order: address → Host → Origin → credential (on the headers) → body size', async () => {
  const ordered = await startHttp(() => ({ users: USERS, auth: { apiKeys: { k: { hash: key.hash, principal: 'alice' } } }, http: { maxBodyBytes: 100 } }));
  try {
    const big = toolCall('list_allowed_directories', { pad: 'x'.repeat(500) });
    const bad = { ...MCP_HEADERS, Host: 'evil.example', Origin: 'https://evil.example' };
    const steps: Array<[number, string]> = [];
    for (const headers of [bad, { ...bad, Host: `127.0.0.1:${ordered.port}` }, MCP_HEADERS, { ...MCP_HEADERS, 'X-API-Key': key.key }]) {
      steps.push([(await raw(ordered, { headers, body: big })).status, refusalRows(ordered).at(-1)!.detail.step]);
    }
    // A caller who is nobody is refused on its headers: its oversized body is never looked at.
    assert.deepEqual(steps, [[403, 'host'], [403, 'origin'], [401, 'authenticate'], [413, 'body_limit']]);
    assert.equal(refusalRows(ordered).at(-1)!.principal, 'alice', 'a body refused after authentication names who sent it');
  } finally {
    await ordered.stop();
  }
});
