// Programs come from system folders only, resolved once: never `.`, never a root, never
// the server's PATH.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { resolvePrograms, trustedPath, isInterpreter } from '../../src/guards/command-programs.js';
import { makeConfig, makeTools, tempTree } from '../tools/command/helpers.js';

const tree = tempTree();
after(tree.cleanup);

test('a fake ls planted in the root is never run, even with the server PATH starting with "."', async () => {
  const marker = path.join(tree.outside, 'fake-ls-ran');
  fs.writeFileSync(path.join(tree.root, 'ls'), `#!/bin/sh\ntouch ${marker}\necho FAKE\n`, { mode: 0o755 });
  const saved = { PATH: process.env.PATH, cwd: process.cwd() };
  process.env.PATH = `.:${tree.root}:${saved.PATH}`;
  process.chdir(tree.root);
  try {
    const { run, listCommands } = makeTools(makeConfig(tree, { allow: { ls: {} } }));
    const r = await run({ command: 'ls' });
    assert.equal(r.exitCode, 0);
    assert.ok(!r.stdout.includes('FAKE'), r.stdout);
    assert.ok(r.stdout.includes('a.txt'));
    assert.equal(fs.existsSync(marker), false, 'the planted ls ran');
    assert.ok(path.isAbsolute((await listCommands()).commands[0].path));
    assert.notEqual((await listCommands()).commands[0].path, path.join(tree.root, 'ls'));
  } finally {
    process.env.PATH = saved.PATH;
    process.chdir(saved.cwd);
  }
});

test('a system folder that lies inside (or contains) a root is not trusted', () => {
  const bin = path.join(tree.root, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  assert.deepEqual(trustedPath([tree.root], [bin, '/usr/bin', 'relative/bin', '.']), ['/usr/bin']);
  assert.deepEqual(trustedPath(['/'], ['/usr/bin']), []);
});

test('a program found only inside a root is reported, not offered', () => {
  const bin = path.join(tree.root, 'tools');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'mytool'), '#!/bin/sh\n', { mode: 0o755 });
  const r = resolvePrograms(makeConfig(tree, { allow: { mytool: {} } }), [bin, '/usr/bin']);
  assert.equal(r.programs.size, 0);
  assert.match(r.unresolved[0].reason, /not found in the trusted PATH \(\/usr\/bin\)/);
});

test('an interpreter without dangerous: true is not offered; awk counts when it is mawk', () => {
  const r = resolvePrograms(makeConfig(tree, { allow: { bash: {}, node: {}, awk: {}, cat: {} } }));
  assert.deepEqual([...r.programs.keys()], ['cat']);
  assert.deepEqual(r.unresolved.map((u) => u.name).sort(), ['awk', 'bash', 'node']);
  assert.equal(isInterpreter('python3.11'), true);
  assert.equal(isInterpreter('/usr/bin/gawk'), false);
});
