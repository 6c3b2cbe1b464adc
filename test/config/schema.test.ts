import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/startup.js';
import { rbacGrant } from '../../src/policy/rbac.js';
import { PERMISSIONS } from '../../src/policy/permissions.js';
import { problems } from '../helpers/config.js';

const FILE = '/etc/warden-test/mcp-warden.json';
const parse = (raw: unknown) => parseConfig(raw, FILE, {});
const UNKNOWN = 'unknown key; check the spelling (unknown keys are refused so that a typo cannot weaken a rule)';

test('{} is a valid config that can do nothing', () => {
  const c = parse({});
  assert.equal(c.principal, 'default');
  assert.deepEqual(PERMISSIONS.filter((p) => rbacGrant(c, c.principal, p).allowed), []);
  assert.deepEqual(c.filesystem.roots, []);
  assert.deepEqual(c.databases, {});
  assert.deepEqual(c.commands.allow, {});
  assert.equal(c.commands.sandbox, 'required');
  assert.equal(c.commands.network, false);
  assert.equal(c.filesystem.hardLinks, 'deny');
});

test('the loaded config is frozen all the way down', () => {
  const c = parse({ filesystem: { roots: [{ path: '/srv' }] }, users: { me: { roles: ['readonly'] } } });
  assert.ok(Object.isFrozen(c));
  assert.ok(Object.isFrozen(c.filesystem.roots[0]));
  assert.ok(Object.isFrozen(c.users.me.roles));
  assert.throws(() => { (c.users.me.roles as string[]).push('admin'); }, TypeError);
});

test('unknown keys are refused at any depth, each named by its key path', () => {
  assert.deepEqual(problems(() => parse({
    principl: 'me',
    filesystem: { roots: [{ path: '/srv', acces: 'read' }] },
    users: { me: { role: ['admin'] } },
    policies: [{ id: 'p', effect: 'deny', when: [{ atribute: 'tool', operator: 'eq', value: 'x' }] }],
    databases: { main: { path: 'db.sqlite', tables: { alow: ['*'] } } },
    commands: { allow: { git: { subcomands: ['status'] } } },
    rateLimits: { default: { capacity: 1, refillPerSecond: 1, burst: 5 } },
    audit: { encryption: { keyenv: 'K' } },
  })).sort(), [
    `audit.encryption.keyenv: ${UNKNOWN}`,
    'audit.encryption.keyEnv: expected string, got nothing',
    `commands.allow.git.subcomands: ${UNKNOWN}`,
    `databases.main.tables.alow: ${UNKNOWN}`,
    `filesystem.roots[0].acces: ${UNKNOWN}`,
    `policies[0].when[0].atribute: ${UNKNOWN}`,
    'policies[0].when[0].attribute: expected string, got nothing',
    `principl: ${UNKNOWN}`,
    `rateLimits.default.burst: ${UNKNOWN}`,
    `users.me.role: ${UNKNOWN}`,
  ].sort());
});

test('$schema and $comment are allowed anywhere: objects, records, nested sections, conditions', () => {
  const c = parse({
    $schema: './schema/mcp-warden.schema.json', $comment: 'top',
    users: { $comment: 'who', $schema: 'x', me: { $comment: 'me', roles: ['auditor'] } },
    roles: { $comment: 'custom roles', auditor: ['file:read'] },
    policies: [{ $comment: 'p', id: 'p', effect: 'deny', when: [{ $comment: 'c', attribute: 'tool', operator: 'eq', value: 'x' }] }],
    filesystem: { $comment: 'fs', $schema: 'x', roots: [{ $comment: 'root', path: '/srv' }] },
    databases: { $comment: 'dbs', main: { $comment: 'db', path: '/srv/db.sqlite', tables: { $comment: 't' } } },
    commands: { $comment: 'c', allow: { $comment: 'programs', git: { $comment: 'g' } }, env: { $comment: 'e', set: { $comment: 'not a variable' } } },
    rateLimits: { $comment: 'rl', tools: { $comment: 't', read_file: { $comment: 'x', limit: 1, windowMs: 10 } } },
    audit: { $comment: 'a', encryption: { $comment: 'k', keyEnv: 'K' } },
  });
  assert.deepEqual(Object.keys(c.users), ['me'], '$comment is not a user');
  assert.deepEqual(Object.keys(c.roles), ['auditor']);
  assert.deepEqual(Object.keys(c.databases), ['main']);
  assert.deepEqual(Object.keys(c.commands.allow), ['git']);
  assert.deepEqual(c.commands.env.set, {}, '$comment is not an environment variable');
  assert.deepEqual(Object.keys(c.rateLimits.tools), ['read_file']);
});

test('$comment must still be text', () => {
  assert.deepEqual(problems(() => parse({ filesystem: { $comment: 5 } })), ['filesystem.$comment: expected string, got 5']);
});

