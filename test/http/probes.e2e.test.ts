import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeDatabase } from '../guards/sql-fixture.js';
import { refusalOf } from '../helpers/server.js';
import { apiKey, connect, MCP_HEADERS, raw, startHttp, toolCall, USERS } from './helpers.js';

const key = apiKey();
const auth = { apiKeys: { k: { hash: key.hash, principal: 'alice' } } };

test('healthz is 200 without a credential and regardless of the Host header', async () => {
  const s = await startHttp(() => ({ users: USERS, auth }));
  try {
    const res = await raw(s, { method: 'GET', path: '/healthz', headers: { Host: '10.1.2.3:8787' } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  } finally {
    await s.stop();
  }
});

test('readyz: 200 with every check passing; 503 when a configured database is missing', async () => {
  const { path: dbPath } = makeDatabase();
  const s = await startHttp(() => ({ users: USERS, auth, databases: { main: { path: dbPath } } }));
  try {
    const ready = await raw(s, { method: 'GET', path: '/readyz', headers: { Host: '10.1.2.3' } });
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.json(), { status: 'ready', checks: [{ name: 'config', ok: true }, { name: 'audit', ok: true }, { name: 'database:main', ok: true }] });
    fs.renameSync(dbPath, `${dbPath}.moved`);
    const missing = await raw(s, { method: 'GET', path: '/readyz' });
    assert.equal(missing.status, 503);
    const check = missing.json().checks.find((c: any) => c.name === 'database:main');
    assert.deepEqual(check, { name: 'database:main', ok: false, detail: 'the file is missing or cannot be opened' });
    assert.ok(!missing.body.includes(dbPath), 'no file paths to unauthenticated callers');
    fs.renameSync(`${dbPath}.moved`, dbPath);
    assert.equal((await raw(s, { method: 'GET', path: '/readyz' })).status, 200);
  } finally {
    await s.stop();
  }
});

test('readyz: 503 when the audit folder cannot be written, and ready again once it can', async () => {
  const s = await startHttp((_ws, dir) => ({ users: USERS, auth, audit: { path: path.join(dir, 'audit', 'audit.db') } }));
  const folder = path.join(s.dir, 'audit');
  try {
    assert.equal((await raw(s, { method: 'GET', path: '/readyz' })).status, 200);
    if (process.getuid?.() !== 0) {
      // A permission bit only stops a non-root process.
      fs.chmodSync(folder, 0o500);
      const res = await raw(s, { method: 'GET', path: '/readyz' });
      fs.chmodSync(folder, 0o700);
      assert.equal(res.status, 503);
    }
    // Even root cannot create the -wal file in a folder that is gone.
    fs.renameSync(folder, `${folder}.away`);
    fs.writeFileSync(folder, 'not a folder');
    const res = await raw(s, { method: 'GET', path: '/readyz' });
    assert.equal(res.status, 503);
    const audit = res.json().checks.find((c: any) => c.name === 'audit');
    assert.equal(audit.ok, false);
    assert.match(audit.detail, /audit folder is not writable|audit file is gone/);
    fs.rmSync(folder);
    fs.renameSync(`${folder}.away`, folder);
    assert.equal((await raw(s, { method: 'GET', path: '/readyz' })).status, 200);
  } finally {
    await s.stop();
  }
});

test('metrics: calls by tool and decision, a latency histogram, rate-limit refusals and auth failures', async () => {
  const s = await startHttp(() => ({
    users: USERS, auth,
    rateLimits: { tools: { get_file_info: { capacity: 1, refillPerSecond: 0.001 } } },
  }));
  try {
    const c = await connect(s, { 'X-API-Key': key.key });
    assert.equal(refusalOf(await c.call('list_allowed_directories')), undefined);
    assert.equal(refusalOf(await c.call('read_text_file', { path: '/etc/passwd' }))?.code, 'denied');
    await c.call('get_file_info', { path: s.ws });
    assert.equal(refusalOf(await c.call('get_file_info', { path: s.ws }))?.code, 'rate_limited');
    await raw(s, { headers: { ...MCP_HEADERS, 'X-API-Key': apiKey().key }, body: toolCall('list_allowed_directories', {}) });
    await c.close();

    const res = await raw(s, { method: 'GET', path: '/metrics', headers: { Host: '10.1.2.3:9090' } });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    const text = res.body;
    assert.match(text, /^mcp_warden_tool_calls_total\{tool="list_allowed_directories",decision="allow",code="none"\} 1$/m);
    assert.match(text, /^mcp_warden_tool_calls_total\{tool="read_text_file",decision="deny",code="denied"\} 1$/m);
    assert.match(text, /^mcp_warden_tool_calls_total\{tool="get_file_info",decision="deny",code="rate_limited"\} 1$/m);
    assert.match(text, /^mcp_warden_tool_call_duration_seconds_bucket\{le="\+Inf",tool="list_allowed_directories"\} 1$/m);
    assert.match(text, /^mcp_warden_tool_call_duration_seconds_count\{tool="get_file_info"\} 2$/m);
    assert.match(text, /^mcp_warden_rate_limited_total\{tool="get_file_info"\} 1$/m);
    assert.match(text, /^mcp_warden_auth_failures_total\{method="api-key"\} 1$/m);
    assert.match(text, /^# TYPE mcp_warden_audit_write_failures_total counter$/m);
    assert.doesNotMatch(text, /^process_|^nodejs_/m, 'a private registry: no default process metrics');
  } finally {
    await s.stop();
  }
});

test('the protected-resource metadata document is served at both well-known paths', async () => {
  const s = await startHttp(() => ({ users: USERS, auth }));
  try {
    for (const p of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const res = await raw(s, { method: 'GET', path: p });
      assert.equal(res.status, 200, p);
      assert.equal(res.json().resource, s.mcp);
      assert.deepEqual(res.json().bearer_methods_supported, ['header']);
    }
    // Unlike the probes, it is behind the Host check.
    assert.equal((await raw(s, { method: 'GET', path: '/.well-known/oauth-protected-resource', headers: { Host: 'evil.example' } })).status, 403);
  } finally {
    await s.stop();
  }
});

test('behind https (publicUrl), responses carry HSTS and the metadata and challenge name the public URL', async () => {
  const s = await startHttp(() => ({ users: USERS, auth, http: { publicUrl: 'https://warden.example.com/mcp' } }));
  try {
    const health = await raw(s, { method: 'GET', path: '/healthz' });
    assert.match(String(health.headers['strict-transport-security']), /^max-age=\d+/);
    const meta = await raw(s, { method: 'GET', path: '/.well-known/oauth-protected-resource/mcp', headers: { Host: 'warden.example.com' } });
    assert.equal(meta.json().resource, 'https://warden.example.com/mcp');
    const denied = await raw(s, { headers: { ...MCP_HEADERS, Host: 'warden.example.com' }, body: toolCall('list_allowed_directories', {}) });
    assert.equal(denied.status, 401);
    assert.match(String(denied.headers['www-authenticate']), /resource_metadata="https:\/\/warden\.example\.com\/\.well-known\/oauth-protected-resource\/mcp"/);
  } finally {
    await s.stop();
  }
});
