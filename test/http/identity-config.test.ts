import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/startup.js';
import { rbacGrant } from '../../src/policy/rbac.js';
import { identityKey, sessionConfig } from '../../src/http/identity-config.js';
import { calledTool } from '../../src/http/body.js';
import type { Identity } from '../../src/auth/authenticate.js';

const config = parseConfig({
  principal: 'stdio-user',
  users: { alice: { roles: ['readonly'], permissions: ['command:execute'] }, 'stdio-user': { roles: ['admin'] } },
}, '/etc/warden-test/mcp-warden.json', {});
const id = (over: Partial<Identity> = {}): Identity => ({ principal: 'alice', roles: ['developer'], method: 'api-key', credentialId: 'k1', ...over });

test('a session config takes the principal and roles from the identity and keeps the user\'s own permissions', () => {
  const c = sessionConfig(config, id());
  assert.equal(c.principal, 'alice');
  assert.deepEqual(c.users.alice.roles, ['developer']);
  assert.deepEqual(c.users.alice.permissions, ['command:execute']);
  assert.ok(rbacGrant(c, 'alice', 'file:write').allowed);
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.users) && Object.isFrozen(c.users.alice.roles));
  // The loaded config is untouched.
  assert.equal(config.principal, 'stdio-user');
  assert.deepEqual(config.users.alice.roles, ['readonly']);
});

test('an identity with no roles can do nothing, even where the stdio principal could', () => {
  const c = sessionConfig(config, id({ principal: 'nobody', roles: [] }));
  assert.equal(c.principal, 'nobody');
  assert.equal(rbacGrant(c, 'nobody', 'file:read').allowed, false);
});

test('a principal named __proto__ is a plain key, not a prototype change', () => {
  const c = sessionConfig(config, id({ principal: '__proto__', roles: ['readonly'] }));
  assert.ok(Object.hasOwn(c.users, '__proto__'));
  assert.ok(rbacGrant(c, '__proto__', 'file:read').allowed);
  assert.equal(rbacGrant(c, '__proto__', 'file:write').allowed, false);
  assert.equal(Object.getPrototypeOf(c.users), Object.prototype);
});

test('the session binding covers principal, credential and roles, whatever their order', () => {
  assert.equal(identityKey(id({ roles: ['a', 'b'] })), identityKey(id({ roles: ['b', 'a'] })));
  assert.notEqual(identityKey(id()), identityKey(id({ credentialId: 'k2' })));
  assert.notEqual(identityKey(id()), identityKey(id({ principal: 'bob' })));
  assert.notEqual(identityKey(id()), identityKey(id({ roles: ['developer', 'admin'] })));
  // No separator trick: ("a b", "c") is not ("a", "b c").
  assert.notEqual(identityKey(id({ principal: 'a", "b', credentialId: 'c' })), identityKey(id({ principal: 'a', credentialId: 'b", "c' })));
});

test('the tool of a refused request comes from a tools/call body only, bounded', () => {
  assert.equal(calledTool({ method: 'tools/call', params: { name: 'write_file' } }), 'write_file');
  assert.equal(calledTool([{ method: 'ping' }, { method: 'tools/call', params: { name: 'x' } }]), 'x');
  assert.equal(calledTool({ method: 'tools/list', params: { name: 'write_file' } }), undefined);
  assert.equal(calledTool({ method: 'tools/call', params: { name: 42 } }), undefined);
  assert.equal(calledTool(null), undefined);
  assert.equal(calledTool({ method: 'tools/call', params: { name: 'n'.repeat(10_000) } })!.length, 128);
});
