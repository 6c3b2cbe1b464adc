// What only the sandbox can stop, judged by effect: interpreters are marked dangerous and
// the guard lets their code through, so hidden files, markers outside and read-only roots
// must hold inside bubblewrap.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SECRET, commandConfig, makeCommandTools, tempTree } from '../tools/command/helpers.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/command');
const tree = tempTree();
after(tree.cleanup);
const MARKER = path.join(tree.outside, 'marker');
const readOnlyRoot = path.join(tree.base, 'ro');
let tools: ReturnType<typeof makeCommandTools>;
const savedHome = process.env.HOME;

before(() => {
  fs.mkdirSync(readOnlyRoot);
  fs.writeFileSync(path.join(readOnlyRoot, 'keep.txt'), 'original');
  fs.copyFileSync(path.join(FIXTURES, 'read-ssh-key.sh'), path.join(tree.root, 'read-ssh-key.sh'));
  fs.writeFileSync(path.join(tree.root, 'target'), path.join(tree.outside, 'secret.txt'));
  fs.writeFileSync(path.join(tree.root, '.env'), `API_KEY=${SECRET}\n`);
  fs.writeFileSync(path.join(tree.root, 'notes.txt'), 'API_KEY=placeholder\n');
  fs.mkdirSync(path.join(tree.root, '.git', 'hooks'), { recursive: true });
  fs.writeFileSync(path.join(tree.root, 'mcp-warden.json'), `{"secret":"${SECRET}"}`);
  // The server's HOME is the fake home with .ssh/id_rsa holding the secret.
  process.env.HOME = tree.home;
  const config = commandConfig(tree, {
    allow: { bash: { dangerous: true }, awk: { dangerous: true }, mawk: { dangerous: true }, grep: {}, cat: {} }, sandbox: 'required',
  }, { filesystem: { roots: [{ path: tree.root, access: 'read-write' }, { path: readOnlyRoot, access: 'read' }] } });
  tools = makeCommandTools({ ...config, configPath: path.join(tree.root, 'mcp-warden.json') });
});
after(() => { process.env.HOME = savedHome; });

test('an interpreter script reading ~/.ssh and a file outside gets nothing', async () => {
  const r = await tools.run({ command: 'bash', args: ['read-ssh-key.sh'] });
  assert.equal(r.stdout, 'done\n');
  // Control: the same script unsandboxed does read the key.
  const plain = makeCommandTools(commandConfig(tree, { allow: { bash: { dangerous: true } }, sandbox: 'off' }));
  assert.ok((await plain.run({ command: 'bash', args: ['read-ssh-key.sh'] })).stdout.includes(SECRET));
});

test("mawk 'BEGIN{system(...)}' runs but cannot create a marker outside the root", async () => {
  const r = await tools.run({ command: 'mawk', args: [`BEGIN{system("touch ${MARKER}; echo ran")}`] });
  assert.match(r.stdout, /ran/);
  assert.equal(fs.existsSync(MARKER), false);
});

// /usr/bin/awk is a Debian alternative: mawk by default, gawk once gawk is installed.
// As gawk it gets --sandbox (system() fails); as mawk it runs and only bubblewrap holds.
test("awk 'BEGIN{system(...)}' cannot create a marker outside the root, whichever awk it is", async () => {
  const r = await tools.run({ command: 'awk', args: [`BEGIN{system("touch ${MARKER}; echo ran")}`] });
  if (path.basename(fs.realpathSync('/usr/bin/awk')) === 'gawk') assert.match(r.stderr, /not allowed in sandbox mode/);
  else assert.match(r.stdout, /ran/);
  assert.equal(fs.existsSync(MARKER), false);
});

test('grep -r over a deny-globbed .env finds the other files but not the secret', async () => {
  const r = await tools.run({ command: 'grep', args: ['-r', 'API_KEY', '.'] });
  assert.match(r.stdout, /notes\.txt/);
  assert.ok(!r.stdout.includes(SECRET), r.stdout);
});

test('the config file inside a root is masked', async () => {
  const r = await tools.run({ command: 'bash', args: ['-c', 'cat mcp-warden.json; echo end'] });
  assert.ok(!r.stdout.includes(SECRET), r.stdout);
});

test('a read-only root cannot be written, .git/hooks cannot be planted', async () => {
  await tools.run({ command: 'bash', args: ['-c', `echo changed > ${readOnlyRoot}/keep.txt; echo x > .git/hooks/pre-commit; chmod +x .git/hooks/pre-commit`] });
  assert.equal(fs.readFileSync(path.join(readOnlyRoot, 'keep.txt'), 'utf8'), 'original');
  assert.equal(fs.existsSync(path.join(tree.root, '.git', 'hooks', 'pre-commit')), false);
});

test('the read-write root is writable', async () => {
  const r = await tools.run({ command: 'bash', args: ['-c', 'echo made > made.txt'] });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(fs.readFileSync(path.join(tree.root, 'made.txt'), 'utf8'), 'made\n');
});

test('no network unless commands.network is true', async () => {
  const r = await tools.run({ command: 'bash', args: ['-c', 'ls /sys/class/net 2>/dev/null || cat /proc/net/dev'] });
  assert.ok(!/eth0|ens|enp|wlan/.test(r.stdout), r.stdout);
});

test('the host /tmp is replaced by a private one', async () => {
  const r = await tools.run({ command: 'bash', args: ['-c', `ls ${path.dirname(tree.base)} | wc -l`] });
  assert.ok(Number(r.stdout.trim()) <= 1, r.stdout);
});

test('secrets under /etc are masked inside the sandbox, even for root', async () => {
  const shadow = fs.readFileSync('/etc/shadow', 'utf8');
  assert.ok(shadow.length > 0, 'the host has a readable /etc/shadow (the tests run as root)');
  const r = await tools.run({ command: 'bash', args: ['-c', 'cat /etc/shadow /etc/gshadow 2>/dev/null; ls /etc/ssh 2>&1; echo done'] });
  assert.ok(!r.stdout.includes(shadow.split('\n')[0]), 'shadow lines never reach stdout');
  assert.match(r.stdout, /done/);
  // Control: the rest of /etc is still there, programs need it.
  const passwd = await tools.run({ command: 'bash', args: ['-c', 'head -1 /etc/passwd'] });
  assert.match(passwd.stdout, /^root:/);
});
