import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderPolicies, policyMatches, firstMatch, type Policy } from '../../src/policy/abac.js';
import { readAttribute, isKnownAttribute, type PolicyRequest } from '../../src/policy/attributes.js';

function request(overrides: Partial<PolicyRequest> = {}): PolicyRequest {
  return {
    principal: { id: 'me', roles: ['developer'] },
    tool: 'write_file',
    action: 'write',
    resource: { type: 'file', path: '/srv/docs/a.md' },
    args: { path: 'docs/a.md', content: 'x', options: { mode: 'fast' } },
    context: { hour: 14, weekday: 3 },
    client: { name: 'claude-code' },
    ...overrides,
  };
}

const policy = (p: Partial<Policy> & Pick<Policy, 'id' | 'effect'>): Policy => ({ priority: 0, when: [], ...p });

test('a policy applies when its tool matches and all of its conditions hold', () => {
  const p = policy({
    id: 'p', effect: 'deny', tools: ['write_file'],
    when: [
      { attribute: 'resource.path', operator: 'glob', value: '**/docs/**' },
      { attribute: 'principal.roles', operator: 'contains', value: 'developer' },
      { attribute: 'args.options.mode', operator: 'eq', value: 'fast' },
      { attribute: 'client.name', operator: 'startsWith', value: 'claude' },
      { attribute: 'context.hour', operator: 'gte', value: 9 },
    ],
  });
  assert.equal(policyMatches(p, request()), true);
  assert.equal(policyMatches(p, request({ tool: 'edit_file' })), false, 'another tool');
  assert.equal(policyMatches(p, request({ context: { hour: 8, weekday: 3 } })), false, 'one condition fails');
});

test('a missing attribute makes the condition false, for deny as for allow', () => {
  const onPath = { attribute: 'resource.path', operator: 'ne' as const, value: '/nowhere' };
  const sql = request({ tool: 'sql_query', resource: { type: 'database', database: 'main', tables: ['t'] } });
  assert.equal(policyMatches(policy({ id: 'd', effect: 'deny', when: [onPath] }), sql), false);
  assert.equal(policyMatches(policy({ id: 'a', effect: 'allow', when: [onPath] }), sql), false);
  assert.equal(policyMatches(policy({ id: 'c', effect: 'deny', when: [{ attribute: 'client.name', operator: 'ne', value: 'x' }] }), request({ client: {} })), false);
});

test('a condition that fails to evaluate matches for deny and ask, and not for allow (fail secure)', () => {
  const broken = [{ attribute: 'resource.path', operator: 'gt' as const, value: 5 }];
  assert.equal(policyMatches(policy({ id: 'd', effect: 'deny', when: broken }), request()), true);
  assert.equal(policyMatches(policy({ id: 'q', effect: 'ask', when: broken }), request()), true);
  assert.equal(policyMatches(policy({ id: 'a', effect: 'allow', when: broken }), request()), false);
});

test('an evaluation error does not rescue a deny whose other condition is false', () => {
  const p = policy({ id: 'd', effect: 'deny', when: [
    { attribute: 'resource.path', operator: 'gt', value: 5 },
    { attribute: 'tool', operator: 'eq', value: 'read_file' },
  ] });
  assert.equal(policyMatches(p, request()), false);
});

test('attributes are read from own properties only: args.constructor is missing, not Object', () => {
  assert.equal(readAttribute(request(), 'args.constructor'), undefined);
  assert.equal(readAttribute(request(), 'args.toString'), undefined);
  assert.equal(readAttribute(request(), 'args.options.mode'), 'fast');
  assert.equal(readAttribute(request(), 'args.content.length'), undefined, 'no properties of a string');
  const p = policy({ id: 'd', effect: 'deny', when: [{ attribute: 'args.constructor', operator: 'ne', value: 'x' }] });
  assert.equal(policyMatches(p, request()), false);
});

test('attribute names: the DESIGN list and args.NAME, nothing else', () => {
  for (const ok of ['principal.id', 'principal.roles', 'tool', 'action', 'resource.type', 'resource.path', 'resource.database',
    'resource.tables', 'resource.command', 'resource.args', 'args.path', 'args.a.b', 'context.hour', 'context.weekday', 'client.name']) {
    assert.equal(isKnownAttribute(ok), true, ok);
  }
  for (const bad of ['resource.owner', 'principal', 'args', 'args.', 'args..x', 'context.minute', 'Tool', 'args.a-b']) {
    assert.equal(isKnownAttribute(bad), false, bad);
  }
});

test('evaluation order: priority first (higher first), then deny > ask > allow, then id', () => {
  const list = [
    policy({ id: 'b-allow', effect: 'allow', priority: 5 }),
    policy({ id: 'low-deny', effect: 'deny', priority: 1 }),
    policy({ id: 'a-ask', effect: 'ask', priority: 5 }),
    policy({ id: 'z-deny', effect: 'deny', priority: 5 }),
    policy({ id: 'a-deny', effect: 'deny', priority: 5 }),
    policy({ id: 'top-allow', effect: 'allow', priority: 10 }),
    policy({ id: 'neg', effect: 'deny', priority: -3 }),
  ];
  assert.deepEqual(orderPolicies(list).map((p) => p.id), ['top-allow', 'a-deny', 'z-deny', 'a-ask', 'b-allow', 'low-deny', 'neg']);
  assert.equal(list[0].id, 'b-allow', 'orderPolicies does not sort in place');
});

test('firstMatch skips policies that do not apply', () => {
  const ordered = orderPolicies([
    policy({ id: 'sql-only', effect: 'deny', priority: 9, tools: ['sql_query'] }),
    policy({ id: 'docs-ask', effect: 'ask', when: [{ attribute: 'resource.path', operator: 'glob', value: '**/docs/**' }] }),
  ]);
  assert.equal(firstMatch(ordered, request())?.id, 'docs-ask');
  assert.equal(firstMatch(ordered, request({ resource: { type: 'file', path: '/srv/src/a.ts' } })), undefined);
});

test('tools: [] applies to no tool; tools absent applies to every tool', () => {
  assert.equal(policyMatches(policy({ id: 'none', effect: 'deny', tools: [] }), request()), false);
  assert.equal(policyMatches(policy({ id: 'all', effect: 'deny' }), request()), true);
});
