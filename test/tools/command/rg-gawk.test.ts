// The rg and gawk rows of command-hazards.md, judged by effect: a marker outside the root
// must not appear, a secret from outside must not reach the output, code the guard should
// have refused must not run (RAN: a marker inside the root, which even sandboxed code
// could write), and a read-only root must stay as it is. Each attack runs unsandboxed
// (the guard alone must hold) and, where the colleague's tests use it, inside bubblewrap.
// rg is a recursive search, so unsandboxed it is always refused; its rows are judged
// in the sandbox.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { WardenError } from '../../../src/errors.js';
import { SECRET, commandConfig, makeCommandTools, tempTree } from './helpers.js';

const tree = tempTree();
after(tree.cleanup);
const MARKER = path.join(tree.outside, 'marker');
const RAN = path.join(tree.root, 'ran');
const readOnlyRoot = path.join(tree.base, 'ro');
const KEEP = path.join(readOnlyRoot, 'keep.txt');
// Present in the sandbox (system folders are bound read-only) but outside every root.
const PASSWD_LINE = /root:x:0:0:/;
const ALLOW = { rg: {}, gawk: {} };
const ROOTS = { filesystem: { roots: [{ path: tree.root, access: 'read-write' as const }, { path: readOnlyRoot, access: 'read' as const }] } };
let plain: ReturnType<typeof makeCommandTools>;
let boxed: ReturnType<typeof makeCommandTools>;

before(() => {
  // Run as a script it creates the markers and prints the secret; it is never run on purpose.
  const evil = `#!/bin/sh\ntouch ${RAN} ${MARKER}\ncat ${path.join(tree.outside, 'secret.txt')}\n`;
  fs.writeFileSync(path.join(tree.root, 'evil.sh'), evil, { mode: 0o644 });
  fs.writeFileSync(path.join(tree.root, '.env'), `API_KEY=${SECRET}\n`);
  fs.writeFileSync(path.join(tree.root, 'notes.txt'), 'API_KEY=placeholder\n');
  fs.symlinkSync(path.join(tree.outside, 'secret.txt'), path.join(tree.root, 'link'));
  fs.symlinkSync('/etc/passwd', path.join(tree.root, 'passwd-link'));
  // An awk program outside the root that would print the secret, and one inside that includes it.
  tree.write('outside/prog.awk', `BEGIN { print "${SECRET}" }\n`);
  fs.writeFileSync(path.join(tree.root, 'inc.awk'), `@include "${path.join(tree.outside, 'prog.awk')}"\n`);
  fs.symlinkSync(path.join(tree.outside, 'prog.awk'), path.join(tree.root, 'prog-link.awk'));
  // A non-awk secret: @include echoes its first line in the syntax error.
  tree.write('outside/key', `-----BEGIN ${SECRET} KEY-----\nb3BlbnNzaC1rZXkt\n`);
  fs.mkdirSync(readOnlyRoot);
  fs.writeFileSync(KEEP, 'original');
  plain = makeCommandTools(commandConfig(tree, { allow: ALLOW }, ROOTS));
  boxed = makeCommandTools(commandConfig(tree, { allow: ALLOW, sandbox: 'required' }, ROOTS));
});

/** Runs the attack; a refusal is fine, a run is fine: only the effect is judged. */
async function attempt(tools: ReturnType<typeof makeCommandTools>, command: string, args: string[]) {
  for (const p of [MARKER, RAN]) fs.rmSync(p, { force: true });
  fs.writeFileSync(KEEP, 'original');
  let out = '';
  let refused: string | undefined;
  try {
    const r = await tools.run({ command, args });
    out = r.stdout + r.stderr;
  } catch (error) {
    if (!(error instanceof WardenError)) throw error;
    refused = error.detail.rule as string;
  }
  const what = `${command} ${args.join(' ')}`;
  assert.equal(fs.existsSync(MARKER), false, `${what} created the marker outside the root`);
  assert.equal(fs.existsSync(RAN), false, `${what} ran code`);
  assert.ok(!out.includes(SECRET), `${what} leaked the secret: ${out}`);
  assert.ok(!PASSWD_LINE.test(out), `${what} read /etc/passwd through a link: ${out}`);
  assert.equal(fs.readFileSync(KEEP, 'utf8'), 'original', `${what} wrote into the read-only root`);
  return { out, refused };
}

const both = async (command: string, args: string[]) => ({
  plain: await attempt(plain, command, args),
  boxed: await attempt(boxed, command, args),
});

