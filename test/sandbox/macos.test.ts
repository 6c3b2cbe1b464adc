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
