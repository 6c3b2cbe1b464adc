// The matcher must see a denied option in every spelling of command-hazards.md §6.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedOption, deniedOption, parseOptionList } from '../../src/guards/command-options.js';

const tar = { long: ['to-command', 'checkpoint-action'], short: 'I', single: [] };
const find = { long: [], short: '', single: ['exec', 'fprintf'] };

test('--opt=value and --opt value are the same option', () => {
  assert.equal(deniedOption('--to-command=sh', tar), '--to-command');
  assert.equal(deniedOption('--to-command', tar), '--to-command');
});

test('every GNU prefix of a denied long option is that option (tar --to-com=, --checkpoint-ac=)', () => {
  assert.equal(deniedOption('--to-com=sh', tar), '--to-command');
  assert.equal(deniedOption('--checkpoint-ac=exec=x', tar), '--checkpoint-action');
  assert.equal(deniedOption('--t', tar), '--to-command');
});

test('a longer name that merely starts with a denied one is a different option', () => {
  assert.equal(deniedOption('--to-commands-please', tar), undefined);
  assert.equal(deniedOption('--totals', tar), undefined);
});

test('attached short values and bundles are searched letter by letter (-Iprog, -xvzIf)', () => {
  assert.equal(deniedOption('-Ish', tar), '-I');
  assert.equal(deniedOption('-xvzIf', tar), '-I');
  assert.equal(deniedOption('-xvzf', tar), undefined);
});

test('single-dash long options are matched whole, not as bundles (find -exec, -fprintf)', () => {
  assert.equal(deniedOption('-exec', find), '-exec');
  assert.equal(deniedOption('-fprintf', find), '-fprintf');
  assert.equal(deniedOption('-executable', find), undefined);
  assert.equal(deniedOption('-name', find), undefined);
});

test('operands are never options', () => {
  assert.equal(deniedOption('to-command', tar), undefined);
  assert.equal(deniedOption('-', tar), undefined);
  assert.equal(deniedOption('--', tar), undefined);
});

test('allowArgs: exact long names only, allowed letters only, "=" marks a value-taking letter', () => {
  const allow = parseOptionList(['--oneline', '-n=', '-v', '-name']);
  assert.equal(allowedOption('--oneline', allow), true);
  assert.equal(allowedOption('--one', allow), false, 'an abbreviation could stand for another option');
  assert.equal(allowedOption('-vn5', allow), true);
  assert.equal(allowedOption('-n-exec', allow), true, 'the rest after -n is its value');
  assert.equal(allowedOption('-vx', allow), false);
  assert.equal(allowedOption('-name', allow), true);
  assert.equal(allowedOption('-v5', allow), false, '-v takes no value, so 5 would be another flag');
});
