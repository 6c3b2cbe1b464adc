// The macOS profile builder, checked for shape only (sandbox-exec does not exist here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxExecProfile } from '../../src/sandbox/macos.js';

test('deny by default, roots by access, masks after roots, network only when asked', () => {
  const p = sandboxExecProfile({
    roots: [{ path: '/w/ro', access: 'read' }, { path: '/w/rw', access: 'read-write' }],
    hide: [{ path: '/w/rw/.env', dir: false }], readOnly: ['/w/rw/.git/hooks'], network: false, cwd: '/w/rw', env: {},
  });
  assert.match(p, /^\(version 1\)\n\(deny default\)/);
  assert.ok(!p.includes('(allow file-write* (subpath "/w/ro"))'));
  assert.ok(p.includes('(allow file-write* (subpath "/w/rw"))'));
  assert.ok(p.indexOf('(deny file-read* file-write* (literal "/w/rw/.env"))') > p.indexOf('(subpath "/w/rw"))'));
  assert.ok(!p.includes('network'));
});

// The macOS launch path, run on Linux with a stand-in for sandbox-exec: the probe, the
// argv and profile a launch builds, and that the limits prefix really sets the limits.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigSchema } from '../../src/config/schema/index.js';
import { createPathGuard } from '../../src/guards/path.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { probeSandbox } from '../../src/sandbox/probe.js';
import { probeForDoctor } from '../../src/doctor/sandbox-probe.js';
import { checkSandbox } from '../../src/cli/doctor.js';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'warden-seatbelt-')));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
/** A stand-in that checks its `-p PROFILE` and runs the rest, or fails like a forbidding Mac. */
function fakeSandboxExec(name: string, fail = false): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, fail
    ? '#!/bin/sh\necho "sandbox-exec: sandbox_apply: Operation not permitted" >&2\nexit 71\n'
    : '#!/bin/sh\n[ "$1" = -p ] || exit 9\ncase "$2" in "(version 1)"*) ;; *) exit 8 ;; esac\nshift 2\nexec "$@"\n', { mode: 0o755 });
  return file;
}
const trusted = ['/usr/bin', '/bin'];

test('probe on macOS: a working sandbox-exec is used; a missing or forbidden one says why', async () => {
  const works = await probeSandbox(trusted, 'darwin', fakeSandboxExec('works'));
  assert.deepEqual({ available: works.available, kind: works.kind }, { available: true, kind: 'sandbox-exec' });
  const forbidden = await probeSandbox(trusted, 'darwin', fakeSandboxExec('forbidden', true));
  assert.equal(forbidden.available, false);
  assert.match(forbidden.reason!, /^sandbox-exec at .*forbidden cannot start a sandbox here \(sandbox-exec: sandbox_apply: Operation not permitted\)\. sandbox-exec ships with macOS/);
  const missing = await probeSandbox(trusted, 'darwin', path.join(dir, 'nowhere'));
  assert.match(missing.reason!, /^sandbox-exec was not found at .*nowhere\./);
});

test('doctor on macOS names sandbox-exec, not bubblewrap', async () => {
  const config = { ...ConfigSchema.parse({ commands: { allow: { ls: {} } } }), auditPath: '/x/a.db' } as never;
  const bad = await probeForDoctor([], trusted, 'darwin', path.join(dir, 'nowhere'));
  const check = checkSandbox(config, bad, 'darwin');
  assert.equal(check.status, 'fail');
  assert.match(check.message, /^macOS's sandbox cannot start \(sandbox-exec was not found at .*nowhere\); with commands\.sandbox "required" run_command refuses every command\.$/);
  assert.ok(!/bubblewrap|apt/.test(`${check.message} ${check.fix}`));
  const good = await probeForDoctor([], trusted, 'darwin', fakeSandboxExec('works2'));
  assert.equal(checkSandbox(config, good, 'darwin').status, 'ok');
});

test('a sandboxed launch on macOS: sandbox-exec with the view as a profile, limits set inside, a private TMPDIR', async () => {
  const root = path.join(dir, 'root');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, '.env'), 'SECRET=1');
  const config = { ...ConfigSchema.parse({
    filesystem: { roots: [{ path: root, access: 'read-write' }] },
    commands: { rlimits: { cpuSeconds: 7, openFiles: 77, fileSizeBytes: 1024 * 1024 } },
  }), auditPath: path.join(dir, 'audit.db') };
  const fake = fakeSandboxExec('launch');
  const sandbox = createSandbox(config as never, createPathGuard(config as never), trusted, () => {}, {
    prewarm: false, probe: async () => ({ available: true, kind: 'sandbox-exec', sandboxExec: fake }),
  });
  const launch = await sandbox.launch({ file: '/bin/sh', args: ['-c', 'ulimit -n; ulimit -t; ulimit -f; echo "$TMPDIR"'], cwd: root, env: { LANG: 'C' }, timeoutMs: 1000 }, true);
  assert.equal(launch.file, fake);
  assert.equal(launch.sandboxed, true);
  assert.equal(launch.args[0], '-p');
  const profile = launch.args[1];
  assert.ok(profile.includes(`(allow file-write* (subpath ${JSON.stringify(root)}))`));
  assert.ok(profile.includes(`(deny file-read* file-write* (literal ${JSON.stringify(path.join(root, '.env'))}))`));
  assert.ok(profile.includes(`(allow file-read* file-write* (subpath ${JSON.stringify(launch.env.TMPDIR)}))`));
  assert.ok(fs.statSync(launch.env.TMPDIR).isDirectory());
  assert.equal(launch.env.LANG, 'C');
  // The argv runs (the stand-in drops the profile): the limits hold inside.
  const run = spawnSync(launch.file, launch.args, { env: launch.env, cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.stdout.trim().split('\n'), ['77', '7', String(1024 * 1024 / 512), launch.env.TMPDIR]);
});