test('a bad enum says what is allowed, exactly', () => {
  assert.deepEqual(problems(() => parse({ filesystem: { roots: [{ path: '/srv', access: 'rw' }] } })),
    ['filesystem.roots[0].access: "rw" is not one of read, read-write']);
  assert.deepEqual(problems(() => parse({ commands: { sandbox: 'maybe' } })), ['commands.sandbox: "maybe" is not one of required, auto, off']);
  assert.deepEqual(problems(() => parse({ policies: [{ id: 'p', effect: 'block' }] })), ['policies[0].effect: "block" is not one of deny, ask, allow']);
});

test('every problem is listed, not just the first', () => {
  assert.deepEqual(problems(() => parse({ principal: 5, filesystem: { roots: [{ path: '/x', access: 'rw' }, { path: 3 }] } })), [
    'principal: expected string, got 5',
    'filesystem.roots[0].access: "rw" is not one of read, read-write',
    'filesystem.roots[1].path: expected string, got 3',
  ]);
});

test('a bad permission pattern says what a permission looks like', () => {
  assert.deepEqual(problems(() => parse({ users: { me: { permissions: ['file:rwx'] } } })), [
    'users.me.permissions[0]: expected a permission "resource:action" (resource file|database|command|*, action read|write|execute|*) or "*", got "file:rwx"',
  ]);
});

test('a rate limit of one form with a missing key names that key, not both forms', () => {
  assert.deepEqual(problems(() => parse({ rateLimits: { default: { limit: 5 } } })), ['rateLimits.default.windowMs: expected number, got nothing']);
  assert.deepEqual(problems(() => parse({ rateLimits: { tools: { read_file: { capacity: 5 } } } })),
    ['rateLimits.tools.read_file.refillPerSecond: expected number, got nothing']);
});

test('a record key that is not an allowed name says so', () => {
  assert.deepEqual(problems(() => parse({ databases: { 'my db': { path: '/x.db' } } })),
    ['databases.my db: "my db" is not an allowed name: expected a name of letters, digits, _ . -']);
});

test('an unknown role is a config error naming the user and the role', () => {
  assert.deepEqual(problems(() => parse({ users: { me: { roles: ['developper'] } } })),
    ['users.me.roles[0]: unknown role "developper"; known roles: admin, developer, analyst, readonly']);
});

test('an unknown tool in a policy or in rateLimits.tools is a config error', () => {
  assert.deepEqual(problems(() => parse({ policies: [{ id: 'p', effect: 'deny', tools: ['write_flie'] }] })),
    ['policies[0].tools[0]: unknown tool "write_flie"']);
  assert.deepEqual(problems(() => parse({ rateLimits: { tools: { write_flie: { limit: 1, windowMs: 1 } } } })),
    ['rateLimits.tools.write_flie: unknown tool "write_flie"']);
});

test('an unknown attribute is a config error that lists the known ones', () => {
  assert.deepEqual(problems(() => parse({ policies: [{ id: 'p', effect: 'deny', when: [{ attribute: 'resource.owner', operator: 'eq', value: 'x' }] }] })), [
    'policies[0].when[0].attribute: expected one of principal.id, principal.roles, tool, action, resource.type, resource.path, resource.database, resource.tables, resource.command, resource.args, context.hour, context.weekday, client.name or args.NAME, got "resource.owner"',
  ]);
});

test('an unknown operator is a config error listing the operators', () => {
  assert.deepEqual(problems(() => parse({ policies: [{ id: 'p', effect: 'deny', when: [{ attribute: 'tool', operator: 'matches', value: 'x' }] }] })), [
    'policies[0].when[0].operator: "matches" is not one of eq, ne, in, contains, startsWith, endsWith, glob, gt, gte, lt, lte',
  ]);
});

test('a failing policy example is a config error naming the policy', () => {
  const policy = {
    id: 'no-writes-in-docs', effect: 'deny', tools: ['write_file'],
    when: [{ attribute: 'resource.path', operator: 'glob', value: '**/docs/**' }],
    examples: {
      match: [{ tool: 'write_file', resource: { path: '/srv/doc/a.md' } }],
      notMatch: [{ tool: 'write_file', resource: { path: '/srv/docs/a.md' } }],
    },
  };
  assert.deepEqual(problems(() => parse({ policies: [policy] })), [
    'policies[0].examples.match[0]: policy "no-writes-in-docs" does not match this example, but it is listed under match',
    'policies[0].examples.notMatch[0]: policy "no-writes-in-docs" matches this example, but it is listed under notMatch',
  ]);
});

test('passing policy examples load', () => {
  const c = parse({ policies: [{
    id: 'ask-sql-writes', effect: 'ask', tools: ['sql_execute'],
    examples: { match: [{ tool: 'sql_execute' }], notMatch: [{ tool: 'sql_query' }] },
  }] });
  assert.equal(c.policies[0].id, 'ask-sql-writes');
  assert.equal(c.policies[0].priority, 0);
});

test('a malformed policy is refused: missing id, non-integer priority', () => {
  assert.deepEqual(problems(() => parse({ policies: [{ effect: 'deny', priority: 1.5 }] })), [
    'policies[0].id: expected string, got nothing',
    'policies[0].priority: expected int, got 1.5',
  ]);
});
