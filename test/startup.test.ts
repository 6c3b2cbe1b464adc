// The start-up step: config parses the shape, the domains check the rest, and the
// allowlisted programs are resolved once for the whole process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../src/startup.js';
import { parseConfigShape } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { resolvePrograms, type Resolution } from '../src/guards/command-programs.js';
import { createCommandGuard } from '../src/guards/command.js';
import { createPathGuard } from '../src/guards/path.js';
import { problems } from './helpers/config.js';

const FILE = '/etc/warden-test/mcp-warden.json';

function countingResolver() {
  const seen: Resolution[] = [];
  const resolve = (config: Config) => {
    const resolution = resolvePrograms(config);
    seen.push(resolution);
    return resolution;
  };
  return { resolve, seen };
}

test('allowlisted programs are resolved once: the start-up check and every command guard share the resolution', () => {
  const { resolve, seen } = countingResolver();
  const config = parseConfig({ commands: { allow: { ls: {} } } }, FILE, {}, { resolvePrograms: resolve });
  assert.equal(seen.length, 1, 'the start-up check resolves the programs');
  // Two sessions (HTTP mode builds one guard per session): neither resolves again.
  const first = createCommandGuard(config, createPathGuard(config));
  const second = createCommandGuard(config, createPathGuard(config));
  assert.equal(seen.length, 1, 'a command guard resolved the programs again');
  assert.equal(first.resolution, seen[0]);
  assert.equal(second.resolution, seen[0]);
  assert.ok(first.resolution.programs.has('ls'), 'ls resolves from the trusted PATH');
});

test('the start-up check refuses an interpreter by the programs it resolved', () => {
  const { resolve, seen } = countingResolver();
  assert.deepEqual(problems(() => parseConfig({ commands: { allow: { sh: {} } } }, FILE, {}, { resolvePrograms: resolve })).map((l) => l.split(':')[0]),
    ['commands.allow.sh.dangerous']);
  assert.equal(seen.length, 1);
});

test('the config layer alone checks the shape only; the domain checks are start-up\'s', () => {
  const raw = { http: { ipAllow: ['lan'] }, users: { me: { roles: ['nobody'] } } };
  const shape = parseConfigShape(raw, FILE, {});
  assert.ok(shape.ok, 'a CIDR and a role are not the schema\'s to judge');
  assert.ok(Object.isFrozen(shape.config.http.ipAllow));
  // Entry problems come with the shape's; checks across keys wait for a config of the right shape.
  assert.deepEqual(problems(() => parseConfig(raw, FILE, {})), ['http.ipAllow[0]: expected an IPv4 or IPv6 address, got "lan"']);
  assert.deepEqual(problems(() => parseConfig({ ...raw, http: {} }, FILE, {})), ['users.me.roles[0]: unknown role "nobody"; known roles: admin, developer, analyst, readonly']);
});

test('a bad entry is listed with the other problems of its section, in the schema\'s section order', () => {
  assert.deepEqual(problems(() => parseConfig({
    http: { ipAllow: ['lan'] },
    roles: { r: ['file:rwx'] },
    users: { me: { roles: 5 } },
    principal: 7,
  }, FILE, {})), [
    'principal: expected string, got 7',
    'users.me.roles: expected array, got 5',
    'roles.r[0]: expected a permission "resource:action" (resource file|database|command|*, action read|write|execute|*) or "*", got "file:rwx"',
    'http.ipAllow[0]: expected an IPv4 or IPv6 address, got "lan"',
  ]);
});
