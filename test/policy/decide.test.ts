import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type PolicyConfig } from '../../src/policy/decide.js';
import type { Condition, Policy } from '../../src/policy/abac.js';
import type { PolicyRequest } from '../../src/policy/attributes.js';

function request(tool = 'write_file', path = '/srv/docs/a.md', roles = ['developer']): PolicyRequest {
  return {
    principal: { id: 'me', roles },
    tool,
    action: 'write',
    resource: { type: 'file', path },
    args: {},
    context: { hour: 14, weekday: 3 },
    client: {},
  };
}

function config(policies: Policy[], roles = ['developer'], permissions: string[] = []): PolicyConfig {
  return { users: { me: { roles, permissions } }, roles: {}, policies };
}

const inDocs: Condition = { attribute: 'resource.path', operator: 'glob', value: '**/docs/**' };
const p = (id: string, effect: Policy['effect'], priority = 0, when: Condition[] = [inDocs], message?: string): Policy =>
  ({ id, effect, priority, when, ...(message ? { message } : {}) });

test('implicit deny: no role grants the permission, with the sentence that says so', () => {
  const d = decide(config([], ['readonly']), request(), 'file:write');
  assert.deepEqual(d, {
    effect: 'deny', permission: 'file:write', implicit: true,
    reason: 'Denied: principal "me" has no role or permission that grants file:write, which write_file needs.',
  });
});

test('explicit deny names the policy id and shows its message', () => {
  const d = decide(config([p('no-docs', 'deny', 10, [inDocs], 'Docs are read-only.')]), request(), 'file:write');
  assert.deepEqual(d, {
    effect: 'deny', permission: 'file:write', policyId: 'no-docs', message: 'Docs are read-only.',
    reason: 'Denied by policy "no-docs": Docs are read-only.',
  });
  assert.equal(decide(config([p('no-docs', 'deny')]), request(), 'file:write').reason, 'Denied by policy "no-docs".');
});

test('ask and allow verdicts carry their sentences', () => {
  assert.equal(decide(config([p('ask-docs', 'ask')]), request(), 'file:write').reason, 'Approval required by policy "ask-docs".');
  assert.equal(decide(config([p('ok-docs', 'allow')]), request(), 'file:write').reason,
    'Allowed: file:write is granted by role "developer"; policy "ok-docs" allows it.');
  assert.equal(decide(config([p('ok-docs', 'allow')]), request('write_file', '/srv/src/a.ts'), 'file:write').reason,
    'Allowed: file:write is granted by role "developer"; no policy narrows it.');
  assert.equal(decide(config([], [], ['file:*']), request(), 'file:write').reason,
    'Allowed: file:write is granted by permission "file:*"; no policy narrows it.');
});

test('an allow policy never grants what no role gives', () => {
  const d = decide(config([p('allow-everything', 'allow', 100, [])], ['readonly']), request(), 'file:write');
  assert.equal(d.effect, 'deny');
  assert.equal(d.implicit, true);
});

test('at equal priority deny beats ask beats allow', () => {
  assert.equal(decide(config([p('a', 'allow', 5), p('b', 'ask', 5), p('c', 'deny', 5)]), request(), 'file:write').policyId, 'c');
  assert.equal(decide(config([p('a', 'allow', 5), p('b', 'ask', 5)]), request(), 'file:write').effect, 'ask');
});

test('a higher-priority allow exempts the request from a lower-priority deny', () => {
  const d = decide(config([p('no-docs', 'deny', 1), p('docs-ok-for-me', 'allow', 2)]), request(), 'file:write');
  assert.equal(d.effect, 'allow');
  assert.equal(d.policyId, 'docs-ok-for-me');
});

test('a higher-priority deny is not lifted by a lower-priority allow', () => {
  const d = decide(config([p('ok', 'allow', 1), p('no', 'deny', 2)]), request(), 'file:write');
  assert.equal(d.policyId, 'no');
});

test('several paths: each is judged and the strictest verdict wins, naming the policy that decided it', () => {
  const policies = [
    p('ask-tmp', 'ask', 0, [{ attribute: 'resource.path', operator: 'startsWith', value: '/srv/tmp/' }]),
    p('no-docs', 'deny', 0),
  ];
  const move = request('move_file', '/srv/tmp/a.md');
  const d = decide(config(policies), move, 'file:write', ['/srv/tmp/a.md', '/srv/docs/a.md']);
  assert.equal(d.effect, 'deny');
  assert.equal(d.policyId, 'no-docs', 'the destination decided, though the source came first');
  assert.equal(decide(config(policies), move, 'file:write', ['/srv/src/a.md', '/srv/tmp/b.md']).effect, 'ask');
  assert.equal(decide(config(policies), move, 'file:write', ['/srv/src/a.md', '/srv/src/b.md']).effect, 'allow');
});

test('a single path in paths is the path judged', () => {
  const d = decide(config([p('no-docs', 'deny')]), request('write_file', '/srv/src/a.md'), 'file:write', ['/srv/docs/a.md']);
  assert.equal(d.policyId, 'no-docs');
});

test('a policy whose condition fails to evaluate denies (deny) but never exempts (allow)', () => {
  const broken = [{ attribute: 'resource.path', operator: 'lt' as const, value: 3 }];
  assert.equal(decide(config([p('broken-deny', 'deny', 0, broken)]), request(), 'file:write').policyId, 'broken-deny');
  const d = decide(config([p('broken-allow', 'allow', 9, broken), p('no-docs', 'deny', 1)]), request(), 'file:write');
  assert.equal(d.policyId, 'no-docs');
});
