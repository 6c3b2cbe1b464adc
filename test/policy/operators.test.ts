import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOperator, EvaluationError, OPERATORS, type Operator } from '../../src/policy/operators.js';

test('the operator list is the one DESIGN §4 names: eq ne in contains startsWith endsWith glob gt gte lt lte', () => {
  assert.deepEqual([...OPERATORS], ['eq', 'ne', 'in', 'contains', 'startsWith', 'endsWith', 'glob', 'gt', 'gte', 'lt', 'lte']);
});

// [operator, attribute value, condition value, expected]
const CASES: Array<[Operator, unknown, unknown, boolean]> = [
  ['eq', 'alice', 'alice', true], ['eq', 'alice', 'Alice', false], ['eq', 9, 9, true], ['eq', 9, '9', false],
  ['ne', 'alice', 'bob', true], ['ne', 'alice', 'alice', false],
  ['in', 'sql_query', ['sql_query', 'sql_execute'], true], ['in', 'read_file', ['sql_query'], false],
  ['contains', '/srv/docs/a.md', 'docs', true], ['contains', '/srv/doc/a.md', 'docs', false],
  ['startsWith', '/srv/docs/a.md', '/srv/', true], ['startsWith', '/srv2/a', '/srv/', false],
  ['endsWith', '/srv/a.env', '.env', true], ['endsWith', '/srv/a.env.bak', '.env', false],
  ['glob', '/srv/docs/guide/a.md', '**/docs/**', true], ['glob', '/srv/src/a.md', '**/docs/**', false],
  ['glob', '/srv/.env', '**/*', true], // dot: true, so ** also covers dotfiles
  ['glob', '/srv/.git/config', '**/.git/**', true],
  ['gt', 18, 17, true], ['gt', 17, 17, false],
  ['gte', 17, 17, true], ['gte', 16, 17, false],
  ['lt', 8, 9, true], ['lt', 9, 9, false],
  ['lte', 9, 9, true], ['lte', 10, 9, false],
];

for (const [op, actual, expected, result] of CASES) {
  test(`${op}: ${JSON.stringify(actual)} ${op} ${JSON.stringify(expected)} is ${result}`, () => {
    assert.equal(applyOperator(op, actual, expected), result);
  });
}

test('list-valued attributes: eq/glob/startsWith/endsWith/gt match when any element does; ne when none is equal', () => {
  const tables = ['users', 'secrets'];
  assert.equal(applyOperator('eq', tables, 'secrets'), true);
  assert.equal(applyOperator('eq', tables, 'orders'), false);
  assert.equal(applyOperator('ne', tables, 'orders'), true);
  assert.equal(applyOperator('ne', tables, 'secrets'), false, 'one equal element is enough to fail ne');
  assert.equal(applyOperator('glob', tables, 'sec*'), true);
  assert.equal(applyOperator('startsWith', ['--force', '-v'], '--f'), true);
  assert.equal(applyOperator('endsWith', ['a.txt', 'b.pem'], '.pem'), true);
  assert.equal(applyOperator('gt', [1, 50], 10), true);
  assert.equal(applyOperator('lt', [11, 50], 10), false);
});

test('list-valued attributes: contains is membership, in is any-overlap', () => {
  assert.equal(applyOperator('contains', ['developer', 'ops'], 'ops'), true);
  assert.equal(applyOperator('contains', ['developer', 'ops'], 'op'), false, 'membership, not substring of an element');
  assert.equal(applyOperator('in', ['developer', 'ops'], ['admin', 'ops']), true);
  assert.equal(applyOperator('in', ['developer'], ['admin', 'ops']), false);
});

test('an empty list: eq matches nothing, ne holds', () => {
  assert.equal(applyOperator('eq', [], 'x'), false);
  assert.equal(applyOperator('ne', [], 'x'), true);
});

test('type mismatches throw EvaluationError (the caller decides fail-secure), never coerce', () => {
  const bad: Array<[Operator, unknown, unknown]> = [
    ['gt', '18', 17], ['gte', 18, '17'], ['lt', null, 1], ['lte', Number.NaN, 1],
    ['startsWith', 5, '5'], ['endsWith', 'a', 5], ['glob', 42, '*'], ['contains', 'abc', 1],
    ['in', 'a', 'abc'],
  ];
  for (const [op, actual, expected] of bad) {
    assert.throws(() => applyOperator(op, actual, expected), EvaluationError, `${op} ${JSON.stringify(actual)} ${JSON.stringify(expected)}`);
  }
});

test('glob is a glob, not a regular expression or a substring', () => {
  assert.equal(applyOperator('glob', '/srv/a.md', '*.md'), false, '* does not cross /');
  assert.equal(applyOperator('glob', '/srv/a.md', '/srv/*.md'), true);
  assert.equal(applyOperator('glob', '/srv/axmd', '/srv/a.md'), false, '. is literal');
});

test('a list element that cannot be compared is an error wherever it stands in the list', () => {
  assert.throws(() => applyOperator('gt', ['x', 1], 0), EvaluationError);
  assert.throws(() => applyOperator('gt', [1, 'x'], 0), EvaluationError, 'no short-circuit past the bad element');
});
