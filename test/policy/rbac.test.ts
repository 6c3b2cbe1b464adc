import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_ROLES, rbacGrant, roleTable, rolesOf, type RbacConfig } from '../../src/policy/rbac.js';
import { PERMISSIONS } from '../../src/policy/permissions.js';

const granted = (config: RbacConfig, who: string) => PERMISSIONS.filter((p) => rbacGrant(config, who, p).allowed);
const withRoles = (...roles: string[]): RbacConfig => ({ users: { me: { roles, permissions: [] } }, roles: {} });

test('built-in roles grant exactly what DESIGN §4 lists', () => {
  assert.deepEqual(granted(withRoles('admin'), 'me'), [...PERMISSIONS]);
  assert.deepEqual(granted(withRoles('developer'), 'me'), [...PERMISSIONS]);
  assert.deepEqual(granted(withRoles('analyst'), 'me'), ['file:read', 'database:read', 'command:execute']);
  assert.deepEqual(granted(withRoles('readonly'), 'me'), ['file:read', 'database:read']);
  assert.deepEqual(Object.keys(BUILTIN_ROLES), ['admin', 'developer', 'analyst', 'readonly']);
});

test('a principal with no roles, or not in users at all, is granted nothing', () => {
  assert.deepEqual(granted(withRoles(), 'me'), []);
  assert.deepEqual(granted(withRoles('admin'), 'someone-else'), []);
});

test('a custom role adds a role; a config role of a built-in name overrides it', () => {
  const config: RbacConfig = {
    users: { a: { roles: ['auditor'], permissions: [] }, d: { roles: ['developer'], permissions: [] } },
    roles: { auditor: ['file:read'], developer: ['file:read', 'database:read'] },
  };
  assert.deepEqual(granted(config, 'a'), ['file:read']);
  assert.deepEqual(granted(config, 'd'), ['file:read', 'database:read'], 'the override narrows developer');
  assert.deepEqual(roleTable(config).admin, ['*'], 'other built-ins stay');
});

test('per-user permissions with wildcards add to the roles and say what granted them', () => {
  const config: RbacConfig = { users: { me: { roles: ['readonly'], permissions: ['command:*'] } }, roles: {} };
  assert.deepEqual(granted(config, 'me'), ['file:read', 'database:read', 'command:execute']);
  assert.deepEqual(rbacGrant(config, 'me', 'command:execute'), { allowed: true, grantedBy: 'permission "command:*"' });
  assert.deepEqual(rbacGrant(config, 'me', 'file:read'), { allowed: true, grantedBy: 'role "readonly"' });
  assert.deepEqual(rbacGrant(config, 'me', 'file:write'), { allowed: false });
});

test('Object.prototype names are neither users nor roles', () => {
  const config: RbacConfig = { users: { me: { roles: ['constructor', 'toString', '__proto__'], permissions: [] } }, roles: {} };
  assert.deepEqual(granted(config, 'me'), []);
  for (const who of ['constructor', '__proto__', 'hasOwnProperty']) assert.deepEqual(granted(config, who), []);
  assert.deepEqual(rolesOf(config, 'constructor'), []);
});

test('rolesOf returns a copy, so a caller cannot widen the config', () => {
  const config = withRoles('readonly');
  rolesOf(config, 'me').push('admin');
  assert.deepEqual(config.users.me.roles, ['readonly']);
});
