// The start-up probe and what each commands.sandbox mode does with its answer.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { probeSandbox } from '../../src/sandbox/probe.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { createPathGuard } from '../../src/guards/path.js';
import { commandConfig, makeCommandTools, tempTree } from '../tools/command/helpers.js';
import { rejectsWith } from '../helpers/asserts.js';

const tree = tempTree();
after(tree.cleanup);

test('bubblewrap is found in the trusted PATH and starts a sandbox here (CI installs it)', async () => {
  const s = await probeSandbox(['/usr/bin', '/bin']);
  assert.equal(s.available, true, s.reason);
  assert.equal(s.kind, 'bubblewrap');
  assert.equal(s.bwrap, '/usr/bin/bwrap');
});

test('without bwrap the probe says so and how to install it', async () => {
  const s = await probeSandbox([tree.root]);
  assert.equal(s.available, false);
  assert.match(s.reason!, /apt-get install bubblewrap/);
});

test('required: run_command refuses with the explanation when no sandbox is available', async () => {
  const config = commandConfig(tree, { allow: { ls: {} }, sandbox: 'required' });
  const sandbox = createSandbox(config, createPathGuard(config), [tree.root], () => {});
  const e = await rejectsWith(sandbox.decide(), 'denied', 'command.sandbox_unavailable');
  assert.match(e.message, /install bubblewrap|apt-get install bubblewrap/);
});

test('auto: one warning, then unsandboxed runs', async () => {
  const config = commandConfig(tree, { allow: { ls: {} }, sandbox: 'auto' });
  const warnings: string[] = [];
  const sandbox = createSandbox(config, createPathGuard(config), [tree.root], (m) => warnings.push(m));
  assert.equal(await sandbox.decide(), false);
  assert.equal(await sandbox.decide(), false);
  assert.equal(warnings.length, 1);
});

test('list_commands shows whether the sandbox is active', async () => {
  const on = await makeCommandTools(commandConfig(tree, { allow: { ls: {} }, sandbox: 'required' })).listCommands();
  assert.deepEqual(on.sandbox, { mode: 'required', active: true, kind: 'bubblewrap' });
  const off = await makeCommandTools(commandConfig(tree, { allow: { ls: {} }, sandbox: 'off' })).listCommands();
  assert.deepEqual(off.sandbox, { mode: 'off', active: false, kind: 'none' });
});
