// Environment variables that are argument or config channels never reach a child, even
// when the config lists them; git gets its safe settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigSchema } from '../../src/config/schema/index.js';
import { buildEnv, isForbiddenEnv } from '../../src/guards/command-env.js';

const commands = (c: object) => ConfigSchema.parse({ commands: c }).commands;
const TRUSTED = ['/usr/bin', '/bin'];
const SERVER_ENV = {
  HOME: '/home/me', LANG: 'C.UTF-8', LC_ALL: 'C', TERM: 'xterm', PATH: '.:/evil/bin',
  GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.fsmonitor', GIT_CONFIG_VALUE_0: 'touch /tmp/x',
  TAR_OPTIONS: '--to-command=sh', NODE_OPTIONS: '--require /tmp/evil.js', LD_PRELOAD: '/tmp/evil.so',
  npm_config_node_options: '--require x', RIPGREP_CONFIG_PATH: '/tmp/rc', PYTHONPATH: '/tmp', AWS_SECRET_ACCESS_KEY: 'k',
};

test('only the default inherit names pass, PATH is the trusted PATH', () => {
  const env = buildEnv(commands({}), TRUSTED, { git: false, from: SERVER_ENV });
  assert.deepEqual(Object.keys(env).sort(), ['HOME', 'LANG', 'LC_ALL', 'PATH', 'TERM']);
  assert.equal(env.PATH, '/usr/bin:/bin');
});

test('channels listed in inherit or set are still dropped', () => {
  const c = commands({
    env: { inherit: ['GIT_CONFIG_COUNT', 'GIT_*', 'TAR_OPTIONS', 'NODE_OPTIONS', 'LD_PRELOAD', 'npm_config_*', 'RIPGREP_CONFIG_PATH', 'PATH'], set: { NODE_OPTIONS: '-r x', FOO: 'bar' } },
  });
  const env = buildEnv(c, TRUSTED, { git: false, from: SERVER_ENV });
  assert.deepEqual(env, { FOO: 'bar', PATH: '/usr/bin:/bin' });
});

test('git gets GIT_CONFIG_NOSYSTEM, GIT_TERMINAL_PROMPT=0 and GIT_PAGER=cat, and nothing else of GIT_*', () => {
  const env = buildEnv(commands({}), TRUSTED, { git: true, from: SERVER_ENV });
  assert.equal(env.GIT_CONFIG_NOSYSTEM, '1');
  assert.equal(env.GIT_TERMINAL_PROMPT, '0');
  assert.equal(env.GIT_PAGER, 'cat');
  assert.equal(env.GIT_CONFIG_COUNT, undefined);
});

test('channel names are recognised whatever their case', () => {
  for (const name of ['npm_config_foo', 'NPM_CONFIG_FOO', 'LD_LIBRARY_PATH', 'DYLD_INSERT_LIBRARIES', 'BASH_ENV', 'PYTHONSTARTUP', 'PERL5OPT', 'MAKEFLAGS', 'KUBECONFIG']) {
    assert.equal(isForbiddenEnv(name), true, name);
  }
  assert.equal(isForbiddenEnv('GIT_AUTHOR_NAME'), false);
  assert.equal(isForbiddenEnv('LANG'), false);
});
