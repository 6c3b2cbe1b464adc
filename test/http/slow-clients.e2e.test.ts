// Shared mode against clients that hold the server's memory or connections without
// sending what they promised: the credential is judged on the headers, the body is
// bounded in time and bytes per address, and the server stays responsive meanwhile.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { apiKey, connect, MCP_HEADERS, raw, refusalRows, startHttp, toolCall, USERS, type HttpServer } from './helpers.js';

const key = apiKey();
const MiB = 1024 * 1024;

/** The server process's resident set in bytes, from /proc (Linux). */
function rss(server: HttpServer): number {
  const status = fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) * 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw connection from a chosen loopback address, with what it received and when it closed. */
interface Raw { socket: net.Socket; received(): string; closed: Promise<number> }

function open(server: HttpServer, from: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress: from });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c) => { text += c; });
    // The server may close while we still write: that is the point of these tests.
    socket.on('error', () => {});
    const closed = new Promise<number>((done) => socket.once('close', () => done(performance.now())));
    socket.once('connect', () => resolve({ socket, received: () => text, closed }));
    socket.once('error', reject);
  });
}

/** Request head text for a POST /mcp with these extra header lines. */
const head = (server: HttpServer, lines: string[]) =>
  [`POST /mcp HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, 'Content-Type: application/json', 'Accept: application/json, text/event-stream', ...lines, '', ''].join('\r\n');

const within = (p: Promise<number>, ms: number) => Promise.race([p, sleep(ms).then(() => undefined)]);

// One server for the timing and cap tests: short timeouts, small caps.
const tight = await startHttp(() => ({
  users: USERS,
  auth: { apiKeys: { k: { hash: key.hash, principal: 'alice' } } },
  http: { bodyTimeoutMs: 1_000, headersTimeoutMs: 1_000, maxConnectionsPerIp: 4, maxBodyBytes: 64 * 1024, maxBodyBytesPerIp: 128 * 1024, preAuthBodyBytes: 1024 },
}));
after(() => tight.stop());
const session = await connect(tight, { 'X-API-Key': key.key });
after(() => session.close());

test('200 stalled unauthenticated connections with a partial 1 MiB body: RSS stays bounded, /healthz and calls still answer', async () => {
  const server = await startHttp((ws) => ({ users: USERS, auth: { apiKeys: { k: { hash: key.hash, principal: 'alice' } } }, filesystem: { roots: [{ path: ws, access: 'read-write' }] } }));
  const sockets: Raw[] = [];
  try {
    const alice = await connect(server, { 'X-API-Key': key.key });
    await alice.call('list_allowed_directories');
    await sleep(500);
    const before = rss(server);

    const N = 200;
    const partial = 'x'.repeat(512 * 1024);
    for (let i = 0; i < N; i++) {
      const c = await open(server, '127.0.0.2');
      // Half send no credential, half a wrong key: neither is anyone.
      c.socket.write(head(server, [`Content-Length: ${MiB}`, ...(i % 2 ? [`X-API-Key: ${apiKey().key}`] : [])]));
      c.socket.write(partial);
      sockets.push(c);
    }
    await sleep(2_000);
    const during = rss(server);
    const grew = during - before;
    process.stderr.write(`RSS before ${(before / MiB).toFixed(1)} MiB, with ${N} stalled connections ${(during / MiB).toFixed(1)} MiB (+${(grew / MiB).toFixed(1)} MiB)\n`);

    // Still responsive for everyone else: the probe and a real call.
    assert.equal((await raw(server, { method: 'GET', path: '/healthz' })).status, 200);
    const target = path.join(server.ws, 'still-works.txt');
    assert.equal((await alice.call('write_file', { path: target, content: 'ok' })).isError, undefined);
    assert.equal(fs.readFileSync(target, 'utf8'), 'ok');

    // Each stalled request was answered from its headers (401, or 429 once the address
    // spent its refusal budget) and its connection closed: no body was waited for.
    const ended = await Promise.all(sockets.map((s) => within(s.closed, 5_000)));
    assert.equal(ended.filter((t) => t === undefined).length, 0, 'every stalled connection was closed by the server');
    const statuses = sockets.map((s) => /^HTTP\/1\.1 (\d{3})/.exec(s.received())?.[1]);
    assert.ok(statuses.every((s) => s === '401' || s === '429'), JSON.stringify([...new Set(statuses)]));
    assert.ok(statuses.filter((s) => s === '401').length >= 1);
    // 200 × 512 KiB were sent; buffering them would add 100 MiB. The bound is a quarter of that.
    assert.ok(grew < 25 * MiB, `RSS grew by ${(grew / MiB).toFixed(1)} MiB`);
    await alice.close();
  } finally {
    for (const s of sockets) s.socket.destroy();
    await server.stop();
  }
});

test('a body that trickles in is cut with 408 at http.bodyTimeoutMs, and nothing runs', async () => {
  const target = path.join(tight.ws, 'trickled.txt');
  const body = toolCall('write_file', { path: target, content: 'y'.repeat(2_000) });
  const c = await open(tight, '127.0.0.5');
  const started = performance.now();
  c.socket.write(head(tight, [`Content-Length: ${Buffer.byteLength(body)}`, `X-API-Key: ${key.key}`, `Mcp-Session-Id: ${session.sessionId}`]));
  // 20 bytes every 100 ms would take 10 s; bounded at 60 chunks however the server behaves.
  for (let i = 0; i < 60 && !c.socket.destroyed && c.socket.writable; i++) {
    c.socket.write(body.slice(i * 20, (i + 1) * 20));
    await sleep(100);
    if (c.received()) break;
  }
  const closedAt = await within(c.closed, 3_000);
  assert.ok(closedAt !== undefined, 'the connection is closed');
  const cutMs = closedAt - started;
  process.stderr.write(`slow body cut after ${Math.round(cutMs)} ms (bodyTimeoutMs 1000)\n`);
  assert.match(c.received(), /^HTTP\/1\.1 408 /);
  assert.ok(cutMs >= 900 && cutMs < 2_500, `cut after ${Math.round(cutMs)} ms`);
  assert.equal(fs.existsSync(target), false);
  const row = refusalRows(tight).filter((r) => r.detail.step === 'body_timeout').at(-1);
  assert.equal(row?.principal, 'alice');
  assert.match(row!.reason, /http\.bodyTimeoutMs \(1000 ms\)/);
});

test('headers that trickle in are cut at http.headersTimeoutMs', async () => {
  const c = await open(tight, '127.0.0.6');
  const started = performance.now();
  c.socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${tight.port}\r\n`);
  for (let i = 0; i < 40 && !c.socket.destroyed && c.socket.writable; i++) {
    c.socket.write(`X-Pad-${i}: a\r\n`);
    await sleep(150);
    if (c.received()) break;
  }
  const closedAt = await within(c.closed, 3_000);
  assert.ok(closedAt !== undefined, 'the connection is closed');
  const cutMs = closedAt - started;
  process.stderr.write(`slow headers cut after ${Math.round(cutMs)} ms (headersTimeoutMs 1000)\n`);
  assert.ok(cutMs < 3_500, `cut after ${Math.round(cutMs)} ms`);
});

