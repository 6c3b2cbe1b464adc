import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/temp.js';
import { runCli } from '../helpers/cli.js';

function serveWith(config: unknown) {
  const dir = tempDir();
  const file = path.join(dir, 'mcp-warden.json');
  fs.writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return runCli(['serve', '--config', file]);
}

const cases: Array<[string, unknown, RegExp]> = [
  ['an unknown key', { filesystem: { rootz: [] } }, /filesystem\.rootz: unknown key/],
  ['a bad enum', { filesystem: { roots: [{ path: '.', access: 'rw' }] } }, /filesystem\.roots\[0\]\.access: "rw" is not one of read, read-write/],
  ['a wrong type', { principal: 42 }, /principal: expected string, got 42/],
  ['a bad permission', { roles: { r: ['file:delete'] } }, /roles\.r\[0\]: expected a permission/],
  ['an unknown attribute', { policies: [{ id: 'p', effect: 'deny', when: [{ attribute: 'resource.owner', operator: 'eq', value: 1 }] }] }, /policies\[0\]\.when\[0\]\.attribute: expected one of/],
  ['an unknown operator', { policies: [{ id: 'p', effect: 'deny', when: [{ attribute: 'tool', operator: 'like', value: 'x' }] }] }, /policies\[0\]\.when\[0\]\.operator: "like" is not one of eq, ne/],
  ['an unknown role', { users: { me: { roles: ['superuser'] } } }, /users\.me\.roles\[0\]: unknown role "superuser"/],
  ['a failing policy example', {
    policies: [{ id: 'docs', effect: 'deny', when: [{ attribute: 'resource.path', operator: 'glob', value: '**/docs/**' }], examples: { match: [{ resource: { path: '/x/src/a.ts' } }] } }],
  }, /policies\[0\]\.examples\.match\[0\]: policy "docs" does not match this example/],
  ['a bad rate limit', { rateLimits: { default: { capacity: -1, refillPerSecond: 1 } } }, /rateLimits\.default/],
  ['invalid JSON', '{ "principal": ', /not valid JSON/],
];

for (const [name, config, message] of cases) {
  test(`serve refuses ${name} with exit 2 and the key path`, () => {
    const result = serveWith(config);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '', 'nothing reaches stdout');
  });
}

test('every problem is listed at once', () => {
  const result = serveWith({ principal: 1, filesystem: { hardLinks: 'sometimes' }, extra: true });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /principal:/);
  assert.match(result.stderr, /filesystem\.hardLinks:/);
  assert.match(result.stderr, /extra: unknown key/);
});

test('no config anywhere: exit 2, the lookup order and a hint to run init', () => {
  const dir = tempDir();
  const result = runCli(['serve'], { cwd: dir, env: { HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'xdg') } });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /No config file found\. Looked in order at: --config FILE, MCP_WARDEN_CONFIG, .*mcp-warden\.json, .*xdg\/mcp-warden\/config\.json/);
  assert.match(result.stderr, /mcp-warden init/);
});

test('$schema and $comment are allowed anywhere', () => {
  const dir = tempDir();
  const file = path.join(dir, 'c.json');
  fs.writeFileSync(file, JSON.stringify({ $schema: 'x', $comment: 'top', filesystem: { $comment: 'fs', roots: [{ $comment: 'r', path: '.' }] } }));
  const result = runCli(['check', '--config', file]);
  assert.equal(result.code, 0, result.stderr);
});
