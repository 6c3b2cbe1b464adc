import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeDatabase } from '../guards/sql-fixture.js';
import { runCli } from '../helpers/cli.js';
import { apiKey, connect, startHttp, USERS, writeConfig } from './helpers.js';

const key = apiKey();
const auth = { apiKeys: { k: { hash: key.hash, principal: 'alice' } } };

test('--http without any auth configured refuses to start: exit 1 and why (no anonymous shared mode)', () => {
  const { configPath } = writeConfig(() => ({ users: USERS }));
  const { code, stderr, stdout } = runCli(['serve', '--http', '--port', '0', '--config', configPath]);
  assert.equal(code, 1);
  assert.match(stderr, /serve --http needs authentication: configure auth\.apiKeys .* or auth\.jwt\. There is no anonymous shared mode\./);
  assert.equal(stdout, '');
});

test('--host and --port belong to --http; a bad port is a usage error', () => {
  const { configPath } = writeConfig(() => ({ users: USERS, auth }));
  const stray = runCli(['serve', '--port', '9999', '--config', configPath]);
  assert.equal(stray.code, 2);
  assert.match(stray.stderr, /--host and --port only apply to shared mode: add --http/);
  const bad = runCli(['serve', '--http', '--port', '99999', '--config', configPath]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--port: expected a port number 0-65535/);
});

test('a port in use is a clear start-up error (exit 1)', async () => {
  const first = await startHttp(() => ({ users: USERS, auth }));
  try {
    const { configPath } = writeConfig(() => ({ users: USERS, auth }));
    const { code, stderr } = runCli(['serve', '--http', '--port', String(first.port), '--config', configPath]);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port}: the port is in use`));
  } finally {
    await first.stop();
  }
});

test('SIGTERM with a call in flight: the call finishes and answers, its outcome is audited, exit 0', async () => {
  const { path: db } = makeDatabase();
  const s = await startHttp(() => ({ users: USERS, auth, databases: { main: { path: db, timeoutMs: 20_000 } } }));
  const c = await connect(s, { 'X-API-Key': key.key });
  const slow = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 2000000) SELECT count(*) AS n FROM c';
  const pending = c.call('sql_query', { database: 'main', sql: slow });
  await new Promise((r) => setTimeout(r, 200)); // the call is running now
  const code = s.stop('SIGTERM');
  const answer = await pending;
  assert.deepEqual((answer.structuredContent as any).rows, [[2000000]]);
  assert.equal(await code, 0);
  const rows = s.rows().filter((r) => r.tool === 'sql_query');
  assert.deepEqual(rows.map((r) => [r.kind, r.principal, r.outcome]), [['decision', 'alice', null], ['outcome', 'alice', 'ok']]);
  assert.match(s.stderr(), /shutting down after in-flight calls/);
  await c.close().catch(() => {});
});

test('SIGTERM with a call that outlives the shutdown bound: exit 0 within the bound, the call recorded unknown', async () => {
  const { path: db } = makeDatabase();
  const s = await startHttp(() => ({ users: USERS, auth, databases: { main: { path: db, timeoutMs: 120_000 } } }));
  const c = await connect(s, { 'X-API-Key': key.key });
  const endless = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 2000000000) SELECT count(*) AS n FROM c';
  const pending = c.call('sql_query', { database: 'main', sql: endless }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 300)); // the call is running now
  const started = performance.now();
  assert.equal(await s.stop('SIGTERM'), 0);
  const took = performance.now() - started;
  assert.ok(took < 15_000, `shutdown took ${Math.round(took)} ms; the bound is 3 s plus closing`);
  const rows = s.rows().filter((r) => r.tool === 'sql_query');
  assert.deepEqual(rows.map((r) => [r.kind, r.outcome]), [['decision', null], ['outcome', 'unknown']]);
  assert.match(JSON.stringify(rows[1].error), /shutdown\.grace/);
  await pending;
  await c.close().catch(() => {});
});

test('SIGINT with nothing in flight exits 0 at once', async () => {
  const s = await startHttp(() => ({ users: USERS, auth }));
  const c = await connect(s, { 'X-API-Key': key.key });
  assert.equal(await s.stop('SIGINT'), 0);
  await c.close().catch(() => {});
});

test('--host overrides http.host; binding beyond loopback without publicUrl or ipAllow is warned about', async () => {
  const s = await startHttp(() => ({ users: USERS, auth, http: { host: '127.0.0.1', port: 1 } }), ['--host', '127.0.0.2']);
  try {
    assert.match(s.stderr(), new RegExp(`"msg":"listening on http://127\\.0\\.0\\.2:${s.port}/mcp"`));
    assert.equal((await fetch(`http://127.0.0.2:${s.port}/healthz`)).status, 200);
  } finally {
    await s.stop();
  }
  const wide = await startHttp(() => ({ users: USERS, auth }), ['--host', '0.0.0.0']);
  try {
    assert.match(wide.stderr(), /bound to 0\.0\.0\.0 without http\.publicUrl/);
    assert.match(wide.stderr(), /http\.ipAllow admits loopback only/);
  } finally {
    await wide.stop();
  }
});
