// Programs come from system folders only, resolved once: never `.`, never a root, never
// the server's PATH.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { resolvePrograms, trustedPath, isInterpreter } from '../../src/guards/command-programs.js';
import { createCommandGuard } from '../../src/guards/command.js';
import { createPathGuard } from '../../src/guards/path.js';
import { spawnCapped } from '../../src/tools/command/spawn.js';
import { commandConfig, makeCommandTools, tempTree } from '../tools/command/helpers.js';

const tree = tempTree();
after(tree.cleanup);

test('a fake ls planted in the root is never run, even with the server PATH starting with "."', async () => {
  const marker = path.join(tree.outside, 'fake-ls-ran');
  fs.writeFileSync(path.join(tree.root, 'ls'), `#!/bin/sh\ntouch ${marker}\necho FAKE\n`, { mode: 0o755 });
  const saved = { PATH: process.env.PATH, cwd: process.cwd() };
  process.env.PATH = `.:${tree.root}:${saved.PATH}`;
  process.chdir(tree.root);
  try {
    const { run, listCommands } = makeCommandTools(commandConfig(tree, { allow: { ls: {} } }));
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
  const r = resolvePrograms(commandConfig(tree, { allow: { mytool: {} } }), [bin, '/usr/bin']);
  assert.equal(r.programs.size, 0);
  assert.match(r.unresolved[0].reason, /not found in the trusted PATH \(\/usr\/bin\)/);
});

test('an interpreter without dangerous: true is not offered; awk is one by name, whichever awk it is', () => {
  const r = resolvePrograms(commandConfig(tree, { allow: { bash: {}, node: {}, awk: {}, cat: {} } }));
  assert.deepEqual([...r.programs.keys()], ['cat']);
  assert.deepEqual(r.unresolved.map((u) => u.name).sort(), ['awk', 'bash', 'node']);
  assert.equal(isInterpreter('python3.11'), true);
  assert.equal(isInterpreter('/usr/bin/gawk'), false);
});

// /usr/bin/awk is a Debian alternative (mawk, or gawk once installed). A fixture folder per
// alternative holds an `awk` link to it, so both are tested whatever this machine has.
for (const [alt, injected] of [['mawk', false], ['gawk', true]] as const) {
  test(`awk → ${alt}: needs dangerous: true; ${injected ? 'gets --sandbox, so system() never runs' : 'gets no --sandbox (mawk has none) and system() runs'}`, async () => {
    const bin = path.join(tree.base, `bin-${alt}`);
    fs.mkdirSync(bin, { recursive: true });
    fs.symlinkSync(`/usr/bin/${alt}`, path.join(bin, 'awk'));
    const plain = resolvePrograms(commandConfig(tree, { allow: { awk: {} } }), [bin]);
    assert.equal(plain.programs.size, 0);
    assert.match(plain.unresolved[0].reason, new RegExp(`/usr/bin/${alt} is an interpreter`));

    const config = commandConfig(tree, { allow: { awk: { dangerous: true } } });
    const resolution = resolvePrograms(config, [bin]);
    assert.equal(resolution.programs.get('awk')?.realPath, `/usr/bin/${alt}`);
    const guard = createCommandGuard(config, createPathGuard(config), resolution);
    const marker = path.join(tree.outside, `marker-${alt}`);
    const { plan } = await guard.check({ command: 'awk', args: [`BEGIN{system("/usr/bin/touch ${marker}")}`] }, { sandboxed: false });
    assert.equal(plan.args[0] === '--sandbox', injected);
    const r = await spawnCapped({
      file: plan.program.path, args: plan.args, cwd: plan.cwd, env: plan.env, timeoutMs: plan.timeoutMs,
      maxOutputBytes: plan.maxOutputBytes, signal: new AbortController().signal,
    });
    // mawk is an interpreter, which is why it needs dangerous: true (and the sandbox).
    assert.equal(fs.existsSync(marker), !injected, r.stderr);
    if (injected) assert.match(r.stderr, /not allowed in sandbox mode/);
  });
}