test('past http.maxConnectionsPerIp a connection is closed at once; other addresses are served', async () => {
  const held = await Promise.all(Array.from({ length: 4 }, () => open(tight, '127.0.0.3')));
  try {
    const excess = await open(tight, '127.0.0.3');
    assert.ok(await within(excess.closed, 1_000) !== undefined, 'the fifth connection from one address is closed');
    assert.equal(excess.received(), '');
    // Another address, and the same one once a slot frees up.
    assert.equal((await raw(tight, { method: 'GET', path: '/healthz' })).status, 200);
    held.pop()!.socket.destroy();
    await sleep(200);
    const again = await open(tight, '127.0.0.3');
    again.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${tight.port}\r\nConnection: close\r\n\r\n`);
    await within(again.closed, 2_000);
    assert.match(again.received(), /^HTTP\/1\.1 200 /);
  } finally {
    for (const s of held) s.socket.destroy();
  }
});

test('past http.maxBodyBytesPerIp a body is refused with 429 before it is read; the address recovers', async () => {
  const stalled: Raw[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const c = await open(tight, '127.0.0.4');
      c.socket.write(head(tight, [`Content-Length: ${60 * 1024}`, `X-API-Key: ${key.key}`, `Mcp-Session-Id: ${session.sessionId}`]));
      c.socket.write('{"jsonrpc":"2.0",');
      stalled.push(c);
    }
    await sleep(300);
    const target = path.join(tight.ws, 'third.txt');
    const third = await open(tight, '127.0.0.4');
    const body = toolCall('write_file', { path: target, content: 'z'.repeat(20 * 1024) });
    third.socket.write(head(tight, [`Content-Length: ${Buffer.byteLength(body)}`, `X-API-Key: ${key.key}`, `Mcp-Session-Id: ${session.sessionId}`]) + body);
    assert.ok(await within(third.closed, 2_000) !== undefined, 'answered and closed');
    assert.match(third.received(), /^HTTP\/1\.1 429 /);
    assert.match(third.received(), /http\.maxBodyBytesPerIp/);
    assert.equal(fs.existsSync(target), false);
    const row = refusalRows(tight).filter((r) => r.detail.step === 'in_flight').at(-1);
    assert.equal(row?.principal, 'alice');

    for (const s of stalled) s.socket.destroy();
    await sleep(200);
    const res = await raw(tight, { headers: { ...MCP_HEADERS, 'X-API-Key': key.key, 'Mcp-Session-Id': session.sessionId }, body });
    assert.equal(res.status, 200, 'the budget came back when the stalled bodies went away');
    assert.equal(fs.readFileSync(target, 'utf8').length, 20 * 1024);
  } finally {
    for (const s of stalled) s.socket.destroy();
  }
});

test('an unauthenticated body over http.preAuthBodyBytes is not read: 401 at once, connection closed', async () => {
  const c = await open(tight, '127.0.0.7');
  const started = performance.now();
  c.socket.write(head(tight, [`Content-Length: ${60 * 1024}`]));
  c.socket.write('{"jsonrpc":"2.0","id":1,"method":"tools/call",');
  const closedAt = await within(c.closed, 2_000);
  assert.ok(closedAt !== undefined, 'closed without waiting for the body');
  assert.ok(closedAt - started < 1_000, `after ${Math.round(closedAt - started)} ms`);
  assert.match(c.received(), /^HTTP\/1\.1 401 /);
  assert.match(c.received(), /no credential/);
  const row = refusalRows(tight).filter((r) => r.detail.step === 'authenticate').at(-1);
  assert.equal(row?.tool, 'http');
});