// rg: --pre runs a program on every searched file (`/bin/sh` runs the file as a script,
// no +x needed). rg has no short form and no abbreviations of it. An absolute `/bin/sh`
// is also an operand outside the roots (the path guard refuses it too), so these rows
// check that the hazard rule is what refuses; `--pre sh` shows the effect on its own.
const RG_PRE: string[][] = [
  ['--pre', '/bin/sh', 'API', 'evil.sh'],
  ['--pre=/bin/sh', 'API', 'evil.sh'],
  ['--pre', 'sh', 'API', '.'],
  ['--pre-glob=*.sh', '--pre=/bin/sh', 'API', '.'],
  ['-n', '--pre', '/bin/sh', '--', 'API', 'evil.sh'],
];
for (const args of RG_PRE) {
  test(`rg ${args.join(' ')}: the preprocessor never runs`, async () => {
    const r = await both('rg', args);
    assert.equal(r.plain.refused, 'command.hazard');
    assert.equal(r.boxed.refused, 'command.hazard');
  });
}

test('rg accepts no abbreviation of --pre (so --pr is not a spelling of it), and the guard refuses it anyway', async () => {
  const control = spawnSync('rg', ['--pr=/bin/sh', 'API', path.join(tree.root, 'evil.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.notEqual(control.status, 0);
  assert.match(control.stderr, /unexpected|wasn't expected|not expected|Found argument/i);
  const r = await both('rg', ['--pr=/bin/sh', 'API', 'evil.sh']);
  assert.equal(r.boxed.refused, 'command.hazard');
});

test('the --pre attack works against rg itself (control)', () => {
  fs.rmSync(RAN, { force: true });
  spawnSync('rg', ['--pre', '/bin/sh', 'x', 'evil.sh'], { cwd: tree.root, stdio: 'ignore' });
  assert.equal(fs.existsSync(RAN), true);
  fs.rmSync(RAN, { force: true });
  fs.rmSync(MARKER, { force: true });
});

for (const args of [['-L', 'root:', '.'], ['--follow', 'root:', '.'], ['-nL', 'root:'], ['-L', '--hidden', SECRET.slice(0, 10), '.']]) {
  test(`rg ${args.join(' ')}: does not follow links out of the root`, async () => {
    const r = await both('rg', args);
    assert.equal(r.boxed.refused, 'command.hazard');
  });
}

test('rg without -L recurses but leaves links alone (sandboxed)', async () => {
  const r = await boxed.run({ command: 'rg', args: ['-n', 'hello', '.'] });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /a\.txt:1:hello/);
});

test('RIPGREP_CONFIG_PATH in the server environment never reaches rg, even when env.inherit names it', async () => {
  fs.writeFileSync(path.join(tree.root, 'rg.conf'), '--pre=/bin/sh\n');
  const tools = makeCommandTools(commandConfig(tree, {
    allow: ALLOW, sandbox: 'required', env: { inherit: ['HOME', 'LANG', 'LC_*', 'TERM', 'RIPGREP_CONFIG_PATH'] },
  }, ROOTS));
  process.env.RIPGREP_CONFIG_PATH = path.join(tree.root, 'rg.conf');
  try {
    const { refused } = await attempt(tools, 'rg', ['API', 'evil.sh']);
    assert.equal(refused, undefined, 'rg was expected to run');
    // Control: rg does read that config file when it gets the variable.
    spawnSync('rg', ['API', 'evil.sh'], { cwd: tree.root, stdio: 'ignore', env: { ...process.env } });
    assert.equal(fs.existsSync(RAN), true, 'the config file did not make rg run /bin/sh');
  } finally {
    delete process.env.RIPGREP_CONFIG_PATH;
    fs.rmSync(RAN, { force: true });
    fs.rmSync(MARKER, { force: true });
  }
});

for (const args of [['--hidden', 'API_KEY', '.'], ['-uuu', 'API_KEY'], ['API_KEY', '.env']]) {
  test(`rg ${args.join(' ')}: the deny-globbed .env stays hidden`, async () => {
    const r = await both('rg', args);
    assert.ok(r.plain.refused !== undefined, 'an unsandboxed rg was let through');
    if (args.includes('.env')) {
      assert.equal(r.boxed.refused, 'command.path');
    } else {
      assert.equal(r.boxed.refused, undefined, r.boxed.out);
      assert.match(r.boxed.out, /notes\.txt/);
    }
  });
}

test('unsandboxed, every rg call is refused (it searches; only the sandbox masks .env)', async () => {
  const { refused } = await attempt(plain, 'rg', ['API_KEY', 'notes.txt']);
  assert.equal(refused, 'command.search_unsandboxed');
});

// gawk: --sandbox is always injected; what it does not stop is refused by the guard.
const GAWK: string[][] = [
  [`BEGIN { system("touch ${MARKER} ${RAN}") }`],
  [`BEGIN { print "x" > "${MARKER}" }`],
  ['BEGIN { print "x" > "../outside/marker" }'],
  [`BEGIN { print "x" | "sh evil.sh" }`],
  ['BEGIN { while (("sh evil.sh" | getline line) > 0) print line }'],
  [`BEGIN { while ((getline line < "${path.join(tree.outside, 'secret.txt')}") > 0) print line }`],
  [`BEGIN { ARGV[ARGC++] = "${path.join(tree.outside, 'secret.txt')}" } { print }`],
  // Options that write a file of their own, untouched by --sandbox.
  ['-W', 'dump-variables=../outside/marker', 'BEGIN { x = 1 }'],
  ['-W', `pretty-print=${KEEP}`, 'BEGIN { x = 1 }'],
  [`--pretty-print=${KEEP}`, 'BEGIN { x = 1 }'],
  [`--dump=${KEEP}`, 'BEGIN { x = 1 }'],
  [`-p${KEEP}`, 'BEGIN { x = 1 }'],
  // Program files from outside, named or included.
  ['-f', path.join(tree.outside, 'prog.awk')],
  ['-f', '../outside/prog.awk'],
  ['-f../outside/prog.awk'],
  ['--file=../outside/prog.awk'],
  ['-f', 'prog-link.awk'],
  ['-i', '../outside/prog.awk', 'BEGIN { }'],
  [`@include "${path.join(tree.outside, 'prog.awk')}"`],
  ['@ include "../outside/prog.awk"'],
  ['-e', '@include "../outside/key"'],
  ['-f', 'inc.awk'],
];
for (const args of GAWK) {
  test(`gawk ${args.join(' ')}: no marker, no code run, no secret, read-only root intact`, async () => {
    await both('gawk', args);
  });
}

test('gawk always gets --sandbox: system() fails instead of running', async () => {
  const { out, refused } = await attempt(plain, 'gawk', [`BEGIN { system("touch ${RAN}") }`]);
  assert.equal(refused, undefined);
  assert.match(out, /not allowed in sandbox mode/);
});

test('the gawk attacks work without the guard (control)', () => {
  const gawk = (args: string[]) => spawnSync('gawk', args, { cwd: tree.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  gawk([`BEGIN { system("touch ${RAN}") }`]);
  assert.equal(fs.existsSync(RAN), true, 'system() without --sandbox');
  gawk(['--sandbox', '-W', 'dump-variables=../outside/marker', 'BEGIN { x = 1 }']);
  assert.equal(fs.existsSync(MARKER), true, '-W dump-variables with --sandbox');
  assert.ok(gawk(['--sandbox', '@ include "../outside/prog.awk"']).stdout.includes(SECRET), '@include with --sandbox');
  assert.ok(gawk(['--sandbox', '@include "../outside/key"']).stderr.includes(SECRET), '@include of a non-awk file');
  for (const p of [RAN, MARKER]) fs.rmSync(p, { force: true });
});

test('ordinary gawk still runs unsandboxed: inline program, data file in the root', async () => {
  const r = await plain.run({ command: 'gawk', args: ['-F=', '{ print NR ": " $1 }', 'notes.txt'] });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout, '1: API_KEY\n');
});

test('a gawk program file in the root runs only in the sandbox, where outside files are absent', async () => {
  fs.writeFileSync(path.join(tree.root, 'count.awk'), 'END { print NR }\n');
  assert.equal((await attempt(plain, 'gawk', ['-f', 'count.awk', 'a.txt'])).refused, 'command.search_unsandboxed');
  const r = await boxed.run({ command: 'gawk', args: ['-f', 'count.awk', 'a.txt'] });
  assert.equal(r.stdout, '2\n', r.stderr);
  const inc = await attempt(boxed, 'gawk', ['-f', 'inc.awk']);
  assert.equal(inc.refused, undefined);
  assert.match(inc.out, /can't open source file|No such file/);
});
