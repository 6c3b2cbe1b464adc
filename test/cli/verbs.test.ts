import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { runCli } from '../helpers/cli.js';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

test('--version prints the package version', () => {
  const result = runCli(['--version']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout.trim(), pkg.version);
});

// The verbs are a contract (DESIGN §6 and §7, docs/ARCHITECTURE.md): scripts, client configs
// and the docs type them, so none may disappear or be renamed. This list is the one place
// that pins them; help.test.ts checks each listed verb's own usage (`VERB --help`, `help VERB`).
const VERBS = [
  'serve', 'init', 'check', 'explain', 'schema', 'setup', 'import', 'doctor',
  'audit tail', 'audit search', 'audit show', 'audit verify', 'audit export', 'audit stats', 'audit prune', 'audit report',
  'auth hash-key',
];

test('--help has a usage line for every verb of the contract, and for no other', () => {
  const { stdout, code } = runCli(['--help']);
  assert.equal(code, 0);
  const section = stdout.slice(stdout.indexOf('\nVerbs:\n'), stdout.indexOf('\nOptions:\n'));
  // A usage line starts at column 2 with the verb and any subverb (`audit tail`), then its
  // flags or its text; continuation lines are indented further.
  const shown = section.split('\n').map((line) => /^ {2}([a-z][a-z-]*(?: [a-z][a-z-]*)?)(?= |$)/.exec(line)?.[1]).filter(Boolean);
  assert.deepEqual([...new Set(shown)], VERBS);
  assert.match(stdout, /^ {7}mcp-warden VERB --help +\(or: mcp-warden help VERB\)/m, 'the help verb');
  assert.match(stdout, /^ {2}-h, --help +/m);
  assert.match(stdout, /^ {2}-v, --version +/m);
});

test('every verb of the contract is dispatched, and `help` is a verb too', () => {
  // The unknown-verb error lists the dispatch table (src/cli/main.ts): one entry per verb or group.
  const unknown = runCli(['frobnicate']);
  const dispatched = /Verbs: ([a-z, -]+)\./.exec(unknown.stderr)?.[1].split(', ');
  assert.deepEqual(dispatched?.sort(), [...new Set(VERBS.map((verb) => verb.split(' ')[0]))].sort(), unknown.stderr);
  const help = runCli(['help']);
  assert.equal(help.code, 0);
  assert.equal(help.stdout, runCli(['--help']).stdout);
});

test('an unknown flag or verb is an error, exit 2', () => {
  assert.equal(runCli(['check', '--frobnicate']).code, 2);
  const unknown = runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown verb "frobnicate"/);
});

test('init writes a valid config for this folder and never overwrites', () => {
  const dir = tempDir();
  const first = runCli(['init'], { cwd: dir });
  assert.equal(first.code, 0, first.stderr);
  const written = JSON.parse(fs.readFileSync(path.join(dir, 'mcp-warden.json'), 'utf8'));
  assert.equal(written.filesystem.roots[0].path, dir);
  assert.ok(written.$comment);
  const check = runCli(['check'], { cwd: dir });
  assert.equal(check.code, 0, check.stderr);
  fs.writeFileSync(path.join(dir, 'mcp-warden.json'), '{"principal":"kept"}');
  const second = runCli(['init'], { cwd: dir });
  assert.equal(second.code, 1);
  assert.equal(fs.readFileSync(path.join(dir, 'mcp-warden.json'), 'utf8'), '{"principal":"kept"}');
});

test('schema prints the JSON Schema, and the shipped copy is up to date', () => {
  const { stdout, code } = runCli(['schema']);
  assert.equal(code, 0);
  const schema = JSON.parse(stdout);
  assert.equal(schema.type, 'object');
  assert.ok(schema.properties.filesystem && schema.properties.policies && schema.properties.$schema);
  const shipped = JSON.parse(fs.readFileSync(path.join(REPO, 'schema', 'mcp-warden.schema.json'), 'utf8'));
  assert.deepEqual(shipped, schema, 'run npm run build to regenerate schema/mcp-warden.schema.json');
});

test('explain shows each step and exits 0 allow, 1 deny, 3 ask', () => {
  const dir = tempDir();
  const file = path.join(dir, 'c.json');
  fs.writeFileSync(file, JSON.stringify({
    principal: 'me', users: { me: { roles: ['developer'] }, viewer: { roles: ['readonly'] } },
    policies: [{ id: 'ask-db', effect: 'ask', tools: ['list_databases'], message: 'confirm' }],
  }));
  const allow = runCli(['explain', '--config', file, '--tool', 'list_allowed_directories']);
  assert.equal(allow.code, 0, allow.stdout + allow.stderr);
  assert.match(allow.stdout, /1 rate limit: admitted/);
  assert.match(allow.stdout, /4 authorize: {2}allow: Allowed: file:read is granted by role "developer"/);
  const ask = runCli(['explain', '--config', file, '--tool', 'list_databases']);
  assert.equal(ask.code, 3);
  assert.match(ask.stdout, /Approval required by policy "ask-db": confirm/);
  const deny = runCli(['explain', '--config', file, '--tool', 'list_commands', '--principal', 'viewer']);
  assert.equal(deny.code, 1);
  assert.match(deny.stdout, /principal "viewer" has no role or permission that grants command:execute/);
  const invalid = runCli(['explain', '--config', file, '--tool', 'list_databases', '--args', '{"x":1}']);
  assert.equal(invalid.code, 1);
  assert.match(invalid.stdout, /2 validate: refused \(invalid_input\)/);
});

test('check validates the example config and prints each principal\'s tools', () => {
  const result = runCli(['check', '--config', path.join(REPO, 'mcp.config.example.json')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /policy examples pass/);
  assert.match(result.stdout, /Principal "me"/);
});
