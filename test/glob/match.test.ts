// src/glob semantics: what the call sites rely on, the constructs it refuses, and its limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_GLOB_LIMITS, GlobError, compileGlob, globProblem } from '../../src/glob/index.js';

const CASES: Array<[string, string, boolean]> = [
  ['*.pem', 'server.pem', true], ['*.pem', '.pem', true], ['*', '.env', true], ['*', 'a/b', false],
  ['?', '.', true], ['a?c', 'a/c', false], ['**', 'a/b/.c', true], ['**/docs/**', '/srv/docs/a.md', true],
  ['**/docs/**', '/srv/docsx/a.md', false], ['a/**/b', 'a/b', true], ['a/**/b', 'a/x/y/b', true], ['a/**', 'a', true],
  ['**/x', 'x', true], ['src/**/*.ts', 'src/a/b.ts', true], ['src/**/*.ts', 'src/a/b.js', false],
  ['[abc]x', 'bx', true], ['[a-c]x', 'dx', false], ['[!a]x', 'bx', true], ['[!a]x', 'ax', false], ['[^a]x', 'bx', true],
  ['[!a]', '/', false], ['[[:digit:]]*', '7up', true], ['[[:alpha:]]', '1', false], ['[]]', ']', true],
  ['*.{js,ts}', 'a.ts', true], ['*.{js,ts}', 'a.rs', false], ['{a,{b,c}d}', 'cd', true], ['{a,{b,c}d}', 'c', false],
  ['f{1..3}', 'f2', true], ['f{1..3}', 'f4', false], ['{a}', '{a}', true], ['{a}', 'a', false],
  ['\\*', '*', true], ['\\*', 'x', false], ['a\\?', 'a?', true], ['file (1).txt', 'file (1).txt', true],
  ['./a', 'a', true], ['!a', 'b', true], ['!a', 'a', false], ['a/{**,b}/c', 'a/c', true], ['a/{**,b}/c', 'a/x/y/c', true],
];

test('glob semantics: dotfiles match, * stays in a segment, ** spans segments, classes, braces, escapes', () => {
  for (const [glob, input, want] of CASES) assert.equal(compileGlob(glob)(input), want, `${glob} on ${input}`);
});

test('a list matches when any glob does; nocase folds both sides (SQL table names)', () => {
  const m = compileGlob(['secrets', 'audit_*', '*.bak']);
  assert.deepEqual(['secrets', 'audit_2024', 'x.bak', 'users'].map(m), [true, true, true, false]);
  assert.equal(compileGlob(['secrets'], { nocase: true })('SeCrEtS'), true);
  assert.equal(compileGlob(['[a-c]x'], { nocase: true })('Bx'), true);
  assert.equal(compileGlob([])('anything'), false);
});

test('extglobs are refused with what to use instead', () => {
  for (const glob of ['@(a|b)', '!(a)', '+(a)', '*(a)', '?(a)', 'x/@(a)']) {
    assert.throws(() => compileGlob(glob), (e: unknown) => e instanceof GlobError && /is not supported; use braces \{a,b\}/.test(e.message), glob);
  }
});

test('strict globs (config) refuse unclosed brackets and braces; lax ones (agent) read them literally', () => {
  assert.match(globProblem('[abc', { strict: true })!, /^unclosed "\[" at position 0; write "\\\[" to match a literal "\["$/);
  assert.match(globProblem('**/*.{js', { strict: true })!, /^unclosed "\{" at position 5/);
  assert.equal(compileGlob('[abc')('[abc'), true);
  assert.equal(compileGlob('*.{js')('a.{js'), true);
  assert.match(globProblem('[a/b]')!, /a "\/" inside "\[…\]" at position 2 is not supported/);
  assert.match(globProblem('[[:nope:]]')!, /unknown character class "\[:nope:\]"/);
  assert.match(globProblem('[z-a]')!, /the range "z-a" is reversed/);
});

test('agent limits: each refusal names the limit and the allowed value', () => {
  const limits = AGENT_GLOB_LIMITS;
  const long = globProblem('a'.repeat(1025) + '*', { limits })!;
  assert.match(long, /is 1026 characters long; glob\.maxLength allows at most 1024$/);
  assert.ok(long.length < 200, 'the glob is quoted as an excerpt, not whole');
  assert.match(globProblem('{a,b}'.repeat(7), { limits })!, /expands to 128 alternatives; glob\.maxAlternatives allows at most 64$/);
  assert.match(globProblem('{1..100000}', { limits })!, /expands to 100000 alternatives; glob\.maxAlternatives allows at most 64$/);
  assert.match(globProblem('*?'.repeat(300), { limits })!, /compiles to \d+ automaton states; glob\.maxStates allows at most 1024/);
  assert.throws(() => compileGlob('{a,b}'.repeat(7), { limits }), (e: unknown) => e instanceof GlobError && e.limit?.name === 'glob.maxAlternatives' && e.limit.allowed === 64);
  assert.equal(globProblem('**/*.{ts,tsx,js,jsx,mjs,cjs}', { limits }), undefined);
});
