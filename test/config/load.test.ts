import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigNotFoundError, locateConfig } from '../../src/config/load.js';
import { loadConfig, parseConfig } from '../../src/startup.js';
import { ConfigError } from '../../src/config/issues.js';
import { problems } from '../helpers/config.js';
import { tempDir, type Owner } from '../helpers/temp.js';

function write(file: string, content: unknown): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** Four candidate configs, one per rule of the lookup order, each with its own principal. */
function layout(t: Owner) {
  const dir = tempDir('warden-config-', t);
  const cwd = path.join(dir, 'project');
  const files = {
    flag: write(path.join(dir, 'flag.json'), { principal: 'from-flag' }),
    env: write(path.join(dir, 'env.json'), { principal: 'from-env' }),
    local: write(path.join(cwd, 'mcp-warden.json'), { principal: 'from-cwd' }),
    user: write(path.join(dir, 'xdg', 'mcp-warden', 'config.json'), { principal: 'from-user' }),
  };
  return { dir, cwd, files, env: { XDG_CONFIG_HOME: path.join(dir, 'xdg'), MCP_WARDEN_CONFIG: files.env } };
}

test('lookup order: --config beats MCP_WARDEN_CONFIG beats ./mcp-warden.json beats the user config folder', (t) => {
  const { cwd, files, env } = layout(t);
  assert.deepEqual(locateConfig({ flag: files.flag, env, cwd }), { path: files.flag, from: '--config' });
  assert.equal(loadConfig({ flag: files.flag, env, cwd }).principal, 'from-flag');
  assert.deepEqual(locateConfig({ env, cwd }), { path: files.env, from: 'MCP_WARDEN_CONFIG' });
  assert.equal(loadConfig({ env, cwd }).principal, 'from-env');
  const noVar = { XDG_CONFIG_HOME: env.XDG_CONFIG_HOME };
  assert.deepEqual(locateConfig({ env: noVar, cwd }), { path: files.local, from: './mcp-warden.json' });
  assert.equal(loadConfig({ env: noVar, cwd }).principal, 'from-cwd');
  fs.rmSync(files.local);
  assert.deepEqual(locateConfig({ env: noVar, cwd }), { path: files.user, from: 'user config folder' });
  assert.equal(loadConfig({ env: noVar, cwd }).principal, 'from-user');
});

test('a relative --config or MCP_WARDEN_CONFIG resolves against the working folder', (t) => {
  const { dir, cwd, files } = layout(t);
  assert.equal(locateConfig({ flag: '../flag.json', env: {}, cwd })?.path, files.flag);
  assert.equal(locateConfig({ env: { MCP_WARDEN_CONFIG: '../env.json' }, cwd })?.path, path.join(dir, 'env.json'));
});

test('an explicit --config that does not exist is an error, not a fallback to the next rule', (t) => {
  const { cwd, env } = layout(t);
  const missing = path.join(cwd, 'nope.json');
  assert.deepEqual(problems(() => loadConfig({ flag: missing, env, cwd })), [
    `: cannot read ${missing} (found via --config): the file does not exist`,
  ]);
});

test('no config anywhere: a clear error that says where it looked and how to make one', (t) => {
  const dir = tempDir('warden-config-', t);
  const env = { XDG_CONFIG_HOME: path.join(dir, 'xdg') };
  assert.equal(locateConfig({ env, cwd: dir }), undefined);
  assert.throws(() => loadConfig({ env, cwd: dir }), (error: unknown) => {
    assert.ok(error instanceof ConfigNotFoundError);
    assert.equal(error.message,
      `No config file found. Looked in order at: --config FILE, MCP_WARDEN_CONFIG, ${path.join(dir, 'mcp-warden.json')}, ${path.join(dir, 'xdg', 'mcp-warden', 'config.json')}.\n`
      + 'Create one with `mcp-warden init` (writes ./mcp-warden.json for this folder) or pass --config FILE.');
    return true;
  });
});

test('invalid JSON is a config error that names the file', (t) => {
  const file = write(path.join(tempDir('warden-config-', t), 'mcp-warden.json'), '{ "principal": "me", }');
  assert.throws(() => loadConfig({ flag: file, env: {} }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.issues.length, 1);
    assert.equal(error.issues[0].path, '');
    assert.match(error.issues[0].message, /^not valid JSON: /);
    assert.match(error.message, new RegExp(`^Invalid config in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\n  \\(top level\\): not valid JSON: `));
    return true;
  });
});

