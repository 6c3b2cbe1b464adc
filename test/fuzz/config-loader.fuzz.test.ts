// Random JSON, near-valid configs and random file text through the loader: a ConfigError
// that lists problems, or a valid config that grants nothing the input did not say.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { loadConfig, parseConfig } from '../../src/startup.js';
import { ConfigError } from '../../src/config/issues.js';
import { tempDir } from '../helpers/temp.js';
import { fcAssert, fcParams } from '../helpers/reliability.js';
import { runCli } from '../helpers/cli.js';

const dir = tempDir('warden-fuzz-config-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const configPath = path.join(dir, 'mcp-warden.json');
const env = { HOME: dir, XDG_STATE_HOME: path.join(dir, 'state') };

const junk = fc.jsonValue({ maxDepth: 3 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: junk });
const pathText = fc.oneof(fc.constantFrom('/srv/a', 'rel/dir', '~/x', '~', '/', '..', '', '/srv/a/../b', 'C:\\x', '~root/x'), fc.string({ maxLength: 12 }));
const access = fc.constantFrom('read', 'read-write', 'write', 'READ', 'rw');
const permission = fc.constantFrom('file:read', 'file:write', 'file:*', 'database:read', 'database:write', 'command:execute', '*', '*:*', 'file', 'admin');
const limit = fc.oneof(fc.record({ capacity: fc.double(), refillPerSecond: fc.double() }), fc.record({ limit: fc.integer(), windowMs: fc.integer() }));

/** Configs that are mostly valid: the ones whose result must be no wider than the input. */
const validish = fc.record({
  principal: fc.constantFrom('me', 'other'),
  users: fc.dictionary(fc.constantFrom('me', 'other'), fc.record({ roles: fc.array(fc.constantFrom('developer', 'admin', 'readonly', 'analyst')) }, { requiredKeys: [] })),
  policies: fc.array(fc.record({ id: fc.constantFrom('p1', 'p2'), effect: fc.constantFrom('deny', 'ask', 'allow'), when: fc.constant([{ attribute: 'resource.path', operator: 'glob', value: '**/docs/**' }]) }), { maxLength: 2 }),
  filesystem: fc.record({
    roots: fc.array(fc.record({ path: fc.constantFrom('/srv/a', 'rel/dir', '~/x', '~', '/', '..', '/srv/a/../b'), access: access.filter((a) => a === 'read' || a === 'read-write') }, { requiredKeys: ['path'] }), { maxLength: 3 }),
    deny: fc.array(fc.constantFrom('*.pem', 'secrets/**', '/abs/**')),
    defaultDeny: fc.boolean(),
    hardLinks: fc.constantFrom('deny', 'allow'),
    unprotect: fc.array(fc.constantFrom('.npmrc', 'package.json', '.vscode')),
  }, { requiredKeys: [] }),
  databases: fc.dictionary(fc.constantFrom('main', 'logs'), fc.record({ path: fc.constantFrom('db/app.db', '/srv/x.db', '~/y.db'), access: access.filter((a) => a === 'read' || a === 'read-write') }, { requiredKeys: ['path'] })),
  commands: fc.record({
    allow: fc.dictionary(fc.constantFrom('ls', 'git', 'cat', 'grep'), fc.record({ subcommands: fc.array(fc.constantFrom('status', 'log')) }, { requiredKeys: [] })),
    sandbox: fc.constantFrom('required', 'auto', 'off'),
    network: fc.boolean(),
  }, { requiredKeys: [] }),
  rateLimits: fc.record({ default: fc.record({ capacity: fc.integer({ min: 1, max: 100 }), refillPerSecond: fc.nat(10) }) }, { requiredKeys: [] }),
}, { requiredKeys: [] });

/** Configs shaped like the real thing, wrong in small ways, with junk mixed in anywhere. */
const broken = fc.record({
  principal: maybe(fc.constantFrom('me', 'admin', '', 'other')),
  users: maybe(fc.dictionary(fc.constantFrom('me', 'admin', '__proto__', 'x'), fc.record({ roles: maybe(fc.array(fc.constantFrom('developer', 'admin', 'readonly', 'nope'))), permissions: maybe(fc.array(permission)) }, { requiredKeys: [] }))),
  roles: maybe(fc.dictionary(fc.constantFrom('developer', 'custom', 'admin'), fc.array(permission))),
  policies: maybe(fc.array(fc.record({ id: maybe(fc.string()), effect: maybe(fc.constantFrom('deny', 'ask', 'allow', 'grant')), priority: maybe(fc.integer()), tools: maybe(fc.array(fc.constantFrom('write_file', 'read_text_file', 'nope'))), when: maybe(fc.array(fc.record({ attribute: fc.constantFrom('resource.path', 'tool', 'args.path', 'bogus', '__proto__'), operator: fc.constantFrom('eq', 'glob', 'in', 'regex'), value: junk }))) }, { requiredKeys: [] }), { maxLength: 3 })),
  filesystem: maybe(fc.record({ roots: maybe(fc.array(fc.record({ path: maybe(pathText), access: maybe(access) }, { requiredKeys: [] }), { maxLength: 3 })), deny: maybe(fc.array(fc.constantFrom('*.pem', '!x', '', '[a', '{a', 'secrets/**'))), defaultDeny: maybe(fc.boolean()), hardLinks: maybe(fc.constantFrom('deny', 'allow', 'yes')), unprotect: maybe(fc.array(fc.constantFrom('.npmrc', 'package.json', '.git', 'anything'))), maxReadBytes: maybe(fc.integer()) }, { requiredKeys: [] })),
  databases: maybe(fc.dictionary(fc.constantFrom('main', 'bad name', 'x.db'), fc.record({ path: maybe(pathText), access: maybe(access), tables: maybe(fc.record({ allow: fc.array(fc.constantFrom('*', '', '[x')), deny: fc.array(fc.string({ maxLength: 4 })) }, { requiredKeys: [] })) }, { requiredKeys: [] }))),
  commands: maybe(fc.record({ allow: maybe(fc.dictionary(fc.constantFrom('ls', 'git', 'sh', 'node', '/bin/ls', 'awk'), fc.record({ dangerous: maybe(fc.boolean()), subcommands: maybe(fc.array(fc.constantFrom('status', 'config', 'log'))) }, { requiredKeys: [] }))), sandbox: maybe(fc.constantFrom('required', 'auto', 'off', 'none')), network: maybe(fc.boolean()), env: maybe(fc.record({ set: fc.dictionary(fc.constantFrom('FOO', 'NODE_OPTIONS', 'GIT_DIR', 'LD_PRELOAD'), fc.string({ maxLength: 3 })) }, { requiredKeys: [] })) }, { requiredKeys: [] })),
  rateLimits: maybe(fc.record({ default: maybe(limit), total: maybe(limit), tools: maybe(fc.dictionary(fc.constantFrom('write_file', 'nope'), limit)) }, { requiredKeys: [] })),
  audit: maybe(fc.record({ path: maybe(pathText), redact: maybe(fc.array(fc.string({ maxLength: 5 }))) }, { requiredKeys: [] })),
  typo: junk,
}, { requiredKeys: [] });
const configish = fc.oneof(validish, broken);

const given = (raw: any, ...keys: string[]) => keys.reduce((v, k) => (v && typeof v === 'object' && !Array.isArray(v) ? v[k] : undefined), raw);

/** The loader either refuses with located messages or returns a config no wider than the input. */
function judge(raw: unknown, load: () => ReturnType<typeof parseConfig>): boolean {
  let config;
  try {
    config = load();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${(error as Error)?.stack ?? error}`);
    assert.ok(error.issues.length > 0, 'a ConfigError lists at least one problem');
    for (const issue of error.issues) assert.ok(typeof issue.message === 'string' && issue.message.length > 0, JSON.stringify(issue));
    return false;
  }
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.filesystem.roots), 'the config is frozen');
  const roots = given(raw, 'filesystem', 'roots') ?? [];
  assert.equal(config.filesystem.roots.length, roots.length, 'no root appears that was not given');
  config.filesystem.roots.forEach((r, i) => {
    assert.equal(r.access, roots[i].access ?? 'read', 'a root is as writable as it was said, read by default');
    assert.ok(path.isAbsolute(r.path));
  });
  const dbs = given(raw, 'databases') ?? {};
  for (const [name, db] of Object.entries(config.databases)) {
    assert.ok(Object.hasOwn(dbs, name), `database ${name} was not given`);
    assert.equal(db.access, dbs[name].access ?? 'read');
  }
  const commands = given(raw, 'commands', 'allow') ?? {};
  for (const [name, rule] of Object.entries(config.commands.allow)) {
    assert.ok(Object.hasOwn(commands, name), `command ${name} was not given`);
    assert.equal(rule.dangerous, commands[name].dangerous ?? false);
  }
  assert.equal(config.commands.sandbox, given(raw, 'commands', 'sandbox') ?? 'required');
  assert.equal(config.commands.network, given(raw, 'commands', 'network') ?? false);
  assert.equal(config.filesystem.hardLinks, given(raw, 'filesystem', 'hardLinks') ?? 'deny');
  assert.equal(config.filesystem.defaultDeny, given(raw, 'filesystem', 'defaultDeny') ?? true);
  for (const glob of given(raw, 'filesystem', 'deny') ?? []) assert.ok(config.filesystem.deny.includes(glob), 'every deny glob given is kept');
  assert.deepEqual(Object.keys(config.users).sort(), Object.keys(given(raw, 'users') ?? {}).filter((k) => k !== '$comment').sort(), 'no user appears');
  assert.equal(config.policies.length, (given(raw, 'policies') ?? []).length, 'every policy is kept, none added');
  assert.equal(config.principal, given(raw, 'principal') ?? 'default');
  return true;
}

test('random JSON values: a ConfigError or a config, never another exception', async () => {
  await fcAssert(fc.property(fc.jsonValue({ maxDepth: 4 }), (raw) => { judge(raw, () => parseConfig(raw, configPath, env)); }), fcParams(1000, 50_000));
});

test('near-valid configs: refused with located messages, or no wider than written', async () => {
  let valid = 0;
  await fcAssert(fc.property(configish, (raw) => { if (judge(raw, () => parseConfig(raw, configPath, env))) valid++; }), fcParams(1500, 50_000));
  // The widening checks must have had configs to judge.
  assert.ok(valid > 100, `only ${valid} valid configs were generated`);
});

test('random file text: a ConfigError, never a crash', async () => {
  const text = fc.oneof(fc.string({ maxLength: 200 }), configish.map((c) => JSON.stringify(c)).chain((t) => fc.nat(t.length).map((n) => t.slice(0, n))), fc.constant('\uFEFF{}'));
  await fcAssert(fc.property(text, (t) => {
    fs.writeFileSync(configPath, t);
    let raw: unknown;
    try { raw = JSON.parse(t.replace(/^\uFEFF/, '')); } catch { raw = undefined; }
    judge(raw, () => loadConfig({ flag: configPath, env, cwd: dir }));
  }), fcParams(500, 20_000));
});

test('the CLI refuses a random invalid config with exit 2 and the problem by key path', async () => {
  const samples = fc.sample(configish.filter((c) => {
    try { parseConfig(c, configPath, env); return false; } catch { return true; }
  }), { numRuns: 4, seed: 3 });
  for (const raw of samples) {
    fs.writeFileSync(configPath, JSON.stringify(raw));
    const r = runCli(['check', '--config', configPath], { env });
    assert.equal(r.code, 2, `${JSON.stringify(raw)}\n${r.stdout}${r.stderr}`);
    assert.match(r.stderr + r.stdout, /Invalid config/);
  }
});
