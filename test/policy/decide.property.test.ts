import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decide, type PolicyConfig } from '../../src/policy/decide.js';
import type { Condition, Policy } from '../../src/policy/abac.js';
import type { PolicyRequest } from '../../src/policy/attributes.js';
import { OPERATORS } from '../../src/policy/operators.js';
import { rbacGrant } from '../../src/policy/rbac.js';
import { PERMISSIONS } from '../../src/policy/permissions.js';

// Small value pools so that conditions often match, and sometimes fail to evaluate.
const PATHS = ['/srv/docs/a.md', '/srv/src/a.ts', '/srv/.env', '/srv/tmp/x'];
const TOOLS = ['read_file', 'write_file', 'move_file', 'sql_query', 'sql_execute', 'run_command'];
const PATTERNS = ['*', 'file:*', '*:read', 'file:read', 'file:write', 'database:read', 'database:write', 'command:execute', '*:write'];
const ROLES = ['admin', 'developer', 'analyst', 'readonly', 'custom', 'nobody'];

const value = fc.oneof(
  fc.constantFrom(...PATHS, ...TOOLS, '**/docs/**', '/srv/', '.env', 'developer', 'admin', 'x'),
  fc.integer({ min: 0, max: 24 }),
  fc.subarray([...PATHS, ...TOOLS, 'developer', 'admin']),
);
const condition: fc.Arbitrary<Condition> = fc.record({
  attribute: fc.constantFrom('resource.path', 'tool', 'principal.roles', 'context.hour', 'args.mode', 'resource.tables', 'client.name', 'action'),
  operator: fc.constantFrom(...OPERATORS),
  value,
});
const policies: fc.Arbitrary<Policy[]> = fc.uniqueArray(fc.record({
  id: fc.stringMatching(/^[a-z]{1,4}$/),
  effect: fc.constantFrom('deny', 'ask', 'allow') as fc.Arbitrary<Policy['effect']>,
  priority: fc.integer({ min: -1, max: 2 }),
  tools: fc.option(fc.subarray(TOOLS), { nil: undefined }),
  when: fc.array(condition, { maxLength: 2 }),
}, { requiredKeys: ['id', 'effect', 'priority', 'when'] }), { selector: (q) => q.id, maxLength: 8 });

const rbac = fc.record({
  roles: fc.subarray(ROLES),
  permissions: fc.subarray(PATTERNS, { maxLength: 2 }),
  custom: fc.subarray(PATTERNS, { maxLength: 2 }),
});

const req: fc.Arbitrary<PolicyRequest> = fc.record({
  tool: fc.constantFrom(...TOOLS),
  path: fc.option(fc.constantFrom(...PATHS), { nil: undefined }),
  tables: fc.option(fc.subarray(['users', 'secrets']), { nil: undefined }),
  mode: fc.option(fc.constantFrom('fast', 5), { nil: undefined }),
  hour: fc.integer({ min: 0, max: 23 }),
}).map(({ tool, path, tables, mode, hour }) => ({
  principal: { id: 'me', roles: [] },
  tool,
  action: 'x',
  resource: { type: 'file', ...(path ? { path } : {}), ...(tables ? { tables } : {}) },
  args: mode === undefined ? {} : { mode },
  context: { hour, weekday: 1 },
  client: {},
}));

function build(r: { roles: string[]; permissions: string[]; custom: string[] }, list: Policy[]): PolicyConfig {
  return { users: { me: { roles: r.roles, permissions: r.permissions } }, roles: { custom: r.custom }, policies: list };
}
const multiPaths = fc.option(fc.array(fc.constantFrom(...PATHS), { minLength: 2, maxLength: 3 }), { nil: undefined });

test('property: no policy set ever grants what RBAC does not', () => {
  fc.assert(fc.property(rbac, policies, req, fc.constantFrom(...PERMISSIONS), multiPaths, (r, list, request, permission, paths) => {
    const cfg = build(r, list);
    request.principal.roles = [...r.roles];
    const d = decide(cfg, request, permission, paths);
    if (!rbacGrant(cfg, 'me', permission).allowed) {
      assert.equal(d.effect, 'deny');
      assert.equal(d.implicit, true);
      assert.equal(d.policyId, undefined);
    }
  }), { numRuns: 3000 });
});

test('property: the order of policies in the file never changes a decision', () => {
  fc.assert(fc.property(rbac, policies, req, fc.constantFrom(...PERMISSIONS), multiPaths, fc.infiniteStream(fc.nat()),
    (r, list, request, permission, paths, randoms) => {
      // A Fisher–Yates shuffle driven by fast-check, so a failure shrinks and replays.
      const shuffled = [...list];
      for (let i = shuffled.length - 1; i > 0; i -= 1) {
        const j = randoms.next().value % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      request.principal.roles = [...r.roles];
      assert.deepEqual(decide(build(r, shuffled), request, permission, paths), decide(build(r, list), request, permission, paths));
    }), { numRuns: 3000 });
});

test('property: with several paths the verdict is the strictest of the single-path verdicts', () => {
  const rank = { allow: 0, ask: 1, deny: 2 };
  fc.assert(fc.property(rbac, policies, req, fc.array(fc.constantFrom(...PATHS), { minLength: 2, maxLength: 4 }), (r, list, request, paths) => {
    const cfg = build(r, list);
    request.principal.roles = [...r.roles];
    const each = paths.map((path) => decide(cfg, { ...request, resource: { ...request.resource, path } }, 'file:write'));
    const worst = Math.max(...each.map((d) => rank[d.effect]));
    assert.equal(rank[decide(cfg, request, 'file:write', paths).effect], worst);
  }), { numRuns: 1500 });
});