test('a config saved with a UTF-8 byte-order mark loads', (t) => {
  const file = write(path.join(tempDir('warden-config-', t), 'mcp-warden.json'), '\uFEFF{"principal":"bom"}');
  assert.equal(loadConfig({ flag: file, env: {} }).principal, 'bom');
});

test('a JSON value that is not an object is refused', (t) => {
  const file = write(path.join(tempDir('warden-config-', t), 'mcp-warden.json'), '[]');
  assert.deepEqual(problems(() => loadConfig({ flag: file, env: {} })), [': expected object, got []']);
});

test('relative paths resolve against the config file\'s folder, not the working folder', (t) => {
  const dir = tempDir('warden-config-', t);
  const cfgDir = path.join(dir, 'conf');
  const file = write(path.join(cfgDir, 'mcp-warden.json'), {
    filesystem: { roots: [{ path: 'work' }, { path: '../elsewhere', access: 'read-write' }, { path: '/abs' }] },
    databases: { main: { path: 'data/main.db' } },
    commands: { cwd: 'work' },
    log: { file: 'logs/warden.log' },
    audit: { path: 'state/audit.db' },
  });
  const c = loadConfig({ flag: file, env: {}, cwd: os.tmpdir() });
  assert.deepEqual(c.filesystem.roots.map((r) => r.path), [path.join(cfgDir, 'work'), path.join(dir, 'elsewhere'), '/abs']);
  assert.equal(c.databases.main.path, path.join(cfgDir, 'data', 'main.db'));
  assert.equal(c.commands.cwd, path.join(cfgDir, 'work'));
  assert.equal(c.log.file, path.join(cfgDir, 'logs', 'warden.log'));
  assert.equal(c.auditPath, path.join(cfgDir, 'state', 'audit.db'));
  assert.equal(c.audit.path, c.auditPath);
  assert.equal(c.configPath, file);
});

test('~ expands to the home folder in every path key', (t) => {
  const file = write(path.join(tempDir('warden-config-', t), 'mcp-warden.json'), {
    filesystem: { roots: [{ path: '~' }, { path: '~/code' }] },
    databases: { main: { path: '~/db/main.db' } },
    audit: { path: '~/audit.db' },
  });
  const c = loadConfig({ flag: file, env: {} });
  const home = os.homedir();
  assert.deepEqual(c.filesystem.roots.map((r) => r.path), [home, path.join(home, 'code')]);
  assert.equal(c.databases.main.path, path.join(home, 'db', 'main.db'));
  assert.equal(c.auditPath, path.join(home, 'audit.db'));
});

test('~user and a ~ inside a name are not expanded', (t) => {
  const dir = tempDir('warden-config-', t);
  const c = parseConfig({ filesystem: { roots: [{ path: '~bob/x' }, { path: 'a~/b' }] } }, path.join(dir, 'mcp-warden.json'), {});
  assert.deepEqual(c.filesystem.roots.map((r) => r.path), [path.join(dir, '~bob', 'x'), path.join(dir, 'a~', 'b')]);
});

test('without audit.path the audit log goes to the user state folder, outside any workspace', () => {
  const c = parseConfig({}, '/etc/warden-test/mcp-warden.json', { XDG_STATE_HOME: '/var/state-test' });
  assert.equal(c.auditPath, '/var/state-test/mcp-warden/audit.db');
  const d = parseConfig({}, '/etc/warden-test/mcp-warden.json', {});
  assert.equal(d.auditPath, path.join(os.homedir(), '.local', 'state', 'mcp-warden', 'audit.db'));
});

test('a config error from a file names the file in its message', (t) => {
  const file = write(path.join(tempDir('warden-config-', t), 'mcp-warden.json'), { filesystem: { roots: [{ path: '/srv', access: 'rw' }] } });
  assert.throws(() => loadConfig({ flag: file, env: {} }), {
    message: `Invalid config in ${file}:\n  filesystem.roots[0].access: "rw" is not one of read, read-write`,
  });
});
