import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/startup.js';
import { problems } from '../helpers/config.js';

const parse = (http: unknown) => parseConfig({ http }, '/etc/warden-test/mcp-warden.json', {});

test('the http section defaults are safe: loopback bind and allowlist, 1 MiB bodies, no proxy trust', () => {
  const { http } = parse({});
  assert.equal(http.host, '127.0.0.1');
  assert.equal(http.port, 8787);
  assert.equal(http.publicUrl, undefined);
  assert.deepEqual(http.ipAllow, ['127.0.0.0/8', '::1/128']);
  assert.deepEqual(http.cors.origins, []);
  assert.deepEqual(http.allowedHosts, []);
  assert.equal(http.maxBodyBytes, 1024 * 1024);
  assert.equal(http.trustProxy, false);
  assert.ok(http.sessionIdleMs > 0);
});

test('a wildcard CORS origin is refused with the reason', () => {
  assert.deepEqual(problems(() => parse({ cors: { origins: ['*'] } })), [
    'http.cors.origins[0]: expected exact origins, not a wildcard: "*" lets any web page call this server; list each origin, e.g. "https://app.example.com", got "*"',
  ]);
});

test('CORS origins must be exact origins as browsers send them', () => {
  const lines = problems(() => parse({ cors: { origins: ['https://app.example.com/', 'https://App.example.com', 'app.example.com', 'https://ok.example.com'] } }));
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^http\.cors\.origins\[0\]: expected an exact origin "scheme:\/\/host\[:port\]" \(no path, no trailing slash\), got "https:\/\/app\.example\.com\/"$/);
  assert.match(lines[1], /^http\.cors\.origins\[1\]: expected the origin as browsers send it, "https:\/\/app\.example\.com", got "https:\/\/App\.example\.com"$/);
  assert.match(lines[2], /^http\.cors\.origins\[2\]: expected an exact origin/);
});

test('an unparsable CIDR in ipAllow is a config error naming the entry', () => {
  assert.deepEqual(problems(() => parse({ ipAllow: ['127.0.0.0/8', '10.0.0.1/8', 'lan'] })), [
    'http.ipAllow[1]: "10.0.0.1/8" has host bits set; the network is 10.0.0.0/8',
    'http.ipAllow[2]: expected an IPv4 or IPv6 address, got "lan"',
  ]);
});

test('unknown keys, bad hosts and bad public URLs are refused', () => {
  const lines = problems(() => parse({ hots: 'x', allowedHosts: ['evil.example/path'], publicUrl: 'ftp://x/mcp', port: 70000 }));
  assert.ok(lines.some((l) => l.startsWith('http.hots: unknown key')), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('http.allowedHosts[0]: expected a host name')), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('http.publicUrl: expected an http or https URL')), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('http.port:')), lines.join('\n'));
});

test('the bounds on slow and greedy clients have safe defaults', () => {
  const { http } = parse({});
  assert.equal(http.preAuthBodyBytes, 8 * 1024);
  assert.equal(http.bodyTimeoutMs, 10_000);
  assert.equal(http.headersTimeoutMs, 10_000);
  assert.equal(http.maxConnectionsPerIp, 256);
  assert.equal(http.maxBodyBytesPerIp, 8 * 1024 * 1024);
});

test('a per-address byte budget smaller than one body is refused, naming both keys', () => {
  assert.deepEqual(problems(() => parse({ maxBodyBytes: 4096, maxBodyBytesPerIp: 1024 })), [
    'http.maxBodyBytesPerIp: expected at least http.maxBodyBytes (4096), got 1024',
  ]);
  assert.deepEqual(problems(() => parse({ bodyTimeoutMs: 0, maxConnectionsPerIp: -1 })).map((l) => l.split(':')[0]), ['http.bodyTimeoutMs', 'http.maxConnectionsPerIp']);
});
