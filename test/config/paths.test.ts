import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { defaultAuditPath, resolveConfigPath, userConfigFile } from '../../src/config/paths.js';

// macOS keeps both in Application Support; elsewhere (POSIX) the XDG folders apply.
const mac = process.platform === 'darwin';
const support = path.join(os.homedir(), 'Library', 'Application Support', 'mcp-warden');

test('resolveConfigPath: ~ and ~/ expand, relative joins the base, absolute stays', () => {
  assert.equal(resolveConfigPath('~', '/base'), os.homedir());
  assert.equal(resolveConfigPath('~/a/b', '/base'), path.join(os.homedir(), 'a', 'b'));
  assert.equal(resolveConfigPath('a/../b', '/base'), '/base/b');
  assert.equal(resolveConfigPath('/abs/x', '/base'), '/abs/x');
  assert.equal(resolveConfigPath('~other', '/base'), '/base/~other');
});

test('the user config file follows XDG_CONFIG_HOME, else ~/.config (an empty value counts as unset)', () => {
  const fallback = mac ? path.join(support, 'config.json') : path.join(os.homedir(), '.config', 'mcp-warden', 'config.json');
  assert.equal(userConfigFile({ XDG_CONFIG_HOME: '/xdg' }), mac ? fallback : '/xdg/mcp-warden/config.json');
  assert.equal(userConfigFile({}), fallback);
  assert.equal(userConfigFile({ XDG_CONFIG_HOME: '' }), fallback);
});

test('the default audit file follows XDG_STATE_HOME, else ~/.local/state', () => {
  const fallback = mac ? path.join(support, 'audit.db') : path.join(os.homedir(), '.local', 'state', 'mcp-warden', 'audit.db');
  assert.equal(defaultAuditPath({ XDG_STATE_HOME: '/state' }), mac ? fallback : '/state/mcp-warden/audit.db');
  assert.equal(defaultAuditPath({}), fallback);
});
