// The bubblewrap command line has the shape of DESIGN §3; order matters for mounts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bwrapArgs } from '../../src/sandbox/bwrap.js';

const view = {
  roots: [{ path: '/w/repo/docs', access: 'read' as const }, { path: '/w/repo', access: 'read-write' as const }],
  hide: [{ path: '/w/repo/.env', dir: false }, { path: '/w/repo/.ssh', dir: true }],
  readOnly: ['/w/repo/.git/hooks'],
  network: false,
  cwd: '/w/repo',
  env: { PATH: '/usr/bin', HOME: '/home/me' },
};

const after = (a: string[], flag: string, value: string) => a.findIndex((x, i) => x === flag && a[i + 1] === value);

test('new namespaces without network, no capabilities, new session, dies with the server', () => {
  const a = bwrapArgs(view);
  for (const f of ['--unshare-all', '--die-with-parent', '--new-session']) assert.ok(a.includes(f), f);
  assert.ok(after(a, '--cap-drop', 'ALL') >= 0);
  assert.ok(!a.includes('--share-net'));
  assert.ok(bwrapArgs({ ...view, network: true }).includes('--share-net'));
});

test('system folders read-only, a private /tmp, no home folders', () => {
  const a = bwrapArgs(view);
  assert.ok(after(a, '--ro-bind', '/usr') >= 0);
  assert.ok(after(a, '--tmpfs', '/tmp') >= 0);
  assert.ok(!a.some((x) => x === '/home' || x === '/root'));
});

test('roots outer before inner (a read root inside a read-write one stays read-only), masks after roots', () => {
  const a = bwrapArgs(view);
  const outer = after(a, '--bind', '/w/repo');
  const inner = after(a, '--ro-bind', '/w/repo/docs');
  assert.ok(outer >= 0 && inner > outer);
  const env = a.indexOf('/w/repo/.env');
  assert.ok(env > inner && a[env - 1] === '/dev/null' && a[env - 2] === '--ro-bind');
  assert.ok(after(a, '--tmpfs', '/w/repo/.ssh') > inner);
  assert.ok(after(a, '--ro-bind', '/w/repo/.git/hooks') > inner);
});

test('masks come after the read-only mounts: a hard link inside .git/hooks stays hidden under the folder\'s mount', () => {
  const a = bwrapArgs({ ...view, hide: [...view.hide, { path: '/w/repo/.git/hooks/leak', dir: false }] });
  const folder = after(a, '--ro-bind', '/w/repo/.git/hooks');
  const mask = a.indexOf('/w/repo/.git/hooks/leak');
  assert.ok(folder >= 0 && mask > folder && a[mask - 1] === '/dev/null', 'a mount of the folder after the mask would uncover the file');
});

test('the environment is cleared, then only the scrubbed one is set; cwd is set', () => {
  const a = bwrapArgs(view);
  const clear = a.indexOf('--clearenv');
  assert.ok(clear >= 0 && after(a, '--setenv', 'PATH') > clear);
  assert.ok(after(a, '--chdir', '/w/repo') >= 0);
});
