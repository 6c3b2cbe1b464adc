import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPolicies } from '../../src/policy/check.js';
import type { Policy } from '../../src/policy/abac.js';
import type { Permission } from '../../src/policy/permissions.js';

type Section = Parameters<typeof checkPolicies>[0];
const section = (over: Partial<Section> = {}): Section => ({ principal: 'me', users: { me: { roles: ['developer'], permissions: [] } }, roles: {}, policies: [], ...over });
// The tool table is handed in (policy knows no tool module); these tests need only one tool.
const tools: ReadonlyMap<string, Permission> = new Map([['write_file', 'file:write']]);
const check = (s: Section) => checkPolicies(s, tools);
const docs: Policy = { id: 'no-docs', effect: 'deny', priority: 0, tools: ['write_file'], when: [{ attribute: 'resource.path', operator: 'glob', value: '**/docs/**' }] };

test('a clean section has no issues', () => {
  assert.deepEqual(check(section({ policies: [docs] })), []);
});

test('an unknown role names the user, the index and the known roles', () => {
  assert.deepEqual(check(section({ users: { me: { roles: ['developer', 'dev'], permissions: [] } }, roles: { auditor: ['file:read'] } })), [
    { path: 'users.me.roles[1]', message: 'unknown role "dev"; known roles: admin, developer, analyst, readonly, auditor' },
  ]);
});

test('a role named like an Object.prototype key is unknown', () => {
  assert.equal(check(section({ users: { me: { roles: ['constructor'], permissions: [] } } }))[0].path, 'users.me.roles[0]');
});

test('an unknown tool in a policy is named with its index', () => {
  assert.deepEqual(check(section({ policies: [{ ...docs, tools: ['write_file', 'wirte_file'] }] })), [
    { path: 'policies[0].tools[1]', message: 'unknown tool "wirte_file"' },
  ]);
});

test('duplicate policy ids are refused (the id is the tie-break that makes order irrelevant)', () => {
  assert.deepEqual(check(section({ policies: [docs, { ...docs }] })), [{ path: 'policies[1].id', message: 'duplicate policy id "no-docs"' }]);
});

test('condition values that can never evaluate are config errors', () => {
  const cond = (operator: string, value: unknown) => ({ ...docs, when: [{ attribute: 'resource.path', operator, value }] }) as Policy;
  const messages = [cond('in', 'docs'), cond('gt', '5'), cond('eq', undefined), cond('startsWith', 5), cond('glob', '[abc')]
    .map((p) => check(section({ policies: [p] })).map((i) => `${i.path}: ${i.message}`));
  assert.deepEqual(messages, [
    ['policies[0].when[0].value: "in" needs a list value, got "docs"'],
    ['policies[0].when[0].value: "gt" needs a number, got "5"'],
    ['policies[0].when[0].value: "eq" needs a value'],
    ['policies[0].when[0].value: "startsWith" needs a string, got 5'],
    ['policies[0].when[0].value: bad glob "[abc": unclosed "[" at position 0; write "\\[" to match a literal "["'],
  ]);
});

test('examples: a match example the policy misses and a notMatch example it hits name the policy', () => {
  const withExamples = {
    ...docs,
    examples: {
      match: [{ tool: 'write_file', resource: { path: '/srv/docs/a.md' } }, { tool: 'write_file', resource: { path: '/srv/src/a.ts' } }],
      notMatch: [{ tool: 'read_file', resource: { path: '/srv/docs/a.md' } }, { tool: 'write_file', resource: { path: '/w/docs/x' } }],
    },
  };
  assert.deepEqual(check(section({ policies: [withExamples] })), [
    { path: 'policies[0].examples.match[1]', message: 'policy "no-docs" does not match this example, but it is listed under match' },
    { path: 'policies[0].examples.notMatch[1]', message: 'policy "no-docs" matches this example, but it is listed under notMatch' },
  ]);
});
