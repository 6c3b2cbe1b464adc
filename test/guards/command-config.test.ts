// checkCommands: the config errors of the commands section, by key path.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { checkCommands } from '../../src/guards/command-config.js';
import { commandConfig, tempTree } from '../tools/command/helpers.js';

const tree = tempTree();
after(tree.cleanup);

test('interpreters and runners need dangerous: true', () => {
  const issues = checkCommands(commandConfig(tree, { allow: { sh: {}, python3: {}, npx: {}, make: {}, env: {}, xargs: {}, ls: {}, node: { dangerous: true } } }));
  assert.deepEqual(issues.map((i) => i.path).sort(), ['env', 'make', 'npx', 'python3', 'sh', 'xargs'].map((n) => `commands.allow.${n}.dangerous`));
  assert.match(issues[0].message, /expected true for sh/);
});

test('an alias of an interpreter is caught through its real file (rbash → bash)', () => {
  const [issue] = checkCommands(commandConfig(tree, { allow: { rbash: {} } }));
  assert.equal(issue.path, 'commands.allow.rbash.dangerous');
  assert.match(issue.message, /\(it is \/(usr\/)?bin\/bash\)/);
});

test('awk needs dangerous: true whichever alternative it resolves to (mawk or gawk)', () => {
  const real = fs.realpathSync('/usr/bin/awk');
  const [issue] = checkCommands(commandConfig(tree, { allow: { awk: {} } }));
  assert.equal(issue.path, 'commands.allow.awk.dangerous');
  assert.ok(issue.message.includes(`(it is ${real})`), issue.message);
  assert.deepEqual(checkCommands(commandConfig(tree, { allow: { gawk: {}, awk: { dangerous: true } } })), []);
});

test('refused subcommands and channel variables in env.set are config errors', () => {
  const issues = checkCommands(commandConfig(tree, { allow: { git: { subcommands: ['status', 'config'] } }, env: { set: { NODE_OPTIONS: '-r x', OK: '1' } } }));
  assert.deepEqual(issues.map((i) => i.path), ['commands.allow.git.subcommands[1]', 'commands.env.set.NODE_OPTIONS']);
});
