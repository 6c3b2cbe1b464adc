import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHost, checkOrigin, parseHost } from '../../src/http/host-origin.js';

const rules = (publicUrl = 'http://127.0.0.1:8787/mcp', extra: string[] = []) =>
  ({ listenPort: 8787, publicUrl: new URL(publicUrl), extra: extra.map((h) => parseHost(h)!) });

test('loopback names at the listening port pass, in any case and with a trailing dot', () => {
  for (const host of ['localhost:8787', '127.0.0.1:8787', '[::1]:8787', 'LOCALHOST:8787', 'LocalHost.:8787']) {
    assert.deepEqual(checkHost(host, rules()), { ok: true }, host);
  }
});

test('DNS-rebinding names are refused: look-alikes, suffixes, other ports, no Host', () => {
  for (const host of [
    'evil.example', 'evil.example:8787', '127.0.0.1.evil.com:8787', 'localhost.evil:8787', 'localhost.evil.com',
    'localhost:8788', 'localhost', '127.0.0.2:8787', '[::ffff:127.0.0.1]:8787', 'localhost..:8787',
    'user@localhost:8787', 'localhost:8787, evil.example', 'localhost:8787/x', 'localhost:0', 'localhost:65536', ' ', '',
  ]) {
    assert.equal(checkHost(host, rules()).ok, false, host);
  }
  assert.match((checkHost(undefined, rules()) as { reason: string }).reason, /no Host header/);
  assert.match((checkHost('evil.example', rules()) as { reason: string }).reason, /"evil\.example" is not this server's name/);
});

test('the public URL host passes with its effective port; the default port may be left out', () => {
  const https = rules('https://warden.example.com/mcp');
  assert.equal(checkHost('warden.example.com', https).ok, true);
  assert.equal(checkHost('WARDEN.example.com:443', https).ok, true);
  assert.equal(checkHost('warden.example.com.', https).ok, true);
  assert.equal(checkHost('warden.example.com:80', https).ok, false);
  assert.equal(checkHost('warden.example.com.evil.com', https).ok, false);
  assert.equal(checkHost('xwarden.example.com', https).ok, false);
});

test('extra allowed hosts: without a port any port, with a port only that one', () => {
  const r = rules(undefined, ['warden.internal', '10.0.0.5:9000']);
  assert.equal(checkHost('warden.internal:1234', r).ok, true);
  assert.equal(checkHost('warden.internal', r).ok, true);
  assert.equal(checkHost('10.0.0.5:9000', r).ok, true);
  assert.equal(checkHost('10.0.0.5:9001', r).ok, false);
  assert.equal(checkHost('10.0.0.5', r).ok, false);
  assert.equal(checkHost('sub.warden.internal', r).ok, false);
});

test('Origin: absent passes; only exact allowed origins pass, compared canonically', () => {
  const allowed = new Set(['http://127.0.0.1:8787', 'https://app.example.com']);
  assert.deepEqual(checkOrigin(undefined, allowed, rules()), { ok: true });
  for (const origin of ['https://app.example.com', 'HTTPS://APP.example.com', 'https://app.example.com:443', 'http://127.0.0.1:8787']) {
    assert.deepEqual(checkOrigin(origin, allowed, rules()), { ok: true }, origin);
  }
  for (const origin of [
    'null', '', 'https://evil.example', 'https://app.example.com.evil.com', 'https://app.example.com/', 'https://app.example.com/path',
    'http://app.example.com', 'https://app.example.com:8443', 'https://user@app.example.com', '*', 'file://',
  ]) {
    assert.equal(checkOrigin(origin, allowed, rules()).ok, false, origin);
  }
});

test('Origin agrees with Host: every loopback name at the listening port is this server, whatever the publicUrl', () => {
  const remote = rules('https://warden.example.com/mcp');
  for (const origin of ['http://localhost:8787', 'http://127.0.0.1:8787', 'http://[::1]:8787', 'http://LOCALHOST:8787', 'http://localhost.:8787']) {
    assert.deepEqual(checkOrigin(origin, new Set(), remote), { ok: true }, origin);
    assert.equal(checkHost(new URL(origin).host, remote).ok, true, `the Host check agrees on ${origin}`);
  }
});

test('Origin: foreign, look-alike, other-port, other-scheme, null and malformed origins are still refused', () => {
  for (const origin of [
    'http://evil.example', `http://evil.example:8787`, 'http://localhost:8788', 'http://localhost', 'http://127.0.0.1:80',
    'http://localhost.evil.example:8787', 'http://127.0.0.1.evil.example:8787', 'http://localhost:8787.evil.example',
    'https://localhost:8787', 'ws://localhost:8787', 'http://127.0.0.2:8787', 'http://[::ffff:127.0.0.1]:8787', 'http://0.0.0.0:8787',
    'null', 'http://user@localhost:8787', 'http://localhost:8787/', 'http://localhost:8787/mcp', 'localhost:8787', 'http://localhost:8787, http://evil.example',
    'http://local host:8787', '',
  ]) {
    const verdict = checkOrigin(origin, new Set(), rules());
    assert.equal(verdict.ok, false, origin);
  }
  assert.match((checkOrigin('http://localhost:8788', new Set(), rules()) as { reason: string }).reason, /"http:\/\/localhost:8788" is not allowed \(publicUrl origin, loopback at this port, or http\.cors\.origins\)/);
});
