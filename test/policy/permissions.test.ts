import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { grants, isPermissionPattern, PERMISSIONS } from '../../src/policy/permissions.js';

const RESOURCES = ['file', 'database', 'command'];
const ACTIONS = ['read', 'write', 'execute'];
const ALL_PAIRS = RESOURCES.flatMap((r) => ACTIONS.map((a) => `${r}:${a}`));

/** The reference: a pattern is the explicit list of pairs it stands for, written out by enumeration. */
function expand(pattern: string): Set<string> {
  if (pattern === '*') return new Set(ALL_PAIRS);
  const parts = pattern.split(':');
  if (parts.length !== 2) return new Set();
  const [r, a] = parts;
  const rs = r === '*' ? RESOURCES : RESOURCES.filter((x) => x === r);
  const as = a === '*' ? ACTIONS : ACTIONS.filter((x) => x === a);
  return new Set(rs.flatMap((x) => as.map((y) => `${x}:${y}`)));
}

const VALID_PATTERNS = ['*', ...['file', 'database', 'command', '*'].flatMap((r) => ['read', 'write', 'execute', '*'].map((a) => `${r}:${a}`))];

test('wildcard matching agrees with the enumerated reference for every valid pattern and every resource:action pair', () => {
  for (const pattern of VALID_PATTERNS) {
    const reference = expand(pattern);
    for (const pair of ALL_PAIRS) assert.equal(grants(pattern, pair), reference.has(pair), `${pattern} vs ${pair}`);
  }
});

test('property: wildcard matching agrees with the reference for arbitrary pattern strings, too', () => {
  const part = fc.constantFrom('file', 'database', 'command', '*', 'read', 'write', 'execute', '', 'files', 'File', '**');
  const pattern = fc.oneof(
    fc.constantFrom(...VALID_PATTERNS),
    fc.array(part, { minLength: 1, maxLength: 3 }).map((ps) => ps.join(':')),
    fc.string(),
  );
  fc.assert(fc.property(pattern, fc.constantFrom(...ALL_PAIRS), (p, pair) => {
    assert.equal(grants(p, pair), expand(p).has(pair), `${JSON.stringify(p)} vs ${pair}`);
  }), { numRuns: 2000 });
});

test('property: a pattern the config accepts is exactly * or resource:action from the known words', () => {
  const part = fc.constantFrom('file', 'database', 'command', '*', 'read', 'write', 'execute', '', 'x');
  fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 3 }).map((ps) => ps.join(':')), (p) => {
    assert.equal(isPermissionPattern(p), VALID_PATTERNS.includes(p), p);
  }), { numRuns: 1000 });
});

test('file:* covers both file permissions and nothing else; *:read covers both reads', () => {
  assert.deepEqual(PERMISSIONS.filter((p) => grants('file:*', p)), ['file:read', 'file:write']);
  assert.deepEqual(PERMISSIONS.filter((p) => grants('*:read', p)), ['file:read', 'database:read']);
  assert.deepEqual(PERMISSIONS.filter((p) => grants('*', p)), [...PERMISSIONS]);
  assert.deepEqual(PERMISSIONS.filter((p) => grants('*:*', p)), [...PERMISSIONS]);
});

test('near-miss patterns grant nothing: a third segment, a prefix, case, an empty side', () => {
  for (const p of ['file:read:extra', 'file', 'fil:read', 'File:read', 'file:', ':read', 'file:Read', 'file:re*']) {
    assert.equal(PERMISSIONS.some((perm) => grants(p, perm)), false, p);
    assert.equal(isPermissionPattern(p), false, p);
  }
});
