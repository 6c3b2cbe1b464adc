import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { configWith } from './helpers.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The CLI from source (others may be mid-build), as a real process; stdin is `input` and then closed. */
function cli(args: string[], input = '') {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'src', 'cli', 'main.ts'), ...args], {
    cwd: REPO, input, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('hash-key makes a key, prints it once with its hash and a config entry that authenticates it', async () => {
  const { code, stdout, stderr } = cli(['auth', 'hash-key', '--id', 'ci-bot', '--principal', 'ci']);
  assert.equal(code, 0, stderr);
  const key = /^ {2}(mw_[A-Za-z0-9_-]{43})$/m.exec(stdout)?.[1];
  const hash = /^Hash: (sha256:[0-9a-f]{64})$/m.exec(stdout)?.[1];
  assert.ok(key && hash, stdout);
  assert.equal(stdout.split(key).length - 1, 1, 'the key is printed exactly once');
  const snippet = JSON.parse(stdout.slice(stdout.indexOf('\n{') + 1));
  assert.deepEqual(snippet, { auth: { apiKeys: { 'ci-bot': { hash, principal: 'ci' } } } });
  const auth = createAuthenticator(configWith(snippet.auth));
  assert.deepEqual(await auth.authenticate({ 'x-api-key': key }), {
    ok: true, identity: { principal: 'ci', roles: ['analyst'], method: 'api-key', credentialId: 'ci-bot' },
  });
  const piped = cli(['auth', 'hash-key', '--stdin'], `${key}\n`);
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout, `${hash}\n`, 'the hash of the generated key matches; --stdin prints only the hash');
});

test('two runs make two different keys', () => {
  const keyOf = (out: string) => /^ {2}(mw_\S+)$/m.exec(out)?.[1];
  const a = keyOf(cli(['auth', 'hash-key']).stdout);
  const b = keyOf(cli(['auth', 'hash-key']).stdout);
  assert.ok(a && b);
  assert.notEqual(a, b);
});

test('--stdin hashes exactly the key piped in, without its line ending', () => {
  assert.equal(cli(['auth', 'hash-key', '--stdin'], 'abc').stdout, 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n');
  assert.equal(cli(['auth', 'hash-key', '--stdin'], 'abc\r\n').stdout, 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n');
});

test('a key as an argument is refused (exit 2) and not echoed', () => {
  const secret = 'mw_THIS_IS_A_SECRET_KEY_VALUE_0123456789abcd';
  for (const args of [[secret], ['--stdin', secret]]) {
    const run = cli(['auth', 'hash-key', ...args]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^auth hash-key takes no key as an argument \(it would stay in shell history and show in ps\); pipe it in: printf %s "\$KEY" \| mcp-warden auth hash-key --stdin\n/);
    assert.ok(!run.stderr.includes('SECRET'));
  }
  const flag = cli(['auth', 'hash-key', `--key=${secret}`]);
  assert.equal(flag.code, 2);
  assert.ok(!flag.stderr.includes('SECRET'), flag.stderr);
});

test('bad usage exits 2 with a message that says what to do', () => {
  const cases: Array<[string[], string, RegExp]> = [
    [['auth'], '', /^auth needs a verb: hash-key\./],
    [['auth', 'rotate'], '', /^auth needs a verb: hash-key\./],
    [['auth', 'hash-key', '--stdin'], '', /^--stdin read no key; pipe it in: /],
    [['auth', 'hash-key', '--stdin'], ' \n', /^--stdin read no key; /],
    [['auth', 'hash-key', '--stdin', '--id', 'x'], 'k', /^--id and --principal are for a new key; --stdin prints only the hash\./],
    [['auth', 'hash-key', '--id', 'no spaces'], '', /^--id takes a name of letters, digits, _ \. -/],
    [['auth', 'hash-key', '--frobnicate'], '', /^Unknown option '--frobnicate'/],
  ];
  for (const [args, input, message] of cases) {
    const run = cli(args, input);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, message);
    assert.match(run.stderr, /See mcp-warden --help\.\n$/);
    assert.equal(run.stdout, '');
  }
});

test('--help lists auth hash-key', () => {
  assert.match(cli(['--help']).stdout, /auth hash-key \[--id ID\] \[--principal P\]/);
});

const hasScript = process.platform === 'linux' && spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

test('--stdin on a terminal is refused rather than echoing a typed key', { skip: !hasScript && 'needs util-linux script for a pseudo-terminal' }, () => {
  const command = `${process.execPath} --import tsx ${path.join(REPO, 'src', 'cli', 'main.ts')} auth hash-key --stdin; echo "exit=$?"`;
  const run = spawnSync('script', ['-qc', command, '/dev/null'], { cwd: REPO, encoding: 'utf8', timeout: 30_000, input: '' });
  assert.match(run.stdout, /--stdin reads a key from a pipe, not from the terminal; pipe it in: /);
  assert.match(run.stdout, /exit=2/);
});
